"""``kzfacts export``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    choice,
    echo,
    one_of,
    open_package,
    package_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """Export every table with its types, keys, version, fingerprint and citation.

    Examples:
      kzfacts export --format sqlite out/   (then: datasette out/kzfacts.db -m out/metadata.json)
      kzfacts export --format parquet out/  (then: duckdb -c "select * from 'out/corridor_tonnage.parquet'")
      kzfacts export --format xlsx out/ --force
    """
    from kzfacts.exports import FORMATS

    fmt = choice(args.format, FORMATS)
    pkg = open_package(args.package, err=True)
    for path in pkg.export(args.outdir, fmt, force=args.force):
        echo(str(path))


def options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from kzfacts.exports import FORMATS

    add = parser.add_argument
    add("outdir", type=Path, metavar="OUTDIR", help="Folder to create; it must not exist unless --force.")
    add("--format", default="sqlite", help=f"Export format. ({one_of(FORMATS)})")
    add("--force", action="store_true", help="Replace an earlier kzfacts export in OUTDIR.")
    package_option(parser)
