"""The columnar engine's guards, one by one: the forms it vouches for, the bytes it refuses to read
with pyarrow, each rule's pre-filter against the rule itself, frictionless' error limit, and a
stale hash reported without frictionless. ``tests/test_engine.py`` compares whole reports."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzfacts
from kzfacts.reading import build
from kzfacts.validation.columnar import forms, prefilter, scan
from kzfacts.validation.columnar.run import Pass, run
from kzfacts.validation.rules import RULES
from kzfacts.validation.rules.values import HIDDEN

BUNDLED = kzfacts.package_path().parent
EXAMPLES = int(os.environ.get("KZFACTS_EXAMPLES", "60"))
NAMES = ("a", "b", "c")


def test_the_whitespace_and_hidden_classes_are_pythons():
    assert "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()) == forms.WHITESPACE
    hidden = {chr(c) for c in range(sys.maxunicode + 1) if HIDDEN.search(chr(c))}
    assert hidden == {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(forms.HIDDEN_TEXT, chr(c))}


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        (b'1,"two, three","a ""quoted"" word"\n', ["1", "two, three", 'a "quoted" word']),
        (b'x,"",\n', ["x", "", ""]),
        ("é,ж,٣\n".encode(), ["é", "ж", "٣"]),
    ],
)
def test_what_the_gate_lets_through_pyarrow_reads_as_the_csv_module(text, cells):
    table, hidden = scan.parse(text, NAMES)
    assert [list(row.values()) for row in table.to_pylist()] == [cells]
    assert list(csv.reader(io.StringIO(text.decode(), newline=""), strict=True)) == [cells]
    assert not hidden


@pytest.mark.parametrize(
    "text",
    [
        b'1,"two" three,x\n',  # text after a closing quote: the csv module refuses it
        b'1,tw"o,x\n',  # a quote inside an unquoted cell
        b'1,"two\nthree",x\n',  # a line break inside a quoted cell
        b"1,two,x\r\n",  # a CR
        b"1,t\x00wo,x\n",  # a NUL
        b"1,two,x\n\n3,4,5\n",  # a blank line: the csv module reads no cell, pyarrow three
        b"1,two\n",  # a ragged row
        b"1,two,x,y\n",
        b'1,"two,x\n',  # an unterminated quote
        b"1,\xff,x\n",  # not UTF-8
        "\ufeff1,two,x\n".encode(),  # U+FEFF starting a chunk: pyarrow would drop it, the csv module keep it
    ],
)
def test_the_gate_refuses_what_the_parsers_could_read_apart(text):
    with pytest.raises(scan.Fallback):
        scan.parse(text, NAMES)


def test_a_hidden_character_is_noticed_in_the_bytes():
    for character in ("\t", "\x1b", "\u202e", "\x85", "\ufeff"):
        _, hidden = scan.parse(f"1,a{character}b,x\n".encode(), NAMES)
        assert hidden, repr(character)
    assert not scan.parse("1,a\u200db’,x\n".encode(), NAMES)[1]  # a joiner and a quote mark are plain


def test_a_row_over_the_limit_is_left_to_the_exact_path():
    with pytest.raises(scan.Fallback):
        scan.parse(b"1," + b"x" * 60_000 + b",y\n", NAMES)
    scan.parse(b"1," + b"x" * 20_000 + b",y\n", NAMES)


CELLS = st.sampled_from(
    [
        "",
        "2023",
        "2023-05",
        "2023-05-01",
        "2025-02-30",
        "٢٠٢٣",
        "2023-13",
        "20230501",
        "1",
        "-1",
        "1e3",
        " 2.5",
        "day",
        "month",
        "year",
        "actual",
        "partial-period-actual",
        "forecast",
        "target",
        "derived",
        "2023-12-31",
        "2023-01-01",
        "initiator",
        "member",
        "a b c d e f g h i",
        "one;two",
        "a\u2003b",
        "x\x1fy",
        "masarat-2025",
        "nowhere",
        "yoy-consistency",
        "id-unique",
        "1_000",
        "NaN",
        "９",
    ]
) | st.text(max_size=4)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    name=st.sampled_from(list(kzfacts.resource_names())),
    row=st.integers(1, 20),
    values=st.lists(CELLS, min_size=1, max_size=6),
    columns=st.lists(st.integers(0, 30), min_size=1, max_size=6),
)
def test_each_pre_filter_selects_every_row_its_rule_reports(name, row, values, columns):
    """A row a rule reports is always among the rows its pre-filter selects (it may select more)."""
    import pyarrow as pa

    package = kzfacts.Package().spec
    work = Pass(package)
    for preloaded in ("sources", "organizations", "claims", "reviews"):
        work.read(package.resource(preloaded), None)
    with (BUNDLED / package.resource(name).path).open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    cells = rows[min(row, len(rows) - 1)]
    for value, column in zip(values, columns, strict=False):
        cells[column % len(cells)] = value
    table = pa.table({h: pa.array([c], pa.string()) for h, c in zip(header, cells, strict=False)})
    record = {h: c or None for h, c in zip(header, cells, strict=False)}
    for cls in RULES:
        rule = cls(work.context)
        if cls not in prefilter.FILTERS or (rule.resources is not None and name not in rule.resources):
            continue
        mask = prefilter.FILTERS[cls](rule, name)(prefilter.Cols(table), True)
        selected = mask is not None and mask[0].as_py()
        assert selected or not rule.row(name, 2, record), (cls.name, cells)


def test_the_bundled_package_is_read_by_the_columnar_engine_and_found_clean():
    problems, outcome = run(kzfacts.Package().spec, kzfacts.package_path())
    assert problems == [] and outcome.clean
    assert [cls.name for cls, _ in outcome.rules.findings] == ["yoy-consistency"] * 2 + [
        "forecast-after-period"
    ]


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pkg"
    shutil.copytree(BUNDLED, folder)
    return folder


def validate_with(folder: Path, columnar: bool, engine: str = "kzfacts") -> kzfacts.Report:
    os.environ["KZFACTS_COLUMNAR_BYTES"] = "0" if columnar else str(1 << 62)
    try:
        return kzfacts.validate(folder, engine=engine)
    finally:
        del os.environ["KZFACTS_COLUMNAR_BYTES"]


def test_frictionless_error_limit_and_what_it_leaves_unchecked(tmp_path):
    """1,100 rows with a bad value: frictionless stops at 1,000 errors and then checks neither the
    hash nor the size (left stale here); the columnar engine says exactly the same."""
    folder = copy(tmp_path)
    path = folder / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, first, *rest = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, first, *rest])
    for i in range(1100):
        writer.writerow([f"{first[0]}-x{i}", *first[1:4], "-1", *first[5:]])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    ours = validate_with(folder, columnar=True)
    assert [p.rule for p in ours.problems].count("constraint-error") == 1000
    assert "hash-count" not in {p.rule for p in ours.problems}
    assert ours.problems == validate_with(folder, columnar=False, engine="frictionless").problems


def stale(tmp_path: Path) -> Path:
    folder = copy(tmp_path)
    path = folder / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Astana", "Astanа", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("columnar", [True, False])
def test_a_stale_hash_is_reported_without_frictionless(tmp_path, columnar):
    folder = stale(tmp_path)
    reference = validate_with(folder, columnar=False, engine="frictionless")
    assert {p.rule for p in reference.problems} >= {"hash-count", "byte-count"}
    assert validate_with(folder, columnar=columnar).problems == reference.problems
    code = (
        "import os, sys, kzfacts; from kzfacts.validation.pipeline import problems;"
        "list(problems(kzfacts.Package(sys.argv[1]).spec.path, None, 'kzfacts', None, None));"
        "print('frictionless' in sys.modules)"
    )
    env = {**os.environ, "KZFACTS_COLUMNAR_BYTES": "0" if columnar else str(1 << 62)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["False"]


def test_a_file_the_gate_refuses_is_validated_by_the_exact_path(tmp_path):
    folder = copy(tmp_path)
    path = folder / "data" / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    build.write(folder / "datapackage.json")
    with pytest.raises(scan.Fallback):
        run(kzfacts.Package(folder).spec, folder / "datapackage.json")
    assert validate_with(folder, columnar=True).problems == validate_with(folder, columnar=False).problems


def expected_repeats(values: list[str | None]) -> dict[int, int]:
    """Row number -> the latest earlier row holding the same present value, in plain Python."""
    latest: dict[str, int] = {}
    found: dict[int, int] = {}
    for number, value in enumerate(values, start=2):
        if value:
            if value in latest:
                found[number] = latest[value]
            latest[value] = number
    return found


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    values=st.lists(
        st.sampled_from(["", None, "a", "b", "ab", "ba", "a\u00e9", "\u00e9", "x1", "y1"]), max_size=40
    ),
    part_rows=st.sampled_from([1, 5, 1 << 30]),
)
def test_repeats_counted_part_by_part_are_the_columns_repeats(values, part_rows):
    """A large column's repeats are counted in parts split by the last character: the same repeats."""
    import pyarrow as pa

    from kzfacts.validation.columnar import tables

    saved, tables._PART_ROWS = tables._PART_ROWS, part_rows
    try:
        column = pa.chunked_array([pa.array(values[:7], pa.string()), pa.array(values[7:], pa.string())])
        assert tables.repeats(column) == expected_repeats(values)
    finally:
        tables._PART_ROWS = saved


def test_the_columnar_engine_does_not_import_pandas():
    """pyarrow would import pandas (56 MB) to test the values it converts; the engine's worker stops it."""
    code = (
        "import sys, kzfacts; from kzfacts.validation.columnar.run import run; "
        "run(kzfacts.Package().spec, kzfacts.package_path()); import pyarrow as pa; pa.scalar(1); "
        "print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
