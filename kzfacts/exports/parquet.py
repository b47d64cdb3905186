"""Parquet: one file per resource, with the schema's Arrow types and the provenance in its metadata."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from kzfacts.contract.spec import FieldSpec
from kzfacts.exports.bundle import Bundle, Format, optional_import
from kzfacts.reading.cells import Cell


def _arrow_type(pa: ModuleType, field: FieldSpec) -> Any:
    """The Arrow type named in kzfacts.contract.types.TYPES: ("list_", "string") is pa.list_(pa.string())."""
    if field.enum is not None:
        return pa.dictionary(pa.int32(), pa.string(), ordered=field.categories_ordered)
    *outer, inner = field.types.arrow
    arrow = getattr(pa, inner)()
    for name in reversed(outer):
        arrow = getattr(pa, name)(arrow)
    return arrow


def _arrow_array(pa: ModuleType, field: FieldSpec, values: list[Cell]) -> Any:
    if field.enum is not None:
        # The dictionary is the whole enum in schema order, so readers see every category.
        position = {value: n for n, value in enumerate(field.enum)}
        indices = pa.array([None if v is None else position[str(v)] for v in values], type=pa.int32())
        dictionary = pa.array(list(field.enum), type=pa.string())
        return pa.DictionaryArray.from_arrays(indices, dictionary, ordered=field.categories_ordered)
    return pa.array(values, type=_arrow_type(pa, field))


def write(outdir: Path, bundle: Bundle) -> list[str]:
    """One Parquet file per resource; version and fingerprint in the Arrow schema metadata."""
    pa = optional_import("pyarrow")
    pq = optional_import("pyarrow.parquet")
    about = bundle.about
    written = []
    for spec, rows in bundle.resources():
        arrays = []
        fields = []
        for i, field in enumerate(spec.fields):
            array = _arrow_array(pa, field, [row[i] for row in rows])
            arrays.append(array)
            fields.append(
                pa.field(
                    field.name,
                    array.type,
                    nullable=not field.required,
                    metadata={"description": field.description},
                )
            )
        metadata = {
            "kzfacts_version": about.version,
            "kzfacts_data_version": about.data_version,
            "kzfacts_fingerprint": about.fingerprint,
            "kzfacts_citation": about.citation,
            "kzfacts_license": about.license,
            "kzfacts_resource": spec.name,
            "description": spec.description,
        }
        table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))
        name = f"{spec.name}.parquet"
        pq.write_table(table, outdir / name)
        written.append(name)
    return written


FORMAT = Format(needs=("pyarrow", "parquet"), write=write)
