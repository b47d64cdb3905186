"""Every kind of structural problem, declared once as a frozen enum, in the order the docs' rules
table lists them (before the data rules of :mod:`.rules`).

A problem carries its kind's name (``Problem.rule``); code that must tell problems apart compares
kinds, never the text of a message.
"""

from __future__ import annotations

from enum import Enum

from kzfacts.reading.csvfile import ROW_LIMIT
from kzfacts.validation.limits import (
    DEFAULT_MEGABYTES,
    DEFAULT_SECONDS,
    MAX_HEADER_BYTES,
    MAX_PROBLEMS_PER_RULE,
    MAX_RESOURCES,
)
from kzfacts.validation.problems import Problem, Severity


class Kind(Enum):
    """A structural problem: its name (the value), what it checks, the usual fix, its severity."""

    description: str
    fix: str
    severity: Severity

    def __new__(cls, name: str, description: str, fix: str, severity: Severity = "error") -> Kind:
        kind = object.__new__(cls)
        kind._value_ = name
        kind.description = description
        kind.fix = fix
        kind.severity = severity
        return kind

    DESCRIPTOR_UNREADABLE = (
        "descriptor-unreadable",
        "datapackage.json can be read, is UTF-8 and under 5 MB.",
        "point at a readable datapackage.json under the size limit",
    )
    DESCRIPTOR_JSON = (
        "descriptor-json",
        "datapackage.json is valid JSON.",
        "fix the JSON syntax at the place named",
    )
    DESCRIPTOR_SHAPE = (
        "descriptor-shape",
        f"datapackage.json is one object with a list of at most {MAX_RESOURCES} resources, each with its "
        "own name.",
        "compare the descriptor with the bundled one (kzfacts.Package().path)",
    )
    UNSAFE_PATH = (
        "unsafe-path",
        "Every path is a relative file path inside the package folder: no URL, absolute path, `..`, `~`, "
        "environment variable, NUL, or symlink that leads outside; each file is a regular file with one "
        "name (no FIFO, device, symlink loop or hard link); schemas and dialects are inline. Checked "
        "before frictionless runs, so nothing is ever fetched.",
        "use a relative path inside the package folder, such as data/name.csv",
    )
    SCHEMA_MISSING = (
        "schema-missing",
        "Every resource has an inline Table Schema.",
        'add a "schema": {"fields": [...]} object',
    )
    FILE_MISSING = (
        "file-missing",
        "Every file the descriptor lists exists.",
        "add the file or fix the path in datapackage.json",
    )
    SCHEMA_CONTRACT = (
        "schema-contract",
        "The package defines exactly kzfacts' resources, fields and keys: every property of every "
        "resource, field and key equals kzfacts' own, in value and JSON type (`1` is not `true`, "
        "`null` is not a string), so no pattern, profile, compression, encoding, number format or "
        "missing value of the fork's own, no loosened key or constraint; what a fork writes itself "
        "has its type (titles and descriptions plain text, `bytes` a count, `hash` `sha256:` and 64 "
        "hex digits); data files are plain comma-separated CSV. Checked before frictionless runs; "
        "frictionless never sees a package that fails it.",
        "keep kzfacts' schema: add rows, do not change tables or fields",
    )
    PACKAGE_METADATA = (
        "package-metadata",
        "The package's own metadata has the type and form the Data Package standard gives it, so "
        "every citation and export can use it: a `name` and a `version` number (`1.2.0`), plain text "
        "(no control character, line break or direction override), `created` an RFC 3339 time, every "
        "URL `http(s)`, licences, contributors and sources as lists of objects. Only `name` and "
        "`version` are required. Checked before frictionless runs, so both engines give one verdict.",
        "write the property as the message says, or leave it out",
    )
    HEADER_CONTRACT = (
        "header-contract",
        f"Each file's header row lists exactly the schema's field names, in order, within "
        f"{MAX_HEADER_BYTES} bytes. Checked before frictionless runs, which then does not run: a file "
        "with thousands of extra columns is refused in milliseconds.",
        "make the header row list exactly the schema's field names, in order",
    )
    BYTE_ORDER_MARK = (
        "byte-order-mark",
        "Data files are UTF-8 without a byte-order mark (frictionless strips it silently).",
        "save it as UTF-8 without BOM",
    )
    FILE_UNREADABLE = (
        "file-unreadable",
        f"Data files can be read as UTF-8 CSV, and no row is longer than {ROW_LIMIT:,} characters (the "
        "limit every kzfacts reader shares, so a package that validates also loads).",
        "save the file as UTF-8 CSV with one header row",
    )
    REVIEW_UNUSED = (
        "review-unused",
        "Every review in the reviews table matches a warning of this validation, so the list of "
        "reviewed discrepancies never goes stale (as a linter reports an unused noqa).",
        "remove the review, or correct its resource, record_id or rule",
        "warning",
    )
    BUDGET = (
        "budget-exceeded",
        f"Validation finishes within its budget: {DEFAULT_SECONDS:g} s and {DEFAULT_MEGABYTES} MB of "
        "resident memory for its processes together, unless `--timeout` / `--max-memory` say "
        "otherwise. The work runs in a worker process that the operating system stops when it runs "
        "over; running out is reported with the problems found so far, never as a hang or as valid, "
        "and no worker outlives the validation.",
        "fix the problems listed; if the package is simply large, raise --timeout or --max-memory",
    )
    TOO_MANY = (
        "too-many-problems",
        f"The report lists at most {MAX_PROBLEMS_PER_RULE} problems per resource and rule (frictionless "
        "stops checking a file at that many errors), and counts the rest in one problem as severe as "
        "they are.",
        "fix the problems listed, then validate again to see the rest",
    )
    FRICTIONLESS_WARNING = (
        "frictionless-warning",
        "A warning frictionless gives about a file, other than reaching its error limit, is reported "
        "as frictionless words it.",
        "see the message",
        "warning",
    )
    UNEXPECTED_INPUT = (
        "unexpected-input",
        "Anything else that stops validation is reported as a problem, never a traceback.",
        "fix the problems above; if the input looks right, report this as a kzfacts bug",
    )

    def problem(
        self,
        resource: str,
        file: str,
        row: int | None,
        field: str | None,
        message: str,
        fix: str | None = None,
    ) -> Problem:
        """A problem of this kind (its fix the kind's usual one unless ``fix`` says otherwise)."""
        return Problem(resource, file, row, field, self.value, self.severity, message, fix or self.fix)


LONG_ROW_FIX = f"shorten the row to at most {ROW_LIMIT:,} characters"
