"""``kzfacts build``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    Exit,
    announce,
    chosen,
    echo,
    package_option,
)
from kzfacts.errors import InvalidArgumentError

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """Recompute each resource's bytes and sha256 hash in datapackage.json after editing data.

    Examples: kzfacts build datapackage ; kzfacts build --check datapackage
    """
    from kzfacts.contract.locate import shown_folder
    from kzfacts.reading import build as builder

    if args.path is not None and args.package is not None:
        raise InvalidArgumentError("give the package as an argument or with --package, not both")
    target, why = chosen(args.path if args.path is not None else args.package)
    announce(target, why)
    shown = shown_folder(target)
    if args.check:
        stale = builder.stale_resources(target)
        if stale:
            echo(f"stale bytes/hash in {shown}: {', '.join(stale)}; run: kzfacts build {shown}")
            raise Exit(1)
        echo(f"up to date: {shown}")
        return
    changed = builder.write(target)
    echo(f"{'updated' if changed else 'unchanged'}: {shown}")


def options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    add = parser.add_argument
    add(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="datapackage.json or its folder; default: see --package.",
    )
    add("--check", action="store_true", help="Only report stale bytes/hash; exit 1 when any are.")
    package_option(parser)
