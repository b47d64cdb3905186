"""kzfacts validate: a corpus of single mutations of the real package, each with its exact report.

Data mutations are followed by `kzfacts build` on the copy (as a careful fork
would do), so that each case shows its own rule and not a stale hash as well.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

import kzfacts
from kzfacts.cli import run as run_cli
from kzfacts.reading import build
from kzfacts.validation.rules import RULES


def invoke(*args: str) -> tuple[int, str]:
    """The command line in this process: its exit status, and what it wrote (stdout, then stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(list(args))
    return code, out.getvalue() + err.getvalue()


def cli(*args: str) -> tuple[int, str]:
    return invoke("validate", *args)


def edit(package: Path, name: str, old: str, new: str, *, rebuild: bool = True) -> None:
    path = package.parent / "data" / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if rebuild:
        build.write(package)


def edit_descriptor(package: Path, change: Callable[[dict], None]) -> None:
    raw = json.loads(package.read_text(encoding="utf-8"))
    change(raw)
    package.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")


def row_of(package: Path, name: str, record_id: str) -> int:
    """Row number (header = 1) of a record in a resource's CSV file."""
    import csv

    with (package.parent / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if row and row[0] == record_id:
                return number
    raise AssertionError(f"{record_id} not in {name}")


def last_row(package: Path, name: str) -> int:
    import csv

    previous = csv.field_size_limit(100_000_000)  # the hostile cases' own oversized rows
    try:
        with (package.parent / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle))
    finally:
        csv.field_size_limit(previous)


def _record_at(package: Path, name: str, row: int) -> str:
    import csv

    with (package.parent / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[row - 1][0]


def found(report, rule: str) -> list[tuple[str, int | None, str | None]]:
    return [(p.resource, p.row, p.field) for p in report.problems if p.rule == rule]


# --- the bundled package -------------------------------------------------------------------


def test_bundled_package_passes_strict_with_its_reviewed_warnings():
    report = kzfacts.validate()
    assert report.valid and report.passes(strict=True)
    assert report.errors == () and report.warnings == ()
    assert found(report, "forecast-after-period") == [("corridor_tonnage", 4, "status")]
    (late,) = [w for w in report.reviewed if w.rule == "forecast-after-period"]
    assert (
        late.message
        == "forecast for a period that ended 2024-12-31, quoted by masarat-2025 published 2025-07-26"
    )
    assert late.reviewed == "review-seed-2024-forecast" and late.severity == "warning"
    assert {(w.rule, w.reviewed) for w in report.reviewed} == {
        ("forecast-after-period", "review-seed-2024-forecast"),
        ("yoy-consistency", "review-atisu-2025-h1-growth"),
        ("yoy-consistency", "review-kazmortransflot-2025-teu-growth"),
    }


def test_cli_exit_codes_for_the_bundled_package():
    code, out = cli()
    assert code == 0
    assert out.splitlines()[-1].startswith("valid: 0 error(s), 0 warning(s), 3 reviewed")
    assert (
        "reviewed: corridor_tonnage (data/corridor_tonnage.csv) row 4, field status [forecast-after-period]"
        in out
    )
    assert out.count("Reviewed: review-") == 3
    code, out = cli("--strict")
    assert code == 0
    assert out.splitlines()[-1].startswith("valid: 0 error(s), 0 warning(s), 3 reviewed")


def test_a_new_warning_still_fails_strict_and_a_stale_review_is_reported(package_copy):
    """A review accepts one finding on one record; anything else still warns, and so does a review
    whose warning went away."""
    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,50,,,masarat-2025,")
    report = kzfacts.validate(package_copy)
    assert [(p.resource, p.row, p.rule) for p in report.warnings] == [
        ("corridor_tonnage", 2, "yoy-consistency")
    ]
    assert not report.passes(strict=True) and report.valid
    edit(package_copy, "reviews", "titr-2025-h1-atisu-2025-09-08", "titr-2025-h1-atisu-2025-09-09")
    report = kzfacts.validate(package_copy)
    stale = [p for p in report.warnings if p.rule == "review-unused"]
    assert [(p.resource, p.row, p.field) for p in stale] == [("reviews", 3, "record_id")]
    assert stale[0].message == (
        "review 'review-atisu-2025-h1-growth' accepts a yoy-consistency warning on corridor_tonnage "
        "'titr-2025-h1-atisu-2025-09-09', but there is no such warning"
    )
    assert ("corridor_tonnage", 115, "yoy_change_pct") in [
        (p.resource, p.row, p.field) for p in report.warnings
    ]


def test_errors_cannot_be_reviewed(package_copy):
    edit(
        package_copy,
        "reviews",
        "titr-2024-forecast-masarat,forecast-after-period",
        "titr-2024-forecast-masarat,period-coverage",
    )
    report = kzfacts.validate(package_copy)
    assert ("reviews", 2, "rule") in found(report, "review-unknown-rule")  # not one of the warning rules


def test_an_actual_published_before_its_period_ended_is_an_error(package_copy):
    """The mirror of forecast-after-period: a full-year 2026 actual from a source of 2026-03-10."""
    edit(
        package_copy,
        "corridor_tonnage",
        "titr-2023-masarat,titr,total-cargo,route,2.8,,Mt,2023-01-01,2023-12-31,actual,",
        "titr-2023-masarat,titr,total-cargo,route,9.9,,Mt,2026-01-01,2026-12-31,actual,",
    )
    edit(package_copy, "sources", ",2025-07-26,day,", ",2026-03-10,day,")
    report = kzfacts.validate(package_copy)
    assert found(report, "actual-before-period-end") == [("corridor_tonnage", 2, "status")]
    (error,) = [p for p in report.errors if p.rule == "actual-before-period-end"]
    assert error.message == (
        "actual for a period that ends 2026-12-31, from masarat-2025 published 2026-03-10, "
        "before the period ended"
    )
    assert found(kzfacts.validate(), "actual-before-period-end") == []


def test_reports_list_errors_then_warnings_then_reviewed_by_resource_and_row(package_copy):
    edit(package_copy, "memberships", "chair,2024-01-01,day", "chair,1990-01-01,day")
    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,50,,,masarat-2025,")
    edit(package_copy, "corridor_tonnage", ",3.4,", ",-3.4,")
    report = kzfacts.validate(package_copy)
    statuses = [p.status for p in report.problems]
    assert statuses == sorted(statuses, key=["error", "warning", "reviewed"].index)
    errors = [(p.resource, p.row) for p in report.errors]
    assert errors == [("memberships", e[1]) for e in errors if e[0] == "memberships"] + [
        ("corridor_tonnage", 3)
    ]


def test_json_usage_errors_are_json(tmp_path):
    code, out = cli(str(tmp_path / "missing"), "--format", "json")
    assert code == 2
    assert json.loads(out) == {
        "valid": False,
        "passes": False,
        "error": f"{tmp_path / 'missing'} does not exist",
        "exit_code": 2,
    }


def test_archived_evidence_check_passes_on_the_bundled_package(shared_sources: Path):
    report = kzfacts.validate(sources=shared_sources)
    assert report.errors == ()


def test_every_rule_is_named_described_and_has_a_fix():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for item in RULES:
        assert item.severity in ("error", "warning")
        assert item.description and item.fix


# --- frictionless checks, reported with file, row and field ---------------------------------


FRICTIONLESS_CASES = [
    (
        "negative-value",
        "corridor_tonnage",
        ",3.4,",
        ",-3.4,",
        "constraint-error",
        ("corridor_tonnage", 3, "value"),
    ),
    (
        "unknown-status",
        "corridor_tonnage",
        ",forecast,",
        ",guess,",
        "constraint-error",
        ("corridor_tonnage", 4, "status"),
    ),
    ("not-a-number", "corridor_tonnage", ",3.4,", ",3.4 Mt,", "type-error", ("corridor_tonnage", 3, "value")),
    (
        "bad-date",
        "corridor_tonnage",
        "2024-09-30",
        "2024-09-31",
        "type-error",
        ("corridor_tonnage", 3, "period_end"),
    ),
    (
        "unknown-source",
        "events",
        ",masarat-2025,p3,استضافت",
        ",nobody-2025,p3,استضافت",
        "foreign-key",
        ("events", 2, "source_id"),
    ),
    (
        "unknown-organisation",
        "memberships",
        "kaz-un-member,un,",
        "kaz-un-member,nato,",
        "foreign-key",
        ("memberships", 8, "organization_id"),
    ),
    (
        "duplicate-id",
        "events",
        "armenia-azerbaijan-dialogue,",
        "astana-process,",
        "primary-key",
        ("events", 3, None),
    ),
    (
        "bad-slug",
        "events",
        "armenia-azerbaijan-dialogue,",
        "Armenia Azerbaijan,",
        "constraint-error",
        ("events", 3, "id"),
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "old", "new", "rule", "where"),
    FRICTIONLESS_CASES,
    ids=[c[0] for c in FRICTIONLESS_CASES],
)
def test_frictionless_rules(package_copy, case, name, old, new, rule, where):
    edit(package_copy, name, old, new)
    report = kzfacts.validate(package_copy)
    assert not report.valid
    assert where in found(report, rule)
    assert found(report, "source-exists") == []  # frictionless' foreign-key error is not repeated
    code, out = cli(str(package_copy))
    assert code == 1
    assert f"[{rule}]" in out


def test_stale_hash_and_bytes(package_copy):
    edit(package_copy, "events", "Astana process on Syria", "Astana talks on Syria", rebuild=False)
    report = kzfacts.validate(package_copy)
    assert {p.rule for p in report.errors} == {"hash-count", "byte-count"}
    assert all(p.resource == "events" and "kzfacts build" in p.fix for p in report.errors)


# --- kzfacts' own rules ---------------------------------------------------------------------


OWN_CASES = [
    (
        "review-unknown-rule",
        "reviews",
        "titr-2024-forecast-masarat,forecast-after-period,",
        "titr-2024-forecast-masarat,forecast-after-the-fact,",
        ("reviews", 2, "rule"),
    ),
    (
        "review-unknown-rule",
        "reviews",
        "titr-2024-forecast-masarat,forecast-after-period,",
        "titr-2024-forecast-masarat,date-precision,",
        ("reviews", 2, "rule"),
    ),
    (
        "span-order",
        "memberships",
        "kaz-cica-chair-1992,cica,KAZ,chair,1992,year,term-start,2010,",
        "kaz-cica-chair-1992,cica,KAZ,chair,1992,year,term-start,1990,",
        ("memberships", 11, "end_date"),
    ),
    (
        "date-precision",
        "memberships",
        "chair,1992,year,term-start,2010,year",
        "chair,1992,day,term-start,2010,year",
        ("memberships", 11, "start_precision"),
    ),
    (
        "date-precision",
        "events",
        "2025-05-29,day,2025-05-30,day",
        "2025-05-29,day,2025-05-30,month",
        ("events", 31, "end_precision"),  # aif-2025
    ),
    ("cell-readable", "memberships", "1992-03-02,day", "1992-02-30,day", ("memberships", 8, "start_date")),
    (
        "period-coverage",
        "corridor_tonnage",
        "2024-09-30,partial-period-actual",
        "2024-09-30,actual",
        ("corridor_tonnage", 3, "status"),
    ),
    (
        "period-coverage",
        "corridor_tonnage",
        "2023-12-31,actual",
        "2023-12-31,partial-period-actual",
        ("corridor_tonnage", 2, "status"),
    ),
    (
        "derivation",
        "corridor_tonnage",
        "2023-12-31,actual,",
        "2023-12-31,derived,",
        ("corridor_tonnage", 2, "derivation"),
    ),
    (
        "evidence-length",
        "memberships",
        "تدعو كازاخستان إلى إصلاح مجلس الأمن",
        "تدعو كازاخستان إلى إصلاح مجلس الأمن بكلمات إضافية هنا",
        ("memberships", 7, "evidence"),
    ),
    (
        "provenance",
        "organizations",
        ',sage-encyclopedia-war-unsc,"entry, para 1",The Security Council was established in 1945,',
        ",,,,",
        ("organizations", 8, "founded_source_id"),
    ),
    (
        "provenance",
        "organizations",
        ",astanatimes-2024-sco-explainer,background paragraph on the organisation,",
        ",astanatimes-2024-sco-explainer,,",
        ("organizations", 2, "founded_locator"),
    ),
    ("id-unique", "events", "armenia-azerbaijan-dialogue,", "sco,", ("events", 3, "id")),
    (
        "membership-lifetime",
        "memberships",
        "chair,2024-01-01,day",
        "chair,1990-01-01,day",
        ("memberships", 12, "start_date"),
    ),
    (
        "reprint-chain",
        "sources",
        "analysis,,000_",
        "analysis,masarat-2025,000_",
        ("sources", 2, "reprint_of"),
    ),
]


@pytest.mark.parametrize(
    ("rule", "name", "old", "new", "where"), OWN_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(OWN_CASES)]
)
def test_own_rules(package_copy, rule, name, old, new, where):
    edit(package_copy, name, old, new)
    assert where[1] == row_of(package_copy, where[0], _record_at(package_copy, where[0], where[1]))
    report = kzfacts.validate(package_copy)
    assert found(report, rule) == [where]
    assert not report.valid
    code, out = cli(str(package_copy))
    assert code == 1
    line = next(line for line in out.splitlines() if f"[{rule}]" in line)
    assert line.startswith(
        f"error: {where[0]} (data/{where[0]}.csv) row {where[1]}, field {where[2]} [{rule}]"
    )
    assert "Fix: " in line


def test_source_uncited(package_copy):
    path = package_copy.parent / "data" / "sources.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            "lonely-2026,A page,,,,Nobody,https://example.org/x,en,2026,year,2026-11-29,news-article,independent-press,,,\n"
        )
    build.write(package_copy)
    report = kzfacts.validate(package_copy)
    assert found(report, "source-uncited") == [("sources", last_row(package_copy, "sources"), "id")]


def _field(raw, resource: int, name: str) -> dict:
    return next(f for f in raw["resources"][resource]["schema"]["fields"] if f["name"] == name)


LOOSENING = [
    (
        "drop-foreign-keys",
        lambda raw: raw["resources"][4]["schema"].update(foreignKeys=[]),
        (None, "foreignKeys"),
    ),
    ("drop-primary-key", lambda raw: raw["resources"][3]["schema"].pop("primaryKey"), (None, "primaryKey")),
    ("drop-unique", lambda raw: _field(raw, 3, "id")["constraints"].pop("unique"), ("id", "constraints")),
    (
        "own-pattern",
        lambda raw: _field(raw, 4, "note").update(constraints={"pattern": "(a+)+$"}),
        ("note", "constraints"),
    ),
    (
        "format-any",
        lambda raw: _field(raw, 4, "period_start").update(format="any"),
        ("period_start", "format"),
    ),
    ("group-char", lambda raw: _field(raw, 4, "value").update(groupChar=","), ("value", "groupChar")),
    ("bare-number", lambda raw: _field(raw, 4, "value").update(bareNumber=False), ("value", "bareNumber")),
    (
        "missing-values",
        lambda raw: raw["resources"][4]["schema"].update(missingValues=["", "NA"]),
        (None, "missingValues"),
    ),
    ("compression", lambda raw: raw["resources"][1].update(compression="zip"), (None, "compression")),
    ("innerpath", lambda raw: raw["resources"][1].update(innerpath="x.csv"), (None, "innerpath")),
    ("encoding", lambda raw: raw["resources"][1].update(encoding="latin-1"), (None, "encoding")),
    ("profiles", lambda raw: raw["resources"][1].update(profiles=["my-schema.json"]), (None, "profiles")),
]


@pytest.mark.parametrize(("case", "change", "where"), LOOSENING, ids=[c[0] for c in LOOSENING])
def test_the_contract_compares_every_property(package_copy, monkeypatch, case, change, where):
    """A fork cannot loosen or replace kzfacts' definitions, and frictionless never sees them."""
    import frictionless

    edit_descriptor(package_copy, change)
    monkeypatch.setattr(frictionless, "Package", None)  # any call to frictionless would fail the test
    report = kzfacts.validate(package_copy)
    contract = [p for p in report.problems if p.rule == "schema-contract"]
    field, key = where
    assert any(p.field == field and f"property {key!r}" in p.message for p in contract), report.problems
    assert not report.valid and "unexpected-input" not in report.counts()


def test_source_exists_still_checks_what_a_broken_row_cites(package_copy):
    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,90,,,nobody-2025,")
    report = kzfacts.validate(package_copy)
    assert found(report, "foreign-key") == [("corridor_tonnage", 2, "source_id")]
    assert found(report, "source-exists") == []  # frictionless reported it; not repeated


def test_yoy_change_that_matches_no_base_is_a_warning(package_copy):
    report = kzfacts.validate(package_copy)
    assert ("corridor_tonnage", 2, "yoy_change_pct") not in found(
        report, "yoy-consistency"
    )  # 2.8/1.485: +88.6%
    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,50,,,masarat-2025,")
    report = kzfacts.validate(package_copy)
    assert ("corridor_tonnage", 2, "yoy_change_pct") in found(report, "yoy-consistency")
    (warning,) = [w for w in report.warnings if w.row == 2 and w.rule == "yoy-consistency"]
    assert warning.message.startswith(
        "stated change +50% agrees with no base figure for 2022-01-01..2022-12-31"
    )
    assert "1.485 -> +88.6%" in warning.message
    assert report.valid
    assert cli(str(package_copy))[0] == 0
    assert cli(str(package_copy), "--strict")[0] == 1


def test_evidence_not_in_the_cited_paragraph(package_copy, shared_sources):
    edit(package_copy, "corridor_tonnage", "الأشهر التسعة الأولى من 2024;", "الأشهر العشرة الأولى من 2024;")
    report = kzfacts.validate(package_copy, sources=shared_sources)
    assert found(report, "evidence-in-archive") == [("corridor_tonnage", 3, "evidence")]
    edit(package_copy, "corridor_tonnage", "masarat-2025,p7,توقعات", "masarat-2025,p12,توقعات")
    report = kzfacts.validate(package_copy, sources=shared_sources)
    assert ("corridor_tonnage", 4, "locator") in found(report, "evidence-in-archive")
    assert cli(str(package_copy), "--sources", str(shared_sources))[0] == 1


# --- hostile input --------------------------------------------------------------------------


def set_path(value):
    def change(raw):
        raw["resources"][3]["path"] = value

    return change


@pytest.mark.parametrize(
    "value",
    [
        "http://127.0.0.1:9/events.csv",
        "https://example.org/events.csv",
        "/etc/passwd",
        "../outside.csv",
        "data/../../outside.csv",
        "~/events.csv",
        "$HOME/events.csv",
        "//server/share.csv",
        "file:///etc/passwd",
    ],
)
def test_unsafe_paths_are_rejected_before_frictionless(package_copy, monkeypatch, value):
    def no_network(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_network)
    edit_descriptor(package_copy, set_path(value))
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.resource) for p in report.problems] == [("unsafe-path", "events")]
    assert cli(str(package_copy))[0] == 1


def test_remote_schema_is_rejected(package_copy, monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: (_ for _ in ()).throw(AssertionError("socket")))

    def remote(raw):
        raw["resources"][4]["schema"] = "https://example.org/schema.json"

    edit_descriptor(package_copy, remote)
    rules = {p.rule for p in kzfacts.validate(package_copy).problems}
    assert rules == {"unsafe-path", "schema-missing"}


def test_symlink_leaving_the_folder_is_rejected(package_copy, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("id\n", encoding="utf-8")
    link = package_copy.parent / "data" / "link.csv"
    os.symlink(outside, link)
    edit_descriptor(package_copy, set_path("data/link.csv"))
    problem = kzfacts.validate(package_copy).problems[0]
    assert (problem.rule, problem.resource) == ("unsafe-path", "events")
    assert "symlink" in problem.message


def drop_last_column(path: Path) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(r[:-1] for r in rows)
    path.write_text(out.getvalue(), "utf-8")


HOSTILE_FILES = [
    ("missing-file", lambda p: p.unlink(), "file-missing", None),
    ("empty-file", lambda p: p.write_bytes(b""), "source-error", None),
    (
        "no-header",
        lambda p: p.write_text("\n".join(p.read_text("utf-8").splitlines()[1:]) + "\n", "utf-8"),
        "header-contract",
        1,
    ),
    (
        "latin-1",
        lambda p: p.write_bytes(p.read_bytes().replace("–".encode(), b"\x96")),
        "encoding-error",
        None,
    ),
    ("byte-order-mark", lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()), "byte-order-mark", 1),
    ("ragged-row", lambda p: p.write_text(p.read_text("utf-8") + "x,y\n", "utf-8"), "missing-cell", "last"),
    (
        "extra-cell",
        lambda p: p.write_text(
            p.read_text("utf-8").replace("Syrian parties,", "Syrian parties,,", 1), "utf-8"
        ),
        "extra-cell",
        2,
    ),
    (
        "duplicated-column",
        lambda p: p.write_text(p.read_text("utf-8").replace("city,country", "city,city", 1), "utf-8"),
        "header-contract",
        1,
    ),
    (
        "missing-column",
        drop_last_column,
        "header-contract",
        1,
    ),
    (
        "ten-megabyte-line",
        lambda p: p.write_text(p.read_text("utf-8") + "big," + "x" * 10_000_000 + "\n", "utf-8"),
        "missing-cell",
        "last",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "rule", "row"), HOSTILE_FILES, ids=[c[0] for c in HOSTILE_FILES])
def test_hostile_files(package_copy, case, mutate, rule, row):
    path = package_copy.parent / "data" / "events.csv"
    mutate(path)
    if case not in ("missing-file", "empty-file"):
        build.write(package_copy)
    report = kzfacts.validate(package_copy)
    assert not report.valid
    problems = [p for p in report.problems if p.rule == rule]
    assert problems, [(p.rule, p.message) for p in report.problems]
    assert problems[0].resource == "events"
    assert problems[0].row == (last_row(package_copy, "events") if row == "last" else row)
    assert cli(str(package_copy))[0] == 1


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("{nope", "descriptor-json"),
        ("[]", "descriptor-shape"),
        ('{"name": "x"}', "descriptor-shape"),
        ("", "descriptor-json"),
        ("\xff\xfe", "descriptor-json"),
        ("[" * 100000, "descriptor-json"),
    ],
)
def test_broken_descriptors(package_copy, text, rule):
    package_copy.write_text(text, encoding="utf-8")
    report = kzfacts.validate(package_copy)
    assert [p.rule for p in report.problems] == [rule]
    assert report.problems[0].file == "datapackage.json"
    assert cli(str(package_copy))[0] == 1


def test_resource_without_schema(package_copy):
    edit_descriptor(package_copy, lambda raw: raw["resources"][3].pop("schema"))
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.resource) for p in report.problems] == [("schema-missing", "events")]


def test_resource_missing_from_the_contract(package_copy):
    edit_descriptor(package_copy, lambda raw: raw["resources"].pop(3))
    report = kzfacts.validate(package_copy)
    assert ("events", "schema-contract") in {(p.resource, p.rule) for p in report.problems}


def test_validation_never_writes_into_the_package(package_copy):
    edit(package_copy, "corridor_tonnage", ",3.4,", ",-3.4,", rebuild=False)
    folder = package_copy.parent
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}
    kzfacts.validate(package_copy, sources=None)
    cli(str(folder), "--format", "json")
    after = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}
    assert before == after


# --- output formats and usage errors --------------------------------------------------------


def test_json_format_is_one_parseable_document(package_copy):
    edit(package_copy, "corridor_tonnage", ",3.4,", ",-3.4,")
    code, out = cli(str(package_copy), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["valid"] is False
    assert document["counts"]["constraint-error"] == 1
    assert document["errors"] == 1
    assert document["warnings"] == len(kzfacts.validate().warnings)
    problem = document["problems"][0]
    assert {k: problem[k] for k in ("resource", "file", "row", "field", "rule", "severity")} == {
        "resource": "corridor_tonnage",
        "file": "data/corridor_tonnage.csv",
        "row": 3,
        "field": "value",
        "rule": "constraint-error",
        "severity": "error",
    }


def test_github_format_annotates_the_file_and_line(package_copy, monkeypatch):
    edit(package_copy, "corridor_tonnage", ",3.4,", ",-3.4,")
    monkeypatch.chdir(package_copy.parent.parent)
    code, out = cli("pkg", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == f"package: {package_copy} (given)"
    first = out.splitlines()[1]
    assert first.startswith(
        "::error file=pkg/data/corridor_tonnage.csv,line=3,title=kzfacts constraint-error::"
    )
    assert "::notice file=pkg/data/corridor_tonnage.csv,line=4,title=kzfacts forecast-after-period::" in out


def test_github_annotations_point_at_the_physical_line(package_copy, monkeypatch):
    """A quoted note that spans lines shifts every later row's line in the file."""
    edit(
        package_copy,
        "corridor_tonnage",
        '"Reported as the 2023 outcome, with growth of 90% on 2022 as the seed states it."',
        '"Reported as the 2023 outcome,\nwith growth of 90% on 2022\nas the seed states it."',
    )
    edit(package_copy, "corridor_tonnage", ",3.4,", ",-3.4,")
    monkeypatch.chdir(package_copy.parent.parent)
    code, out = cli("pkg", "--format", "github")
    assert code == 1
    annotation = next(line for line in out.splitlines() if "constraint-error" in line)
    assert annotation.startswith(
        "::error file=pkg/data/corridor_tonnage.csv,line=5,"
    )  # row 3 starts on line 5
    assert "row 3, field value" in annotation


def test_a_fix_names_the_real_package_folder(package_copy, monkeypatch):
    edit(package_copy, "events", "Astana process on Syria", "Astana talks on Syria", rebuild=False)
    monkeypatch.chdir(package_copy.parent.parent)
    fixes = {p.fix for p in kzfacts.validate(package_copy).errors}
    assert fixes == {"if the edit is intended, run: kzfacts build pkg"}


def test_usage_errors_exit_2(tmp_path):
    assert cli(str(tmp_path / "missing"))[0] == 2
    assert cli(str(tmp_path))[0] == 2  # a folder without datapackage.json
    assert cli("--format", "xml")[0] == 2
    assert cli("--sources", str(tmp_path / "nowhere"))[0] == 2


def test_docs_list_every_rule_and_are_not_stale():
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "tools/generate.py", "--check"], cwd=repo, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + "  (run: python tools/generate.py)"
    text = (repo / "docs" / "validation.md").read_text(encoding="utf-8")
    for item in RULES:
        assert f"| `{item.name}` | {item.severity} |" in text


def in_process(path, engine: str = "kzfacts") -> tuple:
    """The worker's phases run in this process (so a test can patch them), ordered as reports are."""
    from kzfacts.validation import pipeline
    from kzfacts.validation.problems import ordered

    found = list(pipeline.problems(path, None, engine, None, None))
    return ordered(found, kzfacts.Package().resource_names)


def test_frictionless_beside_the_rule_pass_gives_the_same_report(package_copy, monkeypatch):
    """Large packages run frictionless in a worker of its own, beside the rule pass, started at the
    engine's first suspicion (or at once, without the engine); force that path on a small one."""
    from kzfacts.validation import rulepass

    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,50,,,masarat-2025,")
    edit(package_copy, "memberships", "chair,2024-01-01,day", "chair,1990-01-01,day")
    sequential = kzfacts.validate(package_copy).problems
    started = []
    monkeypatch.setattr(rulepass, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(
        rulepass.Beside, "start", lambda self, start=rulepass.Beside.start: (started.append(1), start(self))
    )
    assert in_process(package_copy, "frictionless") == sequential
    assert {p.rule for p in sequential} >= {"yoy-consistency", "membership-lifetime"}
    assert len(started) == 1
    assert in_process(package_copy) == sequential  # kzfacts' engine finds it clean: no frictionless
    assert len(started) == 1
    edit(package_copy, "corridor_tonnage", "actual,,50,,,masarat-2025,", "actual,,5e1,,,masarat-2025,")
    assert in_process(package_copy) == kzfacts.validate(package_copy).problems  # suspect: beside
    assert len(started) == 2


def test_the_engine_tells_its_first_suspicion_and_a_clean_package_none(package_copy):
    """The engine signals its first suspicion, so frictionless starts then rather than after the
    whole pass; a clean package signals nothing and frictionless never starts."""
    from kzfacts.validation.rulepass import run_rules_here

    told = []
    clean = run_rules_here(kzfacts.Package().spec, None, True, lambda: told.append("clean"))
    assert clean.clean and told == []
    edit(package_copy, "corridor_tonnage", "actual,,90,,,masarat-2025,", "actual,,9e1,,,masarat-2025,")
    suspect = run_rules_here(kzfacts.Package(package_copy).spec, None, True, lambda: told.append("suspect"))
    assert told == ["suspect"]
    assert not suspect.clean and "is not in canonical form" in (suspect.suspect or "")


def test_nan_in_a_number_keeps_the_rest_of_the_report(package_copy):
    edit(
        package_copy,
        "corridor_tonnage",
        "actual,,90,,,masarat-2025,",
        "actual,,NaN,,,masarat-2025,",
        rebuild=False,
    )
    report = kzfacts.validate(package_copy)
    rules = {p.rule for p in report.problems}
    assert {"hash-count", "byte-count"} <= rules
    assert "unexpected-input" not in rules


def test_a_non_utf8_or_outside_archive_is_a_problem_not_a_crash(package_copy, tmp_path, shared_sources):
    """An unreadable archived text is named; a path that leaves the archive folder is never opened,
    even when the file it names holds exactly the right text (so opening it would pass)."""
    import shutil

    seed = "000_697e2b7e9b1e5283.txt"
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / seed).write_bytes(b"T\nd\nb\n\xff\xfe\n")
    report = kzfacts.validate(package_copy, sources=archive)
    assert "unexpected-input" not in {p.rule for p in report.problems}
    unreadable = [p for p in report.problems if "not a readable UTF-8 file" in p.message]
    assert unreadable and {(p.rule, p.field) for p in unreadable} == {("evidence-in-archive", "source_id")}

    shutil.copy(shared_sources / seed, tmp_path / "outside.txt")  # the real seed text, outside the archive
    edit(package_copy, "sources", f",{seed},", ",../outside.txt,")
    report = kzfacts.validate(package_copy, sources=archive)
    archived = [p for p in report.problems if p.rule == "evidence-in-archive"]
    assert archived and {p.message for p in archived} == {
        f"archive_file '../outside.txt' is not a plain file name in {archive}; "
        "kzfacts opens nothing outside that folder"
    }


def test_a_bad_constraint_in_the_descriptor_is_reported(package_copy):
    def bad_minimum(raw):
        raw["resources"][4]["schema"]["fields"][4]["constraints"]["minimum"] = "abc"

    edit_descriptor(package_copy, bad_minimum)
    report = kzfacts.validate(package_copy)
    assert [p.rule for p in report.problems] == ["schema-contract"]
    assert report.problems[0].message == (
        'corridor_tonnage.value: property \'constraints\' is {"minimum": "abc", "required": true}; '
        'kzfacts has {"minimum": 0, "required": true}'
    )


def test_a_device_is_not_read_as_a_descriptor():
    report = kzfacts.validate("/dev/zero")
    assert [(p.rule, p.message) for p in report.problems] == [
        ("descriptor-unreadable", "it is not a regular file")
    ]


def test_a_dialect_other_than_plain_csv_is_refused(package_copy):
    def semicolons(raw):
        raw["resources"][3]["dialect"] = {"delimiter": ";"}

    edit_descriptor(package_copy, semicolons)
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.resource) for p in report.problems] == [("schema-contract", "events")]


def test_a_changed_enum_or_type_breaks_the_contract(package_copy):
    def widen(raw):
        (field,) = [f for f in raw["resources"][4]["schema"]["fields"] if f["name"] == "status"]
        field["constraints"]["enum"].append("estimate")
        field["categories"].append("estimate")

    edit_descriptor(package_copy, widen)
    report = kzfacts.validate(package_copy)
    assert ("corridor_tonnage", "status") in {
        (p.resource, p.field) for p in report.problems if p.rule == "schema-contract"
    }


def test_standard_profiles_are_accepted(package_copy):
    def profile(raw):
        raw["resources"][0]["profile"] = "tabular-data-resource"

    edit_descriptor(package_copy, profile)
    assert "unsafe-path" not in {p.rule for p in kzfacts.validate(package_copy).problems}


def test_missing_values_must_be_a_list(package_copy):
    def as_string(raw):
        raw["resources"][3]["schema"]["missingValues"] = "NA"

    edit_descriptor(package_copy, as_string)
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.message) for p in report.problems] == [
        ("schema-contract", 'events: schema property \'missingValues\' is "NA"; kzfacts has [""]')
    ]


def test_a_source_missing_title_date_or_author_must_say_why(package_copy):
    """Every shipped source passes; blanking a reason or a field makes a named warning at its row."""
    import csv

    assert found(kzfacts.validate(package_copy), "source-citable") == []
    path = package_copy.parent / "data" / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    title, published, author, note = (header.index(f) for f in ("title", "published", "author", "note"))
    untitled = next(i for i, r in enumerate(rows) if i and not r[title] and r[published] and not r[author])
    rows[untitled][note] = "Checked."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build.write(package_copy)
    report = kzfacts.validate(package_copy)
    assert found(report, "source-citable") == [
        ("sources", untitled + 1, "title"),
        ("sources", untitled + 1, "author"),
    ]
    assert report.valid  # a warning, so forks are not broken
    (first, _) = [p for p in report.warnings if p.rule == "source-citable"]
    assert first.message == "title is empty and the note does not say why"


def test_a_folder_name_with_glob_characters_is_the_folder_validated(tmp_path):
    """frictionless reads a path with [, * or ? as a pattern: kzfacts hands it the parsed descriptor,
    so a broken package in pkg[1] is never judged by a valid sibling pkg1."""
    import shutil

    broken = tmp_path / "pkg[1]"
    shutil.copytree(kzfacts.package_path().parent, broken)
    shutil.copytree(kzfacts.package_path().parent, tmp_path / "pkg1")
    edit(broken / "datapackage.json", "corridor_tonnage", ",3.4,", ",-3.4,")
    report = kzfacts.validate(broken)
    assert not report.valid
    assert ("corridor_tonnage", 3, "value") in found(report, "constraint-error")


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (",3.4,", ",1_000,", ("corridor_tonnage", 3, "value"), "'1_000' is not a finite number"),
        (",4.2,", ",1e999999,", ("corridor_tonnage", 4, "value"), "'1e999999' is not a finite number"),
    ],
)
def test_numbers_the_readers_cannot_hold_are_errors(package_copy, old, new, where, message):
    """frictionless accepts these; frames and exports would fail on them, so validate must not pass."""
    edit(package_copy, "corridor_tonnage", old, new)
    report = kzfacts.validate(package_copy)
    (problem,) = [p for p in report.errors if p.rule == "cell-readable"]
    assert ((problem.resource, problem.row, problem.field), problem.message) == (where, message)
    with pytest.raises(kzfacts.errors.DataFileError, match=message.replace("'", ".")):
        kzfacts.Package(package_copy).frame("corridor_tonnage")


def test_an_integer_beyond_64_bits_is_an_error(package_copy):
    edit(package_copy, "events", ",11,exact,", ",123456789012345678901,exact,")
    report = kzfacts.validate(package_copy)
    assert [(p.resource, p.field) for p in report.errors] == [("events", "participant_count")]
    assert "outside the 64-bit integer range" in report.errors[0].message


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_cell_cannot_forge_a_line_of_the_report(package_copy, fmt):
    """frictionless quotes the cell in a foreign-key message; a newline there must not start a
    workflow command or carry an escape code into the CI log."""
    edit(
        package_copy,
        "corridor_tonnage",
        "actual,,90,,,masarat-2025,",
        'actual,,90,,,"x\n::error::forged\x1b[31m",',
    )
    code, out = cli(str(package_copy), "--format", fmt)
    assert code == 1
    assert not [line for line in out.splitlines() if line.startswith("::error::forged")]
    assert "\x1b" not in out
    assert "x\\n::error::forged\\x1b[31m" in out or "x%0A::error::forged\\x1b[31m" in out


def test_a_descriptor_that_links_outside_its_folder_is_refused(package_copy, tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(package_copy.read_bytes())
    package_copy.unlink()
    package_copy.symlink_to(outside)
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.message) for p in report.problems] == [
        ("unsafe-path", "it is a symlink to a file outside the package folder")
    ]


def test_a_check_that_crashes_keeps_the_rest_of_the_report(package_copy, monkeypatch):
    """A crash inside frictionless' phase is reported, and kzfacts' rule findings still follow."""
    from kzfacts.validation import pipeline

    def crash(target, package):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "run_frictionless", crash)
    found = in_process(package_copy, "frictionless")
    assert [p.message for p in found if p.severity == "error"] == [
        "validation stopped early: RuntimeError: boom"
    ]
    assert [p.rule for p in found if p.reviewed] == [
        "forecast-after-period",
        "yoy-consistency",
        "yoy-consistency",
    ]


def test_a_review_names_a_warning_rule_by_the_rules_themselves(package_copy):
    """reviews.rule has no enum in the schema (a new rule would break every fork's contract): the
    rules themselves say which names are warnings, and an error rule cannot be reviewed."""
    from kzfacts.validation.rules import RULES

    edit(package_copy, "reviews", ",forecast-after-period,", ",date-precision,")
    (problem,) = [p for p in kzfacts.validate(package_copy).errors if p.rule == "review-unknown-rule"]
    warnings = ", ".join(r.name for r in RULES if r.severity == "warning")
    assert (
        problem.message
        == f"'date-precision' is an error rule, which cannot be reviewed; the warning rules: {warnings}"
    )
    field = kzfacts.Package().spec.resource("reviews").field("rule")
    assert field.enum is None
