"""Export the bundled data package to Parquet, SQLite, JSON, Excel or spreadsheet CSV.

Each export is a folder written atomically: everything goes into a hidden temporary sibling
first and is renamed into place only when complete, so OUTDIR either holds a whole export or
nothing. Every export carries the kzfacts version, the data fingerprint and the APA citation
(``ABOUT.txt``, plus the format's own metadata), so a copy that travels on its own still says
which data it holds and how to cite it.

Column types come from the Table Schema through :func:`kzfacts.frames.frame`, never from
guessing. The datapackage's own CSV files stay the canonical data; these are conveniences.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from kzfacts import descriptor
from kzfacts.descriptor import FieldSpec, PackageSpec, ResourceSpec
from kzfacts.errors import KzfactsError

FORMATS: tuple[str, ...] = ("parquet", "sqlite", "json", "xlsx", "csv")

ABOUT_FILE = "ABOUT.txt"
_ABOUT_HEADER = "kzfacts export"

# Optional dependencies: format -> (module, pip extra).
_NEEDS: dict[str, tuple[str, str]] = {"parquet": ("pyarrow", "parquet"), "xlsx": ("openpyxl", "xlsx")}

# A text cell starting with one of these is run as a formula by some spreadsheet (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# One cell as a plain Python value: what every writer starts from.
Cell = str | int | float | bool | dt.date | list[str] | None


@dataclass(frozen=True)
class About:
    """Who made an export and how to cite it: written into every format."""

    title: str
    version: str
    data_version: str
    fingerprint: str
    citation: str
    license: str
    license_url: str
    homepage: str
    description: str


@dataclass(frozen=True)
class Bundle:
    """The package, its rows as plain values (read once), and the about data, for the writers."""

    package: PackageSpec
    rows: dict[str, list[list[Cell]]]
    about: About

    def resources(self) -> list[tuple[ResourceSpec, list[list[Cell]]]]:
        return [(spec, self.rows[spec.name]) for spec in self.package.resources]


Writer = Callable[[Path, Bundle], list[str]]


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV-injection guidance).

    Only text goes through here: real numeric cells, negative ones included, stay numbers.
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _import(name: str) -> ModuleType:
    """Import an optional module untyped (pyarrow and openpyxl ship no type information)."""
    return importlib.import_module(name)


def _require(fmt: str) -> None:
    """Fail before any work when the format's optional dependency is missing."""
    if fmt not in _NEEDS:
        return
    module, extra = _NEEDS[fmt]
    try:
        _import(module)
    except ImportError:
        raise KzfactsError(f"{fmt} export needs {module}: pip install 'kzfacts[{extra}]'") from None


def _installed_version() -> str:
    import kzfacts

    return str(kzfacts.__version__)


def _about(package: PackageSpec) -> About:
    import kzfacts
    from kzfacts.hashing import fingerprint

    raw = package.raw
    licence = (raw.get("licenses") or [{}])[0]
    return About(
        title=package.title,
        version=_installed_version(),
        data_version=package.version,
        fingerprint=fingerprint(package),
        citation=kzfacts.cite(style="apa").strip(),
        license=str(licence.get("name", "")),
        license_url=str(licence.get("path", "")),
        homepage=str(raw.get("homepage", "")),
        description=str(raw.get("description", "")),
    )


def _native(field: FieldSpec, value: Any) -> Cell:
    """One DataFrame cell as a plain value of the schema's type; missing becomes None."""
    import pandas as pd

    if field.type == "list" and not pd.api.types.is_scalar(value):
        return [str(item) for item in value]  # frames gives tuples, or arrays under pandas 3
    if value is None or pd.isna(value):
        return None
    if field.enum is not None:
        return str(value)
    if field.type == "date":
        stamp: dt.datetime = pd.Timestamp(value)
        return stamp.date()
    if field.type == "integer":
        return int(value)
    if field.type == "number":
        return float(value)
    if field.type == "boolean":
        return bool(value)
    return str(value)


def _rows(package: PackageSpec, spec: ResourceSpec) -> list[list[Cell]]:
    from kzfacts.frames import frame

    df = frame(spec.name, package)
    columns = [[_native(field, v) for v in df[field.name].tolist()] for field in spec.fields]
    return [list(row) for row in zip(*columns, strict=True)]


def _bundle() -> Bundle:
    package = descriptor.bundled()
    rows = {spec.name: _rows(package, spec) for spec in package.resources}
    return Bundle(package, rows, _about(package))


def _text(field: FieldSpec, value: Cell) -> str:
    """A cell as text the way the data package writes it: ISO dates, lists joined, numbers short."""
    if value is None:
        return ""
    if isinstance(value, list):
        return field.delimiter.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def about_text(bundle: Bundle, fmt: str) -> str:
    """The ABOUT.txt of an export: provenance, licence, citation and what each file holds."""
    about = bundle.about
    lines = [
        f"{_ABOUT_HEADER} ({fmt})",
        "",
        about.title,
        f"kzfacts version: {about.version}",
        f"data package version: {about.data_version}",
        f"data fingerprint: {about.fingerprint}",
        f"license: {about.license} {about.license_url}".rstrip(),
        f"homepage: {about.homepage}",
        "",
        "Cite as (APA):",
        about.citation,
        "",
        "Tables:",
    ]
    for spec, rows in bundle.resources():
        lines.append(f"  {spec.name}: {len(rows)} rows. {spec.description}".rstrip())
    lines += [
        "",
        "This is a derived copy. The canonical data are the CSV files and datapackage.json of the",
        "kzfacts data package (kzfacts.package_path()); check a copy with kzfacts.require(fingerprint=...).",
        "",
    ]
    return "\n".join(lines)


# --- parquet -------------------------------------------------------------------------------


def _arrow_type(pa: ModuleType, field: FieldSpec) -> Any:
    if field.enum is not None:
        return pa.dictionary(pa.int32(), pa.string(), ordered=field.categories_ordered)
    return {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }.get(field.type, pa.string())


def _arrow_array(pa: ModuleType, field: FieldSpec, values: list[Cell]) -> Any:
    if field.enum is not None:
        # The dictionary is the whole enum in schema order, so readers see every category.
        position = {value: n for n, value in enumerate(field.enum)}
        indices = pa.array([None if v is None else position[str(v)] for v in values], type=pa.int32())
        dictionary = pa.array(list(field.enum), type=pa.string())
        return pa.DictionaryArray.from_arrays(indices, dictionary, ordered=field.categories_ordered)
    return pa.array(values, type=_arrow_type(pa, field))


def _write_parquet(outdir: Path, bundle: Bundle) -> list[str]:
    """One Parquet file per resource; version and fingerprint in the Arrow schema metadata."""
    pa = _import("pyarrow")
    pq = _import("pyarrow.parquet")
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


# --- sqlite --------------------------------------------------------------------------------

_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_table(spec: ResourceSpec) -> str:
    """CREATE TABLE with the schema's types, required fields, enums, primary and foreign keys."""
    parts = []
    for field in spec.fields:
        column = f"{_ident(field.name)} {_SQL_TYPES.get(field.type, 'TEXT')}"
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


def _sql_value(value: Cell) -> str | int | float | None:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _datasette_metadata(bundle: Bundle) -> dict[str, Any]:
    about = bundle.about
    tables: dict[str, Any] = {}
    for spec in bundle.package.resources:
        tables[spec.name] = {
            "title": spec.title,
            "description": spec.description,
            "columns": {f.name: f.description for f in spec.fields if f.description},
        }
    tables["kzfacts_about"] = {
        "description": "Version, data fingerprint, licence and citation of this export.",
        "columns": {"key": "What the value is.", "value": "The value."},
    }
    return {
        "title": about.title,
        "description": about.description,
        "license": about.license,
        "license_url": about.license_url,
        "source": f"kzfacts {about.data_version} (data fingerprint {about.fingerprint})",
        "source_url": about.homepage,
        "databases": {"kzfacts": {"tables": tables}},
    }


def _write_sqlite(outdir: Path, bundle: Bundle) -> list[str]:
    """kzfacts.db with declared keys (checked after loading) and Datasette's metadata.json."""
    import sqlite3

    about = bundle.about
    con = sqlite3.connect(outdir / "kzfacts.db", isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        # Checked at COMMIT, so rows may reference rows loaded later (self-references included).
        con.execute("PRAGMA defer_foreign_keys = ON")
        for spec, rows in bundle.resources():
            con.execute(_create_table(spec))
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


# --- json ----------------------------------------------------------------------------------


def _write_json(outdir: Path, bundle: Bundle) -> list[str]:
    """``<resource>.json`` (a list of records) per resource, plus a datapackage.json describing them."""
    written = []
    for spec, rows in bundle.resources():
        records = [
            {
                f.name: (v.isoformat() if isinstance(v, dt.date) else v)
                for f, v in zip(spec.fields, row, strict=True)
            }
            for row in rows
        ]
        name = f"{spec.name}.json"
        text = json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False)
        (outdir / name).write_text(text + "\n", encoding="utf-8")
        written.append(name)
    # The descriptor, rewritten to describe these JSON files, so that the export is itself a
    # data package (frictionless validates it with its json extra). frictionless does not
    # count bytes or hashes of JSON data, so those are dropped; ABOUT.txt has the fingerprint.
    raw = json.loads(json.dumps(bundle.package.raw))
    for resource in raw["resources"]:
        resource.update(path=f"{resource['name']}.json", format="json", mediatype="application/json")
        resource.pop("bytes", None)
        resource.pop("hash", None)
    descriptor_text = json.dumps(raw, ensure_ascii=False, indent=2) + "\n"
    (outdir / "datapackage.json").write_text(descriptor_text, encoding="utf-8")
    written.append("datapackage.json")
    return written


# --- xlsx ----------------------------------------------------------------------------------


def _xlsx_value(field: FieldSpec, value: Cell, illegal: Any) -> Cell:
    """Numbers and dates stay typed; text is neutralised and stripped of XML-illegal characters."""
    if isinstance(value, list | str):
        return neutralise(illegal.sub("", _text(field, value)))
    return value


def _write_xlsx(outdir: Path, bundle: Bundle) -> list[str]:
    """kzfacts.xlsx: an ``about`` sheet, then one sheet per resource."""
    openpyxl = _import("openpyxl")
    illegal = _import("openpyxl.cell.cell").ILLEGAL_CHARACTERS_RE
    letter = _import("openpyxl.utils").get_column_letter
    about = bundle.about
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "about"
    for key, value in [
        ("title", about.title),
        ("kzfacts version", about.version),
        ("data package version", about.data_version),
        ("data fingerprint", about.fingerprint),
        ("license", f"{about.license} {about.license_url}".strip()),
        ("homepage", about.homepage),
        ("cite as (APA)", about.citation),
        ("canonical data", "the CSV files of the kzfacts data package; this workbook is a copy"),
    ] + [(spec.name, f"{len(rows)} rows. {spec.description}") for spec, rows in bundle.resources()]:
        sheet.append([neutralise(key), neutralise(illegal.sub("", value))])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for spec, rows in bundle.resources():
        if len(spec.name) > 31:
            raise KzfactsError(f"xlsx export: sheet names are at most 31 characters; {spec.name!r} is longer")
        sheet = workbook.create_sheet(spec.name)
        sheet.append([neutralise(f.name) for f in spec.fields])
        widths = [len(f.name) for f in spec.fields]
        for row in rows:
            sheet.append([_xlsx_value(f, v, illegal) for f, v in zip(spec.fields, row, strict=True)])
            widths = [max(w, len(_text(f, v))) for w, f, v in zip(widths, spec.fields, row, strict=True)]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[letter(i)].width = min(width + 2, 60)
        sheet.freeze_panes = "A2"
    workbook.save(outdir / "kzfacts.xlsx")
    return ["kzfacts.xlsx"]


# --- csv -----------------------------------------------------------------------------------


def _csv_cell(field: FieldSpec, value: Cell) -> str:
    text = _text(field, value)
    return neutralise(text) if isinstance(value, list | str) else text


def _write_csv(outdir: Path, bundle: Bundle) -> list[str]:
    """One CSV per resource, for spreadsheets: formula-like text neutralised, UTF-8 with BOM.

    The datapackage's own CSV files are the canonical data; these are safe to double-click
    (Excel reads the BOM as UTF-8, so Arabic survives) but text starting with ``=``, ``+``,
    ``-`` or ``@`` carries a leading ``'``.
    """
    written = []
    for spec, rows in bundle.resources():
        name = f"{spec.name}.csv"
        with (outdir / name).open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(f.name) for f in spec.fields])
            for row in rows:
                writer.writerow([_csv_cell(f, v) for f, v in zip(spec.fields, row, strict=True)])
        written.append(name)
    return written


_WRITERS: dict[str, Writer] = {
    "parquet": _write_parquet,
    "sqlite": _write_sqlite,
    "json": _write_json,
    "xlsx": _write_xlsx,
    "csv": _write_csv,
}


# --- the atomic folder ---------------------------------------------------------------------


def _is_export(path: Path) -> bool:
    """True for an empty folder or one holding an ABOUT.txt written by kzfacts."""
    if not path.is_dir():
        return False
    if not any(path.iterdir()):
        return True
    about = path / ABOUT_FILE
    try:
        with about.open("rb") as handle:
            return handle.read(len(_ABOUT_HEADER)).decode("utf-8", "replace") == _ABOUT_HEADER
    except OSError:
        return False


def _swap_in(staged: Path, out: Path, aside: Path) -> None:
    """Rename ``staged`` to ``out``; a previous ``out`` goes to ``aside`` first, back on failure."""
    if not (out.exists() or out.is_symlink()):
        os.replace(staged, out)
        return
    os.replace(out, aside)
    try:
        os.replace(staged, out)
    except BaseException:
        os.replace(aside, out)
        raise


def export(outdir: Path | str, fmt: str, *, force: bool = False) -> list[Path]:
    """Write the bundled package to ``outdir`` as ``fmt`` (one of FORMATS); return the files written.

    The folder appears complete or not at all. An existing ``outdir`` is an error unless
    ``force`` is true; even then kzfacts replaces only an empty folder or an earlier kzfacts
    export (one holding its ABOUT.txt), so a mistyped path cannot wipe unrelated files.
    """
    if fmt not in _WRITERS:
        raise KzfactsError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    _require(fmt)
    out = Path(os.path.abspath(Path(outdir).expanduser()))
    if out.name in ("", ".", ".."):
        raise KzfactsError(f"cannot export to {out}: name a folder to create")
    if out.exists() or out.is_symlink():
        if not force:
            raise KzfactsError(f"{out} exists; pass force=True / --force to replace it")
        if not _is_export(out):
            raise KzfactsError(
                f"{out} exists and is not a kzfacts export (no {ABOUT_FILE} written by kzfacts); "
                "not replacing it even with force: remove it yourself or choose another folder"
            )
    bundle = _bundle()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".kzfacts-tmp", dir=out.parent))
    try:
        # A plain mkdir inside the private temp folder, so the export gets the user's umask.
        staged = work / out.name
        staged.mkdir()
        names = _WRITERS[fmt](staged, bundle)
        (staged / ABOUT_FILE).write_text(about_text(bundle, fmt), encoding="utf-8")
        _swap_in(staged, out, work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [out / name for name in [*names, ABOUT_FILE]]
