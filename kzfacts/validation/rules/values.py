"""Cells the readers can hold: what frictionless accepts but kzfacts' records, frames and exports
cannot (``1_000``, ``1e999999``, a 20-digit integer) is an error here, so a valid package loads."""

from __future__ import annotations

from kzfacts.io import cell_value
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
