"""Turn a resource's CSV file into typed records, guided by its Table Schema.

The standard library's csv module parses; the schema says which cells are missing
and which are lists; pydantic converts and checks the rest. Every failure names
the file, the row (header = row 1, as frictionless counts) and the field.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kzfacts.csvfile import strict_rows
from kzfacts.descriptor import PackageSpec, ResourceSpec
from kzfacts.errors import DataFileError
from kzfacts.models import MODELS, Record


def _cells(spec: ResourceSpec, row: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, cell in zip(spec.fields, row, strict=True):
        if cell in spec.missing_values:
            values[field.name] = None
        elif field.type == "list":
            values[field.name] = tuple(cell.split(field.delimiter))
        else:
            values[field.name] = cell
    return values


def read_records(package: PackageSpec, name: str) -> tuple[Record, ...]:
    """Read every row of resource ``name`` into its model; raise DataFileError on the first bad one."""
    spec = package.resource(name)
    model = MODELS[name]
    records = []
    for number, row in strict_rows(package, name):
        try:
            records.append(model.model_validate(_cells(spec, row)))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else None
            raise DataFileError(
                spec.path, f"{first['msg']} (got {first.get('input')!r})", row=number, field=field
            ) from None
    return tuple(records)
