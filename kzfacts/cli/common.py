"""What every command shares: how it finds the package it reads and says which, how it prints, and
how it ends (exit status, usage errors)."""

from __future__ import annotations

import argparse
import sys

from kzfacts.errors import (
    InvalidArgumentError,
    PackageNotFoundError,
    RecordNotFoundError,
    UnknownResourceError,
)

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs a tenth of the help's time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from kzfacts.package import Package

USAGE_ERRORS = (InvalidArgumentError, UnknownResourceError, RecordNotFoundError, PackageNotFoundError)
"""Errors that mean the command was asked for something impossible: exit 2, like argparse's own."""


class Exit(Exception):
    """End a command with this exit status (after it has printed what it had to say)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))


def choice(value: str, registry: Iterable[str], option: str = "--format") -> str:
    """``value`` if it is a key of the format registry, else a usage error listing the keys."""
    names = list(registry)
    if value not in names:
        raise InvalidArgumentError(f"{option} {value!r} is not one of: {', '.join(names)}")
    return value


def one_of(registry: Iterable[str]) -> str:
    return "one of: " + ", ".join(registry)


def unencodable(exc: UnicodeEncodeError) -> str:
    """What could not be written, and how to fix it: usually a terminal or pipe that is not UTF-8."""
    import codecs
    import sys

    def codec(name: str) -> str:
        try:
            return codecs.lookup(name).name
        except LookupError:
            return name

    char = exc.object[exc.start : exc.start + 1]
    stdout = getattr(sys.stdout, "encoding", None) or "unknown"
    what = f"U+{ord(char):04X}" if char else "a character"
    if codec(exc.encoding) == codec(stdout):
        return (
            f"stdout's encoding ({stdout}) cannot write {what}, which the output holds; "
            "set PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1) and run again"
        )
    return f"cannot encode {what} as {exc.encoding} ({exc.reason})"


def chosen(path: Path | None) -> tuple[Path, str]:
    """The descriptor a command reads, and why: given, found in the working directory, or bundled."""
    from kzfacts.contract.locate import bundled_path, descriptor_of, local_descriptor

    if path is not None:
        if not path.exists():
            raise PackageNotFoundError(f"{path} does not exist")
        descriptor = descriptor_of(path)
        if not descriptor.is_file():
            raise PackageNotFoundError(f"{path} has no datapackage.json")
        return descriptor, "given"
    local = local_descriptor()
    if local is not None:
        return local, "found in the working directory"
    return bundled_path(), "bundled with kzfacts"


def announce(descriptor: Path, why: str, *, err: bool = False) -> None:
    from kzfacts.printable import printable

    echo(printable(f"package: {descriptor} ({why})"), err=err)


def open_package(path: Path | None, *, err: bool = False) -> Package:
    """The package a command reads, announced on its first line (on stderr for machine formats)."""
    from kzfacts.package import Package

    descriptor, why = chosen(path)
    announce(descriptor, why, err=err)
    return Package() if why == "bundled with kzfacts" else Package(descriptor)


def at_least(minimum: float) -> Callable[[str], float]:
    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value >= minimum:
            raise argparse.ArgumentTypeError(f"{text} is below the minimum of {minimum:g}")
        return value

    return number


def package_option(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument(
        "--package",
        type=Path,
        metavar="PATH",
        help="datapackage.json or its folder; default: ./datapackage.json, ./datapackage/, else the bundled.",
    )
