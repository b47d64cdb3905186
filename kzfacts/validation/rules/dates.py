"""Dates written to a precision, and spans that end after they start."""

from __future__ import annotations

from kzfacts.validation.rules.base import (
    PRECISION_BY_LENGTH,
    Finding,
    PerResource,
    Row,
    before,
    date_fields,
    partial_date,
)


class DatePrecision(PerResource):
    name = "date-precision"
    severity = "error"
    description = (
        "A date written to a precision (YYYY-MM-DD, YYYY-MM, YYYY) has the matching `*_precision` value, "
        "and neither is given without the other (that it is a real calendar date is `cell-readable`'s)."
    )
    fix = (
        "Write the date to the precision you state (2025-05 is month, 2025-05-29 is day), or correct "
        "the precision."
    )

    def make_plan(self, resource: str) -> object:
        return date_fields(self.context.field_names(resource))

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for date_field, precision_field in self.plan(resource):  # type: ignore[attr-defined]
            written, precision = row[date_field], row[precision_field]
            if written is None and precision is None:
                continue
            if written is None:
                found.append(
                    (
                        resource,
                        number,
                        precision_field,
                        f"precision {precision!r} is given but {date_field} is empty",
                    )
                )
            elif precision is None:
                found.append(
                    (resource, number, precision_field, f"{date_field} {written!r} has no precision")
                )
            elif PRECISION_BY_LENGTH.get(len(written)) != precision:
                found.append(
                    (
                        resource,
                        number,
                        precision_field,
                        f"{date_field} {written!r} is written to "
                        f"{PRECISION_BY_LENGTH.get(len(written), 'no known')} precision "
                        f"but says {precision!r}",
                    )
                )
        return found or None


class SpanOrder(PerResource):
    name = "span-order"
    severity = "error"
    description = (
        "A span's end is not before its start (start_date/end_date, period_start/period_end), "
        "comparing partial dates at the coarser precision."
    )
    fix = "Swap or correct the start and end dates."

    def make_plan(self, resource: str) -> object:
        names = self.context.field_names(resource)
        return [
            (s, e)
            for s, e in (("start_date", "end_date"), ("period_start", "period_end"))
            if s in names and e in names
        ]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        for start_field, end_field in self.plan(resource):  # type: ignore[attr-defined]
            start, end = partial_date(row[start_field]), partial_date(row[end_field])
            if start and end and before(end, start):
                return [
                    (
                        resource,
                        number,
                        end_field,
                        f"ends {row[end_field]} before it starts {row[start_field]}",
                    )
                ]
        return None
