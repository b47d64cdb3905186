"""kzfacts' engines against frictionless, the reference: the same report on every generated package.

Packages are made by mutating the bundled one: cells set to values frictionless accepts though
they look wrong (`` 2.5``, ``1e3``, ``٣``, ``-0``, ``2023-1-5``) and to values that look right
but are not, repeated and dangling keys, blank and ragged rows, raw bytes the two CSV parsers
could read differently (a stray quote, a CR, a NUL), descriptor properties of the wrong JSON
type (``"hash": null``, ``"required": 1``), several at once, with the hashes rebuilt or left
stale. Each package is validated three times: by the columnar engine (forced at any size with
``KZFACTS_COLUMNAR_BYTES=0``), by the row engine (the default below 2 MB) and by frictionless;
the three reports must be identical (rule, message, row, field, order). An engine may hand any
package to the exact path or to frictionless; it must never vouch for one that frictionless
faults. ``KZFACTS_EXAMPLES`` sets how many are generated.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kzfacts
from kzfacts.reading import build
from kzfacts.validation.engine import Engine
from kzfacts.validation.rulepass import run_rules_here

BUNDLED = kzfacts.package_path().parent
EXAMPLES = int(os.environ.get("KZFACTS_EXAMPLES", "60"))
RESOURCES = list(kzfacts.resource_names())
LOOKS_WRONG_BUT_PASSES = [" 2.5", "1e3", "\u0663", "-0", "2023-1-5", "0.0", "+1", "1.", ".5", "00"]
LOOKS_RIGHT_BUT_FAILS = [
    "2023-02-30",
    "actual ",
    "Actual",
    "1_000",
    "NaN",
    "-1",
    "http:/x",
    "2023-01-01T00:00",
]
OTHER = ["", " ", "x", "https://example.org/x?a=b", "2024-02-29", "1900-02-29", "9223372036854775808", "٢٠٢٣"]


def rows_of(folder: Path, name: str) -> list[list[str]]:
    with (folder / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(folder: Path, name: str, rows: list[list[str]]) -> None:
    """The rows as the bundled files are written ("\\n"), so an edit that keeps a cell's length keeps
    the file's size; a row holding a CR is quoted whole (csv quotes a CR only when it ends lines)."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
    (folder / "data" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


@st.composite
def edits(draw: st.DrawFn, tables: dict[str, list[list[str]]]) -> tuple[str, str, int, int, str]:
    """One edit: (kind, resource, row, column, value) on the bundled tables."""
    name = draw(st.sampled_from(RESOURCES))
    rows = tables[name]
    kind = draw(
        st.sampled_from(
            [
                "cell",
                "cell",
                "cell",
                "copy-cell",
                "duplicate-row",
                "drop-row",
                "blank",
                "ragged",
                "raw",
                "descriptor",
            ]
        )
    )
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    if kind == "copy-cell":  # another row's value in the same column: often valid, sometimes a repeat
        value = rows[draw(st.integers(1, len(rows) - 1))][column]
    elif kind == "raw":  # bytes written into a line as they are
        value = draw(st.sampled_from(RAW))
    elif kind == "descriptor":
        value = draw(st.sampled_from(sorted(DESCRIPTOR)))
    else:
        value = draw(
            st.sampled_from(LOOKS_WRONG_BUT_PASSES + LOOKS_RIGHT_BUT_FAILS + OTHER) | st.text(max_size=6)
        )
    return kind, name, row, column, value


RAW = ['"', 'x"y', '"x"y', "\r", "\r\n", "\x00", "", "\n", ",", '"a\nb"', "\ufeff"]
"""Text put into a line of a file as it is: what Python's csv module and pyarrow may read apart."""
DESCRIPTOR = {
    "hash-null": lambda spec: spec.update(hash=None),
    "required-1": lambda spec: spec["schema"]["fields"][0]["constraints"].update(required=1),
    "bytes-string": lambda spec: spec.update(bytes=str(spec.get("bytes"))),
    "unique-1.0": lambda spec: spec["schema"]["fields"][0]["constraints"].update(unique=1.0),
}
"""Descriptor properties of the wrong JSON type, on the edited resource."""


def apply_raw(folder: Path, name: str, row: int, column: int, value: str) -> None:
    """Insert ``value`` into line ``row`` of the file, after about ``column`` cells' worth of text."""
    path = folder / "data" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[min(row, len(lines) - 1)]
    at = min(len(line), column * 7)
    lines[min(row, len(lines) - 1)] = line[:at] + value + line[at:]
    path.write_text("\n".join(lines), encoding="utf-8", newline="")


def apply_descriptor(folder: Path, name: str, value: str) -> None:
    path = folder / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    DESCRIPTOR[value](next(r for r in raw["resources"] if r["name"] == name))
    path.write_text(json.dumps(raw), encoding="utf-8")


def apply(folder: Path, edit: tuple[str, str, int, int, str]) -> None:
    kind, name, row, column, value = edit
    if kind == "raw":
        apply_raw(folder, name, row, column, value)
        return
    if kind == "descriptor":
        apply_descriptor(folder, name, value)
        return
    rows = rows_of(folder, name)
    row = min(row, len(rows) - 1)
    if kind in ("cell", "copy-cell") and column < len(rows[row]):  # an earlier edit may have made it short
        rows[row][column] = value
    elif kind == "duplicate-row":
        rows.insert(row, list(rows[row]))
    elif kind == "drop-row" and len(rows) > 2:
        del rows[row]
    elif kind == "blank":
        rows.insert(row, [""] * len(rows[0]))
    elif kind == "ragged":
        rows[row] = rows[row][:-1] if value else [*rows[row], value]
    write(folder, name, rows)


@contextlib.contextmanager
def columnar_from(size: int) -> Iterator[None]:
    """The columnar engine from ``size`` bytes of data (0: always), in the workers started meanwhile."""
    before = os.environ.get("KZFACTS_COLUMNAR_BYTES")
    os.environ["KZFACTS_COLUMNAR_BYTES"] = str(size)
    try:
        yield
    finally:
        if before is None:
            del os.environ["KZFACTS_COLUMNAR_BYTES"]
        else:
            os.environ["KZFACTS_COLUMNAR_BYTES"] = before


IN_PROCESS = os.environ.get("KZFACTS_IN_PROCESS") == "1"
"""Set for the long randomized run: each report is made by the validation pipeline in the test's own
process (the pipeline a worker runs, in the order the supervisor puts it), not by ``validate()`` in
a fresh worker, which imports kzfacts, pyarrow and frictionless again for each of the three."""


def report(folder: Path, engine: str = "kzfacts") -> tuple[object, ...]:
    if not IN_PROCESS:
        return kzfacts.validate(folder, engine=engine).problems
    from kzfacts.contract.locate import bundled, descriptor_of
    from kzfacts.validation.pipeline import problems
    from kzfacts.validation.problems import ordered

    found = list(problems(descriptor_of(folder), None, engine, None, None))
    return ordered(found, bundled().resource_names)


def reports_agree(folder: Path) -> None:
    with columnar_from(0):
        columnar = report(folder)
    with columnar_from(1 << 62):
        rows = report(folder)
    reference = report(folder, engine="frictionless")
    assert columnar == reference
    assert rows == reference


TABLES = {name: rows_of(BUNDLED, name) for name in RESOURCES}
VALUE = TABLES["corridor_tonnage"][0].index("value")
SOURCE = TABLES["corridor_tonnage"][0].index("source_id")
PERIOD_END = TABLES["corridor_tonnage"][0].index("period_end")
SAME_LENGTH = TABLES["corridor_tonnage"][2][VALUE].replace("4", "5").replace("3", "4")  # 3.4 -> 4.5


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(edits(TABLES), min_size=1, max_size=3), rebuild=st.booleans())
@example(changes=[("cell", "corridor_tonnage", 2, 4, " 2.5")], rebuild=True)
@example(changes=[("cell", "events", 2, 14, "1e3")], rebuild=True)
@example(changes=[("cell", "sources", 2, 0, "masarat-2025")], rebuild=True)  # a repeated id, a lost one
@example(changes=[("duplicate-row", "corridor_tonnage", 2, 0, "")], rebuild=True)  # a repeated id alone
@example(changes=[("blank", "memberships", 2, 0, "")], rebuild=True)  # a blank row
@example(  # U+001F in a cell: the url's ".+" would absorb "\x1fzz", and "en" pass as the language
    changes=[("cell", "sources", 2, 6, "zz\x1fen")], rebuild=True
)
@example(changes=[("cell", "events", 2, 0, "")], rebuild=True)  # an empty primary key
@example(  # a leap day: the row regex leaves it to the per-cell test, which accepts it
    changes=[("cell", "corridor_tonnage", 2, PERIOD_END, "2024-02-29")], rebuild=True
)
@example(changes=[("cell", "corridor_tonnage", 2, VALUE, "")], rebuild=True)  # an empty required cell
@example(changes=[("cell", "corridor_tonnage", 2, VALUE, "-1")], rebuild=True)  # below the minimum
@example(changes=[("cell", "corridor_tonnage", 2, SOURCE, "nowhere")], rebuild=True)  # a dangling key
@example(
    changes=[("cell", "corridor_tonnage", 2, VALUE, SAME_LENGTH)], rebuild=False
)  # same size, stale hash
@example(changes=[("ragged", "events", 2, 0, "")], rebuild=True)  # a row one cell short
@example(changes=[("descriptor", "sources", 1, 0, "hash-null")], rebuild=False)
@example(changes=[("descriptor", "events", 1, 0, "required-1")], rebuild=True)
@example(changes=[("raw", "events", 3, 5, '"x"y')], rebuild=True)  # text after a closing quote
@example(changes=[("raw", "corridor_tonnage", 3, 0, "\r")], rebuild=True)  # a bare CR
@example(changes=[("cell", "corridor_tonnage", 2, 0, "astana-process")], rebuild=True)  # an id of events
@example(changes=[("raw", "sources", 1, 0, "\ufeff")], rebuild=False)  # U+FEFF starting the first row
def test_the_engine_gives_frictionless_verdicts(tmp_path: Path, changes, rebuild: bool) -> None:
    folder = tmp_path / "pkg"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(BUNDLED, folder)
    for change in (c for c in changes if c[0] != "descriptor"):
        apply(folder, change)
    if rebuild:
        build.write(folder / "datapackage.json")
    for change in (c for c in changes if c[0] == "descriptor"):  # after the rebuild, which would undo it
        apply(folder, change)
    reports_agree(folder)


def test_a_clean_package_never_imports_frictionless(tmp_path: Path) -> None:
    """The point of the engine: on the bundled package frictionless is not needed at all."""
    import subprocess
    import sys

    code = "import sys, kzfacts; r = kzfacts.validate(); print(r.valid, 'frictionless' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


@pytest.mark.parametrize(
    ("resource", "field", "value", "reason"),
    [
        ("corridor_tonnage", "value", " 2.5", "is not in canonical form"),
        ("events", "start_date", "2023-1-5", "is not in canonical form"),
        ("events", "id", "astana-process", "'astana-process' repeats"),
        ("corridor_tonnage", "source_id", "nowhere", "'nowhere' is not a sources.id"),
    ],
)
def test_what_the_engine_hands_to_frictionless(tmp_path, resource, field, value, reason) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(BUNDLED, folder)
    rows = rows_of(folder, resource)
    rows[3][rows[0].index(field)] = value
    write(folder, resource, rows)
    build.write(folder / "datapackage.json")
    outcome = run_rules_here(kzfacts.Package(folder).spec, None, True)
    assert not outcome.clean and outcome.suspect is not None and reason in outcome.suspect
    assert run_rules_here(kzfacts.Package().spec, None, True).clean


def test_descriptor_metadata_of_its_own_goes_to_frictionless(tmp_path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(BUNDLED, folder)
    raw = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    raw["name"] = "my-fork"  # a name of its own: frictionless checks what the engine does not know
    (folder / "datapackage.json").write_text(json.dumps(raw), encoding="utf-8")
    assert Engine(kzfacts.Package(folder).spec).suspect == "package property 'name' differs from kzfacts' own"
    reports_agree(folder)


def test_the_fuzz_profile_is_randomized_where_ci_is_set() -> None:
    """hypothesis loads its own derandomized "ci" profile wherever CI is set, and a profile registered
    then inherits it: the long run (KZFACTS_HYPOTHESIS=fuzz) must still draw new examples."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, 'tests'); import conftest; "
        "from hypothesis import settings; print(settings.default.derandomize)"
    )
    env = {**os.environ, "CI": "true", "KZFACTS_HYPOTHESIS": "fuzz"}
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root)
    assert done.stdout.split() == ["False"], done.stderr
