"""Exports, each opened with the reader its users have: DuckDB, sqlite3, json, openpyxl, csv."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kzfacts
from kzfacts import export, exports
from kzfacts.contract.locate import bundled
from kzfacts.errors import KzfactsError
from kzfacts.exports import FORMATS
from kzfacts.exports.bundle import Bundle, Format, neutralise

NAMES = kzfacts.resource_names()
COUNTS = {name: len(kzfacts.frame(name)) for name in NAMES}
SCO_AR = "منظمة شنغهاي للتعاون"
NEGATIVE_ID = "titr-2023-teu-trend-2024-05-29"  # a real figure with yoy_change_pct -39
HOSTILE = {
    "note": "=1+1",
    "attributed_to": "@SUM(A1)",
    "derivation": "-2+3",
    "locator": "+cmd|' /C calc'!A0",
    "flag": None,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format exported once into a fresh folder."""
    root = tmp_path_factory.mktemp("exports")
    return {fmt: _exported(root / fmt, fmt) for fmt in FORMATS}


def _exported(target: Path, fmt: str) -> Path:
    written = export(target, fmt)
    assert written and all(path.is_file() and path.parent == target for path in written)
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in written)
    return target


def _hostile_bundle() -> Bundle:
    """The real bundle with formula-like text planted in titr-2023-masarat."""
    real = exports.bundle.bundle(kzfacts.Package().data)
    spec = bundled().resource("corridor_tonnage")
    rows = {name: [list(row) for row in table] for name, table in real.rows.items()}
    for row in rows["corridor_tonnage"]:
        if row[0] == "titr-2023-masarat":
            for field, value in HOSTILE.items():
                if value is not None:
                    row[spec.field_names.index(field)] = value
            row[spec.field_names.index("evidence")] = ['=HYPERLINK("http://x")', "ok"]
    return Bundle(real.package, rows, real.about)


def test_each_format_names_an_extra_that_brings_what_it_needs():
    """A format that needs an optional module names the pip extra that installs it: the extra must
    exist and hold that module, or the error message would send users to a dead end."""
    from importlib.metadata import metadata

    requires = metadata("kzfacts").get_all("Requires-Dist") or []
    needed = {fmt: f.needs for fmt, f in FORMATS.items() if f.needs is not None}
    assert needed == {"parquet": ("pyarrow", "parquet"), "xlsx": ("openpyxl", "xlsx")}
    for module, extra in needed.values():
        marker = re.compile(rf"""extra == ["']{extra}["']""")
        assert any(r.startswith(module) and marker.search(r) for r in requires), (module, extra)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_says_version_fingerprint_and_citation(out: dict[str, Path], fmt: str):
    about = (out[fmt] / "ABOUT.txt").read_text(encoding="utf-8")
    assert about.startswith(f"kzfacts export ({fmt})")
    assert f"kzfacts version: {kzfacts.__version__}" in about
    assert f"data fingerprint: {kzfacts.fingerprint()}" in about
    assert kzfacts.cite(style="apa").strip() in about
    assert "CC-BY-4.0" in about


# --- parquet -------------------------------------------------------------------------------


def test_parquet_reads_in_duckdb_with_the_package_counts_and_values(out: dict[str, Path]):
    con = duckdb.connect()
    for name in NAMES:
        path = str(out["parquet"] / f"{name}.parquet")
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchone() == (COUNTS[name],)
    tonnage = str(out["parquet"] / "corridor_tonnage.parquet")
    row = con.execute(
        "SELECT value, status, period_start, period_end, evidence FROM read_parquet(?) WHERE id = ?",
        [tonnage, "titr-2023-masarat"],
    ).fetchone()
    assert row == (
        2.8,
        "actual",
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
        ["2.8 مليون طن من البضائع، بزيادة 90%"],
    )
    assert con.execute(
        "SELECT yoy_change_pct FROM read_parquet(?) WHERE id = ?", [tonnage, NEGATIVE_ID]
    ).fetchone() == (-39.0,)
    organizations = str(out["parquet"] / "organizations.parquet")
    assert con.execute(
        "SELECT name_ar FROM read_parquet(?) WHERE id = 'sco'", [organizations]
    ).fetchone() == (SCO_AR,)


def test_parquet_column_types_come_from_the_schema(out: dict[str, Path]):
    con = duckdb.connect()

    def types(name: str) -> dict[str, str]:
        path = str(out["parquet"] / f"{name}.parquet")
        return {r[0]: r[1] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()}

    tonnage = types("corridor_tonnage")
    assert tonnage["period_start"] == "DATE" and tonnage["period_end"] == "DATE"
    assert tonnage["value"] == "DOUBLE" and tonnage["evidence"] == "VARCHAR[]"
    events = types("events")
    assert events["edition"] == "BIGINT" and events["participant_count"] == "BIGINT"
    assert events["start_date"] == "VARCHAR"  # written to its precision (2025-05), so text
    assert types("sources")["accessed"] == "DATE"


def test_parquet_enums_are_dictionary_encoded_with_the_whole_enum(out: dict[str, Path]):
    table = pq.read_table(out["parquet"] / "corridor_tonnage.parquet")
    status = table.schema.field("status")
    assert pa.types.is_dictionary(status.type)
    assert pa.types.is_date32(table.schema.field("period_start").type)
    assert pa.types.is_int64(pq.read_schema(out["parquet"] / "events.parquet").field("edition").type)
    enum = bundled().resource("corridor_tonnage").field("status").enum
    assert table.column("status").chunk(0).dictionary.to_pylist() == list(enum or ())
    assert (
        status.metadata[b"description"].decode()
        == bundled().resource("corridor_tonnage").field("status").description
    )


def test_parquet_schema_metadata_carries_version_and_fingerprint(out: dict[str, Path]):
    metadata = pq.read_schema(out["parquet"] / "claims.parquet").metadata
    assert metadata[b"kzfacts_version"].decode() == kzfacts.__version__
    assert metadata[b"kzfacts_fingerprint"].decode() == kzfacts.fingerprint()
    assert metadata[b"kzfacts_resource"] == b"claims"
    assert b"pandas" not in metadata


# --- sqlite --------------------------------------------------------------------------------


@pytest.fixture
def db(out: dict[str, Path]) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(out["sqlite"] / "kzfacts.db")
    con.execute("PRAGMA foreign_keys = ON")
    yield con
    con.close()


def test_sqlite_counts_values_and_types(db: sqlite3.Connection):
    for name in NAMES:
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (COUNTS[name],)
    row = db.execute(
        "SELECT value, status, period_start, evidence FROM corridor_tonnage WHERE id = 'titr-2023-masarat'"
    ).fetchone()
    assert row[:3] == (2.8, "actual", "2023-01-01")
    assert json.loads(row[3]) == ["2.8 مليون طن من البضائع، بزيادة 90%"]
    assert db.execute("SELECT name_ar FROM organizations WHERE id = 'sco'").fetchone() == (SCO_AR,)
    columns = {r[1]: r[2] for r in db.execute("PRAGMA table_info(corridor_tonnage)")}
    assert (columns["value"], columns["period_start"], columns["id"]) == ("REAL", "TEXT", "TEXT")
    assert {r[1]: r[2] for r in db.execute("PRAGMA table_info(events)")}["edition"] == "INTEGER"


def test_sqlite_declares_the_descriptor_keys(db: sqlite3.Connection):
    for spec in bundled().resources:
        pk = [
            r[1] for r in sorted(db.execute(f'PRAGMA table_info("{spec.name}")'), key=lambda r: r[5]) if r[5]
        ]
        assert tuple(pk) == spec.primary_key
        declared = {(r[2], r[3], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{spec.name}")')}
        expected = {(key.resource, key.fields[0], key.reference_fields[0]) for key in spec.foreign_keys}
        assert declared == expected, spec.name
    # self-references are declared too
    fks = {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(sources)")}
    assert ("sources", "reprint_of") in fks
    assert ("events", "series_id") in {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(events)")}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_foreign_keys_are_enforced(db: sqlite3.Connection):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE corridor_tonnage SET source_id = 'no-such-source' WHERE id = 'titr-2023-masarat'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE corridor_tonnage SET status = 'rumour' WHERE id = 'titr-2023-masarat'")
    db.rollback()


def test_sqlite_about_table_and_datasette_metadata(db: sqlite3.Connection, out: dict[str, Path]):
    about = dict(db.execute("SELECT key, value FROM kzfacts_about").fetchall())
    assert about["fingerprint"] == kzfacts.fingerprint()
    assert about["kzfacts_version"] == kzfacts.__version__
    assert about["citation_apa"] == kzfacts.cite(style="apa").strip()
    metadata = json.loads((out["sqlite"] / "metadata.json").read_text(encoding="utf-8"))
    raw = bundled().raw
    assert metadata["title"] == raw["title"]
    assert metadata["license"] == "CC-BY-4.0"
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert metadata["source_url"] == raw["homepage"] and kzfacts.fingerprint() in metadata["source"]
    tables = metadata["databases"]["kzfacts"]["tables"]
    spec = bundled().resource("corridor_tonnage")
    assert tables["corridor_tonnage"]["description"] == spec.description
    assert tables["corridor_tonnage"]["columns"]["status"] == spec.field("status").description


def test_datasette_labels_every_row_a_foreign_key_links_to(db: sqlite3.Connection, out: dict[str, Path]):
    """Datasette shows a linked row by its table's label_column; left alone it picks sources'
    title, empty for untitled sources (their links read "None")."""
    tables = json.loads((out["sqlite"] / "metadata.json").read_text(encoding="utf-8"))["databases"]
    labels = {name: t.get("label_column") for name, t in tables["kzfacts"]["tables"].items()}
    targets = {fk.resource for spec in bundled().resources for fk in spec.foreign_keys}
    targets |= {spec.name for spec in bundled().resources if any(not fk.resource for fk in spec.foreign_keys)}
    assert targets <= {name for name, column in labels.items() if column}, labels
    for table in targets:
        column = labels[table]
        empty = db.execute(
            f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NULL OR trim("{column}") = \'\''
        ).fetchone()[0]
        assert empty == 0, (table, column)
    assert db.execute("SELECT count(*) FROM sources WHERE title IS NULL").fetchone()[0] > 0  # why not title


# --- json ----------------------------------------------------------------------------------


def test_json_records_and_their_descriptor(out: dict[str, Path]):
    for name in NAMES:
        records = json.loads((out["json"] / f"{name}.json").read_text(encoding="utf-8"))
        assert len(records) == COUNTS[name]
        assert list(records[0]) == list(bundled().resource(name).field_names)
    with (out["json"] / "corridor_tonnage.json").open(encoding="utf-8") as handle:
        tonnage = {r["id"]: r for r in json.load(handle)}
    fig = tonnage["titr-2023-masarat"]
    assert (fig["value"], fig["status"], fig["period_start"], fig["flag"]) == (
        2.8,
        "actual",
        "2023-01-01",
        None,
    )
    assert fig["evidence"] == ["2.8 مليون طن من البضائع، بزيادة 90%"]
    assert tonnage[NEGATIVE_ID]["yoy_change_pct"] == -39
    events = {r["id"]: r for r in json.loads((out["json"] / "events.json").read_text(encoding="utf-8"))}
    assert events["astana-process"]["participants"] == ["RUS", "TUR", "IRN", "Syrian parties"]
    organizations = json.loads((out["json"] / "organizations.json").read_text(encoding="utf-8"))
    assert {o["id"]: o["name_ar"] for o in organizations}["sco"] == SCO_AR
    assert SCO_AR in (out["json"] / "organizations.json").read_text(encoding="utf-8")  # not \u-escaped
    described = json.loads((out["json"] / "datapackage.json").read_text(encoding="utf-8"))
    assert [(r["path"], r["format"]) for r in described["resources"]] == [
        (f"{n}.json", "json") for n in NAMES
    ]
    assert described["resources"][4]["schema"] == bundled().raw["resources"][4]["schema"]


# --- xlsx ----------------------------------------------------------------------------------


def _sheet_rows(path: Path, sheet: str) -> dict[str, dict[str, object]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return {str(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}


def test_xlsx_sheets_counts_and_values(out: dict[str, Path]):
    book = openpyxl.load_workbook(out["xlsx"] / "kzfacts.xlsx")
    assert book.sheetnames == ["about", *NAMES]
    for name in NAMES:
        assert book[name].max_row - 1 == COUNTS[name]
    about = {r[0]: r[1] for r in book["about"].iter_rows(values_only=True)}
    assert about["data fingerprint"] == kzfacts.fingerprint()
    assert about["kzfacts version"] == kzfacts.__version__
    assert about["cite as (APA)"] == kzfacts.cite(style="apa").strip()
    assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    tonnage = _sheet_rows(out["xlsx"] / "kzfacts.xlsx", "corridor_tonnage")
    fig = tonnage["titr-2023-masarat"]
    assert (fig["value"], fig["status"], fig["period_start"]) == (2.8, "actual", dt.datetime(2023, 1, 1))
    assert _sheet_rows(out["xlsx"] / "kzfacts.xlsx", "organizations")["sco"]["name_ar"] == SCO_AR


def test_xlsx_negative_numbers_stay_numeric(out: dict[str, Path]):
    sheet = openpyxl.load_workbook(out["xlsx"] / "kzfacts.xlsx")["corridor_tonnage"]
    column = [c.value for c in sheet[1]].index("yoy_change_pct")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == NEGATIVE_ID)
    assert row[column].data_type == "n" and row[column].value == -39


def test_xlsx_hostile_text_stays_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    hostile = _hostile_bundle()
    monkeypatch.setattr(exports.bundle, "bundle", lambda package: hostile)
    export(tmp_path / "x", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "x" / "kzfacts.xlsx")
    assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    fig = _sheet_rows(tmp_path / "x" / "kzfacts.xlsx", "corridor_tonnage")["titr-2023-masarat"]
    assert fig["note"] == "'=1+1"
    assert fig["attributed_to"] == "'@SUM(A1)"
    assert fig["derivation"] == "'-2+3"
    assert fig["locator"] == "'+cmd|' /C calc'!A0"
    assert fig["evidence"] == '\'=HYPERLINK("http://x");ok'
    assert fig["value"] == 2.8 and fig["yoy_change_pct"] == 90


# --- csv -----------------------------------------------------------------------------------


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_csv_counts_values_and_bom(out: dict[str, Path]):
    for name in NAMES:
        assert len(_csv_rows(out["csv"] / f"{name}.csv")) == COUNTS[name]
        assert (out["csv"] / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    tonnage = _csv_rows(out["csv"] / "corridor_tonnage.csv")
    fig = tonnage["titr-2023-masarat"]
    assert (fig["value"], fig["status"], fig["period_start"], fig["yoy_change_pct"]) == (
        "2.8",
        "actual",
        "2023-01-01",
        "90",
    )
    assert tonnage[NEGATIVE_ID]["yoy_change_pct"] == "-39"  # a real number: not neutralised
    assert _csv_rows(out["csv"] / "organizations.csv")["sco"]["name_ar"] == SCO_AR


def test_csv_hostile_text_is_neutralised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    hostile = _hostile_bundle()
    monkeypatch.setattr(exports.bundle, "bundle", lambda package: hostile)
    export(tmp_path / "c", "csv")
    tonnage = _csv_rows(tmp_path / "c" / "corridor_tonnage.csv")
    fig = tonnage["titr-2023-masarat"]
    assert (fig["note"], fig["attributed_to"], fig["derivation"]) == ("'=1+1", "'@SUM(A1)", "'-2+3")
    assert fig["evidence"] == '\'=HYPERLINK("http://x");ok'
    assert tonnage[NEGATIVE_ID]["yoy_change_pct"] == "-39"


def test_neutralise_follows_owasp():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("+1") == "'+1"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("\r=1") == "'\r=1"
    for safe in ("", "2.8", "a=b", SCO_AR, "p7", " plain", "\uff21"):
        assert neutralise(safe) == safe


@pytest.mark.parametrize(
    "text",
    [
        "  =1+1",
        "\u200b=1+1",
        "\ufeff@SUM(A1)",
        "\u202e+1",
        "\uff1d1+1",
        "\ufe66cmd",
        " \u00a0-2+3",
        "\uff20A1",
    ],
)
def test_neutralise_judges_the_cell_a_spreadsheet_sees(text: str):
    """Spreadsheets skip leading spaces and invisible marks, and read a fullwidth ＝ as =: the rule
    applies to what is left."""
    assert neutralise(text) == "'" + text


def test_csv_export_neutralises_a_padded_or_fullwidth_formula(tmp_path: Path):
    """End to end: a valid fork whose cells hide formulas behind a space or in fullwidth form."""
    import shutil

    from kzfacts.reading import build

    folder = tmp_path / "pkg"
    shutil.copytree(kzfacts.package_path().parent, folder)
    path = folder / "data" / "corridor_tonnage.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    note = rows[0].index("note")
    rows[1][note], rows[2][note] = " =HYPERLINK(1)", "\uff1dHYPERLINK(1)"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build.write(folder / "datapackage.json")
    kzfacts.Package(folder).export(tmp_path / "c", "csv")
    written = list(
        csv.reader((tmp_path / "c" / "corridor_tonnage.csv").open(encoding="utf-8-sig", newline=""))
    )
    assert (written[1][note], written[2][note]) == ("' =HYPERLINK(1)", "'\uff1dHYPERLINK(1)")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_invalid_package_is_not_exported(tmp_path: Path, fmt: str):
    """sqlite and parquet used to crash on an empty required cell, the others to copy it on."""
    import shutil

    from kzfacts.reading import build

    folder = tmp_path / "pkg"
    shutil.copytree(kzfacts.package_path().parent, folder)
    path = folder / "data" / "corridor_tonnage.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",3.4,", ",,", 1), encoding="utf-8")
    build.write(folder / "datapackage.json")
    with pytest.raises(KzfactsError) as info:
        kzfacts.Package(folder).export(tmp_path / "out", fmt)
    assert str(info.value).startswith(f"{folder / 'datapackage.json'} is not valid (1 error(s); first: ")
    assert "data/corridor_tonnage.csv, row 3, field value: [constraint-error]" in str(info.value)
    assert _siblings(tmp_path) == ["pkg"]


def test_an_unwritable_place_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(KzfactsError, match=r"cannot write to .*file/x: .*file is a file, not a folder"):
        export(tmp_path / "file" / "x" / "out", "csv")

    def read_only(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(KzfactsError, match=rf"cannot write to {tmp_path}: Permission denied"):
        export(tmp_path / "out", "csv")
    assert _siblings(tmp_path) == ["file"]


def test_an_export_never_replaces_one_that_appeared_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two exports to one folder without --force: the second to finish leaves the first's intact."""
    target = tmp_path / "out"
    real_write = exports.FORMATS["json"].write

    def write_then_race(outdir: Path, rows: Bundle) -> list[str]:
        names = real_write(outdir, rows)
        export(target, "csv")  # another export finishes first
        return names

    monkeypatch.setitem(exports.FORMATS, "json", Format(None, write_then_race))
    with pytest.raises(KzfactsError, match="was created while this export ran"):
        export(target, "json")
    assert (target / "events.csv").is_file() and not (target / "events.json").exists()
    assert _siblings(tmp_path) == ["out"]


def test_the_next_export_cleans_up_after_a_killed_one(tmp_path: Path):
    """A killed export leaves its staging folder (named with its process id); if it was killed while
    the previous export was set aside, the next run puts that export back before going on."""
    target = tmp_path / "out"
    export(target, "csv")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    staging = tmp_path / f".out.kzfacts-tmp-{int(dead.stdout)}-abc"
    staging.mkdir()
    os.replace(target, staging / "previous")  # killed between the two renames
    (staging / "out").mkdir()
    with pytest.raises(KzfactsError, match="exists; pass force=True"):
        export(target, "json")  # the previous export is back, so this one must not replace it
    assert (target / "events.csv").is_file()
    assert _siblings(tmp_path) == ["out"]


# --- atomicity -----------------------------------------------------------------------------


def _siblings(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


def test_existing_outdir_without_force_is_left_untouched(tmp_path: Path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KzfactsError, match=r"exists; pass force=True / --force"):
        export(target, "json")
    assert _siblings(target) == ["mine.txt"]
    assert _siblings(tmp_path) == ["out"]


def test_force_replaces_an_earlier_export(tmp_path: Path):
    target = tmp_path / "out"
    export(target, "json")
    (target / "stale.txt").write_text("old", encoding="utf-8")
    written = export(target, "csv", force=True)
    assert _siblings(target) == sorted(p.name for p in written)
    assert "stale.txt" not in _siblings(target)
    assert _siblings(tmp_path) == ["out"]


def test_force_refuses_to_wipe_a_folder_that_is_not_an_export(tmp_path: Path):
    target = tmp_path / "project"
    target.mkdir()
    (target / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(KzfactsError, match="not a kzfacts export"):
        export(target, "csv", force=True)
    assert _siblings(target) == ["thesis.tex"]


def test_force_replaces_an_empty_folder(tmp_path: Path):
    (tmp_path / "out").mkdir()
    export(tmp_path / "out", "csv", force=True)
    assert (tmp_path / "out" / "ABOUT.txt").is_file()


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failure_mid_export_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
):
    def broken(outdir: Path, bundle: Bundle) -> list[str]:
        (outdir / "half.json").write_text("[", encoding="utf-8")
        raise error

    monkeypatch.setitem(FORMATS, "json", Format(None, broken))
    with pytest.raises(type(error)):
        export(tmp_path / "out", "json")
    assert _siblings(tmp_path) == []


def test_a_failed_forced_export_keeps_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "out"
    export(target, "json")
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def broken(outdir: Path, bundle: Bundle) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setitem(FORMATS, "csv", Format(None, broken))
    with pytest.raises(RuntimeError):
        export(target, "csv", force=True)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert _siblings(tmp_path) == ["out"]


def test_a_failed_swap_puts_the_old_export_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "out"
    export(target, "json")
    before = _siblings(target)
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target and Path(src).name == "out":
            raise OSError("rename failed")
        real_replace(src, dst)

    monkeypatch.setattr(exports.staging.os, "replace", replace)
    with pytest.raises(
        KzfactsError, match=r"cannot write the export to .*out: rename failed; nothing was changed"
    ):
        export(target, "csv", force=True)
    assert _siblings(target) == before
    assert _siblings(tmp_path) == ["out"]


def test_export_creates_missing_parents(tmp_path: Path):
    export(tmp_path / "a" / "b", "json")
    assert (tmp_path / "a" / "b" / "events.json").is_file()


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "module", "message"),
    [
        ("parquet", "pyarrow", "parquet export needs pyarrow: pip install 'kzfacts[parquet]'"),
        ("xlsx", "openpyxl", "xlsx export needs openpyxl: pip install 'kzfacts[xlsx]'"),
    ],
)
def test_missing_optional_dependency_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, module: str, message: str
):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(KzfactsError) as info:
        export(tmp_path / "out", fmt)
    assert str(info.value) == message
    assert _siblings(tmp_path) == []


def test_unknown_format_lists_the_formats(tmp_path: Path):
    with pytest.raises(
        KzfactsError, match="unknown export format 'feather'; formats: parquet, sqlite, json, xlsx, csv"
    ):
        export(tmp_path / "out", "feather")
    assert _siblings(tmp_path) == []


def test_importing_exports_and_show_loads_no_heavy_library():
    code = (
        "import sys, kzfacts.exports, kzfacts.cli.show; "
        "print([m for m in ('pandas', 'pyarrow', 'openpyxl', 'rich', 'sqlite3') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_json_export_is_itself_a_valid_data_package(tmp_path: Path) -> None:
    import frictionless

    export(tmp_path / "json", "json")
    report = frictionless.Package(str(tmp_path / "json" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert [t.name for t in report.tasks] == list(kzfacts.resource_names())
