"""Rows as frozen pydantic records, each remembering the package it was read from."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from kzfacts.contract.spec import FieldSpec, PackageSpec, ResourceSpec
from kzfacts.errors import DataFileError
from kzfacts.reading.cells import typed_rows

if TYPE_CHECKING:
    from kzfacts.models import Record


def read_records(package: PackageSpec, name: str, owner: object = None) -> tuple[Record, ...]:
    """Every row of resource ``name`` as its model, remembering ``owner`` (the kzfacts.Package)."""
    from pydantic import ValidationError

    spec = package.resource(name)
    model = model_for(spec)
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


_BUILT: dict[tuple[str, tuple[str, ...]], type[Record]] = {}


def model_for(spec: ResourceSpec) -> type[Record]:
    """The model of a resource's records: the generated one (``kzfacts.models``) when its fields are
    the resource's, else one built from the Table Schema now, so a table added to the descriptor is
    read before ``python tools/generate.py`` writes its model (the same types, without docstrings)."""
    from kzfacts.models import MODELS

    generated = MODELS.get(spec.name)
    if generated is not None and tuple(generated.model_fields) == spec.field_names:
        return generated
    key = (spec.name, spec.field_names)
    if key not in _BUILT:
        _BUILT[key] = _built(spec)
    return _BUILT[key]


def _annotation(field: FieldSpec) -> Any:
    from kzfacts.dates import PartialDate

    kinds: dict[str, Any] = {
        "string": str,
        "integer": int,
        "number": float,
        "boolean": bool,
        "date": dt.date,
        "list": tuple[str, ...],
        "partial-date": PartialDate,
    }
    found = Literal[tuple(field.enum)] if field.enum is not None else kinds[field.kind]
    return found if field.required else found | None


def _built(spec: ResourceSpec) -> type[Record]:
    from pydantic import create_model

    from kzfacts.models import Record

    fields: dict[str, Any] = {
        f.name: (_annotation(f), ... if f.required else None) for f in spec.fields if f.name != "id"
    }
    name = "".join(part.capitalize() for part in spec.name.split("_"))
    model: type[Record] = create_model(name, __base__=Record, **fields)
    model.resource = spec.name
    return model
