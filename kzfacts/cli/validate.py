"""``kzfacts validate``."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from kzfacts.cli.common import (
    USAGE_ERRORS,
    Exit,
    announce,
    at_least,
    choice,
    chosen,
    echo,
    one_of,
    package_option,
)
from kzfacts.errors import InvalidArgumentError, PackageNotFoundError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def _targets(paths: list[Path], package: Path | None) -> list[tuple[Path, str]]:
    """The packages to validate: those holding the given files (pre-commit passes changed files),
    or the one ``--package`` names, or the default one.

    A file in no data package (a ``scratch.csv`` committed beside a fork) is none of validation's
    business: it is skipped, and a line on stderr says so. A folder in no package is an error,
    since a folder is given as a package.
    """
    from kzfacts.contract.locate import containing_descriptor
    from kzfacts.printable import printable

    if package is not None:
        return [chosen(package)]
    if not paths:
        return [chosen(None)]
    found: dict[Path, str] = {}
    skipped: list[Path] = []
    for path in paths:
        if not path.exists():
            raise PackageNotFoundError(f"{path} does not exist")
        descriptor = containing_descriptor(path)
        if descriptor is None and path.is_dir():
            raise PackageNotFoundError(
                f"{path} is in no data package (no datapackage.json in it or above it)"
            )
        if descriptor is None:
            skipped.append(path)
            continue
        found.setdefault(
            descriptor, "given" if path.resolve() in (descriptor, descriptor.parent) else f"holds {path}"
        )
    for path in skipped:
        echo(printable(f"skipped: {path} is in no data package (no datapackage.json above it)"), err=True)
    if skipped and not found:
        echo("nothing to validate: none of the files given is in a data package", err=True)
    return list(found.items())


def run(args: argparse.Namespace) -> None:
    """Check data packages against frictionless and every kzfacts rule.

    Given files (as pre-commit passes them), each package holding one is checked once. Exit 0
    when valid (warnings allowed), 1 when invalid (or warnings under --strict), 2 on bad arguments.

    Examples:
      kzfacts validate
      kzfacts validate my-fork/datapackage --strict
      kzfacts validate datapackage --format github
      kzfacts validate --sources ../shared/sources
    """
    import json

    from kzfacts.contract.locate import bundled_path
    from kzfacts.validation import ENGINES
    from kzfacts.validation import validate as run
    from kzfacts.validation.report import FORMATS

    fmt = choice(args.format, FORMATS)
    try:
        choice(args.engine, ENGINES, "--engine")
        if args.sources is not None and not args.sources.is_dir():
            raise InvalidArgumentError(f"--sources {args.sources} is not a folder")
        targets = _targets(args.paths or [], args.package)
    except USAGE_ERRORS as exc:
        if fmt != "json":
            raise
        # A program reading --format json gets JSON on every path, usage errors included.
        echo(json.dumps({"valid": False, "passes": False, "error": str(exc), "exit_code": 2}))
        raise Exit(2) from None
    failed = False
    documents = []
    with _terminated_cleanly():
        for descriptor, why in targets:
            report = run(
                None if descriptor == bundled_path() else descriptor,
                sources=args.sources,
                timeout=args.timeout,
                max_memory=args.max_memory,
                engine=args.engine,
                annotate=fmt == "github",
            )
            failed = failed or not report.passes(strict=args.strict)
            if fmt == "json":
                documents.append(json.loads(FORMATS["json"](report, strict=args.strict)))
            else:
                announce(descriptor, why)
                echo(FORMATS[fmt](report, strict=args.strict))
    if fmt == "json":
        echo(json.dumps(documents[0] if len(documents) == 1 else documents, ensure_ascii=False, indent=2))
    if failed:
        raise Exit(1)


def options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from kzfacts.validation import ENGINES
    from kzfacts.validation.limits import DEFAULT_MEGABYTES, DEFAULT_SECONDS
    from kzfacts.validation.report import FORMATS

    add = parser.add_argument
    add(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="datapackage.json, its folder, or files inside packages; default: see --package.",
    )
    package_option(parser)
    add(
        "--format",
        default="text",
        help=f"text for people, json for programs, github for Actions ({one_of(FORMATS)}).",
    )
    add("--strict", action="store_true", help="Fail on warnings too.")
    add(
        "--sources",
        type=Path,
        metavar="DIR",
        help="Folder of archived source texts: check evidence phrases in them.",
    )
    add(
        "--timeout",
        type=at_least(0.1),
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"Seconds the check may take; running out is reported (default {DEFAULT_SECONDS:g}).",
    )
    add(
        "--max-memory",
        type=at_least(1),
        default=DEFAULT_MEGABYTES,
        metavar="MB",
        help=f"MB of resident memory the check may use (default {DEFAULT_MEGABYTES}).",
    )
    add(
        "--engine",
        default="kzfacts",
        help="kzfacts: run frictionless only when kzfacts cannot vouch for the tables; "
        f"frictionless: always run it. Same report. ({one_of(ENGINES)})",
    )


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """Make SIGTERM end the command as Ctrl-C does, by an exception, so the validation's worker is
    stopped on the way out (SIGKILL leaves that to the kernel: the worker dies with its parent)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
