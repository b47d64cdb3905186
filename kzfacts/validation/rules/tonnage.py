"""Corridor figures: periods, statuses, derivations and stated growth rates."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

from kzfacts.validation.rules.base import (
    Context,
    Finding,
    Row,
    Rule,
    before,
    decimal,
    half_unit,
    iso_date,
    partial_date,
)
from kzfacts.vocabulary import OUTCOME_STATUSES, OUTLOOK_STATUSES


class PeriodCoverage(Rule):
    name = "period-coverage"
    severity = "error"
    description = (
        "A full-period actual covers exactly one calendar year; a partial-period actual covers less "
        "than a whole calendar year, so neither can pass for the other."
    )
    fix = (
        "Use status partial-period-actual for part of a year, actual for a whole calendar year, or "
        "correct the period."
    )
    resources = ("corridor_tonnage",)

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        status = row["status"]
        if status not in OUTCOME_STATUSES:
            return None
        start, end = row["period_start"] or "", row["period_end"] or ""
        whole_year = start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]
        if status == "actual" and not whole_year and iso_date(start) and iso_date(end):
            return [
                (
                    resource,
                    number,
                    "status",
                    f"status actual but the period {start}..{end} is not one calendar year",
                )
            ]
        if status == "partial-period-actual" and whole_year:
            return [
                (
                    resource,
                    number,
                    "status",
                    f"status partial-period-actual but the period {start}..{end} is a whole year",
                )
            ]
        return None


class Derivation(Rule):
    name = "derivation"
    severity = "error"
    description = "A derived figure says how it was derived, and only derived figures carry a derivation."
    fix = "Fill derivation for status derived; empty it for any other status."
    resources = ("corridor_tonnage",)

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if (row["status"] == "derived") != (row["derivation"] is not None):
            which = "has no derivation" if row["status"] == "derived" else f"is {row['status']} but has one"
            return [(resource, number, "derivation", f"the figure {which}")]
        return None


class YearOnYear(Rule):
    name = "yoy-consistency"
    severity = "warning"
    description = (
        "A stated year-on-year change agrees, within the rounding of the printed numbers, with at least "
        "one figure in the package for the same measure and scope a year earlier."
    )
    fix = (
        "Check the stated change and the base figures; if the source really says it, keep it and "
        "record the disagreement in the note."
    )
    resources = ("corridor_tonnage",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.bases: dict[tuple[str | None, ...], set[str]] = {}
        self.stated: list[tuple[int, tuple[str | None, ...], str, str, str, str]] = []

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        quantity = (row["corridor"], row["measure"], row["scope"], row["unit"])
        if row["status"] in OUTCOME_STATUSES and row["value"] is not None:
            key = (*quantity, row["period_start"], row["period_end"])
            self.bases.setdefault(key, set()).add(row["value"])
        pct, value, start, end = row["yoy_change_pct"], row["value"], row["period_start"], row["period_end"]
        if pct is not None and value is not None and start is not None and end is not None:
            self.stated.append((number, quantity, pct, value, start, end))
            self.context.remember(resource, number, row)
        return None

    def end(self) -> Iterator[Finding]:
        for number, quantity, pct, value_text, start_text, end_text in self.stated:
            stated, value = decimal(pct), decimal(value_text)
            start, end = iso_date(start_text), iso_date(end_text)
            if stated is None or value is None or start is None or end is None:
                continue
            try:
                base_start, base_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
            except ValueError:
                continue
            texts = self.bases.get((*quantity, base_start.isoformat(), base_end.isoformat()), set())
            bases = sorted(b for b in (decimal(t) for t in texts) if b is not None and b > 0)
            if not bases:
                continue
            half_pct, half_value = half_unit(stated), half_unit(value)
            implied = []
            agrees = False
            for base in bases:
                half_base = half_unit(base)
                low = ((value - half_value) / (base + half_base) - 1) * 100
                high = ((value + half_value) / max(base - half_base, Decimal("1e-9")) - 1) * 100
                implied.append(f"{base} -> {float((value / base - 1) * 100):+.1f}%")
                if low <= stated + half_pct and stated - half_pct <= high:
                    agrees = True
            if not agrees:
                yield (
                    "corridor_tonnage",
                    number,
                    "yoy_change_pct",
                    f"stated change {stated:+}% agrees with no base figure for "
                    f"{base_start}..{base_end} ({'; '.join(implied)})",
                )


class _PublicationAgainstPeriod(Rule):
    """A status that the source's publication date contradicts, given when the figure's period ended."""

    statuses: ClassVar[tuple[str, ...]]
    resources = ("corridor_tonnage",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.published = {row["id"]: partial_date(row["published"]) for _, row in context.table("sources")}

    def contradicts(self, end: tuple[int, ...], when: tuple[int, ...]) -> bool:
        raise NotImplementedError

    def message(self, row: Row, when: str) -> str:
        raise NotImplementedError

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if row["status"] not in self.statuses:
            return None
        end, when = partial_date(row["period_end"]), self.published.get(row["source_id"] or "")
        if end and when and self.contradicts(end, when):
            return [(resource, number, "status", self.message(row, "-".join(f"{p:02d}" for p in when)))]
        return None


class ForecastAfterPeriod(_PublicationAgainstPeriod):
    name = "forecast-after-period"
    severity = "warning"
    description = (
        "A forecast or target quoted by a source published after its period ended: the outcome was "
        "knowable, so readers should prefer the actual."
    )
    fix = "Keep the row if the source says it, and compare with the actual for the period."
    statuses = OUTLOOK_STATUSES

    def contradicts(self, end: tuple[int, ...], when: tuple[int, ...]) -> bool:
        return before(end, when)

    def message(self, row: Row, when: str) -> str:
        return (
            f"{row['status']} for a period that ended {row['period_end']}, quoted by "
            f"{row['source_id']} published {when}"
        )


class ActualBeforePeriodEnd(_PublicationAgainstPeriod):
    name = "actual-before-period-end"
    severity = "error"
    description = (
        "An actual or partial-period actual from a source published before its period ended: an "
        "outcome cannot be reported before it happened (the mirror of forecast-after-period)."
    )
    fix = (
        "Make the row a forecast or target if the source states an expectation, or correct the period "
        "or the source's publication date."
    )
    statuses = OUTCOME_STATUSES

    def contradicts(self, end: tuple[int, ...], when: tuple[int, ...]) -> bool:
        return before(when, end)

    def message(self, row: Row, when: str) -> str:
        return (
            f"{row['status']} for a period that ends {row['period_end']}, from {row['source_id']} "
            f"published {when}, before the period ended"
        )
