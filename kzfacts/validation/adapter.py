"""frictionless as kzfacts runs it: offline, on the parsed descriptor, its errors and warnings turned
into located problems with a fix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from kzfacts.contract.locate import shown_folder
from kzfacts.contract.spec import PackageSpec, parse
from kzfacts.errors import KzfactsError
from kzfacts.validation import prescan
from kzfacts.validation.kinds import Kind
from kzfacts.validation.limits import MAX_PROBLEMS_PER_RULE
from kzfacts.validation.problems import Problem

_FRICTIONLESS_FIX = {
    "type-error": "write the cell in the field's type and format (see datapackage.json)",
    "constraint-error": "correct the cell so it meets the field's constraint (see datapackage.json)",
    "foreign-key": "use an id that exists in the referenced resource, or add that record",
    "primary-key": "give every row its own id",
    "unique-error": "make the value unique in this column",
    "hash-count": "if the edit is intended, run: kzfacts build {folder}",
    "byte-count": "if the edit is intended, run: kzfacts build {folder}",
    "missing-cell": "give the row one cell per field (count the commas)",
    "extra-cell": "give the row one cell per field (quote cells that contain commas)",
    "blank-row": "remove the empty row",
    "encoding-error": "save the file as UTF-8",
    "source-error": "the file must have a header row and data",
    "scheme-error": "check that the file exists and is readable",
}


INTEGRITY_ONLY = {"hash-count", "byte-count"}
"""File-level frictionless errors after which the rows can still be read for kzfacts' rules."""


ERROR_LIMIT = MAX_PROBLEMS_PER_RULE
"""Errors after which frictionless stops checking a file (its own default, given explicitly)."""
LABEL_ERRORS = frozenset(
    {"blank-label", "duplicate-label", "extra-label", "incorrect-label", "missing-label"}
)

"""frictionless' error types about a header label (their row is the header's)."""
_LABEL_FIX = "make the header row list exactly the schema's field names, in order"


class _NoNetwork:
    """A requests-like session that refuses every request: a second guard behind the pre-scan."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        raise KzfactsError("kzfacts validate makes no network requests")

    get = post = head = request


def _descriptor_problem(error: Any) -> Problem:
    """A frictionless error about the descriptor itself, under frictionless' own name for it."""
    file = prescan.DESCRIPTOR_FILE
    return Problem(
        file, file, None, None, error.type, "error", error.message, "fix the descriptor as the message says"
    )


def run_frictionless(target: Path, package: PackageSpec) -> Iterator[Problem]:
    import frictionless

    with frictionless.system.use_context(http_session=_NoNetwork()):
        try:
            # The parsed descriptor with an explicit base path, never the path itself: frictionless
            # treats a path holding [, * or ? as a glob and would validate another folder. And
            # Package(...).validate() directly: frictionless.validate(path) first probes the
            # descriptor as a JSON resource, which costs about 0.1 s for nothing.
            raw = json.loads(json.dumps(package.raw))
            report = frictionless.Package(raw, basepath=str(target.parent)).validate(limit_errors=ERROR_LIMIT)
        except frictionless.FrictionlessException as exc:
            yield from (_descriptor_problem(e) for e in exc.reasons or [exc.error])
            return
    paths = {spec.name: spec.path for spec in package.resources}
    folder = shown_folder(target)
    yield from (_descriptor_problem(e) for e in report.errors)
    for task in report.tasks:
        name = task.name or "?"
        yield from task_problems(name, paths.get(name, task.place), task.errors, task.warnings, folder)


def task_problems(
    name: str, file: str, errors: list[Any], warnings: list[str], folder: str
) -> Iterator[Problem]:
    """One resource's frictionless errors and warnings as problems (``errors`` are frictionless'
    error objects, or objects with the same ``type``, ``message`` and ``to_descriptor()``)."""
    for error in errors:
        info = error.to_descriptor()
        fix = (
            _LABEL_FIX
            if error.type in LABEL_ERRORS
            else _FRICTIONLESS_FIX.get(
                error.type, "see the message and correct the data or the descriptor"
            ).format(folder=folder)
        )
        row = info.get("rowNumber")
        if row is None and error.type in LABEL_ERRORS:
            row = 1
        yield Problem(name, file, row, _field_of(info), error.type, "error", error.message, fix)
    yield from _warnings(name, file, warnings, len(errors))


def _field_of(info: dict[str, Any]) -> str | None:
    """The field an error is about: a cell's field, or a foreign key's fields (comma-separated, as
    a key of several fields is written), so the report's prefix names them too."""
    if isinstance(info.get("fieldName"), str):
        return str(info["fieldName"])
    names = info.get("fieldNames")
    if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
        return ",".join(names)
    return None


class FileCount:
    """frictionless' hash-count and byte-count errors, as its baseline check words them, made
    without importing frictionless (a stale hash alone must not cost its import)."""

    _TEMPLATES: ClassVar[dict[str, str]] = {
        "hash-count": "The data source does not match the expected hash count: {note}",
        "byte-count": "The data source does not match the expected byte count: {note}",
    }

    def __init__(self, type: str, expected: object, actual: object) -> None:
        self.type = type
        self.message = self._TEMPLATES[type].format(note=f'expected is "{expected}" and actual is "{actual}"')

    def to_descriptor(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message}


def file_counts(declared_bytes: object, declared_hash: object, size: int, sha256: str) -> list[FileCount]:
    """The errors frictionless' baseline check gives a file of ``size`` bytes and this sha256."""
    found = []
    if isinstance(declared_hash, str) and declared_hash:
        algorithm, _, expected = declared_hash.partition(":")
        if not expected:
            algorithm, expected = "md5", algorithm
        if algorithm == "sha256" and expected != sha256:
            found.append(FileCount("hash-count", expected, sha256))
    if declared_bytes and declared_bytes != size:
        found.append(FileCount("byte-count", declared_bytes, size))
    return found


def _warnings(name: str, file: str, warnings: list[str], errors: int) -> Iterator[Problem]:
    """frictionless' warnings about a file, each as what it is: reaching the error limit (its last
    warning, when it stopped at the limit) means later rows were not checked; any other is
    reported as frictionless words it."""
    stopped = errors >= ERROR_LIMIT and bool(warnings)
    for warning in warnings[:-1] if stopped else warnings:
        yield Kind.FRICTIONLESS_WARNING.problem(name, file, None, None, f"frictionless: {warning}")
    if stopped:
        message = (
            f"frictionless stopped checking this file at {ERROR_LIMIT} errors; later rows were not checked"
        )
        yield Kind.TOO_MANY.problem(name, file, None, None, message)


def frictionless_part(target: Path) -> Iterator[Problem]:
    """frictionless' check of a package whose descriptor the pre-scan and the contract have
    accepted (run in its own worker beside the rule pass: :mod:`.rulepass`)."""
    scan = prescan.scan(target)
    if scan.safe and scan.raw is not None:
        yield from run_frictionless(target, parse(scan.raw, target))
