"""The problem kinds the validation pipeline itself reports (the pre-scan, contract and header
phases declare theirs in their own modules)."""

from __future__ import annotations

from kzfacts.reading.csvfile import FIELD_LIMIT
from kzfacts.validation import contract, headers  # noqa: F401  (the pre-scan's and their kinds are listed first)
from kzfacts.validation.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS
from kzfacts.validation.problems import MAX_PROBLEMS_PER_RULE, ProblemKind

BYTE_ORDER_MARK = ProblemKind(
    "byte-order-mark",
    "Data files are UTF-8 without a byte-order mark (frictionless strips it silently).",
    "save it as UTF-8 without BOM",
)


FILE_UNREADABLE = ProblemKind(
    "file-unreadable",
    f"Data files can be read as UTF-8 CSV, and no cell is longer than {FIELD_LIMIT} characters (the limit "
    "every kzfacts reader shares, so a package that validates also loads).",
    "save the file as UTF-8 CSV with one header row",
)


REVIEW_UNUSED = ProblemKind(
    "review-unused",
    "Every review in the reviews table matches a warning of this validation, so the list of reviewed "
    "discrepancies never goes stale (as a linter reports an unused noqa).",
    "remove the review, or correct its resource, record_id or rule",
    "warning",
)


BUDGET = ProblemKind(
    "budget-exceeded",
    f"Validation finishes within its budget: {DEFAULT_SECONDS:g} s and {DEFAULT_MEGABYTES} MB of resident "
    "memory per process unless `--timeout` / `--max-memory` say otherwise. Running out is reported with "
    "the problems found so far, never as a hang.",
    "fix the problems listed; if the package is simply large, raise --timeout or --max-memory",
)


TOO_MANY = ProblemKind(
    "too-many-problems",
    f"The report lists at most {MAX_PROBLEMS_PER_RULE} problems per resource and rule (frictionless stops "
    "checking a file at that many errors), and counts the rest in one problem as severe as they are.",
    "fix the problems listed, then validate again to see the rest",
)


UNEXPECTED_INPUT = ProblemKind(
    "unexpected-input",
    "Anything else that stops validation is reported as a problem, never a traceback.",
    "fix the problems above; if the input looks right, report this as a kzfacts bug",
)


LONG_CELL_FIX = f"shorten the cell to at most {FIELD_LIMIT} characters"
