"""pandas DataFrames whose dtypes come from the Table Schema, never from column names.

integer -> Int64, number -> float64, boolean -> boolean, date -> datetime64,
a field with an enum -> Categorical (categories in enum order), list -> tuples,
any other string -> the string dtype.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzfacts import descriptor
from kzfacts.descriptor import FieldSpec, PackageSpec
from kzfacts.errors import DataFileError

if TYPE_CHECKING:
    import pandas as pd

_READ_AS = {"integer": "Int64", "number": "float64", "boolean": "boolean"}


def pandas_dtype(field: FieldSpec) -> Any:
    """The final pandas dtype for a schema field."""
    import pandas as pd

    if field.enum is not None:
        return pd.CategoricalDtype(list(field.enum), ordered=field.categories_ordered)
    if field.type == "date":
        return "datetime64[ns]"
    if field.type == "list":
        return "object"
    return _READ_AS.get(field.type, "string")


def frame(name: str, package: PackageSpec | None = None) -> pd.DataFrame:
    """Resource ``name`` as a DataFrame typed by its schema.

    ``df.attrs`` holds the package name, version and resource name, so a
    filtered copy still says where it came from.
    """
    import pandas as pd

    pkg = package or descriptor.bundled()
    spec = pkg.resource(name)
    path = pkg.file(name)
    read_types = {f.name: _READ_AS.get(f.type, "string") for f in spec.fields}
    try:
        df = pd.read_csv(
            path,
            dtype=read_types,
            keep_default_na=False,
            na_values=list(spec.missing_values),
            encoding="utf-8",
        )
    except FileNotFoundError:
        raise DataFileError(spec.path, "file not found") from None
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(spec.path, f"cannot be read with the schema's types: {exc}") from None
    if tuple(df.columns) != spec.field_names:
        raise DataFileError(
            spec.path, f"columns {list(df.columns)} differ from the schema's {list(spec.field_names)}", row=1
        )
    for field in spec.fields:
        column = df[field.name]
        if field.enum is not None:
            bad = column.dropna()[~column.dropna().isin(field.enum)]
            if len(bad):
                raise DataFileError(
                    spec.path,
                    f"{bad.iloc[0]!r} is not one of {list(field.enum)}",
                    row=int(bad.index[0]) + 2,
                    field=field.name,
                )
            df[field.name] = column.astype(pandas_dtype(field))
        elif field.type == "date":
            try:
                df[field.name] = pd.to_datetime(column, format="%Y-%m-%d")
            except ValueError as exc:
                raise DataFileError(spec.path, f"not a YYYY-MM-DD date: {exc}", field=field.name) from None
        elif field.type == "list":
            df[field.name] = column.map(
                lambda cell, sep=field.delimiter: None if pd.isna(cell) else tuple(cell.split(sep)),
                na_action="ignore",
            ).astype("object")
    df.attrs = {"package": pkg.name, "version": pkg.version, "resource": name}
    return df
