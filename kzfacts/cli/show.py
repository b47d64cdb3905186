"""Look at a resource's rows from the command line: filter by ``FIELD=VALUE``, render as a table, CSV or JSON.

Rows are read straight from the data package's CSV file (strictly: a BOM, a wrong header or a
ragged row is an error naming the file and row), so a cell's string form is exactly what
the file says (``2.8``, ``2023-01-01``, ``a;b`` for a list, empty for missing) and what
``--where`` matches against. Only the standard library is needed, except rich for ``table``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

from kzfacts import descriptor
from kzfacts.csvfile import strict_rows
from kzfacts.errors import KzfactsError

FORMATS: tuple[str, ...] = ("table", "csv", "json")


def _conditions(where: list[str], fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """Parse ``FIELD=VALUE`` strings; a malformed one or an unknown field names the valid fields."""
    valid = ", ".join(fields)
    parsed = []
    for condition in where:
        field, sep, value = condition.partition("=")
        field = field.strip()
        if not sep or not field:
            raise KzfactsError(f"--where {condition!r} is not FIELD=VALUE; fields: {valid}")
        if field not in fields:
            raise KzfactsError(f"--where {condition!r}: no field {field!r}; fields: {valid}")
        parsed.append((field, value))
    return parsed


def rows(name: str, where: list[str] | None = None, limit: int | None = None) -> list[dict[str, str]]:
    """Rows of resource ``name`` whose cells equal every ``FIELD=VALUE`` (exact string match).

    Several conditions must all hold; ``limit`` keeps the first rows, in file order.
    """
    package = descriptor.bundled()
    spec = package.resource(name)  # an unknown name lists the valid ones
    if limit is not None and limit < 0:
        raise KzfactsError(f"limit must be 0 or more, not {limit}")
    conditions = _conditions(where or [], spec.field_names)
    found: list[dict[str, str]] = []
    if limit == 0:
        return found
    for _, row in strict_rows(package, name):
        cells = dict(zip(spec.field_names, row, strict=True))
        if all(cells[field] == value for field, value in conditions):
            found.append(cells)
            if limit is not None and len(found) >= limit:
                break
    return found


def _columns(name: str, rows: list[dict[str, str]]) -> list[str]:
    """The rows' own keys (a caller may have dropped some), else the resource's fields."""
    return list(rows[0]) if rows else list(descriptor.bundled().resource(name).field_names)


def _table(name: str, rows: list[dict[str, str]], columns: list[str], width: int | None) -> str:
    """A rich table as plain text; one field/value block per row when the columns would not fit.

    Cells go in as rich Text, so brackets and colons stay literal and nothing is escaped.
    """
    try:
        from rich import box
        from rich.console import Console
        from rich.measure import Measurement
        from rich.table import Table
        from rich.text import Text
    except ImportError:
        raise KzfactsError("table output needs rich: pip install rich (or use csv or json)") from None

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
    title = f"{name} ({len(rows)} {'row' if len(rows) == 1 else 'rows'})"
    wide = Table(title=title, box=box.SIMPLE_HEAD)
    for column in columns:
        wide.add_column(Text(column), overflow="fold")
    for row in rows:
        wide.add_row(*(Text(row.get(column, "")) for column in columns))
    if Measurement.get(console, console.options.update_width(1 << 16), wide).maximum <= console.width:
        console.print(wide)
    else:
        # Squeezing many columns into a terminal breaks every word; a block per row reads better.
        console.print(Text(title))
        for row in rows:
            block = Table(box=box.SIMPLE, show_header=False)
            block.add_column(no_wrap=True)
            block.add_column(overflow="fold")
            for column in columns:
                block.add_row(Text(column), Text(row.get(column, "")))
            console.print(block)
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def render(name: str, rows: list[dict[str, str]], fmt: str, *, width: int | None = None) -> str:
    """Rows of resource ``name`` as ``fmt``: ``table`` for people, ``csv`` or ``json`` for programs.

    Text is never escaped or reordered, so Arabic comes out as the data's own Unicode string;
    ``width`` sets the table's width (default: the terminal's).
    """
    if fmt not in FORMATS:
        raise KzfactsError(f"unknown output format {fmt!r}; formats: {', '.join(FORMATS)}")
    columns = _columns(name, rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    return _table(name, rows, columns, width)
