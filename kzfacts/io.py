"""The one way kzfacts reads a resource's CSV file, and the typed forms built from it.

:func:`strict_rows` refuses any defect (a BOM, another header, a ragged row, bad UTF-8) with an
error naming the file and row; records, frames, ``kzfacts show`` and the exports all read through
it, so none accepts a file another refuses. Validation reads tolerantly, to report every problem,
but with the same dialect, field-size limit and header check (:func:`header_problem`).

Cells become Python values by the field's kind in :data:`kzfacts.contract.types.TYPES` (:func:`cell_value`);
records hand them to pydantic, frames to pandas.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import math
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kzfacts.contract.spec import FieldSpec, PackageSpec, ResourceSpec
from kzfacts.errors import DataFileError

if TYPE_CHECKING:
    import pandas as pd

    from kzfacts.models import Record

FIELD_LIMIT = 1_000_000
"""Longest cell, in characters, that any kzfacts reader accepts (validation reports longer ones)."""

BOM = "\ufeff"
INT64 = (-(2**63), 2**63 - 1)
"""The integers every reader can hold (pandas Int64, Arrow int64, SQLite INTEGER)."""

Cell = str | int | float | bool | dt.date | list[str] | None
"""One cell as a plain Python value: what records, exports and ``show --format json`` start from."""


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


def cell_value(field: FieldSpec, text: str, missing: tuple[str, ...] = ("",)) -> Cell:
    """One CSV cell as the Python value its field's kind holds; ValueError when it does not parse.

    Dates become ``datetime.date``; a partial date stays its ISO text (records make it a
    PartialDate); a list becomes a list of strings; a missing value becomes None.
    """
    if text in missing:
        return None
    kind = field.kind
    if kind == "integer":
        if not text.lstrip("+-").isdigit() or not text.isascii():
            raise ValueError(f"{text!r} is not an integer")
        number = int(text)
        if not INT64[0] <= number <= INT64[1]:
            raise ValueError(f"{text!r} is outside the 64-bit integer range that frames and exports hold")
        return number
    if kind == "number":
        try:
            value = float(text) if "_" not in text and text.isascii() else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a finite number")
        return value
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return text == "true"
    if kind == "date":
        try:
            if len(text) != 10 or text[4::3] != "--" or not text.isascii():
                raise ValueError("not in that form")
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a YYYY-MM-DD calendar date ({exc})") from None
    if kind == "list":
        return text.split(field.delimiter)
    if kind == "partial-date":
        from kzfacts.dates import PartialDate

        try:
            PartialDate.parse(text)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    if kind == "enum" and field.enum is not None and text not in field.enum:
        raise ValueError(f"{text!r} is not one of {list(field.enum)}")
    return text


def typed_rows(package: PackageSpec, name: str) -> Iterator[tuple[int, list[Cell]]]:
    """Rows as typed cells (see :func:`cell_value`); a cell that does not parse is a DataFileError."""
    spec = package.resource(name)
    fields = spec.fields
    missing = spec.missing_values
    for number, row in strict_rows(package, name):
        values: list[Cell] = []
        for field, text in zip(fields, row, strict=True):
            try:
                values.append(cell_value(field, text, missing))
            except ValueError as exc:
                raise DataFileError(spec.path, str(exc), row=number, field=field.name) from None
        yield number, values


def read_records(package: PackageSpec, name: str, owner: object = None) -> tuple[Record, ...]:
    """Every row of resource ``name`` as its model, remembering ``owner`` (the kzfacts.Package)."""
    from pydantic import ValidationError

    from kzfacts.models import MODELS

    spec = package.resource(name)
    model = MODELS[name]
    names = spec.field_names
    records = []
    for number, row in typed_rows(package, name):
        try:
            record = model.model_validate(
                {k: tuple(v) if isinstance(v, list) else v for k, v in zip(names, row, strict=True)}
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else None
            raise DataFileError(
                spec.path, f"{first['msg']} (got {first.get('input')!r})", row=number, field=field
            ) from None
        record._package = owner
        records.append(record)
    return tuple(records)


# --- frames --------------------------------------------------------------------------------


def pandas_dtype(field: FieldSpec) -> Any:
    """The pandas dtype of a schema field, from :data:`kzfacts.contract.types.TYPES`."""
    import pandas as pd

    if field.enum is not None:
        return pd.CategoricalDtype(list(field.enum), ordered=field.categories_ordered)
    return field.types.pandas


def _column(field: FieldSpec, values: list[Cell]) -> Any:
    import numpy as np
    import pandas as pd

    kind = field.kind
    if kind == "list":
        cells = (tuple(v) if isinstance(v, list) else None for v in values)
        return np.fromiter(cells, dtype=object, count=len(values))
    if kind == "partial-date":
        from kzfacts.dates import PartialDate

        values = [None if v is None else PartialDate.parse(str(v)).lower for v in values]
    if kind in ("date", "partial-date"):
        return pd.to_datetime(pd.Series(values, dtype=object)).astype(pandas_dtype(field))
    return pd.Series(values, dtype=object).astype(pandas_dtype(field))


def frame(package: PackageSpec, name: str) -> pd.DataFrame:
    """Resource ``name`` as a DataFrame typed by its schema (see :data:`kzfacts.contract.types.TYPES`).

    Enums become Categoricals in enum order, dates and partial dates datetime64 (a partial date's
    lower bound, beside its ``*_precision`` column), lists tuples, integers Int64. ``df.attrs``
    holds the package's name, version, resource and descriptor path, so a filtered copy still says
    where it came from.
    """
    import pandas as pd

    spec = package.resource(name)
    rows = [values for _, values in typed_rows(package, name)]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in spec.fields]
    df: pd.DataFrame = pd.DataFrame(
        {field.name: _column(field, list(column)) for field, column in zip(spec.fields, columns, strict=True)}
    )
    df.attrs = {
        "package": package.name,
        "version": package.version,
        "resource": name,
        "path": str(package.path),
    }
    return df
