"""``python -m kzfacts`` runs the command-line interface."""

from kzfacts.cli import main

main()
