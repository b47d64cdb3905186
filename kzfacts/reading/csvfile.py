"""The one way kzfacts reads a resource's CSV file.

:func:`strict_rows` refuses any defect (a BOM, another header, a ragged row, bad UTF-8) with an
error naming the file and row; records, frames, ``kzfacts show`` and the exports all read through
it, so none accepts a file another refuses. Validation reads tolerantly, to report every problem,
but with the same dialect, field-size limit and header check (:func:`header_problem`).
"""

from __future__ import annotations

import contextlib
import csv
import sys
from collections.abc import Iterator

from kzfacts.contract.spec import PackageSpec, ResourceSpec
from kzfacts.errors import DataFileError

FIELD_LIMIT = 1_000_000
"""Longest cell, in characters, that any kzfacts reader accepts (validation reports longer ones)."""


BOM = "\ufeff"


@contextlib.contextmanager
def field_limit() -> Iterator[None]:
    """Apply :data:`FIELD_LIMIT` to the csv module, restoring the caller's process-wide setting after."""
    previous = csv.field_size_limit(min(sys.maxsize, FIELD_LIMIT))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def header_problem(header: list[str] | None, spec: ResourceSpec) -> str | None:
    """Why a header row is not the schema's field names in order, or None when it is."""
    if header is None:
        return "the file is empty; it needs a header row"
    if header and header[0].startswith(BOM):
        return "the file starts with a byte-order mark; save it as UTF-8 without BOM"
    if tuple(header) != spec.field_names:
        labels = set(header)
        missing = [f for f in spec.field_names if f not in labels]
        extra = [h for h in header if h not in spec.field_names]
        count = (
            f"{len(header)} columns for the schema's {len(spec.fields)}; "
            if len(header) != len(spec.fields)
            else ""
        )
        return (
            f"header does not match the schema ({count}missing: {_few(missing)}, "
            f"unexpected: {_few(extra)}); expected columns in this order: " + ",".join(spec.field_names)
        )
    return None


def _few(items: list[str], shown: int = 5) -> str:
    """A bounded list for a message: a header of 20,000 columns must not make a 20,000-name line."""
    if not items:
        return "none"
    head = ", ".join(repr(item[:40]) for item in items[:shown])
    return head + (f" and {len(items) - shown} more" if len(items) > shown else "")


def strict_rows(package: PackageSpec, name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cells)`` for each data row (header = row 1); raise DataFileError on any defect."""
    spec = package.resource(name)
    shown = spec.path
    width = len(spec.fields)
    number = 1
    try:
        with field_limit(), package.file(name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            problem = header_problem(next(reader, None), spec)
            if problem:
                raise DataFileError(shown, problem, row=1)
            for number, row in enumerate(reader, start=2):
                if len(row) != width:
                    raise DataFileError(
                        shown, f"row has {len(row)} cells but the schema has {width} fields", row=number
                    )
                yield number, row
    except FileNotFoundError:
        raise DataFileError(shown, "file not found; the descriptor lists it but it is missing") from None
    except IsADirectoryError:
        raise DataFileError(shown, "is a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(shown, f"not valid UTF-8 at byte {exc.start}; re-save it as UTF-8") from None
    except csv.Error as exc:
        raise DataFileError(shown, csv_problem(exc), row=number + 1) from None


def csv_problem(exc: csv.Error) -> str:
    """What a csv.Error means for the person fixing the file (the cell limit is the usual one)."""
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {FIELD_LIMIT} characters, the limit every kzfacts reader shares"
    return f"malformed CSV ({exc})"
