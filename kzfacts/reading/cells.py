"""Cells as Python values, by the field's kind in :data:`kzfacts.contract.types.TYPES`
(:func:`cell_value`); records hand them to pydantic, frames to pandas, exports to their writers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from kzfacts.contract.spec import FieldSpec, PackageSpec
from kzfacts.errors import DataFileError
from kzfacts.reading.csvfile import strict_rows

INT64 = (-(2**63), 2**63 - 1)
"""The integers every reader can hold (pandas Int64, Arrow int64, SQLite INTEGER)."""


Cell = str | int | float | bool | dt.date | list[str] | None
"""One cell as a plain Python value: what records, exports and ``show --format json`` start from."""


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
        if (
            len(text) != 10
            or text[4::3] != "--"
            or not (text[:4] + text[5:7] + text[8:]).isdigit()
            or not text.isascii()
        ):
            raise ValueError(f"{text!r} is not written YYYY-MM-DD (four, two and two ASCII digits)")
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a calendar date ({exc})") from None
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
