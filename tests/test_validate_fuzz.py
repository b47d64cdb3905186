"""Property: whatever a cell or descriptor field holds, validate reports and never raises."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzfacts
from kzfacts.cli import run as run_cli
from kzfacts.validation import rulepass as validation_run

BUNDLED = kzfacts.package_path().parent
RESOURCES = list(kzfacts.resource_names())
EXAMPLES = int(os.environ.get("KZFACTS_EXAMPLES", "40"))


def invoke(*args: str) -> tuple[int, str]:
    """The command line in this process: its exit status, and what it wrote (stdout, then stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(list(args))
    return code, out.getvalue() + err.getvalue()


cell_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "1e309", "nan", "2025-13-40", "2025-05", "\ufeff", '"', "a,b", "\n", "\x00"]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def quoted_line(cells: list[str]) -> str:
    """One CSV line with every cell quoted: any text, NUL included (Python 3.10's csv writer refuses
    to write NUL at all), still reads back as the same cells."""
    return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells) + "\n"


def fresh_copy(tmp: Path) -> Path:
    target = tmp / "pkg"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(BUNDLED, target)
    return target / "datapackage.json"


def check(package: Path) -> None:
    """No check crashed (a crash becomes unexpected-input, which would hide a bug behind a report),
    frictionless with the rule pass beside it gives the report kzfacts' engine with the rule pass
    run first gives, and the CLI agrees."""
    report = kzfacts.validate(package)
    crashed = [p.message for p in report.problems if p.rule == "unexpected-input"]
    assert not crashed, crashed
    for problem in report.problems:
        assert problem.rule and problem.message and problem.fix
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validation_run, "PARALLEL_BYTES", 0)  # frictionless and the rule pass side by side
        assert kzfacts.validate(package, engine="frictionless").problems == report.problems
    code, output = invoke("validate", str(package), "--format", "json")  # an exception fails the test
    assert code in (0, 1, 2), output
    json.loads(output)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=cell_text)
def test_random_cell_mutations_never_raise(tmp_path, data, value):
    package = fresh_copy(tmp_path)
    name = data.draw(st.sampled_from(RESOURCES))
    path = package.parent / "data" / f"{name}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.integers(0, len(rows[row]) - 1))
    rows[row][column] = value
    path.write_text("".join(quoted_line(cells) for cells in rows), encoding="utf-8")
    check(package)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=json_values)
def test_random_descriptor_mutations_never_raise(tmp_path, data, value):
    package = fresh_copy(tmp_path)
    raw = json.loads(package.read_text(encoding="utf-8"))
    target = data.draw(st.sampled_from(["package", "resource", "field", "schema"]))
    index = data.draw(st.integers(0, len(raw["resources"]) - 1))
    resource = raw["resources"][index]
    if target == "package":
        holder = raw
    elif target == "resource":
        holder = resource
    elif target == "schema":
        holder = resource["schema"]
    else:
        holder = data.draw(st.sampled_from(resource["schema"]["fields"]))
    key = data.draw(st.sampled_from([*holder.keys(), "profile", "path", "constraints", "type"]))
    holder[key] = value
    package.write_text(json.dumps(raw), encoding="utf-8")
    check(package)
