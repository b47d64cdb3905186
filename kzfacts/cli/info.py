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
    from kzfacts.printable import safe_lines

    pkg = open_package(args.package)
    lines = [f"kzfacts {installed_version()}; data package version {pkg.spec.meta.version_label}"]
    lines += [f"  {name:<18} {len(pkg.table(name)):>6} rows" for name in pkg.resource_names]
    lines.append(f"fingerprint: {pkg.fingerprint()}")
    echo(safe_lines("\n".join(lines)))


def options(parser: argparse.ArgumentParser) -> None:
    package_option(parser)
