"""``kzfacts diff``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    Exit,
    choice,
    chosen,
    echo,
    one_of,
)
from kzfacts.errors import InvalidArgumentError, KzfactsError

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """Show what changed between two copies of the data: records by id, schema, metadata, and the
    recommended values, disputes and citations analyses depend on.

    Exit 0 when identical, 1 when they differ, 2 on bad arguments or a package that does not load.

    Examples:
      kzfacts diff bundled datapackage
      kzfacts diff old-release/datapackage datapackage --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from pathlib import Path

    from kzfacts.diff.render import FORMATS
    from kzfacts.package import Package

    fmt = choice(args.format, FORMATS)
    sides = []
    for given in (args.old, args.new):
        if given == "bundled":
            sides.append(Package())
            continue
        descriptor, _ = chosen(Path(given))
        sides.append(Package(descriptor))
    try:
        found = sides[0].diff(sides[1])
    except KzfactsError as exc:
        raise InvalidArgumentError(f"{exc} (check it with: kzfacts validate)") from None
    echo(FORMATS[fmt](found), nl=False)
    if not found.identical:
        raise Exit(1)


def options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.diff.render import FORMATS

    add = parser.add_argument
    add("old", metavar="OLD", help="The package before: datapackage.json, its folder, or 'bundled'.")
    add("new", metavar="NEW", help="The package after: datapackage.json, its folder, or 'bundled'.")
    add(
        "--format",
        default="text",
        help=f"text for people, markdown for a PR comment, json ({one_of(FORMATS)}).",
    )
