"""The rows ``kzfacts show`` prints: a resource's rows, filtered by ``FIELD=VALUE``, as a table, CSV or JSON.

Rows come through the strict CSV reader, so ``--where`` matches a cell's text exactly as the file
writes it (``2.8``, ``2023-01-01``, ``a;b`` for a list, empty for missing). The table prints one
line per record with wide cells cut by an ellipsis; JSON gives typed values (numbers, nulls,
lists), as the JSON export does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError
from kzfacts.printable import printable

if TYPE_CHECKING:  # the CLI imports FORMATS for its help: the readers load when rows are shown
    from kzfacts.contract.spec import ResourceSpec
    from kzfacts.package import Package
Row = list[str]
MAX_CELL = 40
"""Widest a table cell is drawn before it is cut with an ellipsis."""


def _conditions(spec: ResourceSpec, where: list[str]) -> list[tuple[int, str]]:
    """Parse ``FIELD=VALUE`` strings (the value may hold ``=``); an unknown field, or a value outside
    the field's enum, is an error naming what is valid."""
    valid = ", ".join(spec.field_names)
    parsed = []
    for condition in where:
        name, sep, value = condition.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InvalidArgumentError(f"--where {condition!r} is not FIELD=VALUE; fields: {valid}")
        if name not in spec.field_names:
            raise InvalidArgumentError(f"--where {condition!r}: no field {name!r}; fields: {valid}")
        field = spec.field(name)
        if field.enum is not None and value not in field.enum and value != "":
            raise InvalidArgumentError(
                f"--where {condition!r}: {name} is never {value!r}; its values: {', '.join(field.enum)}"
            )
        parsed.append((spec.field_names.index(name), value))
    return parsed


def columns(spec: ResourceSpec, chosen: str | None) -> list[int]:
    """Positions of the fields to show: ``chosen`` (comma-separated names, or ``all``), else the
    primary key and the schema's required fields."""
    if chosen is None:
        return [i for i, f in enumerate(spec.fields) if f.required or f.name in spec.primary_key]
    if chosen.strip() == "all":
        return list(range(len(spec.fields)))
    names = [c.strip() for c in chosen.split(",") if c.strip()]
    unknown = [n for n in names if n not in spec.field_names]
    if unknown or not names:
        raise InvalidArgumentError(
            f"--columns: no field {', '.join(unknown) or '(none given)'}; "
            f"fields: {', '.join(spec.field_names)}"
        )
    return [spec.field_names.index(n) for n in names]


def rows(package: Package, name: str, where: list[str] | None = None, limit: int | None = None) -> list[Row]:
    """Rows of resource ``name`` whose cells equal every ``FIELD=VALUE``, in file order, at most ``limit``."""
    spec = package.spec.resource(name)  # an unknown name lists the valid ones
    if limit is not None and limit < 0:
        raise InvalidArgumentError(f"--limit must be 0 or more, not {limit}")
    from kzfacts.reading.csvfile import strict_rows

    conditions = _conditions(spec, where or [])
    found: list[Row] = []
    if limit == 0:
        return found
    for _, row in strict_rows(package.spec, name):
        if all(row[i] == value for i, value in conditions):
            found.append(row)
            if limit is not None and len(found) >= limit:
                break
    return found


def _json(spec: ResourceSpec, found: list[Row], shown: list[int], width: int | None) -> str:
    from kzfacts.reading.cells import cell_value

    records = []
    for row in found:
        record = {}
        for i in shown:
            value = cell_value(spec.fields[i], row[i], spec.missing_values)
            record[spec.fields[i].name] = value.isoformat() if isinstance(value, dt.date) else value
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _csv(spec: ResourceSpec, found: list[Row], shown: list[int], width: int | None) -> str:
    buffer = io.StringIO()
    # Every cell quoted, so a bare CR or LF stays inside its cell for any CSV reader.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([spec.fields[i].name for i in shown])
    writer.writerows([row[i] for i in shown] for row in found)
    return buffer.getvalue()


def _table(spec: ResourceSpec, found: list[Row], shown: list[int], width: int | None) -> str:
    """One line per record; cells never wrap, and a cell wider than MAX_CELL ends in an ellipsis.

    Cells go in as rich Text, so brackets and colons stay literal and nothing is escaped.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        record=True,
        width=width or shutil.get_terminal_size((120, 24)).columns,
        file=io.StringIO(),
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    title = f"{spec.name} ({len(found)} {'row' if len(found) == 1 else 'rows'})"
    table = Table(title=title, box=box.SIMPLE_HEAD)
    room, kept = console.width, list[int]()
    for i in shown:  # columns that do not fit are left out and named below, never squeezed to nothing
        natural = min(max([len(spec.fields[i].name)] + [len(row[i]) for row in found]), MAX_CELL) + 3
        if kept and natural > room:
            break
        room -= natural
        kept.append(i)
        table.add_column(Text(spec.fields[i].name), no_wrap=True, overflow="ellipsis", max_width=MAX_CELL)
    for row in found:
        table.add_row(*(Text(printable(row[i])) for i in kept))
    if len(kept) < len(shown):
        left = ", ".join(spec.fields[i].name for i in shown[len(kept) :])
        table.caption = Text(f"not shown (too wide for the terminal): {left}; choose with --columns")
    console.print(table)
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


FORMATS: dict[str, Callable[[ResourceSpec, list[Row], list[int], int | None], str]] = {
    "table": _table,
    "csv": _csv,
    "json": _json,
}
"""Output format -> renderer; the CLI's choices come from here."""


def render(
    spec: ResourceSpec, found: list[Row], fmt: str, shown: list[int], *, width: int | None = None
) -> str:
    """Rows of ``spec`` as ``fmt``, showing the fields at positions ``shown``."""
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown output format {fmt!r}; formats: {', '.join(FORMATS)}")
    return FORMATS[fmt](spec, found, shown, width)
