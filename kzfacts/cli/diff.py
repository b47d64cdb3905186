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
    With --check-version, exit 1 only when NEW's version is lower than its changes require (the
    least bump, and why, on stderr), else 0: a release check CI can run.

    Examples:
      kzfacts diff bundled datapackage
      kzfacts diff release:0.1.0 datapackage --check-version
      kzfacts diff old-release/datapackage datapackage --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from kzfacts.diff.render import FORMATS

    fmt = choice(args.format, FORMATS)
    try:
        found, versions = _compare(args.old, args.new)
    except USAGE_ERRORS as exc:
        if fmt != "json":
            raise
        # A program reading --format json gets JSON on every path, errors included (as validate).
        import json

        document = {"old": args.old, "new": args.new, "identical": None, "error": str(exc), "exit_code": 2}
        echo(json.dumps(document, ensure_ascii=False, indent=2))
        raise Exit(2) from None
    echo(FORMATS[fmt](found), nl=False)
    if args.check_version:
        _check_version(*versions, found.bump)
    elif not found.identical:
        raise Exit(1)


def _check_version(old: str, new: str, bump: str) -> None:
    """Exit 1 unless version ``new`` is at least what a ``bump`` change from ``old`` requires."""
    from kzfacts.diff.bump import covers, lowest

    try:
        enough = covers(old, new, bump)
    except ValueError as exc:
        raise InvalidArgumentError(str(exc)) from None
    if not enough:
        echo(
            f"error: version {new} is lower than the changes require: a {bump} change from {old} needs "
            f"{lowest(old, bump)} or later (see 'version bump required' above)",
            err=True,
        )
        raise Exit(1)
    echo(f"version {new} covers the changes from {old} (least bump: {bump})", err=True)


def _compare(old: str, new: str) -> tuple[PackageDiff, tuple[str, str]]:
    """The diff of two packages, each given as a path, 'bundled' or 'release:X.Y.Z' (a release kzfacts
    carries), and their versions; a package that is missing or does not load is a usage error that
    says how to check it."""
    from pathlib import Path

    from kzfacts.package import Package

    sides = []
    for given in (old, new):
        if given == "bundled":
            sides.append(Package())
        elif given.startswith(RELEASE):
            sides.append(Package.release(given.removeprefix(RELEASE)))
        else:
            sides.append(Package(chosen(Path(given))[0]))
    try:
        return sides[0].diff(sides[1]), (sides[0].version, sides[1].version)
    except (DataFileError, DescriptorError) as exc:  # the store's errors end with how to validate
        raise InvalidArgumentError(str(exc)) from None
    except KzfactsError as exc:
        raise InvalidArgumentError(f"{exc} (check it with: kzfacts validate)") from None


RELEASE = "release:"
"""How a command line names a release kzfacts carries: release:0.1.0."""


def options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.diff.render import FORMATS

    add = parser.add_argument
    where = "datapackage.json, its folder, 'bundled', or release:X.Y.Z"
    add("old", metavar="OLD", help=f"The package before: {where}.")
    add("new", metavar="NEW", help=f"The package after: {where}.")
    add(
        "--check-version",
        action="store_true",
        help="Exit 1 only when NEW's version is lower than its changes require (a release check).",
    )
    add(
        "--format",
        default="text",
        help=f"text for people, markdown for a PR comment, json ({one_of(FORMATS)}).",
    )
