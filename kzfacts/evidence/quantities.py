"""Tonnage quantities: every reported value, how many independent sources give it, and one
recommended value chosen by a documented rule.

A quantity is one thing that can be measured: corridor, measure, scope, unit and
exact period, either as an outcome (actual or partial-period actual) or as an
outlook (forecast or target). Outcomes and outlooks are never mixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError
from kzfacts.models import Source, TonnageFigure
from kzfacts.vocabulary import OFFICIAL_SERIES, STATUS_OUTLOOK, Outlook

if TYPE_CHECKING:
    from kzfacts.store import PackageData

RECOMMENDATION_RULE = f"""\
1. Flagged figures (transcription-error, unit-garbled, forecast-stated-as-actual) are never recommended.
2. Official series first: among figures attributed to the {OFFICIAL_SERIES}, the one from the
   most recently published source wins (newer official revisions replace older ones); on a tie,
   the more precise figure (more decimals).
3. Otherwise, the value reported by the most independent sources wins. When values are equally
   supported, the tie is broken by precision (more decimals), then by the most recently
   published source, and the reason says it was a tie and which broke it; a tie that neither
   breaks leaves the quantity without a recommended value.
Independent sources are distinct outlets after following reprints to their originals, so a
reprint never counts as confirmation."""


@dataclass(frozen=True)
class ReportedValue:
    """One value reported for a quantity, with everything that reports it."""

    value: float
    figures: tuple[TonnageFigure, ...]
    sources: tuple[Source, ...]
    independent_sources: int

    @property
    def flagged(self) -> bool:
        return all(f.flag is not None for f in self.figures)


@dataclass(frozen=True)
class Growth:
    """One year-on-year change (percent) stated with figures of a quantity."""

    pct: float
    figures: tuple[TonnageFigure, ...]
    sources: tuple[Source, ...]
    independent_sources: int


@dataclass(frozen=True)
class Quantity:
    """Everything the package holds about one quantity, and the value it recommends."""

    corridor: str
    measure: str
    scope: str
    unit: str
    period_start: dt.date
    period_end: dt.date
    outlook: Outlook
    values: tuple[ReportedValue, ...]
    growth: tuple[Growth, ...]
    recommended: TonnageFigure | None
    reason: str

    @property
    def figures(self) -> tuple[TonnageFigure, ...]:
        return tuple(f for v in self.values for f in v.figures)

    @property
    def spread(self) -> tuple[float, float] | None:
        """Lowest and highest unflagged value."""
        clean = [v.value for v in self.values if not v.flagged]
        return (min(clean), max(clean)) if clean else None

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1

    @property
    def full_year(self) -> int | None:
        """The calendar year when the period is exactly one, else None."""
        start, end = self.period_start, self.period_end
        whole = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        return start.year if whole and start.year == end.year else None

    def describe(self) -> str:
        period = self.full_year or f"{self.period_start}..{self.period_end}"
        return f"{self.corridor} {self.measure} ({self.scope}, {self.unit}) {period} {self.outlook}"


@dataclass(frozen=True)
class AnnualValue:
    """One recommended value for a calendar year."""

    year: int
    value: float
    status: str
    figure: TonnageFigure
    reason: str


def independent_outlets(package: PackageData, sources: Iterable[Source]) -> int:
    """Distinct outlets behind ``sources`` after following reprints to their originals."""
    return len({package.originals(s)[-1].publisher.casefold() for s in sources})


def independent_count(package: PackageData, figures: Iterable[TonnageFigure]) -> int:
    """Distinct outlets behind ``figures``: a reprint and its original count once."""
    table = package.sources()
    return independent_outlets(package, (table.get(f.source_id) for f in figures))


def _published(package: PackageData, figure: TonnageFigure) -> str:
    published = package.sources().get(figure.source_id).published
    return published.isoformat() if published else ""


def _sources(package: PackageData, figures: Iterable[TonnageFigure]) -> tuple[Source, ...]:
    """The distinct sources of ``figures``, in order of first appearance."""
    table = package.sources()
    return tuple(dict.fromkeys(table.get(f.source_id) for f in figures))


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0


def recommend(package: PackageData, figures: Iterable[TonnageFigure]) -> tuple[TonnageFigure | None, str]:
    """Apply RECOMMENDATION_RULE; return the chosen figure and the step that chose it."""
    clean = [f for f in figures if f.flag is None]
    if not clean:
        return None, "every figure for this quantity is flagged"
    official = [f for f in clean if f.attributed_to == OFFICIAL_SERIES]
    if official:
        best = max(official, key=lambda f: (_published(package, f), _decimals(f.value)))
        source = package.sources().get(best.source_id)
        return best, (
            f"official series: the newest figure attributed to the {OFFICIAL_SERIES} "
            f"({source.publisher}, {source.published or 'undated'})"
        )
    groups: dict[float, list[TonnageFigure]] = {}
    for f in clean:
        groups.setdefault(f.value, []).append(f)
    return _by_support(package, groups)


def _by_support(
    package: PackageData, groups: dict[float, list[TonnageFigure]]
) -> tuple[TonnageFigure | None, str]:
    """Step 3: the value most independent outlets report; a tie is said, and broken by precision,
    then by date, or left unbroken (no value recommended)."""
    support = {value: independent_count(package, members) for value, members in groups.items()}
    count = max(support.values())
    tied = [value for value in groups if support[value] == count]
    if len(tied) == 1:
        value = tied[0]
        best = max(groups[value], key=lambda f: _published(package, f))
        return best, f"most independent sources: {count} outlet(s) report {value:g}"
    said = f"a tie: {len(tied)} values each reported by {count} independent outlet(s)"
    precise = max(_decimals(v) for v in tied)
    tied = [v for v in tied if _decimals(v) == precise]
    if len(tied) == 1:
        best = max(groups[tied[0]], key=lambda f: _published(package, f))
        return best, f"{said}; broken by precision: {tied[0]:g} has the most decimals"
    latest = {v: max(_published(package, f) for f in groups[v]) for v in tied}
    newest = max(latest.values())
    tied = [v for v in tied if latest[v] == newest]
    if len(tied) == 1 and newest:
        best = max(groups[tied[0]], key=lambda f: _published(package, f))
        return best, f"{said}; broken by date: {tied[0]:g} was published last ({newest})"
    shown = ", ".join(f"{v:g}" for v in sorted(tied))
    return None, f"{said}, equally precise and published alike ({shown}): none is recommended"


def quantities(package: PackageData) -> tuple[Quantity, ...]:
    """Every quantity in corridor_tonnage, in order of period and measure (computed once per store)."""
    return package.cached("quantities", lambda: _quantities(package))


def _quantities(package: PackageData) -> tuple[Quantity, ...]:
    grouped: dict[tuple[str, str, str, str, dt.date, dt.date, Outlook], list[TonnageFigure]] = {}
    for f in package.corridor_tonnage():
        outlook = STATUS_OUTLOOK[f.status]
        if outlook is None:
            continue
        group = (f.corridor, f.measure, f.scope, f.unit, f.period_start, f.period_end, outlook)
        grouped.setdefault(group, []).append(f)
    result = []
    for key in sorted(grouped, key=lambda k: (k[4], k[5], k[1], k[2], k[3], k[6])):
        figures = grouped[key]
        values = []
        for value in sorted({f.value for f in figures}):
            members = tuple(f for f in figures if f.value == value)
            values.append(
                ReportedValue(value, members, _sources(package, members), independent_count(package, members))
            )
        growth = []
        for pct in sorted({f.yoy_change_pct for f in figures if f.yoy_change_pct is not None}):
            members = tuple(f for f in figures if f.yoy_change_pct == pct)
            growth.append(
                Growth(pct, members, _sources(package, members), independent_count(package, members))
            )
        chosen, reason = recommend(package, figures)
        result.append(Quantity(*key, tuple(values), tuple(growth), chosen, reason))
    return tuple(result)


def quantity(
    package: PackageData,
    year: int | None = None,
    *,
    period: tuple[dt.date | str, dt.date | str] | None = None,
    measure: str = "total-cargo",
    scope: str = "route",
    unit: str = "Mt",
    outlook: Outlook = "outcome",
    corridor: str = "titr",
) -> Quantity:
    """The quantity for a calendar ``year`` (or an exact ``period``): values, sources, recommendation.

    >>> q = kzfacts.quantity(2023)   # how much cargo did the Middle Corridor carry in 2023? # doctest: +SKIP
    """
    if (year is None) == (period is None):
        raise InvalidArgumentError("give either a year or a period=(start, end)")
    if period is not None:
        try:
            start, end = (dt.date.fromisoformat(p) if isinstance(p, str) else p for p in period)
        except ValueError:
            raise InvalidArgumentError(f"period must be two YYYY-MM-DD dates, not {period!r}") from None
    else:
        assert year is not None
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    wanted = (corridor, measure, scope, unit, start, end, outlook)
    found = [
        q
        for q in quantities(package)
        if (q.corridor, q.measure, q.scope, q.unit, q.period_start, q.period_end, q.outlook) == wanted
    ]
    if not found:
        near = [q.describe() for q in quantities(package) if q.period_start.year == start.year][:8]
        raise InvalidArgumentError(
            f"no {outlook} figures for {corridor} {measure} ({scope}, {unit}) {start}..{end}; "
            f"quantities that year: {'; '.join(near) or 'none'}"
        )
    return found[0]


def annual(
    package: PackageData,
    *,
    measure: str = "total-cargo",
    scope: str = "route",
    unit: str = "Mt",
    include_forecasts: bool = False,
    corridor: str = "titr",
) -> tuple[AnnualValue, ...]:
    """One recommended value per calendar year, from full-year outcomes only.

    Partial periods never enter. Forecasts enter only with ``include_forecasts``,
    and only for years that have no outcome; their status says so.
    """
    years: dict[int, AnnualValue] = {}
    for q in quantities(package):
        year = q.full_year
        if (
            year is None
            or q.recommended is None
            or (q.corridor, q.measure, q.scope, q.unit)
            != (
                corridor,
                measure,
                scope,
                unit,
            )
        ):
            continue
        if q.outlook == "outcome":
            years[year] = AnnualValue(
                year, q.recommended.value, q.recommended.status, q.recommended, q.reason
            )
        elif include_forecasts and year not in years:
            years.setdefault(
                year, AnnualValue(year, q.recommended.value, q.recommended.status, q.recommended, q.reason)
            )
    return tuple(years[y] for y in sorted(years))
