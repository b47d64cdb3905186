"""pandas DataFrames whose dtypes come from the Table Schema, never from column names.

integer -> Int64, number -> float64, boolean -> boolean, date -> datetime64,
a field with an enum -> Categorical (categories in enum order), list -> tuples,
any other string -> the string dtype.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts import descriptor
from kzfacts.descriptor import FieldSpec, PackageSpec, ResourceSpec
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


def _matches_recorded_hash(package: PackageSpec, name: str) -> bool:
    """True when the file is byte-identical to the one the descriptor's sha256 records."""
    from kzfacts.hashing import file_digest

    recorded = package.resource(name).hash
    if not recorded or not recorded.startswith("sha256:"):
        return False
    try:
        return "sha256:" + file_digest(package.file(name))[1] == recorded
    except OSError:
        return False


@functools.cache
def _read_plan(spec: ResourceSpec) -> tuple[dict[str, Any], dict[str, list[str]], tuple[str, ...]]:
    """dtypes, per-column missing values and date columns for read_csv, worked out once per resource.

    An optional enum column is read with the empty string as an extra category, so that an
    empty cell and a value outside the enum stay distinguishable (the latter becomes NaN).
    """
    import pandas as pd

    empty = list(spec.missing_values)
    dtypes: dict[str, Any] = {}
    na_values: dict[str, list[str]] = {}
    for f in spec.fields:
        if f.type in ("date", "list"):
            na_values[f.name] = empty
            continue
        if f.enum is not None and not f.required:
            dtypes[f.name] = pd.CategoricalDtype([*f.enum, *empty], ordered=f.categories_ordered)
            na_values[f.name] = []
        else:
            dtypes[f.name] = pandas_dtype(f)
            na_values[f.name] = empty
    return dtypes, na_values, tuple(f.name for f in spec.fields if f.type == "date")


@functools.cache
def _enum_checks(spec: ResourceSpec) -> tuple[tuple[str, bool, int, Any], ...]:
    """(field, required, number of categories, final dtype) for each enum field."""
    return tuple(
        (f.name, f.required, len(f.enum), pandas_dtype(f)) for f in spec.fields if f.enum is not None
    )


def _read_validated(spec: ResourceSpec, path: Path) -> pd.DataFrame | None:
    """Fast path for a file whose bytes match its recorded sha256: one read_csv with schema dtypes.

    The recorded hash is only what ``kzfacts build`` last wrote, not proof of validity, so
    anything unexpected (a parse error, another header, a date column pandas could not parse,
    a value outside an enum) returns None and the caller takes the checked path, which names
    the row and field.
    """
    import pandas as pd

    dtypes, na_values, dates = _read_plan(spec)
    try:
        with warnings.catch_warnings():  # pandas warns when it cannot infer a date format: we check below
            warnings.simplefilter("ignore", UserWarning)
            df = pd.read_csv(
                path,
                dtype=dtypes,
                parse_dates=list(dates),
                keep_default_na=False,
                na_values=na_values,
                encoding="utf-8",
            )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, pd.errors.ParserError):
        return None
    if tuple(df.columns) != spec.field_names or any(df[d].dtype.kind != "M" for d in dates):
        return None
    for name, required, size, final in _enum_checks(spec):
        codes = df[name].array.codes
        if codes.min(initial=0) < 0:
            return None
        if not required:
            codes = codes.copy()
            codes[codes == size] = -1  # the empty-string category -> missing
            df[name] = pd.Categorical.from_codes(codes, dtype=final)
    for field in spec.fields:
        if field.type == "list":
            df[field.name] = _tuples(df[field.name], field.delimiter)
    return df


def _tuples(column: pd.Series, delimiter: str) -> Any:
    """A list field's cells as tuples (None when empty), in an object array."""
    import numpy as np

    cells = (tuple(c.split(delimiter)) if isinstance(c, str) else None for c in column.tolist())
    return np.fromiter(cells, dtype=object, count=len(column))


def _read_checked(spec: ResourceSpec, path: Path) -> pd.DataFrame:
    """Slow path for a file that differs from its recorded hash: every enum and date is checked."""
    import pandas as pd

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
            df[field.name] = _tuples(column.astype("object"), field.delimiter)
    return df


def frame(name: str, package: PackageSpec | None = None) -> pd.DataFrame:
    """Resource ``name`` as a DataFrame typed by its schema.

    ``df.attrs`` holds the package name, version and resource name, so a
    filtered copy still says where it came from. A file whose bytes match its
    recorded sha256 is read in one pass; if that read shows anything unexpected,
    or the bytes differ, every value is checked and an error names the row and field.
    """
    pkg = package or descriptor.bundled()
    spec = pkg.resource(name)
    path = pkg.file(name)
    df = _read_validated(spec, path) if _matches_recorded_hash(pkg, name) else None
    if df is None:
        df = _read_checked(spec, path)
    df.attrs = {"package": pkg.name, "version": pkg.version, "resource": name}
    return df
