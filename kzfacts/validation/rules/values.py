"""Cells the readers can hold: what frictionless accepts but kzfacts' records, frames and exports
cannot (``1_000``, ``1e999999``, a 20-digit integer, the date ``2023-1-1``, the partial date
``2025-02-30``) is an error here, so a valid package loads. The test is the readers' own
(:func:`kzfacts.reading.cells.cell_value`): one definition of a readable cell."""

from __future__ import annotations

import re

from kzfacts.reading.cells import cell_value
from kzfacts.validation.rules.base import Finding, PerResource, Row

_CHECKED_KINDS = ("integer", "number", "boolean", "date", "partial-date")
"""Kinds whose cells a reader can refuse although frictionless accepts them (a text, a list or an
enum value is read as frictionless reads it)."""


class CellReadable(PerResource):
    name = "cell-readable"
    severity = "error"
    description = (
        "Every cell is one that kzfacts' readers hold, in the one form they read: an integer or "
        "number in plain ASCII digits (no `_`), finite, an integer within the 64-bit range; a date "
        "as YYYY-MM-DD with ASCII digits; a date written to a precision as YYYY, YYYY-MM or "
        "YYYY-MM-DD, a day that exists. frictionless accepts more (`2023-1-1`, full-width digits, "
        "`2023-01- 1`); kzfacts refuses them here, so a package that validates also loads. Not "
        "repeated where frictionless already reports the cell."
    )
    fix = "Write the value in its plain form (1000, 2.8, 2023-01-01, 2025-05)."

    def make_plan(self, resource: str) -> object:
        spec = self.context.package.resource(resource)
        return [f for f in spec.fields if f.kind in _CHECKED_KINDS]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for field in self.plan(resource):  # type: ignore[attr-defined]
            text = row.get(field.name)
            if text is None:
                continue
            try:
                cell_value(field, text)
            except ValueError as exc:
                found.append((resource, number, field.name, str(exc)))
        return found or None


HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
"""Characters no cell needs: controls (line breaks and tabs included), invisible marks and direction
overrides. Zero-width (non-)joiners stay allowed: Persian and Arabic spelling uses them."""


class TextPlain(PerResource):
    name = "text-plain"
    severity = "error"
    description = (
        "No cell holds a control character (line break, tab, escape), an invisible mark or a direction "
        "override: such characters break matching and joins, and can forge lines of a CI log or "
        "reorder what a reader sees."
    )
    fix = "Remove the character; write the text on one line, as plain characters."

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if HIDDEN.search("|".join(filter(None, row.values()))) is None:
            return None  # one search per row: the usual case costs almost nothing
        found: list[Finding] = []
        for field, text in row.items():
            match = HIDDEN.search(text) if text else None
            if match is not None:
                code = ord(match.group(0))
                found.append(
                    (resource, number, field, f"character U+{code:04X} at position {match.start() + 1}")
                )
        return found or None
