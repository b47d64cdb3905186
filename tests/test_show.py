"""kzfacts.show: rows filtered by FIELD=VALUE, rendered as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

import kzfacts
from kzfacts.errors import KzfactsError, UnknownResourceError
from kzfacts.show import FORMATS, render, rows

SCO_AR = "منظمة شنغهاي للتعاون"


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


def test_empty_value_matches_missing_cells():
    found = rows("corridor_tonnage", ["flag="], None)
    assert len(found) == sum(1 for f in kzfacts.corridor_tonnage() if f.flag is None)


def test_value_may_contain_equals_signs():
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


def test_table_keeps_arabic_unchanged():
    found = rows("organizations", ["id=sco"], None)
    narrow = [{k: r[k] for k in ("id", "name_en", "name_ar")} for r in found]
    table = render("organizations", narrow, "table", width=100)
    assert SCO_AR in table
    header = next(line for line in table.splitlines() if "name_ar" in line)
    assert "id" in header and "name_en" in header  # one row of column headings
    assert "\\u" not in table


def test_wide_table_falls_back_to_a_block_per_row():
    table = render("organizations", rows("organizations", ["id=sco"], None), "table", width=80)
    assert SCO_AR in table
    assert all(len(line) <= 80 for line in table.splitlines())
    assert any(line.split()[:1] == ["founded_source_id"] for line in table.splitlines())


def test_table_prints_markup_literally():
    table = render("organizations", [{"id": "[bold]sco[/bold]", "note": ":smile:"}], "table", width=100)
    assert "[bold]sco[/bold]" in table and ":smile:" in table


def test_csv_parses_back():
    found = rows("corridor_tonnage", ["source_id=masarat-2025"], None)
    text = render("corridor_tonnage", found, "csv")
    assert list(csv.DictReader(io.StringIO(text))) == found
    assert "الأشهر التسعة الأولى من 2024;3.4 مليون طن" in text


def test_json_parses_back_without_escaping():
    found = rows("organizations", None, None)
    text = render("organizations", found, "json")
    assert json.loads(text) == found
    assert SCO_AR in text


def test_no_rows_still_names_the_columns():
    text = render("events", [], "csv")
    assert text.strip() == ",".join(kzfacts.frame("events").columns)
    assert json.loads(render("events", [], "json")) == []
    assert "events (0 rows)" in render("events", [], "table", width=80)


def test_unknown_format_lists_the_formats():
    assert FORMATS == ("table", "csv", "json")
    with pytest.raises(KzfactsError, match="unknown output format 'yaml'; formats: table, csv, json"):
        render("events", [], "yaml")


def test_show_refuses_a_bom_or_a_renamed_header(tmp_path, monkeypatch):
    import shutil

    import kzfacts
    from kzfacts import descriptor as descriptor_module
    from kzfacts.errors import DataFileError

    target = tmp_path / "pkg"
    shutil.copytree(kzfacts.package_path().parent, target)
    monkeypatch.setattr(
        descriptor_module, "bundled", lambda: descriptor_module.load(target / "datapackage.json")
    )
    events = target / "data" / "events.csv"
    original = events.read_bytes()
    events.write_bytes(b"\xef\xbb\xbf" + original)
    with pytest.raises(DataFileError, match="byte-order mark"):
        rows("events", limit=1)
    events.write_bytes(original.replace(b"name_en,", b"name,", 1))
    with pytest.raises(
        DataFileError, match=r"row 1: header does not match the schema \(missing: \['name_en'\]"
    ):
        rows("events", limit=1)
    events.write_bytes(original + b"\xff\n")
    with pytest.raises(DataFileError, match="not valid UTF-8"):
        rows("events")
