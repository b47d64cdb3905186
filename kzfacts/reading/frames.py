"""Resources as pandas DataFrames typed by their Table Schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzfacts.contract.spec import FieldSpec, PackageSpec
from kzfacts.reading.cells import Cell, typed_rows

if TYPE_CHECKING:
    import pandas as pd


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
