"""Rows as frozen pydantic records, each remembering the package it was read from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzfacts.contract.spec import PackageSpec
from kzfacts.errors import DataFileError
from kzfacts.reading.cells import typed_rows

if TYPE_CHECKING:
    from kzfacts.models import Record


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
