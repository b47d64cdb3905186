"""kzfacts' own rules: what frictionless cannot express. Each has a name, a severity and a description.

Rules see rows as strings (missing cells as None) and convert only what they
need; a cell that does not parse is skipped here, because frictionless already
reports it. Rows stream through every rule once, so memory stays bounded by the
small tables (sources, organisations, claims) and by what a rule must remember,
never by the number of rows. The docs list RULES, so each rule is described in
one place only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from kzfacts.contract.spec import PackageSpec
from kzfacts.validation.limits import MAX_PROBLEMS_PER_RULE
from kzfacts.validation.problems import Severity

Row = dict[str, str | None]
Finding = tuple[str, int | None, str | None, str]
"""(resource, row number, field, message)."""
Rows = Iterable[tuple[int, Row]]

MAX_EVIDENCE_WORDS = 8
PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
PRELOADED = ("sources", "organizations", "claims", "reviews")
"""Small tables every rule may consult before the other tables stream past."""


@dataclass
class Context:
    """What rules may consult: the descriptor, the preloaded small tables, the archive folder."""

    package: PackageSpec
    tables: dict[str, list[tuple[int, Row]]]
    archive: Path | None = None
    complete: bool = True
    """False once some resource could not be read: rules that need every table then stay silent."""
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ids: dict[tuple[str, int], str | None] = field(default_factory=dict)
    """Record id of each row a finding names, so a review (resource, id, rule) can be matched."""

    def remember(self, resource: str, number: int, row: Row) -> None:
        """Keep the id of a row a rule will report on later, from ``end()``."""
        self.ids[(resource, number)] = row.get("id")

    def table(self, name: str) -> list[tuple[int, Row]]:
        return self.tables.get(name, [])

    def field_names(self, resource: str) -> tuple[str, ...]:
        if resource not in self.fields:
            self.fields[resource] = self.package.resource(resource).field_names
        return self.fields[resource]


class Rule:
    """A kzfacts rule: sees each row of the resources it names, then reports at the end."""

    name: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    fix: ClassVar[str]
    needs_archive: ClassVar[bool] = False
    needs_every_table: ClassVar[bool] = False
    """True when a finding is only sound if every table was read (its findings are dropped otherwise)."""
    resources: ClassVar[tuple[str, ...] | None] = None
    """Resources whose rows the rule wants; None for every resource."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        """Findings for one row; None (the usual case) when there are none."""
        return None

    def end(self) -> Iterable[Finding]:
        """Findings that need every row seen."""
        return ()


# --- helpers -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def partial_date(text: str | None) -> tuple[int, ...] | None:
    """``"2025-05"`` -> ``(2025, 5)``; None when empty or not a partial ISO date."""
    if not text or len(text) not in PRECISION_BY_LENGTH:
        return None
    parts = text.split("-")
    if len(parts) != {4: 1, 7: 2, 10: 3}[len(text)] or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def before(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True when ``a`` is certainly earlier than ``b``, comparing at the coarser precision."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def iso_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def decimal(text: str | None) -> Decimal | None:
    """A finite decimal, or None (NaN and infinities cannot be compared)."""
    try:
        value = Decimal(text) if text else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


def half_unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)


def date_fields(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(date field, precision field) pairs, found by the ``*_precision`` naming convention."""
    pairs = []
    for name in names:
        if name.endswith("_precision"):
            base = name.removesuffix("_precision")
            date_field = base if base in names else f"{base}_date"
            if date_field in names:
                pairs.append((date_field, name))
    return pairs


def source_groups(package: PackageSpec, resource: str) -> list[tuple[str, str, str]]:
    """(source field, locator field, evidence field) for each ``*source_id`` field of a fact table.

    Found by name rather than by foreign key, so a fork that drops its foreign
    keys is still checked.
    """
    if resource == "sources":
        return []
    groups = []
    for name in package.resource(resource).field_names:
        if name == "source_id" or name.endswith("_source_id"):
            prefix = name.removesuffix("source_id")
            groups.append((name, f"{prefix}locator", f"{prefix}evidence"))
    return groups


class PerResource(Rule):
    """Base for rules that work out, once per resource, which fields they look at."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._plans: dict[str, object] = {}

    def plan(self, resource: str) -> object:
        if resource not in self._plans:
            self._plans[resource] = self.make_plan(resource)
        return self._plans[resource]

    def make_plan(self, resource: str) -> object:
        return None


# --- the engine ----------------------------------------------------------------------------


@dataclass
class RulePass:
    """What one pass of the rules found, with what the findings need to be matched against reviews."""

    findings: list[tuple[type[Rule], Finding]]
    ids: dict[tuple[str, int], str | None]
    reviews: list[tuple[int, Row]]
    complete: bool
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)
    """(resource, rule) -> findings beyond :data:`MAX_PROBLEMS_PER_RULE`, counted but not kept."""


class _Kept:
    """The first findings of each rule in each resource, and a count of the rest (memory stays
    bounded when one cell holds a million phrases)."""

    def __init__(self) -> None:
        self.found: list[tuple[type[Rule], Finding]] = []
        self.counts: Counter[tuple[str, str]] = Counter()

    def keep(self, cls: type[Rule], finding: Finding) -> None:
        key = (finding[0], cls.name)
        self.counts[key] += 1
        if self.counts[key] <= MAX_PROBLEMS_PER_RULE:
            self.found.append((cls, finding))

    def overflow(self) -> dict[tuple[str, str], int]:
        return {key: n - MAX_PROBLEMS_PER_RULE for key, n in self.counts.items() if n > MAX_PROBLEMS_PER_RULE}


def _crashed(name: str, number: int | None, exc: Exception, what: str) -> Finding:
    """A rule that raised is a finding of its own: one rule failing must not hide the rest."""
    return (name, number, None, f"the rule could not {what} ({type(exc).__name__}: {exc})")


def check_row(
    kept: _Kept, context: Context, name: str, number: int, row: Row, handlers: list[tuple[type[Rule], Any]]
) -> None:
    """The row rules on one row: each finding kept under its rule, a rule that crashes reported as
    a finding, and the row's id remembered for the reviews (shared by both engines)."""
    for cls, handler in handlers:
        try:
            result = handler(name, number, row)
        except Exception as exc:
            result = [_crashed(name, number, exc, "check this row")]
        if result:
            for finding in result:
                kept.keep(cls, finding)
            context.ids[(name, number)] = row.get("id")


def run_rules(
    package: PackageSpec,
    read: Callable[[str], Rows | None],
    registry: Sequence[type[Rule]],
    archive: Path | None = None,
) -> RulePass:
    """Stream every resource through every rule of ``registry`` once; findings ordered by rule (in
    registry order), resource and row.

    ``read(name)`` yields ``(row number, row)`` pairs, or returns None when the
    resource cannot be read (frictionless reports why).
    """
    names = package.resource_names
    tables = {n: list(rows) for n in PRELOADED if n in names and (rows := read(n)) is not None}
    context = Context(package, tables, archive)
    rules = [cls(context) for cls in registry if archive is not None or not cls.needs_archive]
    kept = _Kept()
    for name in names:
        rows = tables[name] if name in tables else read(name)
        if rows is None:
            context.complete = False
            continue
        handlers = [(type(r), r.row) for r in rules if r.resources is None or name in r.resources]
        for number, row in rows:
            check_row(kept, context, name, number, row, handlers)
    for r in rules:
        try:
            for finding in r.end():
                kept.keep(type(r), finding)
        except Exception as exc:
            kept.keep(type(r), _crashed(names[0], None, exc, "finish"))
    return finished(kept, context, registry, names)


def finished(kept: _Kept, context: Context, registry: Sequence[type[Rule]], names: Sequence[str]) -> RulePass:
    """The rule pass's outcome, its findings ordered by rule (in registry order), resource (in
    ``names`` order) and row (shared by both engines)."""
    order = {cls: i for i, cls in enumerate(registry)}
    position = {n: i for i, n in enumerate(names)}
    kept.found.sort(key=lambda item: (order[item[0]], position.get(item[1][0], 0), item[1][1] or 0))
    return RulePass(kept.found, context.ids, context.table("reviews"), context.complete, kept.overflow())
