"""``kzfacts diff``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import USAGE_ERRORS, Exit, choice, chosen, echo, one_of
from kzfacts.errors import DataFileError, DescriptorError, InvalidArgumentError, KzfactsError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from kzfacts.diff import PackageDiff


def run(args: argparse.Namespace) -> None:
    """Show what changed between two copies of the data: records by id, schema, metadata, and the
    recommended values, disputes and citations analyses depend on.

    Exit 0 when identical, 1 when they differ, 2 on bad arguments or a package that does not load.

    Examples:
      kzfacts diff bundled datapackage
      kzfacts diff old-release/datapackage datapackage --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from kzfacts.diff.render import FORMATS

    fmt = choice(args.format, FORMATS)
    try:
        found = _compare(args.old, args.new)
    except USAGE_ERRORS as exc:
        if fmt != "json":
            raise
        # A program reading --format json gets JSON on every path, errors included (as validate).
        import json

        document = {"old": args.old, "new": args.new, "identical": None, "error": str(exc), "exit_code": 2}
        echo(json.dumps(document, ensure_ascii=False, indent=2))
        raise Exit(2) from None
    echo(FORMATS[fmt](found), nl=False)
    if not found.identical:
        raise Exit(1)


def _compare(old: str, new: str) -> PackageDiff:
    """The diff of two packages, each given as a path or 'bundled'; a package that is missing or does
    not load is a usage error that says how to check it."""
    from pathlib import Path

    from kzfacts.package import Package

    sides = []
    for given in (old, new):
        if given == "bundled":
            sides.append(Package())
            continue
        descriptor, _ = chosen(Path(given))
        sides.append(Package(descriptor))
    try:
        return sides[0].diff(sides[1])
    except (DataFileError, DescriptorError) as exc:  # the store's errors end with how to validate
        raise InvalidArgumentError(str(exc)) from None
    except KzfactsError as exc:
        raise InvalidArgumentError(f"{exc} (check it with: kzfacts validate)") from None


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
