"""kzfacts diff: exactly the edits made between two copies, in text, Markdown and JSON."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kzfacts
from kzfacts.diff.render import MAX_LISTED, as_json, markdown, text
from kzfacts.diff.render import text as text_render
from kzfacts.reading import build

BUNDLED = kzfacts.package_path().parent


def copy(tmp: Path, name: str) -> Path:
    target = tmp / name
    shutil.copytree(BUNDLED, target)
    return target


def rewrite(package: Path, resource: str, change) -> None:
    path = package / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(rows))
    build.write(package / "datapackage.json")


def edited(tmp: Path) -> Path:
    """The known set of edits: one claim added, one removed, the ministry's 2023 figure corrected,
    a constraint changed, and the version bumped."""
    new = copy(tmp, "new")

    def claims(rows: list[list[str]]) -> list[list[str]]:
        added = list(rows[1])
        added[0] = "c-example-added"
        return [row for row in rows if row[0] != "c-aif-2025-dnh-review-count"] + [added]

    rewrite(new, "claims", claims)

    def tonnage(rows: list[list[str]]) -> list[list[str]]:
        value = rows[0].index("value")
        for row in rows:
            if row[0] == "titr-2023-total-mot-2026":
                assert row[value] == "2.764"
                row[value] = "2.77"
        return rows

    rewrite(new, "corridor_tonnage", tonnage)
    raw = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    raw["version"] = "0.2.1"
    events = next(r for r in raw["resources"] if r["name"] == "events")
    edition = next(f for f in events["schema"]["fields"] if f["name"] == "edition")
    edition["constraints"]["minimum"] = 0
    (new / "datapackage.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    return new


SCHEMA_CHANGE = (
    '{"constraints": {"minimum": 1}, "type": "integer"} -> {"constraints": {"minimum": 0}, "type": "integer"}'
)
EXPECTED_LINES = [
    "version bump required: major",
    "  claims: 1 record(s) removed",
    "  judgement: recommended value of titr total-cargo (route, Mt) 2023 outcome changes (2.764 -> 2.77):"
    " analyses may conclude otherwise",
    "recommended values:",
    "  titr total-cargo (route, Mt) 2023 outcome: 2.764 -> 2.77",
    "disputes resolved:",
    "  Astana International Forum 2025: participant_count",
    "package metadata:",
    '  version: "0.2.0.dev0" -> "0.2.1"',
    "schema:",
    f"  events.edition: field changed ({SCHEMA_CHANGE})",
    "corridor_tonnage: 0 added, 0 removed, 1 changed",
    "  ~ titr-2023-total-mot-2026",
    "      value: 2.764 -> 2.77",
    "claims: 1 added, 1 removed, 0 changed",
    "  + c-example-added (record_id=aif-2025, field=edition, stance=contradicts, source_id=masarat-2025)",
    "  - c-aif-2025-dnh-review-count (record_id=aif-2025, field=participant_count, stance=contradicts,"
    " source_id=dnh-it-aif-2025-review)",
]


def test_a_known_set_of_edits_is_reported_exactly(tmp_path: Path):
    new = edited(tmp_path)
    old = kzfacts.Package()
    found = old.diff(kzfacts.Package(new))
    assert not found.identical
    header = f"kzfacts diff {old.path} -> {new / 'datapackage.json'}"
    assert text(found) == "\n".join([header, *EXPECTED_LINES]) + "\n"
    document = json.loads(as_json(found))
    assert document["identical"] is False
    assert document["recommended"] == [
        {"name": "titr total-cargo (route, Mt) 2023 outcome", "old": 2.764, "new": 2.77}
    ]
    assert document["metadata"] == [{"name": "version", "old": "0.2.0.dev0", "new": "0.2.1"}]
    assert document["bump"] == "major" and document["bump_reasons"] == ["claims: 1 record(s) removed"]
    assert [(c["resource"], c["field"], c["change"]) for c in document["schema"]] == [
        ("events", "edition", "field changed")
    ]
    changed = {r["name"]: r for r in document["resources"] if r["added"] or r["removed"] or r["changed"]}
    assert set(changed) == {"corridor_tonnage", "claims"}
    assert changed["claims"]["added"] == ["c-example-added"]
    assert changed["claims"]["removed"] == ["c-aif-2025-dnh-review-count"]
    assert changed["corridor_tonnage"]["changed"] == [
        {"key": "titr-2023-total-mot-2026", "fields": [{"name": "value", "old": 2.764, "new": 2.77}]}
    ]
    # Removing the one contradicting count resolves that dispute: computed by disputes() itself.
    assert document["disputes_resolved"] == ["Astana International Forum 2025: participant_count"]
    assert document["disputes_opened"] == document["citations_changed"] == []
    md = markdown(found)
    assert md.startswith(
        "### kzfacts diff\n\n| resource | added | removed | changed |\n|---|---:|---:|---:|\n"
    )
    assert "| `corridor_tonnage` | 0 | 0 | 1 |\n| `claims` | 1 | 1 | 0 |\n" in md
    assert "- `titr total-cargo (route, Mt) 2023 outcome: 2.764 -> 2.77`\n" in md
    assert "- changed `titr-2023-total-mot-2026`: `value: 2.764 -> 2.77`\n" in md
    assert "- `events.edition`: field changed\n" in md


def test_identical_copies_reordered_and_requoted_report_no_change(tmp_path: Path):
    same = copy(tmp_path, "same")
    found = kzfacts.Package().diff(kzfacts.Package(same))
    assert found.identical
    assert (
        markdown(found)
        == "### kzfacts diff: no changes\n\nNo record, schema, metadata or analysis differs.\n"
    )

    def shuffle(rows: list[list[str]]) -> list[list[str]]:
        return [rows[0], *reversed(rows[1:])]

    rewrite(same, "sources", shuffle)
    path = same / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)  # re-quoted
    rows[1][rows[0].index("value")] = "2.80"  # the same number, written otherwise
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    build.write(same / "datapackage.json")
    assert (same / "data" / "corridor_tonnage.csv").read_bytes() != (
        BUNDLED / "data" / "corridor_tonnage.csv"
    ).read_bytes()
    assert kzfacts.Package().diff(kzfacts.Package(same)).identical


def test_the_command_line_exit_codes(tmp_path: Path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kzfacts", "diff", *args], capture_output=True, text=True
        )

    same = run("bundled", str(copy(tmp_path, "same")))
    assert (same.returncode, same.stdout.splitlines()[-1]) == (
        0,
        "identical: no record, schema, metadata or analysis differs",
    )
    new = edited(tmp_path)
    differ = run("bundled", str(new), "--format", "json")
    assert differ.returncode == 1 and json.loads(differ.stdout)["identical"] is False
    assert run("bundled", str(tmp_path / "missing")).returncode == 2
    assert run("bundled", str(new), "--format", "yaml").returncode == 2


def test_a_package_that_does_not_load_is_a_clear_error(tmp_path: Path):
    broken = copy(tmp_path, "broken")
    raw = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    raw["resources"][1]["path"] = "../../outside.csv"
    (broken / "datapackage.json").write_text(json.dumps(raw), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kzfacts", "diff", "bundled", str(broken)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "contains a .. segment" in out.stderr
    assert out.stderr.count("kzfacts validate") == 1  # how to check it, said once
    assert "Traceback" not in out.stderr


def test_output_is_bounded(tmp_path: Path):
    fewer = copy(tmp_path, "fewer")
    rewrite(fewer, "sources", lambda rows: rows[:1] + rows[1 + MAX_LISTED + 10 :])
    found = kzfacts.Package().diff(kzfacts.Package(fewer))
    sources = next(r for r in found.resources if r.name == "sources")
    assert len(sources.removed) == MAX_LISTED + 10
    shown = text(found)
    assert "... and 10 more" in shown
    assert sum(1 for line in shown.splitlines() if line.startswith("  - ")) == MAX_LISTED


def test_values_that_could_break_the_layout_are_quoted(tmp_path: Path):
    new = copy(tmp_path, "new")

    def hostile(rows: list[list[str]]) -> list[list[str]]:
        note = rows[0].index("note")
        rows[1][note] = "line one\n::error::forged\x1b[31m"
        return rows

    rewrite(new, "claims", hostile)
    shown = text(kzfacts.Package().diff(kzfacts.Package(new)))
    assert "\n::error" not in shown and "\x1b" not in shown
    assert '\\n::error::forged\\u001b[31m"' in shown


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_formats_end_with_a_newline(tmp_path: Path, fmt: str):
    from kzfacts.diff.render import FORMATS

    found = kzfacts.Package().diff(kzfacts.Package(edited(tmp_path)))
    assert FORMATS[fmt](found).endswith("\n")


def test_a_source_whose_citation_reads_differently_is_reported(tmp_path: Path):
    """A corrected title changes no figure but changes every citation of the source: the diff
    says so, by the CSL item every style starts from."""
    folder = copy(tmp_path, "retitled")
    path = folder / "data" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Kazakhstan, the voice of soft power", "Kazakhstan, a voice of soft power", 1), "utf-8"
    )
    build.write(folder / "datapackage.json")
    found = kzfacts.Package().diff(kzfacts.Package(folder))
    assert found.citations_changed == ("masarat-2025",)
    assert "sources whose citation changed:\n  masarat-2025" in text_render(found)
