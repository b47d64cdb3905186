"""What the package's sources say together: tonnage quantities with a recommended value, and disputes."""
