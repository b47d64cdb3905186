"""SQLite with the schema's keys and CHECKs, and Datasette's metadata.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kzfacts.contract.meta import url_problem
from kzfacts.contract.spec import ResourceSpec
from kzfacts.errors import KzfactsError
from kzfacts.exports.bundle import Bundle, Format
from kzfacts.reading.cells import Cell


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_table(spec: ResourceSpec) -> str:
    """CREATE TABLE with the schema's types, required fields, enums, primary and foreign keys."""
    parts = []
    for field in spec.fields:
        column = f"{_ident(field.name)} {field.types.sqlite}"
        if field.required:
            column += " NOT NULL"
        if field.enum is not None:
            allowed = ", ".join(_literal(v) for v in field.enum)
            column += f" CHECK ({_ident(field.name)} IN ({allowed}))"
        parts.append(column)
    if spec.primary_key:
        parts.append(f"PRIMARY KEY ({', '.join(_ident(f) for f in spec.primary_key)})")
    for key in spec.foreign_keys:
        parts.append(
            f"FOREIGN KEY ({', '.join(_ident(f) for f in key.fields)}) "
            f"REFERENCES {_ident(key.resource)} ({', '.join(_ident(f) for f in key.reference_fields)})"
        )
    return f"CREATE TABLE {_ident(spec.name)} (\n  " + ",\n  ".join(parts) + "\n)"


def _in_key_order(
    resources: list[tuple[ResourceSpec, list[list[Cell]]]],
) -> list[tuple[ResourceSpec, list[list[Cell]]]]:
    """Resources with each one after those its foreign keys reference (then in descriptor order),
    whatever order the descriptor lists them in; a cycle keeps the rest in descriptor order."""
    pending = list(resources)
    placed: list[tuple[ResourceSpec, list[list[Cell]]]] = []
    names: set[str] = set()
    while pending:
        ready = next(
            (
                item
                for item in pending
                if all(k.resource in names or k.resource == item[0].name for k in item[0].foreign_keys)
            ),
            pending[0],
        )
        pending.remove(ready)
        placed.append(ready)
        names.add(ready[0].name)
    return placed


def _sql_value(value: Cell) -> str | int | float | None:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


LABEL_COLUMNS = {"sources": "publisher", "organizations": "name_en", "events": "name_en"}
"""The column Datasette shows for a row a foreign key links to (its label_column; one per table), for
the tables keys point at. Left to itself Datasette picks sources' ``title``, which is empty for the
untitled sources, so their links read "None". No single column of sources names the document for
every row: ``title`` and ``description`` (our bracketed description of an untitled document) are
each filled for only some sources, never both. ``publisher`` is filled for every source and
readable, and Datasette prints the id beside the label, so a link reads as the outlet and the
source's id (``Kazinform kazinform-2016-cica``)."""


def _datasette_metadata(bundle: Bundle) -> dict[str, Any]:
    about = bundle.about
    tables: dict[str, Any] = {}
    for spec in bundle.package.resources:
        tables[spec.name] = {
            "title": spec.title,
            "description": spec.description,
            "columns": {f.name: f.description for f in spec.fields if f.description},
        }
        if spec.name in LABEL_COLUMNS and LABEL_COLUMNS[spec.name] in spec.field_names:
            tables[spec.name]["label_column"] = LABEL_COLUMNS[spec.name]
    tables["kzfacts_about"] = {
        "description": "Version, data fingerprint, licence and citation of this export.",
        "columns": {"key": "What the value is.", "value": "The value."},
    }
    metadata: dict[str, Any] = {
        "title": about.title,
        "description": about.description,
        "license": about.license,
        "license_url": about.license_url,
        "source": f"kzfacts {about.data_version} (data fingerprint {about.fingerprint})",
        "source_url": about.homepage,
        "databases": {"kzfacts": {"tables": tables}},
    }
    for key in ("license_url", "source_url"):  # Datasette draws these as links: http(s) only
        if url_problem(metadata[key]) is not None:
            del metadata[key]
    return metadata


def write(outdir: Path, bundle: Bundle) -> list[str]:
    """kzfacts.db with declared keys (checked after loading) and Datasette's metadata.json."""
    import sqlite3

    about = bundle.about
    con = sqlite3.connect(outdir / "kzfacts.db", isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        # Checked at COMMIT, so rows may reference rows loaded later (self-references included).
        con.execute("PRAGMA defer_foreign_keys = ON")
        ordered = _in_key_order(bundle.resources())
        for spec, _ in ordered:
            con.execute(_create_table(spec))
        for spec, rows in ordered:
            columns = ", ".join(_ident(f.name) for f in spec.fields)
            marks = ", ".join("?" for _ in spec.fields)
            con.executemany(
                f"INSERT INTO {_ident(spec.name)} ({columns}) VALUES ({marks})",
                [[_sql_value(v) for v in row] for row in rows],
            )
        con.execute("CREATE TABLE kzfacts_about (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany(
            "INSERT INTO kzfacts_about (key, value) VALUES (?, ?)",
            [
                ("title", about.title),
                ("kzfacts_version", about.version),
                ("data_version", about.data_version),
                ("fingerprint", about.fingerprint),
                ("license", about.license),
                ("license_url", about.license_url),
                ("homepage", about.homepage),
                ("citation_apa", about.citation),
            ],
        )
        try:
            con.execute("COMMIT")
        except sqlite3.IntegrityError:
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
            raise KzfactsError(f"sqlite export: foreign keys do not hold: {broken[:5]}") from None
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise KzfactsError(f"sqlite export: foreign keys do not hold: {broken[:5]}")
    finally:
        con.close()
    metadata = json.dumps(_datasette_metadata(bundle), ensure_ascii=False, indent=2)
    (outdir / "metadata.json").write_text(metadata + "\n", encoding="utf-8")
    return ["kzfacts.db", "metadata.json"]


FORMAT = Format(needs=None, write=write)
