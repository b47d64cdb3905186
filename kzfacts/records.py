"""Turn a resource's CSV file into typed records, guided by its Table Schema.

The standard library's csv module parses; the schema says which cells are missing
and which are lists; pydantic converts and checks the rest. Every failure names
the file, the row (header = row 1, as frictionless counts) and the field.
"""

from __future__ import annotations

import csv
from typing import Any

from pydantic import ValidationError

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
    path = package.file(name)
    shown = spec.path
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise DataFileError(shown, "the file is empty; it needs a header row", row=1)
            if header and header[0].startswith("\ufeff"):
                raise DataFileError(
                    shown, "the file starts with a byte-order mark; save it as UTF-8 without BOM", row=1
                )
            if tuple(header) != spec.field_names:
                missing = [f for f in spec.field_names if f not in header]
                extra = [h for h in header if h not in spec.field_names]
                raise DataFileError(
                    shown,
                    f"header does not match the schema (missing: {missing or 'none'}, "
                    f"unexpected: {extra or 'none'}); expected columns in this order: "
                    + ",".join(spec.field_names),
                    row=1,
                )
            records = []
            for number, row in enumerate(reader, start=2):
                if len(row) != len(spec.fields):
                    raise DataFileError(
                        shown,
                        f"row has {len(row)} cells but the schema has {len(spec.fields)} fields",
                        row=number,
                    )
                try:
                    records.append(model.model_validate(_cells(spec, row)))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    field = str(first["loc"][0]) if first["loc"] else None
                    raise DataFileError(
                        shown, f"{first['msg']} (got {first.get('input')!r})", row=number, field=field
                    ) from None
            return tuple(records)
    except FileNotFoundError:
        raise DataFileError(shown, "file not found; the descriptor lists it but it is missing") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(shown, f"not valid UTF-8 at byte {exc.start}; re-save it as UTF-8") from None
    except csv.Error as exc:
        raise DataFileError(shown, f"malformed CSV ({exc})") from None
