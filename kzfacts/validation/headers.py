"""Check each file's header row against the contract before frictionless reads a single row.

frictionless copies the whole header for every label error, so a file with 20,000 extra columns
costs it minutes and gigabytes. The header is one bounded line: read it here, compare it with the
schema's field names, and stop validation when any differs (the rows of a file whose columns are
not kzfacts' cannot be judged anyway).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kzfacts.contract.spec import PackageSpec
from kzfacts.reading.csvfile import BOM, header_problem
from kzfacts.validation.problems import Problem, ProblemKind

MAX_HEADER_BYTES = 65_536
"""Longest header line read; kzfacts' widest header is under 300 bytes."""

HEADER_CONTRACT = ProblemKind(
    "header-contract",
    f"Each file's header row lists exactly the schema's field names, in order, within "
    f"{MAX_HEADER_BYTES} bytes. Checked before frictionless runs, which then does not run: a file "
    "with thousands of extra columns is refused in milliseconds.",
    "make the header row list exactly the schema's field names, in order",
)


def header_problems(package: PackageSpec) -> Iterator[Problem]:
    """One problem for each file whose first line is not the schema's header."""
    for spec in package.resources:
        message = _first_line_problem(package, spec.name)
        if message is not None:
            yield Problem(
                spec.name, spec.path, 1, None, HEADER_CONTRACT, "error", message, HEADER_CONTRACT.fix
            )


def _first_line_problem(package: PackageSpec, name: str) -> str | None:
    try:
        with package.file(name).open("rb") as handle:
            start = handle.read(MAX_HEADER_BYTES + 1)
    except OSError:
        return None  # frictionless and the rule pass report a file they cannot open
    if not start:
        return None  # an empty file: frictionless reports it (source-error)
    end = min((i for i in (start.find(b"\n"), start.find(b"\r")) if i >= 0), default=-1)
    if end < 0 and len(start) > MAX_HEADER_BYTES:
        return f"the first line is longer than {MAX_HEADER_BYTES} bytes, so it cannot be kzfacts' header"
    try:
        line = start[: end if end >= 0 else len(start)].decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the header row is not UTF-8 ({exc.reason} at byte {exc.start + 1})"
    try:
        labels = next(csv.reader([line.removeprefix(BOM)]), [])
    except csv.Error as exc:
        return f"the header row is not CSV ({exc})"
    return header_problem(labels, package.resource(name))
