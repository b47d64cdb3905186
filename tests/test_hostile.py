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
        "cell-readable",
        "corridor_tonnage",
        3,
        "",
    ),
    (
        "infinite-number",
        cell("corridor_tonnage", 3, "value", "1e999999"),
        1,
        "cell-readable",
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
    (problem,) = kzfacts.validate(package_copy).errors
    assert (problem.rule, problem.row, problem.fix) == (
        "file-unreadable",
        2,
        "shorten the row to at most 100,000 characters",
    )


def test_show_csv_writes_a_bare_carriage_return_as_a_visible_escape(package_copy):
    """show is for terminals and logs: a CR in a cell (which text-plain refuses in a valid package)
    is written as the escape \\r, one row per line; kzfacts export --format csv keeps the bytes."""
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
    assert rows[1][1] == "one\\rtwo" and len(rows) == len(rows_of(package_copy.parent, "events"))
    assert b"\r" not in done.stdout


# --- "valid" is a promise: what validate accepts loads, exports, cites and diffs ----------------


_PLACEHOLDER = "kzfactsrawcellplaceholder"  # not NUL: Python 3.10's csv writer refuses to write NUL


def raw_cell(name: str, row: int, field: str, text: str) -> Mutation:
    """Write one cell as ``text`` is, unquoted (a quote in it stays a quote in the file)."""

    def mutate(folder: Path) -> None:
        rows = rows_of(folder, name)
        column = rows[0].index(field)
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        lines = out.getvalue().split("\r\n")
        cells = next(csv.reader([lines[row - 1]]))
        cells[column] = _PLACEHOLDER  # letters only: no Python's csv writer quotes them
        line = io.StringIO()
        csv.writer(line, lineterminator="").writerow(cells)
        lines[row - 1] = line.getvalue().replace(_PLACEHOLDER, text)
        (folder / "data" / f"{name}.csv").write_text("\r\n".join(lines), encoding="utf-8", newline="")
        build.write(folder / "datapackage.json")

    return mutate


def no_such_day(folder: Path) -> None:
    """30 February as the start of the first spell dated to the day: it matches the field's
    pattern (frictionless' whole check) but is no calendar day."""
    rows = rows_of(folder, "memberships")
    precision = rows[0].index("start_precision")
    row = next(number for number, cells in enumerate(rows[1:], 2) if cells[precision] == "day")
    cell("memberships", row, "start_date", "2025-02-30")(folder)


REFUSED_WHAT_READERS_REFUSE = [
    ("short-date", cell("corridor_tonnage", 2, "period_start", "2023-1-1"), "cell-readable", "period_start"),
    (
        "full-width",
        cell("corridor_tonnage", 2, "period_start", "２０２３-01-01"),
        "cell-readable",
        "period_start",
    ),
    (
        "space-inside",
        cell("corridor_tonnage", 2, "period_start", "2023-01- 1"),
        "cell-readable",
        "period_start",
    ),
    ("no-such-day", lambda folder: no_such_day(folder), "cell-readable", "start_date"),
    ("stray-quote", raw_cell("events", 3, "note", '"Talks on" the Syrian crisis'), "file-unreadable", None),
]


@pytest.mark.parametrize(
    ("case", "mutate", "rule", "field"),
    REFUSED_WHAT_READERS_REFUSE,
    ids=[c[0] for c in REFUSED_WHAT_READERS_REFUSE],
)
def test_what_frictionless_accepts_and_the_readers_refuse_is_an_error(
    package_copy, case, mutate, rule, field
):
    """Each form passed frictionless (both engines said valid) and then failed every reader; now
    both engines refuse it with one error at its row, and the readers name the same file and row."""
    import kzfacts
    from kzfacts.errors import DataFileError

    mutate(package_copy.parent)
    reports = [validate(package_copy, "--strict", "--engine", e) for e in ("kzfacts", "frictionless")]
    assert reports[0] == reports[1]
    code, report = reports[0]
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert code == 1 and [(p["rule"], p["field"]) for p in errors] == [(rule, field)], errors
    resource, row = errors[0]["resource"], errors[0]["row"]
    assert row is not None
    with pytest.raises(DataFileError, match=rf"data/{resource}.csv, row {row}"):
        kzfacts.Package(package_copy).frame(resource)


ACCEPTED_AND_USABLE = [
    ("resources-reordered", descriptor(lambda raw: raw["resources"].reverse())),
    ("no-created", descriptor(lambda raw: raw.pop("created"))),
    ("no-licenses", descriptor(lambda raw: raw.pop("licenses"))),
    (
        "no-optional-metadata",
        descriptor(lambda raw: [raw.pop(k) for k in ("title", "homepage", "contributors")]),
    ),
]


@pytest.mark.parametrize(("case", "mutate"), ACCEPTED_AND_USABLE, ids=[c[0] for c in ACCEPTED_AND_USABLE])
def test_what_validates_exports_and_cites(package_copy, tmp_path, case, mutate):
    """Each passed validate --strict and then crashed an export or a citation; now it is used."""
    import kzfacts

    mutate(package_copy.parent)
    code, report = validate(package_copy, "--strict")
    assert code == 0, report["problems"]
    fork = kzfacts.Package(package_copy)
    for fmt in ("sqlite", "json", "csv"):
        assert fork.export(tmp_path / f"{case}-{fmt}", fmt)
    for style in ("bibtex", "apa", "ris", "csl-json", "cff"):
        assert fork.cite(style=style).endswith("\n")
    if case == "no-created":
        assert "(n.d.)" in fork.cite(style="apa")


DESCRIPTOR_TYPES = [
    ("hash-null", lambda raw: raw["resources"][0].update(hash=None), "'hash' must be 'sha256:'"),
    ("hash-number", lambda raw: raw["resources"][0].update(hash=5), "'hash' must be 'sha256:'"),
    ("hash-list", lambda raw: raw["resources"][0].update(hash=["x"]), "'hash' must be 'sha256:'"),
    ("hash-object", lambda raw: raw["resources"][0].update(hash={"x": 1}), "'hash' must be 'sha256:'"),
    ("hash-boolean", lambda raw: raw["resources"][0].update(hash=True), "'hash' must be 'sha256:'"),
    (
        "hash-upper-case",
        lambda raw: raw["resources"][0].update(hash=raw["resources"][0]["hash"].upper()),
        "'hash' must",
    ),
    (
        "required-1",
        lambda raw: raw["resources"][0]["schema"]["fields"][0]["constraints"].update(required=1),
        '"required": 1',
    ),
    (
        "unique-1.0",
        lambda raw: raw["resources"][0]["schema"]["fields"][0]["constraints"].update(unique=1.0),
        '"unique": 1.0',
    ),
    ("bytes-boolean", lambda raw: raw["resources"][0].update(bytes=True), "'bytes' must be a whole number"),
]


@pytest.mark.parametrize(("case", "change", "words"), DESCRIPTOR_TYPES, ids=[c[0] for c in DESCRIPTOR_TYPES])
def test_both_engines_give_one_verdict_on_the_descriptors_json_types(package_copy, case, change, words):
    descriptor(change)(package_copy.parent)
    reports = [validate(package_copy, "--engine", engine) for engine in ("kzfacts", "frictionless")]
    assert reports[0] == reports[1]
    code, report = reports[0]
    assert code == 1
    assert [(p["rule"], p["resource"], p["row"]) for p in report["problems"]] == [
        ("schema-contract", "sources", None)
    ]
    assert words in report["problems"][0]["message"]


# --- a budget that always holds, and no process left behind ----------------------------------


def quadratic_sniff(folder: Path) -> None:
    """reviews.csv whose second line makes csv.Sniffer's quote regex quadratic (one C call, which
    no Python-level timer can interrupt): about 47 s with no budget."""
    path = folder / "data" / "reviews.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + ',"a' * 40_000 + "\n", encoding="utf-8")
    build.write(folder / "datapackage.json")


def timed(*args: str) -> tuple[int, dict, float]:
    import time

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kzfacts", "validate", *args, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, json.loads(done.stdout), time.monotonic() - started


@pytest.mark.parametrize("engine", ["kzfacts", "frictionless"])
def test_a_quadratic_sniff_is_stopped_at_the_time_budget(package_copy, engine):
    quadratic_sniff(package_copy.parent)
    code, report, seconds = timed(str(package_copy), "--timeout", "3", "--engine", engine)
    assert code == 1 and seconds < 3 + 5
    assert [p["rule"] for p in report["problems"] if p["severity"] == "error"][-1:] == ["budget-exceeded"]
    assert "time budget of 3 s" in report["problems"][-1]["message"] or any(
        "time budget of 3 s" in p["message"] for p in report["problems"]
    )


def test_a_tiny_budget_is_never_valid():
    """The watchdog once let 2 of 12 such runs print valid (its exception landed in an import
    callback); the operating system's kill never does."""
    for _ in range(5):
        code, report, _ = timed("--timeout", "0.1", "--engine", "frictionless")
        assert code == 1 and not report["valid"]
        assert [p["rule"] for p in report["problems"]] == ["budget-exceeded"]


def test_annotations_are_read_within_the_budget(package_copy):
    """--format github reads each file again for its line numbers: in the worker, under the budget
    (a 300 MB line once took 24 s and 3 GB after the budget had ended)."""
    path = package_copy.parent / "data" / "events.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("x" * 300_000_000 + "\n")
    build.write(package_copy)
    import time

    started = time.monotonic()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "kzfacts", "validate", str(package_copy), "--format", "github"),
            *("--max-memory", "200", "--timeout", "5"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and time.monotonic() - started < 5 + 5
    assert "title=kzfacts budget-exceeded" in done.stdout or "title=kzfacts file-unreadable" in done.stdout


def _workers_of(pid: int) -> list[int]:
    """The process group a kzfacts validate process started (its worker leads it)."""
    import time

    from kzfacts.validation.process import alive

    for _ in range(200):
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        fields = handle.read().rsplit(b")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    children.append(int(entry))
        if children and all(alive(c) for c in children):
            return children
        time.sleep(0.05)
    raise AssertionError("the validation started no worker")


_AS_IN_A_TERMINAL = [
    sys.executable,
    "-c",
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('kzfacts', run_name='__main__', alter_sys=True)",
]
"""``python -m kzfacts`` with Ctrl-C's handler, as a command typed in a terminal has it: a test run
started in the background (``cmd &`` in a script, as CI may start it) inherits SIGINT ignored,
which Python and kzfacts rightly keep, and SIGINT would then do nothing."""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc: Linux only")
@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_no_process_outlives_a_stopped_validation(package_copy, how):
    import signal
    import time

    from kzfacts.validation.process import alive

    quadratic_sniff(package_copy.parent)  # keeps the worker busy in one C call
    cli = subprocess.Popen([*_AS_IN_A_TERMINAL, "validate", str(package_copy), "--timeout", "60"])
    workers = _workers_of(cli.pid)
    time.sleep(0.5)
    cli.send_signal(getattr(signal, how))
    cli.wait(timeout=30)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)]
    assert cli.returncode != 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc: Linux only")
def test_the_python_api_keeps_the_budget_and_leaves_no_process(package_copy):
    import kzfacts

    quadratic_sniff(package_copy.parent)
    before = set(os.listdir("/proc"))
    report = kzfacts.validate(package_copy, timeout=2)
    assert not report.valid and report.problems[-1].rule == "budget-exceeded"
    from kzfacts.validation.process import alive

    left = [int(p) for p in set(os.listdir("/proc")) - before if p.isdigit() and alive(int(p))]
    mine = []
    for pid in left:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                if int(handle.read().rsplit(b")", 1)[1].split()[1]) == os.getpid():
                    mine.append(pid)
        except OSError:
            pass
    assert mine == []


def test_frictionless_warnings_are_reported_as_what_they_say():
    from kzfacts.validation.adapter import ERROR_LIMIT, _warnings

    other = list(
        _warnings("events", "data/events.csv", ["hash is ignored; supported algorithms: md5/sha256"], 3)
    )
    assert [(p.rule, p.severity, p.message) for p in other] == [
        ("frictionless-warning", "warning", "frictionless: hash is ignored; supported algorithms: md5/sha256")
    ]
    both = list(
        _warnings("events", "data/events.csv", ["hash is ignored", "reached error limit: 1000"], ERROR_LIMIT)
    )
    assert [p.rule for p in both] == ["frictionless-warning", "too-many-problems"]
