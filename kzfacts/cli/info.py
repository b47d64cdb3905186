"""``kzfacts info``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    echo,
    open_package,
    package_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """Show the package read, its version, tables, row counts and data fingerprint.

    Example: kzfacts info
    """
    from kzfacts.contract.locate import installed_version

    pkg = open_package(args.package)
    echo(f"kzfacts {installed_version()} (data package version {pkg.version})")
    for name in pkg.resource_names:
        echo(f"  {name:<18} {len(pkg.table(name)):>6} rows")
    echo(f"fingerprint: {pkg.fingerprint()}")


def options(parser: argparse.ArgumentParser) -> None:
    package_option(parser)
