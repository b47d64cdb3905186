"""The one table that maps each Table Schema type kzfacts reads to its Python, pandas, Arrow and
SQLite types. Frames, exports, records and tests all read it."""

from __future__ import annotations

from dataclasses import dataclass

PARTIAL_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""A string field with exactly this pattern holds a date written to a precision (YYYY, YYYY-MM or
YYYY-MM-DD): records read it as a :class:`kzfacts.dates.PartialDate`."""


@dataclass(frozen=True)
class TypeInfo:
    """How one kind of field is held in each library kzfacts hands data to."""

    python: str
    """The annotation the generated models use."""
    pandas: str
    arrow: tuple[str, ...]
    """pyarrow factory names, outermost first: ("list_", "string") is pa.list_(pa.string())."""
    sqlite: str


TYPES: dict[str, TypeInfo] = {
    "string": TypeInfo("str", "string", ("string",), "TEXT"),
    "integer": TypeInfo("int", "Int64", ("int64",), "INTEGER"),
    "number": TypeInfo("float", "float64", ("float64",), "REAL"),
    "boolean": TypeInfo("bool", "boolean", ("bool_",), "INTEGER"),
    "date": TypeInfo("dt.date", "datetime64[ns]", ("date32",), "TEXT"),
    "list": TypeInfo("tuple[str, ...]", "object", ("list_", "string"), "TEXT"),
    "partial-date": TypeInfo("PartialDate", "datetime64[ns]", ("string",), "TEXT"),
    "enum": TypeInfo("Literal", "category", ("dictionary",), "TEXT"),
}
"""Every kind of field kzfacts reads, keyed by :attr:`FieldSpec.kind`. Frames, exports, records and
tests all read this table; a schema type missing here is refused when the descriptor is parsed."""
