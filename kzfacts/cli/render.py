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
from kzfacts.printable import inert, printable
from kzfacts.vocabulary import IDENTIFYING_FIELDS

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


DEFAULT_COLUMNS = IDENTIFYING_FIELDS
"""The table a resource shows without ``--columns`` (a resource not listed shows its key and
required fields)."""


def columns(spec: ResourceSpec, chosen: str | None) -> list[int]:
    """Positions of the fields to show: ``chosen`` (comma-separated names, or ``all``), else the
    resource's :data:`DEFAULT_COLUMNS`."""
    if chosen is None:
        default = [n for n in DEFAULT_COLUMNS.get(spec.name, ()) if n in spec.field_names]
        if default:
            return [spec.field_names.index(n) for n in default]
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
    # Each cell printable (a line break or an escape code written as a visible escape: no line of the
    # output can be forged by a cell in a CI log) and quoted, so every line starts with a quote.
    # The exact bytes are the data files' own, or kzfacts export --format csv.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([spec.fields[i].name for i in shown])
    writer.writerows([printable(row[i]) for i in shown] for row in found)
    return buffer.getvalue()


MIN_CELL = 10
"""Narrowest a text column is cut to when the terminal is too narrow (a date, 2024-09-30, fits)."""
GAP = 2
"""Spaces between two columns; the table has no edges."""


def _widths(spec: ResourceSpec, found: list[Row], shown: list[int], room: int) -> list[int]:
    """Each shown column's width: its widest cell (at most MAX_CELL), then, while the table is wider
    than ``room``, the widest text column cut by one, down to MIN_CELL or its header, the key last.
    Numbers, dates and enum values (a status) are never cut: they tell two records apart. Columns
    too wide for ``room`` however cut keep their full widths (the table is read scrolling sideways)."""
    from rich.cells import cell_len

    natural, least = [], []
    for i in shown:
        field = spec.fields[i]
        widest = max([cell_len(field.name)] + [cell_len(printable(row[i])) for row in found])
        natural.append(min(widest, max(MAX_CELL, cell_len(field.name))))
        cuttable = field.type in ("string", "list") and field.enum is None
        least.append(min(natural[-1], max(MIN_CELL, cell_len(field.name))) if cuttable else natural[-1])
    widths = list(natural)
    keys = [spec.fields[i].name in spec.primary_key for i in shown]  # cut last: they name the record
    excess = sum(widths) + GAP * (len(widths) - 1) - room
    while excess > 0:
        slack = [w - m for w, m in zip(widths, least, strict=True)]
        if max(slack, default=0) <= 0:  # too wide however cut: drawn whole, for less -S
            return natural
        widest = max(range(len(widths)), key=lambda k: (slack[k] > 0, not keys[k], widths[k]))
        widths[widest] -= 1
        excess -= 1
    return widths


def _table(spec: ResourceSpec, found: list[Row], shown: list[int], width: int | None) -> str:
    """One line per record, every shown column in it; cells never wrap.

    A cell wider than MAX_CELL, or than its column when the terminal is narrow, ends in an
    ellipsis. Columns that cannot fit even cut are all drawn anyway, uncut and wider than the
    terminal, and the caption says so: a column asked for is never left out. Cells go in as rich
    Text, so brackets and colons stay literal and nothing is escaped.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    room = width or shutil.get_terminal_size((120, 24)).columns
    widths = _widths(spec, found, shown, room)
    needed = sum(widths) + GAP * (len(widths) - 1)
    console = Console(
        record=True,
        width=max(room, needed),
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
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        caption_justify="left",
    )
    for i, w in zip(shown, widths, strict=True):
        table.add_column(Text(spec.fields[i].name), no_wrap=True, overflow="ellipsis", width=w)
    for row in found:
        table.add_row(*(Text(printable(row[i])) for i in shown))
    if needed > room:
        table.caption = Text(
            f"{needed} columns wide, wider than the terminal ({room}): view with less -S, "
            "or choose fewer with --columns"
        )
    console.print(table)
    text = console.export_text(styles=False)
    return "\n".join(inert(line.rstrip()) for line in text.splitlines()) + "\n"


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
