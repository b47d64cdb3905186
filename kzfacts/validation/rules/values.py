"""Cells the readers can hold: what frictionless accepts but kzfacts' records, frames and exports
cannot (``1_000``, ``1e999999``, a 20-digit integer) is an error here, so a valid package loads."""

from __future__ import annotations

import re

from kzfacts.reading.cells import cell_value
from kzfacts.validation.rules.base import Finding, PerResource, Row, register


@register
class NumberReadable(PerResource):
    name = "number-readable"
    severity = "error"
    description = (
        "Every integer and number cell is one that kzfacts' readers hold: plain ASCII digits (no `_`), "
        "a finite number, an integer within the 64-bit range."
    )
    fix = "Write the number plainly (1000, 2.8), finite and within range."

    def make_plan(self, resource: str) -> object:
        spec = self.context.package.resource(resource)
        return [f for f in spec.fields if f.kind in ("integer", "number")]

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


@register
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
