"""frictionless as kzfacts runs it: offline, on the parsed descriptor, its errors and warnings turned
into located problems with a fix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kzfacts.contract.locate import shown_folder
from kzfacts.contract.spec import PackageSpec
from kzfacts.errors import KzfactsError
from kzfacts.validation import prescan
from kzfacts.validation.kinds import TOO_MANY
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


_LABEL_FIX = "make the header row list exactly the schema's field names, in order"


class _NoNetwork:
    """A requests-like session that refuses every request: a second guard behind the pre-scan."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        raise KzfactsError("kzfacts validate makes no network requests")

    get = post = head = request


def _descriptor_problem(error: Any) -> Problem:
    """A frictionless error about the descriptor itself."""
    return prescan.descriptor_problem(error.type, error.message, "fix the descriptor as the message says")


def run_frictionless(target: Path, package: PackageSpec) -> Iterator[Problem]:
    import frictionless

    with frictionless.system.use_context(http_session=_NoNetwork()):
        try:
            # The parsed descriptor with an explicit base path, never the path itself: frictionless
            # treats a path holding [, * or ? as a glob and would validate another folder. And
            # Package(...).validate() directly: frictionless.validate(path) first probes the
            # descriptor as a JSON resource, which costs about 0.1 s for nothing.
            raw = json.loads(json.dumps(package.raw))
            report = frictionless.Package(raw, basepath=str(target.parent)).validate()
        except frictionless.FrictionlessException as exc:
            yield from (_descriptor_problem(e) for e in exc.reasons or [exc.error])
            return
    paths = {spec.name: spec.path for spec in package.resources}
    folder = shown_folder(target)
    yield from (_descriptor_problem(e) for e in report.errors)
    for task in report.tasks:
        name = task.name or "?"
        for error in task.errors:
            info = error.to_descriptor()
            fix = (
                _LABEL_FIX
                if error.type.endswith("-label")
                else _FRICTIONLESS_FIX.get(
                    error.type, "see the message and correct the data or the descriptor"
                ).format(folder=folder)
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
        for warning in task.warnings:  # "reached error limit: 1000": frictionless stopped reading
            yield Problem(
                name,
                paths.get(name, task.place),
                None,
                None,
                TOO_MANY,
                "error",
                f"frictionless stopped checking this file: {warning}; later rows were not checked",
                TOO_MANY.fix,
            )
