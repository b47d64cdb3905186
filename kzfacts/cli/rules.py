"""``kzfacts rules``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    echo,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """List kzfacts' validation rules (name, severity, what each checks) as a Markdown table.

    Example: kzfacts rules
    """
    from kzfacts.validation.report import rules_table

    echo(rules_table())


def options(parser: argparse.ArgumentParser) -> None:
    """``rules`` takes no options."""
