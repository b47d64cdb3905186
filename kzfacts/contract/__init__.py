"""The contract: the descriptor read into typed objects (the only code that reads its raw JSON),
the type table, the path policy, and where packages live. The bottom of kzfacts: it imports
nothing of kzfacts but :mod:`kzfacts.errors`."""
