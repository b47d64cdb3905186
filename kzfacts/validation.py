"""``kzfacts validate``: frictionless' checks plus kzfacts' own rules, safely, with actionable problems.

Order: read and pre-scan the descriptor (no network, nothing outside the folder);
run frictionless on the files; read the rows once more with the csv module for
kzfacts' rules. Nothing is ever written, and no input produces a traceback.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kzfacts import safety
from kzfacts.descriptor import PackageSpec, parse
from kzfacts.errors import KzfactsError
from kzfacts.models import MODELS
from kzfacts.paths import package_path
from kzfacts.problems import Problem, Report
from kzfacts.rules import Dataset, Row, run_rules

_BOM = b"\xef\xbb\xbf"
_FIELD_LIMIT = 64 * 1024 * 1024
_FRICTIONLESS_FIX = {
    "type-error": "write the cell in the field's type and format (see datapackage.json)",
    "constraint-error": "correct the cell so it meets the field's constraint (see datapackage.json)",
    "foreign-key": "use an id that exists in the referenced resource, or add that record",
    "primary-key": "give every row its own id",
    "unique-error": "make the value unique in this column",
    "hash-count": "if the edit is intended, run: kzfacts build <package folder>",
    "byte-count": "if the edit is intended, run: kzfacts build <package folder>",
    "missing-cell": "give the row one cell per field (count the commas)",
    "extra-cell": "give the row one cell per field (quote cells that contain commas)",
    "blank-row": "remove the empty row",
    "encoding-error": "save the file as UTF-8",
    "source-error": "the file must have a header row and data",
    "scheme-error": "check that the file exists and is readable",
}
_INTEGRITY_ONLY = {"hash-count", "byte-count"}
"""File-level frictionless errors after which the rows can still be read for kzfacts' rules."""
_LABEL_FIX = "make the header row list exactly the schema's field names, in order"


class _NoNetwork:
    """A requests-like session that refuses every request: a second guard behind the pre-scan."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        raise KzfactsError("kzfacts validate makes no network requests")

    get = post = head = request


def resolve_target(path: Path | str | None) -> Path:
    """The descriptor file for PATH (a datapackage.json or its folder), or the bundled one."""
    target = Path(path) if path is not None else package_path()
    return target / safety.DESCRIPTOR_FILE if target.is_dir() else target


def validate(path: Path | str | None = None, *, sources: Path | str | None = None) -> Report:
    """Validate the package at ``path`` (default: the bundled one) against every rule.

    ``sources`` is a folder of archived source texts; when given, evidence phrases
    are checked against the cited paragraphs.
    """
    target = resolve_target(path)
    try:
        problems = list(_validate(target, Path(sources) if sources is not None else None))
    except Exception as exc:  # a last guard: report, never crash, on any input
        problems = [
            Problem(
                safety.DESCRIPTOR_FILE,
                str(target),
                None,
                None,
                "unexpected-input",
                "error",
                f"validation stopped: {type(exc).__name__}: {exc}",
                "fix the problem above; if the input looks right, report this as a kzfacts bug",
            )
        ]
    return Report(str(target), tuple(problems))


def _validate(target: Path, archive: Path | None) -> Iterator[Problem]:
    scan = safety.scan(target)
    yield from scan.problems
    if not scan.safe or scan.raw is None:
        return
    try:
        package = parse(scan.raw, target)
    except KzfactsError as exc:
        yield Problem(
            safety.DESCRIPTOR_FILE,
            str(target),
            None,
            None,
            "descriptor-shape",
            "error",
            str(exc),
            "compare the descriptor with the bundled one (kzfacts.package_path())",
        )
        return
    contract = list(_contract(package))
    yield from contract
    frictionless_problems = list(_frictionless(target, package))
    yield from frictionless_problems
    foreign_key_rows = {(p.resource, p.row) for p in frictionless_problems if p.rule == "foreign-key"}
    broken = {p.resource for p in contract} | {
        p.resource for p in frictionless_problems if p.row is None and p.rule not in _INTEGRITY_ONLY
    }
    rows: dict[str, list[tuple[int, Row]]] = {}
    for spec in package.resources:
        if spec.name in broken:
            continue
        try:
            table, bom = _read_rows(package, spec.name)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            yield Problem(
                spec.name,
                spec.path,
                None,
                None,
                "file-unreadable",
                "error",
                str(exc),
                "save the file as UTF-8 CSV with one header row",
            )
            continue
        if bom:
            yield Problem(
                spec.name,
                spec.path,
                1,
                None,
                "byte-order-mark",
                "error",
                "the file starts with a UTF-8 byte-order mark",
                "save it as UTF-8 without BOM",
            )
        rows[spec.name] = table
    complete = all(name in rows for name in package.resource_names)
    for item, (resource, row, field, message) in run_rules(Dataset(package, rows, archive, complete)):
        if item.name == "source-exists" and (resource, row) in foreign_key_rows:
            continue  # frictionless already reported this foreign key
        file = package.resource(resource).path
        yield Problem(resource, file, row, field, item.name, item.severity, message, item.fix)


def _contract(package: PackageSpec) -> Iterator[Problem]:
    """The resources and fields kzfacts' models and rules rely on."""
    for name, model in MODELS.items():
        if name not in package.resource_names:
            yield Problem(
                name,
                safety.DESCRIPTOR_FILE,
                None,
                None,
                "schema-contract",
                "error",
                f"the package has no resource {name!r}",
                "keep all five kzfacts resources; add rows, do not remove tables",
            )
            continue
        expected, found = tuple(model.model_fields), package.resource(name).field_names
        if found != expected:
            missing = [f for f in expected if f not in found]
            extra = [f for f in found if f not in expected]
            yield Problem(
                name,
                safety.DESCRIPTOR_FILE,
                None,
                None,
                "schema-contract",
                "error",
                f"fields differ from kzfacts' schema (missing {missing}, unexpected {extra})",
                "declare exactly the kzfacts fields, in the same order",
            )


def _frictionless(target: Path, package: PackageSpec) -> Iterator[Problem]:
    import frictionless

    with frictionless.system.use_context(http_session=_NoNetwork()):
        report = frictionless.validate(str(target))
    paths = {spec.name: spec.path for spec in package.resources}
    for error in report.errors:
        yield Problem(
            safety.DESCRIPTOR_FILE,
            safety.DESCRIPTOR_FILE,
            None,
            None,
            error.type,
            "error",
            error.message,
            "fix the descriptor as the message says",
        )
    for task in report.tasks:
        name = task.name or "?"
        for error in task.errors:
            info = error.to_descriptor()
            fix = (
                _LABEL_FIX
                if error.type.endswith("-label")
                else _FRICTIONLESS_FIX.get(
                    error.type, "see the message and correct the data or the descriptor"
                )
            )
            row = info.get("rowNumber")
            if row is None and error.type.endswith("-label"):
                row = 1
            yield Problem(
                name,
                paths.get(name, task.place),
                row,
                info.get("fieldName"),
                error.type,
                "error",
                error.message,
                fix,
            )


def _read_rows(package: PackageSpec, name: str) -> tuple[list[tuple[int, Row]], bool]:
    """Rows of a resource as strings (missing values as None); skips rows of the wrong width."""
    spec = package.resource(name)
    path = package.file(name)
    csv.field_size_limit(min(sys.maxsize, _FIELD_LIMIT))
    with path.open("rb") as raw:
        bom = raw.read(3) == _BOM
    rows: list[tuple[int, Row]] = []
    missing = set(spec.missing_values)
    names = spec.field_names
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(header) != names:
            return [], bom
        for number, cells in enumerate(reader, start=2):
            if len(cells) == len(names):
                rows.append(
                    (number, {k: (None if v in missing else v) for k, v in zip(names, cells, strict=True)})
                )
    return rows, bom
