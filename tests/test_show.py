"""kzfacts show: rows filtered by FIELD=VALUE, rendered as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

import kzfacts
from kzfacts.cli.render import FORMATS, columns, render
from kzfacts.cli.render import rows as read_rows
from kzfacts.errors import DataFileError, InvalidArgumentError, KzfactsError, UnknownResourceError

SCO_AR = "منظمة شنغهاي للتعاون"
PKG = kzfacts.Package()


def rows(name: str, where: list[str] | None = None, limit: int | None = None) -> list[dict[str, str]]:
    """Rows as dicts of the file's cells, for readable assertions."""
    names = PKG.spec.resource(name).field_names
    return [dict(zip(names, row, strict=True)) for row in read_rows(PKG, name, where, limit)]


def shown(name: str, where: list[str] | None, fmt: str, chosen: str | None = "all", width: int = 100) -> str:
    spec = PKG.spec.resource(name)
    return render(spec, read_rows(PKG, name, where), fmt, columns(spec, chosen), width=width)


def test_all_rows_by_default():
    assert len(rows("corridor_tonnage")) == len(kzfacts.corridor_tonnage())
    assert [r["id"] for r in rows("organizations", None, None)] == list(kzfacts.organizations().ids)


def test_where_matches_the_cell_string_exactly():
    (fig,) = rows("corridor_tonnage", ["id=titr-2023-masarat"], None)
    assert (fig["value"], fig["status"], fig["period_start"], fig["yoy_change_pct"]) == (
        "2.8",
        "actual",
        "2023-01-01",
        "90",
    )
    assert fig["flag"] == ""  # missing is the empty string, as in the file
    assert rows("corridor_tonnage", ["id=titr-2023"], None) == []  # no prefix matching
    assert rows("corridor_tonnage", ["value=2.80"], None) == []  # string form, not numeric equality


def test_several_conditions_must_all_hold():
    found = rows("corridor_tonnage", ["source_id=masarat-2025", "status=forecast"], None)
    assert [r["id"] for r in found] == ["titr-2024-forecast-masarat"]


def test_a_value_outside_the_enum_is_an_error_not_an_empty_result():
    with pytest.raises(InvalidArgumentError, match="status is never 'actuals'; its values: actual,"):
        rows("corridor_tonnage", ["status=actuals"])


def test_empty_value_matches_missing_cells():
    found = rows("corridor_tonnage", ["flag="], None)
    assert len(found) == sum(1 for f in kzfacts.corridor_tonnage() if f.flag is None)


def test_value_may_contain_equals_signs():
    """Only the first = separates field from value: a URL with a query string still matches
    (a naive split on every = would look for 'https://masaratcsm.org/masarat/ar/?p' instead)."""
    url = "https://masaratcsm.org/masarat/ar/?p=5698"
    assert [r["id"] for r in rows("sources", [f"url={url}"], None)] == ["masarat-2025"]
    assert rows("claims", ["note=a=b"], None) == []


def test_limit_keeps_the_first_rows_in_file_order():
    everything = rows("sources", None, None)
    assert rows("sources", None, 2) == everything[:2]
    assert rows("sources", None, 0) == []
    assert len(rows("corridor_tonnage", ["source_id=masarat-2025"], 1)) == 1
    with pytest.raises(KzfactsError, match="limit"):
        rows("sources", None, -1)


def test_unknown_field_names_the_valid_fields():
    with pytest.raises(KzfactsError) as info:
        rows("corridor_tonnage", ["colour=red"], None)
    assert "'colour'" in str(info.value)
    assert "fields: id, corridor, measure, scope, value" in str(info.value)


@pytest.mark.parametrize("bad", ["status", "=actual", ""])
def test_malformed_where_names_the_valid_fields(bad: str):
    with pytest.raises(KzfactsError, match=r"is not FIELD=VALUE; fields: id, corridor"):
        rows("corridor_tonnage", [bad], None)


def test_unknown_resource_lists_the_resources():
    with pytest.raises(UnknownResourceError, match="valid names: sources, organizations"):
        rows("tonnage", None, None)


def test_table_is_one_line_per_record_and_keeps_arabic_unchanged():
    table = shown("organizations", ["id=sco"], "table", "id,name_en,name_ar")
    assert SCO_AR in table
    header = next(line for line in table.splitlines() if "name_ar" in line)
    assert header.split() == ["id", "name_en", "name_ar"]
    body = [line for line in table.splitlines() if "sco" in line.split()[:1]]
    assert len(body) == 1 and "Shanghai Cooperation Organisation" in body[0]
    assert "\\u" not in table


def test_wide_cells_end_in_an_ellipsis_and_every_column_asked_for_is_shown():
    table = shown("organizations", ["id=cica"], "table", "id,name_en,acronym,evidence", width=60)
    assert all(len(line) <= 60 for line in table.splitlines())
    header = next(line for line in table.splitlines() if "name_en" in line)
    assert header.split() == ["id", "name_en", "acronym", "evidence"]
    assert "Conference on Inter" in table and "…" in table
    assert "CICA" in table.split()  # a short cell is never cut
    assert "not shown" not in table


def test_columns_asked_for_all_fit_an_80_column_terminal():
    """The issue's case: six columns at 80; the key is cut last, a status never."""
    asked = "id,value,unit,period_end,status,source_id"
    out = subprocess.run(
        [sys.executable, "-m", "kzfacts", "show", "corridor_tonnage", "--columns", asked],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    header = next(line for line in lines if line.split()[:1] == ["id"])
    assert header.split() == ["id", "value", "unit", "period_end", "status", "source_id"]
    assert all(len(line) <= 80 for line in lines[1:]), max(lines[1:], key=len)
    assert "not shown" not in out.stdout and "wider than the terminal" not in out.stdout
    forecast = next(line for line in lines if "4.2" in line.split())
    assert forecast.split()[1:5] == ["4.2", "Mt", "2024-12-31", "forecast"]
    assert "partial-period-actual" in out.stdout
    body = lines[lines.index(header) + 2 :]
    source_width = max(len(line) - header.index("source_id") for line in body)
    assert header.index("value") - 2 >= source_width  # the key is cut last
    assert source_width < len("reportaz-2026-03-10-titr")  # so source_id was cut first


def test_columns_too_wide_however_cut_are_drawn_whole_and_the_caption_says_so():
    table = shown("corridor_tonnage", ["id=titr-2024-9m-masarat"], "table", "all", width=80)
    spec = PKG.spec.resource("corridor_tonnage")
    header = next(line for line in table.splitlines() if line.split()[:1] == ["id"])
    assert header.split() == list(spec.field_names)
    assert "titr-2024-9m-masarat" in table  # nothing cut when the table is scrolled anyway
    assert "wider than the terminal (80): view with less -S" in " ".join(table.split())


@pytest.mark.parametrize(
    ("resource", "needed"),
    [
        ("corridor_tonnage", ["id", "value", "unit", "period_end", "status"]),
        ("memberships", ["id", "organization_id", "role", "start_date", "end_date"]),
        ("events", ["id", "kind", "status", "start_date", "end_date"]),
    ],
)
def test_default_view_shows_what_tells_records_apart_at_80_columns(resource, needed):
    """An actual and a forecast never look alike: the default view keeps status and period."""
    spec = PKG.spec.resource(resource)
    table = render(spec, read_rows(PKG, resource), "table", columns(spec, None), width=80)
    header = next(line for line in table.splitlines() if line.split()[:1] == ["id"])
    assert all(name in header.split() for name in needed), header
    assert all(len(line) <= 80 for line in table.splitlines())


def test_default_columns_are_the_key_what_it_states_and_when():
    spec = PKG.spec.resource("corridor_tonnage")
    chosen = [spec.field_names[i] for i in columns(spec, None)]
    assert chosen == ["id", "value", "unit", "period_end", "status"]
    with pytest.raises(InvalidArgumentError, match="--columns: no field colour"):
        columns(spec, "id,colour")


def test_cli_default_view_names_the_other_fields():
    out = subprocess.run(
        [sys.executable, "-m", "kzfacts", "show", "memberships", "--limit", "1"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "more fields: member, start_precision," in out.stdout
    assert "(--columns NAME,... or --columns all)" in " ".join(out.stdout.split())


def test_table_prints_markup_literally():
    spec = PKG.spec.resource("organizations")
    fake = [
        ["[bold]sco[/bold]" if f.name == "id" else ":smile:" if f.name == "note" else "" for f in spec.fields]
    ]
    table = render(spec, fake, "table", columns(spec, "id,note"), width=100)
    assert "[bold]sco[/bold]" in table and ":smile:" in table


def test_csv_parses_back():
    found = rows("corridor_tonnage", ["source_id=masarat-2025"], None)
    text = shown("corridor_tonnage", ["source_id=masarat-2025"], "csv")
    assert list(csv.DictReader(io.StringIO(text))) == found
    assert "الأشهر التسعة الأولى من 2024;3.4 مليون طن" in text


def test_json_gives_typed_values_like_the_json_export():
    (fig,) = json.loads(shown("corridor_tonnage", ["id=titr-2023-masarat"], "json"))
    assert fig["value"] == 2.8 and fig["yoy_change_pct"] == 90.0 and fig["flag"] is None
    assert fig["evidence"] == ["2.8 مليون طن من البضائع، بزيادة 90%"]
    assert fig["period_start"] == "2023-01-01"
    (org,) = json.loads(shown("organizations", ["id=sco"], "json"))
    assert org["name_ar"] == SCO_AR


def test_no_rows_still_names_the_columns():
    spec = PKG.spec.resource("events")
    every = columns(spec, "all")
    assert next(csv.reader(io.StringIO(render(spec, [], "csv", every)))) == list(
        kzfacts.frame("events").columns
    )
    assert json.loads(render(spec, [], "json", every)) == []
    assert "events (0 rows)" in render(spec, [], "table", every, width=80)


def test_unknown_format_lists_the_formats():
    assert tuple(FORMATS) == ("table", "csv", "json")
    with pytest.raises(KzfactsError, match="unknown output format 'yaml'; formats: table, csv, json"):
        render(PKG.spec.resource("events"), [], "yaml", [0])


def test_show_refuses_a_bom_or_a_renamed_header(package_copy):
    events = package_copy.parent / "data" / "events.csv"
    original = events.read_bytes()
    fork = kzfacts.Package(package_copy)
    events.write_bytes(b"\xef\xbb\xbf" + original)
    with pytest.raises(DataFileError, match="byte-order mark"):
        read_rows(fork, "events", limit=1)
    events.write_bytes(original.replace(b"name_en,", b"name,", 1))
    with pytest.raises(DataFileError, match=r"row 1: header does not match the schema \(missing: 'name_en'"):
        read_rows(fork, "events", limit=1)
    events.write_bytes(original + b"\xff\n")
    with pytest.raises(DataFileError, match="not valid UTF-8"):
        read_rows(fork, "events")


def test_cli_show_exits_2_on_usage_errors_and_names_the_package():
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kzfacts", "show", *args], capture_output=True, text=True
        )

    bad = run("corridor_tonnage", "--where", "status=actuals")
    assert bad.returncode == 2 and "status is never 'actuals'" in bad.stderr
    assert run("tonnage").returncode == 2
    ok = run("corridor_tonnage", "--where", "source_id=masarat-2025", "--limit", "1")
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[0].startswith(f"package: {kzfacts.package_path()}")


def test_cells_cannot_forge_lines_or_escape_codes_in_show():
    spec = PKG.spec.resource("organizations")
    hostile = ["x\n::error::forged\x1b[31m\rcr" if f.name == "name_en" else "" for f in spec.fields]
    table = render(spec, [hostile], "table", columns(spec, "id,name_en"), width=200)
    assert "\x1b" not in table and "\r" not in table
    assert not any(line.lstrip().startswith("::") for line in table.splitlines())
    text = render(spec, [hostile], "csv", columns(spec, "id,name_en"))
    assert "\x1b" not in text and not any(line.startswith("::") for line in text.splitlines())
    # CSV for a terminal or a CI log: the cell written with visible escapes (export keeps the bytes)
    assert list(csv.reader(io.StringIO(text)))[1] == ["", "x\\n::error::forged\\x1b[31m\\rcr"]
