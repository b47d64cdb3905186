"""The promise behind "valid": every package ``kzfacts validate`` accepts is usable.

A property over mutations of cells and of the descriptor (the forms a fork's maintainer or an
attacker writes: dates frictionless reads but kzfacts' readers do not, stray quotes, resources in
another order, metadata left out or of another JSON type). For every mutated package that
validates, every table, ``frame()``, ``quantities()``, ``disputes()``, ``cite()`` in every style,
every export format and ``diff`` against the bundled package must succeed with no exception.

Most mutations make a package invalid, and then nothing more is asked of it; the strategies lean
towards mutations that keep it valid, so the property has something to check. The default
hypothesis profile (tests/conftest.py) is derandomized with a fixed number of examples;
``nox -s fuzz`` runs it randomized with thousands.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import kzfacts
from kzfacts.reading import build

BUNDLED = kzfacts.package_path().parent
SCHEMA = json.loads(kzfacts.package_path().read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in SCHEMA["resources"]]
FIELDS = {r["name"]: r["schema"]["fields"] for r in SCHEMA["resources"]}


def _columns(name: str) -> dict[str, list[str]]:
    with (BUNDLED / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return {field: sorted({row[i] for row in rows[1:]}) or [""] for i, field in enumerate(rows[0])}


COLUMNS = {name: _columns(name) for name in RESOURCES}
"""Each column's distinct values in the bundled data."""

# Forms of a value that some reader of a CSV cell might accept and another refuse.
ODD_DATES = [
    "2023-1-1",
    "２０２３-01-01",
    "2023-01- 1",
    " 2023-01-01",
    "2023-01-01 ",
    "2023-02-29",
    "20230101",
    "2023-W01-1",
    "2024-02-29",
    "0001-01-01",
    "9999-12-31",
    "2023-01-01T00:00:00",
]
ODD_NUMBERS = [
    "1_000",
    "１",
    "+1",
    "01",
    "1.",
    ".5",
    "1e3",
    "1E-2",
    "-0",
    "0.10",
    " 1",
    "1 ",
    "NaN",
    "inf",
    "9" * 20,
    "4.2",
    "0",
]
ODD_TEXT = [
    '"Talks on" the Syrian crisis',
    'a "quoted" word',
    '=HYPERLINK("x")',
    "@someone",
    "<!-- x -->",
    "}, note = {\\input{/etc/passwd}",
    "line\nbreak",
    "tab\there",
    "\u202eevil",
    "::error::x",
    "",
    "x" * 300,
    "a;b",
    "ok",
]
ODD_PARTIAL_DATES = ["2025", "2025-05", "2025-5", "2025-13", "2025-02-30", "2025-02-28", "0000"]


def _pool(field: dict) -> list[str]:
    kind = field.get("type")
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        return [*constraints["enum"], "", constraints["enum"][0].upper()]
    if kind == "date":
        return ODD_DATES
    if kind in ("integer", "number"):
        return ODD_NUMBERS
    if "pattern" in constraints and constraints["pattern"].startswith("^[0-9]{4}"):
        return ODD_PARTIAL_DATES
    return ODD_TEXT


@st.composite
def cell_mutation(draw: st.DrawFn) -> tuple[str, str, int, str, str]:
    """("cell" or "raw", resource, row index, field name, value): a cell set through the csv writer,
    or written raw into the line (so a quote in it stays a quote in the file)."""
    resource = draw(st.sampled_from(RESOURCES))
    field = draw(st.sampled_from(FIELDS[resource]))
    # Half the time a value the column already holds elsewhere (a fork's ordinary edit, mostly
    # valid), else an odd form or any text.
    column = COLUMNS[resource][field["name"]]
    value = draw(
        st.one_of(
            st.sampled_from(column),
            st.sampled_from(column),
            st.sampled_from(_pool(field)),
            st.text(max_size=12),
        )
    )
    return (
        draw(st.sampled_from(["cell", "cell", "raw"])),
        resource,
        draw(st.integers(1, 40)),
        field["name"],
        value,
    )


json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.text(max_size=10),
    st.lists(st.text(max_size=5), max_size=2),
    st.dictionaries(st.sampled_from(["name", "path", "title"]), st.text(max_size=8), max_size=2),
)

META_KEYS = ["title", "description", "version", "created", "homepage", "keywords", "licenses", "contributors",
             "sources", "name", "id", "image"]  # fmt: skip


@st.composite
def descriptor_mutation(draw: st.DrawFn) -> tuple[str, object]:
    # Mostly what a fork does (metadata of its own, another order), sometimes a hostile definition.
    kind = draw(st.sampled_from(["drop-meta", "set-meta", "reorder"] * 3 + ["constraint", "integrity"]))
    if kind == "drop-meta":
        return kind, draw(st.sampled_from(META_KEYS))
    if kind == "set-meta":
        key = draw(st.sampled_from(META_KEYS))
        plausible = {
            "homepage": "https://example.org/fork",
            "version": "2.1.0",
            "created": "2026-01-02T03:04:05Z",
        }
        return kind, (key, draw(st.sampled_from([plausible.get(key, "A fork's own text")]) | json_values))
    if kind == "reorder":
        return kind, draw(st.permutations(range(len(RESOURCES))))
    if kind == "constraint":
        resource = draw(st.sampled_from(RESOURCES))
        field = draw(st.integers(0, len(FIELDS[resource]) - 1))
        # A value of another JSON type that Python compares equal: 1 == True, 1.0 == 1.
        return kind, (
            resource,
            field,
            draw(st.sampled_from(["required", "unique"])),
            draw(st.sampled_from([1, 1.0, 0])),
        )
    resource = draw(st.sampled_from(RESOURCES))
    return kind, (resource, draw(st.sampled_from(["hash", "bytes"])), draw(json_values))


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _record(cells: list[str]) -> str:
    """One row as the csv module writes it (a cell holding a comma, a quote or a line break quoted)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2]


def _write(path: Path, rows: list[list[str]], raw: tuple[int, int, str] | None) -> None:
    records = [_record(cells) for cells in rows]
    if raw is not None:  # one cell written as it is, quotes and all
        row, column, value = raw
        cells = list(rows[row])
        cells[column] = "\ue000"  # a placeholder the writer leaves unquoted
        records[row] = _record(cells).replace("\ue000", value)
    path.write_text("\r\n".join(records) + "\r\n", encoding="utf-8", newline="")


def apply_cell(folder: Path, mutation: tuple[str, str, int, str, str]) -> None:
    how, resource, row, field, value = mutation
    path = folder / "data" / f"{resource}.csv"
    rows = _rows(path)
    row = 1 + (row - 1) % (len(rows) - 1)
    column = rows[0].index(field)
    if how == "raw":
        _write(path, rows, (row, column, value))
    else:
        rows[row][column] = value
        _write(path, rows, None)


def apply_descriptor(folder: Path, mutation: tuple[str, object]) -> None:
    path = folder / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    kind, arg = mutation
    if kind == "drop-meta":
        raw.pop(arg, None)
    elif kind == "set-meta":
        key, value = arg  # type: ignore[misc]
        raw[key] = value
    elif kind == "reorder":
        raw["resources"] = [raw["resources"][i] for i in arg]  # type: ignore[union-attr]
    elif kind == "constraint":
        resource, field, name, value = arg  # type: ignore[misc]
        fields = _named(raw, resource)["schema"]["fields"]
        fields[field].setdefault("constraints", {})[name] = value
    else:
        resource, name, value = arg  # type: ignore[misc]
        _named(raw, resource)[name] = value
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")


def _named(raw: dict, name: str) -> dict:
    """The resource called ``name`` (a reordering mutation may have moved it)."""
    return next(r for r in raw["resources"] if r["name"] == name)


def usable(path: Path, tmp: Path) -> None:
    """Everything a user does with a valid package: no step may raise."""
    from kzfacts.citation.styles import STYLES
    from kzfacts.diff.render import FORMATS as DIFF_FORMATS
    from kzfacts.exports import FORMATS

    package = kzfacts.Package(path)
    for name in package.resource_names:
        list(package.table(name))
        package.frame(name)
    package.quantities()
    package.annual()
    package.disputes()
    selection = package.frame("corridor_tonnage")
    for style in STYLES:
        package.cite(style=style)
        package.cite(selection, style=style)
    for fmt in FORMATS:
        package.export(tmp / f"export-{fmt}", fmt)
    found = kzfacts.Package().diff(package)
    for render in DIFF_FORMATS.values():
        render(found)


EXAMPLES = int(os.environ.get("KZFACTS_EXAMPLES", "30"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(cell_mutation(), max_size=2),
    descriptor=st.lists(descriptor_mutation(), max_size=2),
    rebuild=st.booleans() | st.just(True),
)
def test_every_valid_package_is_usable(tmp_path_factory, cells, descriptor, rebuild):
    tmp = tmp_path_factory.mktemp("fork")
    folder = tmp / "pkg"
    shutil.copytree(BUNDLED, folder)
    for mutation in cells:
        apply_cell(folder, mutation)
    if rebuild:
        build.write(folder / "datapackage.json")
    for mutation in descriptor:
        apply_descriptor(folder, mutation)
    report = kzfacts.validate(folder)
    event("valid" if report.valid else "invalid")
    if report.valid:
        usable(folder / "datapackage.json", tmp)
