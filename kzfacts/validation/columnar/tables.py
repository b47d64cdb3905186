"""frictionless' verdict on one table, from whole columns: what ``Package(...).validate()`` reports for
a file pyarrow read exactly (see :mod:`.scan`).

A cell in a form frictionless certainly accepts as written (:func:`.forms.valid_forms`) is done
with. Any other cell makes its row *odd*: that row goes to frictionless' own row reader (its
``Row`` with its cell handlers), one row at a time, and frictionless' errors for it are the
report's. Keys are compared as frictionless compares string keys (the missing value is no key):
a repeat is reported against the latest earlier row holding it, as frictionless' row stream does;
foreign keys are looked up in the referenced column's present values. The errors of a file are
then put in frictionless' order (row by row: cells, unique fields, the primary key, foreign keys;
then the file's hash and size) and cut at its error limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kzfacts.contract.spec import ForeignKey, PackageSpec, ResourceSpec
from kzfacts.validation.adapter import ERROR_LIMIT, file_counts
from kzfacts.validation.columnar import forms
from kzfacts.validation.columnar.prefilter import Cols, Mask, any_of, present

_ALL_NONE = 'cells composing the primary keys are all "None"'


@dataclass
class Checks:
    """A resource's field tests: (field, required, RE2 forms or None, enum or None) per field."""

    fields: list[tuple[str, bool, list[str] | None, Any]]

    @classmethod
    def of(cls, package: PackageSpec, spec: ResourceSpec) -> Checks:
        import pyarrow as pa

        raw = next(r for r in package.raw["resources"] if r["name"] == spec.name)
        fields = {f["name"]: f for f in raw["schema"]["fields"]}
        found: list[tuple[str, bool, list[str] | None, Any]] = []
        for item in spec.fields:
            shape = forms.valid_forms(fields[item.name])
            required = item.required or item.name in spec.primary_key
            if shape is None:
                found.append((item.name, required, None, None))
            else:
                enum = None if shape[1] is None else pa.array(shape[1], pa.string())
                found.append((item.name, required, shape[0], enum))
        return cls(found)

    def odd(self, table: Cols) -> Mask | None:
        """Rows with a cell frictionless might not accept as written."""
        import pyarrow.compute as pc

        found: list[Mask] = []
        for name, required, shapes, enum in self.fields:
            column = table.column(name)
            given = table.present(name)
            if shapes is None:
                bad = given
            else:
                fine = None
                for shape in shapes:
                    match = table.match(name, shape)
                    fine = match if fine is None else pc.and_(fine, match)
                if enum is not None:
                    known = pc.is_in(column, value_set=enum)
                    fine = known if fine is None else pc.and_(fine, known)
                bad = None if fine is None else pc.and_(given, pc.invert(fine))
            if required:
                empty = pc.invert(given)
                bad = empty if bad is None else pc.or_(bad, empty)
            if bad is not None:
                found.append(bad)
        return any_of(found)


class Reader:
    """frictionless' row reader for one resource (imported only when a row needs it)."""

    def __init__(self, package: PackageSpec, name: str) -> None:
        import frictionless
        from frictionless.table.row import Row, create_cell_handlers

        raw = next(r for r in package.raw["resources"] if r["name"] == name)
        schema = frictionless.Schema.from_descriptor(json.loads(json.dumps(raw["schema"])))
        self.handlers = create_cell_handlers(schema.fields)
        self.row_class = Row
        self.errors = frictionless.errors

    def row(self, cells: list[str], number: int) -> Any:
        return self.row_class(list(cells), handlers=self.handlers, row_number=number)


@dataclass
class Table:
    """What one resource's scan keeps for frictionless' verdict."""

    spec: ResourceSpec
    unique: list[str]
    rows_with_errors: dict[int, list[str]] = field(default_factory=dict)
    """Cells of the odd rows frictionless faults (the first :data:`ERROR_LIMIT` of them)."""
    more_rows_with_errors: bool = False
    columns: dict[str, list[Any]] = field(default_factory=dict)
    """Key columns, chunk by chunk (unique fields, the primary key, both ends of foreign keys)."""
    size: int = 0
    sha256: str = ""
    dangling: dict[int, dict[int, str]] = field(default_factory=dict)
    """Foreign keys checked during the scan: index -> row number -> the value not found."""
    references: list[str] = field(default_factory=list)
    """Each foreign key's referenced resource as the descriptor names it ("" for this one)."""

    @staticmethod
    def named(package: PackageSpec, spec: ResourceSpec) -> list[str]:
        raw = next(r for r in package.raw["resources"] if r["name"] == spec.name)
        keys = raw["schema"].get("foreignKeys", [])
        return [str(key["reference"].get("resource", "")) for key in keys]

    def column(self, name: str) -> Any:
        import pyarrow as pa

        return pa.chunked_array(self.columns.get(name, []), pa.string())


def repeats(column: Any) -> dict[int, int]:
    """Row number (header = 1) -> the latest earlier row holding the same present value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(column) == 0:
        return {}
    repeated = pa.concat_arrays([_repeated(part) for part in _parts(column)])
    if len(repeated) == 0:
        return {}
    where = pc.indices_nonzero(pc.is_in(column, value_set=repeated))
    texts = pc.take(column, where).to_pylist()
    latest: dict[str, int] = {}
    found: dict[int, int] = {}
    for index, text in zip(where.to_pylist(), texts, strict=True):
        number = index + 2
        if text in latest:
            found[number] = latest[text]
        latest[text] = number
    del pa
    return found


_PART_ROWS = 250_000
"""From this many rows a column's repeats are counted part by part (see :func:`_parts`)."""


def _parts(column: Any) -> Iterator[Any]:
    """The column split by its values' last character, so that each part's count of values (a hash
    table holding a copy of every distinct value) is a fraction of the column's: at a million ids
    that is about 80 MB less at the run's peak. A value's repeats are all in its part. A column of
    few rows, or of values ending in many different characters, is one part."""
    import pyarrow.compute as pc

    if len(column) < _PART_ROWS:
        yield column
        return
    last = pc.utf8_slice_codeunits(column, -1, 1 << 30)
    keys = pc.unique(last)
    if len(keys) > 64:
        yield column
        return
    for key in keys:
        yield pc.filter(column, pc.equal(last, key))


def _repeated(column: Any) -> Any:
    """The present values the column holds more than once."""
    import pyarrow.compute as pc

    counts = pc.value_counts(column)
    values, many = counts.field("values"), counts.field("counts")
    return pc.filter(values, pc.and_(pc.greater(many, 1), pc.not_equal(values, "")))


def dangling(column: Any, known: Any) -> dict[int, str]:
    """Row number -> its present value that ``known`` (the referenced values) lacks."""
    import pyarrow.compute as pc

    missing = pc.and_(present(column), pc.invert(pc.is_in(column, value_set=known)))
    where = pc.indices_nonzero(missing)
    return {
        index + 2: text
        for index, text in zip(where.to_pylist(), pc.take(column, where).to_pylist(), strict=True)
    }


@dataclass
class Verdict:
    """frictionless' errors and warnings for one resource."""

    errors: list[Any]
    warnings: list[str]


def verdict(table: Table, keys: dict[str, dict[int, Any]], reader: Reader | None) -> Verdict:
    """frictionless' report on the resource: row errors in row order, cut at its limit (then the
    file's counts are not checked, as in frictionless), else the hash and byte counts."""
    spec = table.spec
    flagged = sorted(set(table.rows_with_errors).union(*keys.values()))
    errors: list[Any] = []
    for number in flagged:
        assert reader is not None  # any flagged row needs frictionless' errors
        errors.extend(_row_errors(table, keys, reader, number))
        if len(errors) >= ERROR_LIMIT:
            return Verdict(errors[:ERROR_LIMIT], [f"reached error limit: {ERROR_LIMIT}"])
    return Verdict(errors + file_counts(spec.bytes, spec.hash, table.size, table.sha256), [])


def _row_errors(table: Table, keys: dict[str, dict[int, Any]], reader: Reader, number: int) -> list[Any]:
    """One row's errors in frictionless' order: a row it faults is replayed through its row
    stream's checks on its own ``Row`` (which reads a cell when a check first touches it, so the
    order of the cell errors depends on the checks); any other row has key errors only."""
    spec, errors = table.spec, reader.errors
    cells = table.rows_with_errors.get(number)
    if cells is None:
        return _key_errors(table, keys, errors, number)
    row = reader.row(cells, number)
    for name in table.unique:
        match = keys[f"unique:{name}"].get(number) if row[name] is not None else None
        if match:
            note = f"the same as in the row at position {match}"
            row.errors.append(errors.UniqueError.from_row(row, note=note, field_name=name))
    if spec.primary_key:
        if {row[name] for name in spec.primary_key} == {None}:
            row.errors.append(errors.PrimaryKeyError.from_row(row, note=_ALL_NONE))
        elif keys["primary"].get(number):
            note = f"the same as in the row at position {keys['primary'][number]}"
            row.errors.append(errors.PrimaryKeyError.from_row(row, note=note))
    for index, key in enumerate(spec.foreign_keys):
        if {row[name] for name in key.fields} != {None} and number in keys[f"foreign:{index}"]:
            value = keys[f"foreign:{index}"][number]
            row.errors.append(
                _foreign_error(errors.ForeignKeyError, row, number, key, value, table.references[index])
            )
    return list(row.errors)


def _key_errors(table: Table, keys: dict[str, dict[int, Any]], errors: Any, number: int) -> list[Any]:
    """The key errors of a row whose cells frictionless accepts as written."""
    spec = table.spec
    found: list[Any] = []
    for name in table.unique:
        match = keys[f"unique:{name}"].get(number)
        if match:
            note = f"the same as in the row at position {match}"
            found.append(_cell_error(errors.UniqueError, number, spec, name, note))
    match = keys["primary"].get(number)
    if spec.primary_key and match:
        note = f"the same as in the row at position {match}"
        found.append(errors.PrimaryKeyError(note=note, cells=[], row_number=number))
    for index, key in enumerate(spec.foreign_keys):
        value = keys[f"foreign:{index}"].get(number)
        if value is not None:
            found.append(
                _foreign_error(errors.ForeignKeyError, None, number, key, value, table.references[index])
            )
    return found


def _cells(row: Any) -> list[str]:
    return [] if row is None else [str(v) if v is not None else "" for v in row.cells]


def _cell_error(cls: Any, number: int, spec: ResourceSpec, name: str, note: str) -> Any:
    position = spec.field_names.index(name) + 1
    return cls(note=note, cells=[], row_number=number, cell="", field_name=name, field_number=position)


def _foreign_error(cls: Any, row: Any, number: int, key: ForeignKey, value: str, named: str) -> Any:
    """frictionless' foreign-key error (``named``: the referenced resource as its descriptor says)."""
    note = (
        f'for "{", ".join(key.fields)}": values "{value}" not found in the lookup table '
        f'"{named}" as "{", ".join(key.reference_fields)}"'
    )
    common = {
        "note": note,
        "field_names": list(key.fields),
        "reference_name": named,
        "reference_field_names": list(key.reference_fields),
    }
    if row is not None:  # from_row takes the cells and row number from frictionless' row
        return cls.from_row(row, field_values=[value], **common)
    return cls(cells=[], row_number=number, field_cells=[value], **common)


def key_maps(
    tables: dict[str, Table], name: str, lookup: Callable[[str, str], Any]
) -> dict[str, dict[int, Any]]:
    """For one resource: its repeats per unique field and primary key, and its dangling values per
    foreign key (row number -> the earlier row, or the value)."""
    table = tables[name]
    spec = table.spec
    seen: dict[str, dict[int, int]] = {}
    for field_name in [*table.unique, *spec.primary_key]:
        if field_name not in seen:
            seen[field_name] = repeats(table.column(field_name))
    found: dict[str, dict[int, Any]] = {f"unique:{f}": seen[f] for f in table.unique}
    found["primary"] = seen[spec.primary_key[0]] if spec.primary_key else {}
    for index, key in enumerate(spec.foreign_keys):
        if index in table.dangling:
            found[f"foreign:{index}"] = table.dangling[index]
        else:
            known = lookup(key.resource, key.reference_fields[0])
            found[f"foreign:{index}"] = dangling(table.column(key.fields[0]), known)
    return found


def pc_unique_present(column: Any) -> Any:
    """The distinct present values of a column (a foreign key's lookup)."""
    import pyarrow.compute as pc

    values = pc.unique(column)
    return pc.filter(values, present(values))


def with_odd_rows(table: Table, reader: Reader, rows: Iterator[tuple[int, list[str]]]) -> None:
    """Keep the cells of each odd row frictionless' reader faults, up to the error limit's worth."""
    for number, cells in rows:
        if not reader.row(cells, number).errors:
            continue
        if len(table.rows_with_errors) >= ERROR_LIMIT:
            table.more_rows_with_errors = True
            return
        table.rows_with_errors[number] = cells
