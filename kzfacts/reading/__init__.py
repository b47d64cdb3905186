"""Reading a package's data: the CSV reader every consumer shares, cells as typed values, records,
frames, hashes, and the derived fields of the descriptor. Above the contract, below the features."""
