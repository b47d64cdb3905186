"""The hostile-input corpus: packages a stranger's pull request could submit to a maintainer's CI.

Each case runs ``kzfacts validate`` in its own process, as CI does, under a budget of 10 s and
500 MB (``--timeout 10 --max-memory 500``): a case that hangs or blows up reports
``budget-exceeded`` and fails here. Each asserts its exact exit code, rule, resource and row, and
that no problem is an ``unexpected-input`` (a check that crashed instead of reporting).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kzfacts.reading import build

Mutation = Callable[[Path], None]
BUDGET = ["--timeout", "10", "--max-memory", "500"]


def validate(package: Path, *extra: str) -> tuple[int, dict]:
    """``kzfacts validate --format json`` in a fresh process, under the corpus budget."""
    done = subprocess.run(
        [sys.executable, "-m", "kzfacts", "validate", str(package), "--format", "json", *BUDGET, *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


def descriptor(change: Callable[[dict], None]) -> Mutation:
    def mutate(folder: Path) -> None:
        path = folder / "datapackage.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        change(raw)
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    return mutate


def rows_of(folder: Path, name: str) -> list[list[str]]:
    previous = csv.field_size_limit(100_000_000)  # the corpus reads back its own oversized cells
    try:
        with (folder / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))
    finally:
        csv.field_size_limit(previous)


def write_rows(folder: Path, name: str, rows: list[list[str]], *, rebuild: bool = True) -> None:
    out = io.StringIO()
    # "\r\n" makes the writer quote a cell holding a bare CR (with "\n" it would not).
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    (folder / "data" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    if rebuild:
        build.write(folder / "datapackage.json")


def cell(name: str, row: int, field: str, value: str) -> Mutation:
    """Set one cell (row numbered as in reports: header = 1) and rebuild the hashes."""

    def mutate(folder: Path) -> None:
        rows = rows_of(folder, name)
        rows[row - 1][rows[0].index(field)] = value
        write_rows(folder, name, rows)

    return mutate


def wide(extra: int) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = rows_of(folder, "events")
        rows[0] += [f"x{i}" for i in range(extra)]
        for row in rows[1:]:
            row += [""] * extra
        write_rows(folder, "events", rows)

    return mutate


def many_errors(folder: Path) -> None:
    rows = rows_of(folder, "corridor_tonnage")
    status = rows[0].index("status")
    rows += [[f"extra-{i}", *rows[-1][1:status], "nope", *rows[-1][status + 1 :]] for i in range(3000)]
    write_rows(folder, "corridor_tonnage", rows)


def many_warnings(folder: Path) -> None:
    """1,100 copies of the seed's 2024 forecast (quoted after 2024 ended): a warning each."""
    rows = rows_of(folder, "corridor_tonnage")
    (forecast,) = [row for row in rows if row[0] == "titr-2024-forecast-masarat"]
    rows += [[f"{forecast[0]}-{i}", *forecast[1:]] for i in range(1100)]
    write_rows(folder, "corridor_tonnage", rows)


def many_long_phrases(folder: Path) -> None:
    """One evidence cell of 5,000 nine-word phrases (under the row limit): 5,000 findings."""
    cell("events", 2, "evidence", ";".join(["a b c d e f g h i"] * 5_000))(folder)


def repeated_resources(count: int, *, same_name: bool) -> Mutation:
    def change(raw: dict) -> None:
        raw["resources"] += [
            {"name": "events" if same_name else f"r{i}", "path": "data/events.csv", "schema": {"fields": []}}
            for i in range(count)
        ]

    return descriptor(change)


def symlink_loop(folder: Path) -> None:
    os.symlink("loop.csv", folder / "data" / "loop.csv")
    descriptor(lambda raw: raw["resources"][3].update(path="data/loop.csv"))(folder)


def fifo(folder: Path) -> None:
    target = folder / "data" / "events.csv"
    target.unlink()
    os.mkfifo(target)


def hard_link(folder: Path) -> None:
    outside = folder.parent / "outside.csv"
    target = folder / "data" / "events.csv"
    os.replace(target, outside)
    os.link(outside, target)


def lone_surrogate(folder: Path) -> None:
    path = folder / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"title": "', '"title": "\\ud800', 1), "utf-8")


# (case, mutation, exit code, rule, resource, row, words the message must hold)
CORPUS: list[tuple[str, Mutation, int, str, str, int | None, str]] = [
    # hangs and blow-ups
    (
        "catastrophic-pattern",
        descriptor(
            lambda raw: raw["resources"][3]["schema"]["fields"][1]["constraints"].update(pattern="(a+)+$")
        ),
        1,
        "schema-contract",
        "events",
        None,
        "'constraints'",
    ),
    (
        "local-profiles",
        descriptor(lambda raw: raw.update(profiles=["evil.json"])),
        1,
        "schema-contract",
        "datapackage.json",
        None,
        "'profiles'",
    ),
    (
        "zip-compression",
        descriptor(lambda raw: raw["resources"][3].update(compression="zip", innerpath="x.csv")),
        1,
        "schema-contract",
        "events",
        None,
        "'compression'",
    ),
    (
        "https-scheme",
        descriptor(lambda raw: raw["resources"][3].update(scheme="https")),
        1,
        "schema-contract",
        "events",
        None,
        "'scheme'",
    ),
    ("5000-extra-columns", wide(5000), 1, "header-contract", "events", 1, "and 4995 more"),
    ("20000-extra-columns", wide(20000), 1, "header-contract", "events", 1, "longer than 65536 bytes"),
    (
        "3000-errors",
        many_errors,
        1,
        "too-many-problems",
        "corridor_tonnage",
        None,
        "stopped checking this file at 1000 errors",
    ),
    (
        "warnings-beyond-the-cap",  # counted as a warning: unlisted warnings do not make a package invalid
        many_warnings,
        0,
        "too-many-problems",
        "corridor_tonnage",
        None,
        "101 more forecast-after-period problems",
    ),
    ("5000-findings-in-one-cell", many_long_phrases, 1, "too-many-problems", "events", None, "4000 more"),
    (
        "3000-resources",
        repeated_resources(3000, same_name=False),
        1,
        "descriptor-shape",
        "datapackage.json",
        None,
        "3007 resources",
    ),
    (
        "repeated-resource-names",
        repeated_resources(2, same_name=True),
        1,
        "descriptor-shape",
        "datapackage.json",
        None,
        "['events'] appear more than once",
    ),
    # false "valid"
    (
        "ten-megabyte-cell",
        cell("events", 2, "note", "x" * 10_000_000),
        1,
        "file-unreadable",
        "events",
        2,
        "longer than 100,000 characters",
    ),
    (
        "underscore-number",
        cell("corridor_tonnage", 3, "value", "1_000"),
        1,
        "number-readable",
        "corridor_tonnage",
        3,
        "",
    ),
    (
        "infinite-number",
        cell("corridor_tonnage", 3, "value", "1e999999"),
        1,
        "number-readable",
        "corridor_tonnage",
        3,
        "",
    ),
    (
        "duplicate-id",
        lambda folder: cell("events", 3, "id", rows_of(folder, "events")[1][0])(folder),
        1,
        "primary-key",
        "events",
        3,
        "",
    ),
    ("hard-link", hard_link, 1, "unsafe-path", "events", None, "2 hard links"),
    # output a cell could take over
    (
        "workflow-command",
        cell("events", 2, "note", "ok\n::error file=x::forged"),
        1,
        "text-plain",
        "events",
        2,
        "U+000A",
    ),
    (
        "ansi-escape",
        cell("events", 2, "name_en", "\x1b]8;;http://x\x07link"),
        1,
        "text-plain",
        "events",
        2,
        "U+001B",
    ),
    ("bidi-override", cell("sources", 2, "title", "abc\u202edef"), 1, "text-plain", "sources", 2, "U+202E"),
    # never a traceback, never a lost report
    ("symlink-loop", symlink_loop, 1, "unsafe-path", "events", None, "symlink loop"),
    (
        "10-kB-path",
        descriptor(lambda raw: raw["resources"][3].update(path="data/" + "a" * 10_000 + ".csv")),
        1,
        "unsafe-path",
        "events",
        None,
        "10009 characters long",
    ),
    ("fifo", fifo, 1, "unsafe-path", "events", None, "named pipe (FIFO)"),
    (
        "nul-in-path",
        descriptor(lambda raw: raw["resources"][3].update(path="data/ev\x00ents.csv")),
        1,
        "unsafe-path",
        "events",
        None,
        "NUL character",
    ),
    (
        "misshapen-schema",
        descriptor(lambda raw: raw["resources"][3]["schema"].update(fields=5)),
        1,
        "schema-contract",
        "events",
        None,
        "'fields' is 5",
    ),
    ("lone-surrogate", lone_surrogate, 1, "descriptor-json", "datapackage.json", None, "lone surrogate"),
]


@pytest.mark.parametrize(
    ("case", "mutate", "code", "rule", "resource", "row", "words"), CORPUS, ids=[c[0] for c in CORPUS]
)
def test_hostile_package(package_copy, case, mutate, code, rule, resource, row, words):
    mutate(package_copy.parent)
    exit_code, report = validate(package_copy)
    rules = [p["rule"] for p in report["problems"]]
    assert "unexpected-input" not in rules and "budget-exceeded" not in rules, rules
    assert exit_code == code
    (first, *_) = [p for p in report["problems"] if p["rule"] == rule] or [None]
    assert first is not None, rules
    assert (first["resource"], first["row"]) == (resource, row)
    assert words in first["message"]


def test_the_budget_is_a_problem_not_a_hang(package_copy):
    """Out of time or memory, validation reports what it found and a budget-exceeded error."""
    # frictionless alone takes over 0.4 s to import, far beyond a 0.1 s budget on any machine
    for option, words in (("--timeout", "time budget of 0.1 s"), ("--max-memory", "memory budget of 5 MB")):
        done = subprocess.run(
            [
                *(sys.executable, "-m", "kzfacts", "validate", str(package_copy), "--format", "json"),
                *(option, "0.1" if option == "--timeout" else "5", "--engine", "frictionless"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        report = json.loads(done.stdout)
        assert done.returncode == 1
        budget = [p for p in report["problems"] if p["rule"] == "budget-exceeded"]
        assert len(budget) == 1 and words in budget[0]["message"], report["problems"]


# --- never a traceback: each is one error line naming what is wrong, and exit 1 --------------


def kzfacts_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzfacts", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one ``error:`` line of a failed command (after the line naming the package read)."""
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if not line.startswith("package: ")]
    assert line.startswith("error: ")
    return line


def test_stdout_that_cannot_hold_the_output(package_copy):
    done = kzfacts_cli(
        "show", "organizations", "--package", str(package_copy), env={"PYTHONIOENCODING": "latin-1"}
    )
    assert error_line(done) == (
        "error: stdout's encoding (iso8859-1) cannot write U+2500, which the output holds; "
        "set PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1) and run again"
    )


def test_build_on_a_symlink_loop(package_copy):
    events = package_copy.parent / "data" / "events.csv"
    events.unlink()
    events.symlink_to("events.csv")
    assert error_line(kzfacts_cli("build", str(package_copy))) == (
        f"error: {package_copy}: path 'data/events.csv' is a symlink loop; use data/<name>.csv"
    )


def test_a_lone_surrogate_in_the_title(package_copy, tmp_path):
    lone_surrogate(package_copy.parent)
    for args in (
        ["info", "--package", str(package_copy)],
        ["export", str(tmp_path / "out"), "--package", str(package_copy)],
    ):
        line = error_line(kzfacts_cli(*args))
        assert "/title (character 1) holds a lone surrogate" in line
    assert not (tmp_path / "out").exists()


def test_a_row_over_the_limit_is_named_by_every_reader(package_copy):
    """Validation and the accessors share one row limit: a row of exactly the limit validates and
    loads; one character more is refused by both, naming the file and row."""
    import kzfacts
    from kzfacts.errors import DataFileError
    from kzfacts.reading.csvfile import ROW_LIMIT

    folder = package_copy.parent
    cell("events", 2, "note", "x" * 10)(folder)
    line = (folder / "data" / "events.csv").read_bytes().decode("utf-8").split("\r\n")[1]
    fits = ROW_LIMIT - (len(line) + 2 - 10)  # the row's other characters, its line break included
    cell("events", 2, "note", "x" * fits)(folder)
    assert len(kzfacts.Package(package_copy).frame("events")) == len(kzfacts.frame("events"))
    assert "file-unreadable" not in kzfacts.validate(package_copy).counts()
    cell("events", 2, "note", "x" * (fits + 1))(folder)
    with pytest.raises(
        DataFileError, match=r"data/events.csv, row 2: the row is longer than 100,000 characters"
    ):
        kzfacts.Package(package_copy).frame("events")
    assert [(p.rule, p.row) for p in kzfacts.validate(package_copy).errors] == [("file-unreadable", 2)]


def test_show_csv_keeps_a_bare_carriage_return_inside_its_cell(package_copy):
    cell("events", 2, "note", "one\rtwo")(package_copy.parent)
    done = subprocess.run(
        [
            *(sys.executable, "-m", "kzfacts", "show", "events", "--package", str(package_copy)),
            *("--format", "csv", "--columns", "id,note"),
        ],
        capture_output=True,
        timeout=60,
        check=True,
    )  # bytes: text mode would turn the CR into a newline on the way in
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert rows[1][1] == "one\rtwo" and len(rows) == len(rows_of(package_copy.parent, "events"))
