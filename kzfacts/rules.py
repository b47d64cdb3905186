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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import ClassVar, cast

from kzfacts.archive import body_paragraphs, paragraph_number
from kzfacts.descriptor import PackageSpec
from kzfacts.problems import Severity

Row = dict[str, str | None]
Finding = tuple[str, int | None, str | None, str]
"""(resource, row number, field, message)."""
Rows = Iterable[tuple[int, Row]]

MAX_EVIDENCE_WORDS = 8
_PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
PRELOADED = ("sources", "organizations", "claims")
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


RULES: list[type[Rule]] = []
"""kzfacts' data rules, in the order they are reported; ``register`` adds to it."""

STRUCTURAL: list[tuple[str, str]] = [
    ("descriptor-unreadable", "datapackage.json can be read, is UTF-8 and under 5 MB."),
    ("descriptor-json", "datapackage.json is valid JSON."),
    ("descriptor-shape", "datapackage.json is one object with a list of named resources."),
    (
        "unsafe-path",
        "Every path is a relative file path inside the package folder: no URL, absolute path, "
        "`..`, `~`, environment variable or symlink that leads outside; schemas and dialects are inline. "
        "Checked before frictionless runs, so nothing is ever fetched.",
    ),
    ("schema-missing", "Every resource has an inline Table Schema."),
    ("file-missing", "Every file the descriptor lists exists."),
    ("schema-contract", "The six kzfacts resources exist with exactly kzfacts' fields, in order."),
    ("byte-order-mark", "Data files are UTF-8 without a byte-order mark (frictionless strips it silently)."),
    ("file-unreadable", "Data files can be read as UTF-8 CSV."),
    ("unexpected-input", "Anything else that stops validation is reported as a problem, never a traceback."),
]
"""Checks on the package's structure, all errors: run before frictionless and before the data rules."""


def register(cls: type[Rule]) -> type[Rule]:
    RULES.append(cls)
    return cls


# --- helpers -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def partial_date(text: str | None) -> tuple[int, ...] | None:
    """``"2025-05"`` -> ``(2025, 5)``; None when empty or not a partial ISO date."""
    if not text or len(text) not in _PRECISION_BY_LENGTH:
        return None
    parts = text.split("-")
    if len(parts) != {4: 1, 7: 2, 10: 3}[len(text)] or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def before(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True when ``a`` is certainly earlier than ``b``, comparing at the coarser precision."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _decimal(text: str | None) -> Decimal | None:
    """A finite decimal, or None (NaN and infinities cannot be compared)."""
    try:
        value = Decimal(text) if text else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


def _half_unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)


def _date_fields(names: tuple[str, ...]) -> list[tuple[str, str]]:
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


class _PerResource(Rule):
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


# --- rules ---------------------------------------------------------------------------------


@register
class DatePrecision(_PerResource):
    name = "date-precision"
    severity = "error"
    description = (
        "A date written to a precision (YYYY-MM-DD, YYYY-MM, YYYY) has the matching `*_precision` value, "
        "is a real calendar date, and neither is given without the other."
    )
    fix = (
        "Write the date to the precision you state (2025-05 is month, 2025-05-29 is day), or correct "
        "the precision."
    )

    def make_plan(self, resource: str) -> object:
        return _date_fields(self.context.field_names(resource))

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
            elif _PRECISION_BY_LENGTH.get(len(written)) != precision:
                found.append(
                    (
                        resource,
                        number,
                        precision_field,
                        f"{date_field} {written!r} is written to "
                        f"{_PRECISION_BY_LENGTH.get(len(written), 'no known')} precision "
                        f"but says {precision!r}",
                    )
                )
            elif precision == "day" and _date(written) is None:
                found.append((resource, number, date_field, f"{written!r} is not a calendar date"))
        return found or None


@register
class SpanOrder(_PerResource):
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


@register
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
        if status not in ("actual", "partial-period-actual"):
            return None
        start, end = row["period_start"] or "", row["period_end"] or ""
        whole_year = start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]
        if status == "actual" and not whole_year and _date(start) and _date(end):
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


@register
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


@register
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
        if row["status"] in ("actual", "partial-period-actual") and row["value"] is not None:
            key = (*quantity, row["period_start"], row["period_end"])
            self.bases.setdefault(key, set()).add(row["value"])
        pct, value, start, end = row["yoy_change_pct"], row["value"], row["period_start"], row["period_end"]
        if pct is not None and value is not None and start is not None and end is not None:
            self.stated.append((number, quantity, pct, value, start, end))
        return None

    def end(self) -> Iterator[Finding]:
        for number, quantity, pct, value_text, start_text, end_text in self.stated:
            stated, value = _decimal(pct), _decimal(value_text)
            start, end = _date(start_text), _date(end_text)
            if stated is None or value is None or start is None or end is None:
                continue
            try:
                base_start, base_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
            except ValueError:
                continue
            texts = self.bases.get((*quantity, base_start.isoformat(), base_end.isoformat()), set())
            bases = sorted(b for b in (_decimal(t) for t in texts) if b is not None and b > 0)
            if not bases:
                continue
            half_pct, half_value = _half_unit(stated), _half_unit(value)
            implied = []
            agrees = False
            for base in bases:
                half_base = _half_unit(base)
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


@register
class ForecastAfterPeriod(Rule):
    name = "forecast-after-period"
    severity = "warning"
    description = (
        "A forecast or target quoted by a source published after its period ended: the outcome was "
        "knowable, so readers should prefer the actual."
    )
    fix = "Keep the row if the source says it, and compare with the actual for the period."
    resources = ("corridor_tonnage",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.published = {row["id"]: partial_date(row["published"]) for _, row in context.table("sources")}

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if row["status"] not in ("forecast", "target"):
            return None
        end, when = partial_date(row["period_end"]), self.published.get(row["source_id"] or "")
        if end and when and before(end, when):
            return [
                (
                    resource,
                    number,
                    "status",
                    f"{row['status']} for a period that ended {row['period_end']}, quoted by "
                    f"{row['source_id']} published {'-'.join(f'{p:02d}' for p in when)}",
                )
            ]
        return None


@register
class Provenance(_PerResource):
    name = "provenance"
    severity = "error"
    description = (
        "Every record names a source with a locator and evidence; a source field, its locator and its "
        "evidence are given together; a founding date has its own source."
    )
    fix = "Add the source id, the locator (p7, or where on the page) and a verbatim evidence phrase."

    def make_plan(self, resource: str) -> object:
        names = self.context.field_names(resource)
        groups = [
            tuple(f for f in group if f in names) for group in source_groups(self.context.package, resource)
        ]
        return groups, "founded" in names

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        groups, has_founded = cast(tuple[list[tuple[str, ...]], bool], self.plan(resource))
        found: list[Finding] = []
        for index, group in enumerate(groups):
            missing = [f for f in group if row.get(f) is None]
            if not missing:
                continue
            if index == 0:
                found.append((resource, number, missing[0], f"record lacks {', '.join(missing)}"))
            elif len(missing) < len(group):
                found.append(
                    (
                        resource,
                        number,
                        missing[0],
                        f"{group[0]} group is incomplete: {', '.join(missing)} empty",
                    )
                )
        if has_founded and row["founded"] is not None and row.get("founded_source_id") is None:
            found.append((resource, number, "founded_source_id", "founded is given without its own source"))
        return found or None


@register
class EvidenceLength(_PerResource):
    name = "evidence-length"
    severity = "error"
    description = (
        f"Each evidence phrase has 1 to {MAX_EVIDENCE_WORDS} words: a short verbatim quote, never a "
        "source sentence."
    )
    fix = f"Shorten the phrase to at most {MAX_EVIDENCE_WORDS} words that still contain the figure or date."

    def make_plan(self, resource: str) -> object:
        if resource == "sources":
            return []
        spec = self.context.package.resource(resource)
        return [(f.name, f.delimiter) for f in spec.fields if f.name.endswith("evidence")]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for name, delimiter in self.plan(resource):  # type: ignore[attr-defined]
            cell = row[name]
            if cell is None:
                continue
            for phrase in cell.split(delimiter):
                words = len(phrase.split())
                if not 1 <= words <= MAX_EVIDENCE_WORDS:
                    found.append((resource, number, name, f"phrase has {words} words: {phrase[:60]!r}"))
        return found or None


@register
class IdUnique(Rule):
    name = "id-unique"
    severity = "error"
    description = "An id names one thing in the whole package: no id is used in two resources."
    fix = "Give one of the records a new id (ids are never reused, so pick an unused slug)."

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.first: dict[str, str] = {}

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        key = row.get("id")
        if key is None:
            return None
        owner = self.first.setdefault(key, resource)
        if owner != resource:
            return [(resource, number, "id", f"id {key!r} is also used in {owner}")]
        return None


@register
class MembershipLifetime(Rule):
    name = "membership-lifetime"
    severity = "error"
    description = (
        "A membership spell (other than the initiator role) does not start before its organisation "
        "was founded."
    )
    fix = "Check the spell's start date and the organisation's founding date; one of them is wrong."
    resources = ("memberships",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.founded = {
            row["id"]: (partial_date(row["founded"]), row["founded"])
            for _, row in context.table("organizations")
        }

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if row["role"] == "initiator":
            return None
        start = partial_date(row["start_date"])
        org_start, written = self.founded.get(row["organization_id"] or "", (None, None))
        if start and org_start and before(start, org_start):
            return [
                (
                    resource,
                    number,
                    "start_date",
                    f"starts {row['start_date']}, before {row['organization_id']} was founded ({written})",
                )
            ]
        return None


@register
class SourceExists(_PerResource):
    name = "source-exists"
    severity = "error"
    description = "Every source a row cites (source fields and reprint_of) exists in sources."
    fix = "Add the source to sources.csv or correct the id."

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.known = {row["id"] for _, row in context.table("sources")}

    def make_plan(self, resource: str) -> object:
        if resource == "sources":
            return ["reprint_of"]
        return [g[0] for g in source_groups(self.context.package, resource)]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for name in self.plan(resource):  # type: ignore[attr-defined]
            value = row.get(name)
            if value is not None and value not in self.known:
                found.append((resource, number, name, f"cites {value!r}, which is not in sources"))
        return found or None


@register
class SourceUncited(_PerResource):
    name = "source-uncited"
    severity = "error"
    description = (
        "Every source is cited by at least one record (directly, or as the original of a cited reprint)."
    )
    fix = "Cite the source from the record it supports, or remove it from sources.csv."
    needs_every_table = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.cited: set[str] = set()

    def make_plan(self, resource: str) -> object:
        return [g[0] for g in source_groups(self.context.package, resource)]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        for name in self.plan(resource):  # type: ignore[attr-defined]
            value = row.get(name)
            if value is not None:
                self.cited.add(value)
        return None

    def end(self) -> Iterator[Finding]:
        if not self.context.complete:
            return
        reprints = {row["id"]: row["reprint_of"] for _, row in self.context.table("sources")}
        for key in list(self.cited):
            seen: set[str] = set()
            original = reprints.get(key)
            while original is not None and original not in seen:
                seen.add(original)
                self.cited.add(original)
                original = reprints.get(original)
        for number, row in self.context.table("sources"):
            if row["id"] not in self.cited:
                yield "sources", number, "id", f"source {row['id']!r} is cited by no record"


@register
class ReprintChain(Rule):
    name = "reprint-chain"
    severity = "error"
    description = "reprint_of points to another source and never loops back."
    fix = "Point reprint_of at the original source, not at the source itself or at one of its reprints."
    resources = ("sources",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.reprints = {r["id"]: r["reprint_of"] for _, r in context.table("sources")}

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        seen = {row["id"]}
        key = row["reprint_of"]
        while key is not None:
            if key in seen:
                return [
                    (resource, number, "reprint_of", f"reprint chain from {row['id']!r} loops at {key!r}")
                ]
            seen.add(key)
            key = self.reprints.get(key)
        return None


@register
class ClaimTarget(Rule):
    name = "claim-target"
    severity = "error"
    description = (
        "A claim points at a record that exists in its record_resource, and at a field that resource has."
    )
    fix = "Correct record_resource, record_id or field so that they name an existing record and field."
    needs_every_table = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.wanted: dict[tuple[str, str], bool] = {}
        for _, claim in context.table("claims"):
            if claim["record_resource"] and claim["record_id"]:
                self.wanted[(claim["record_resource"], claim["record_id"])] = False

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        key = (resource, row.get("id") or "")
        if key in self.wanted:
            self.wanted[key] = True
        return None

    def end(self) -> Iterator[Finding]:
        if not self.context.complete:
            return
        names = self.context.package.resource_names
        for number, claim in self.context.table("claims"):
            resource, record, name = claim["record_resource"], claim["record_id"], claim["field"]
            if resource not in names or record is None:
                continue  # an unknown resource name is a constraint error frictionless reports
            if not self.wanted.get((resource, record)):
                yield "claims", number, "record_id", f"no record {record!r} in {resource}"
            elif name is not None and name not in self.context.field_names(resource):
                yield "claims", number, "field", f"{resource} has no field {name!r}"


@register
class EvidenceInArchive(_PerResource):
    name = "evidence-in-archive"
    severity = "error"
    description = (
        "With --sources DIR: each evidence phrase occurs in the paragraph its locator names in the "
        "source's archived text."
    )
    fix = "Copy the phrase exactly from the cited paragraph, or correct the locator."
    needs_archive = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.archives = {row["id"]: row["archive_file"] for _, row in context.table("sources")}
        self.cache: dict[str, list[str] | None] = {}

    def make_plan(self, resource: str) -> object:
        spec = self.context.package.resource(resource)
        return [
            (source, locator, evidence, spec.field(evidence).delimiter)
            for source, locator, evidence in source_groups(self.context.package, resource)
            if evidence in spec.field_names
        ]

    def _paragraphs(self, file_name: str) -> list[str] | None:
        """Body paragraphs of an archived text; None when missing, unreadable or not a plain file name."""
        if file_name not in self.cache:
            assert self.context.archive is not None
            path = self.context.archive / file_name
            plain = Path(file_name).name == file_name and not file_name.startswith(".")
            try:
                self.cache[file_name] = body_paragraphs(path) if plain and path.is_file() else None
            except (OSError, UnicodeDecodeError):
                self.cache[file_name] = None
        return self.cache[file_name]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for source, locator, evidence, delimiter in self.plan(resource):  # type: ignore[attr-defined]
            file_name = self.archives.get(row.get(source) or "")
            if file_name is None:
                continue
            paragraphs = self._paragraphs(file_name)
            if paragraphs is None:
                found.append(
                    (
                        resource,
                        number,
                        source,
                        f"archived text {file_name!r} is not a readable UTF-8 file in {self.context.archive}",
                    )
                )
                continue
            index = paragraph_number(row.get(locator) or "")
            if index is None or index > len(paragraphs):
                found.append(
                    (
                        resource,
                        number,
                        locator,
                        f"locator {row.get(locator)!r} names no body paragraph of {file_name} "
                        f"(it has p1..p{len(paragraphs)})",
                    )
                )
                continue
            for phrase in (row.get(evidence) or "").split(delimiter):
                if phrase and phrase not in paragraphs[index - 1]:
                    found.append(
                        (
                            resource,
                            number,
                            evidence,
                            f"{phrase!r} does not occur in {row.get(locator)} of {file_name}",
                        )
                    )
        return found or None


# --- the engine ----------------------------------------------------------------------------


def run_rules(
    package: PackageSpec,
    read: Callable[[str], Rows | None],
    archive: Path | None = None,
) -> list[tuple[type[Rule], Finding]]:
    """Stream every resource through every rule once; findings ordered by rule, resource and row.

    ``read(name)`` yields ``(row number, row)`` pairs, or returns None when the
    resource cannot be read (frictionless reports why).
    """
    names = package.resource_names
    tables = {n: list(rows) for n in PRELOADED if n in names and (rows := read(n)) is not None}
    context = Context(package, tables, archive)
    rules = [cls(context) for cls in RULES if archive is not None or not cls.needs_archive]
    found: list[tuple[type[Rule], Finding]] = []
    for name in names:
        rows = tables[name] if name in tables else read(name)
        if rows is None:
            context.complete = False
            continue
        handlers = [(type(r), r.row) for r in rules if r.resources is None or name in r.resources]
        for number, row in rows:
            for cls, handler in handlers:
                try:
                    result = handler(name, number, row)
                except Exception as exc:  # one rule failing on one row must not hide the rest
                    result = [
                        (
                            name,
                            number,
                            None,
                            f"the rule could not check this row ({type(exc).__name__}: {exc})",
                        )
                    ]
                if result:
                    found.extend((cls, f) for f in result)
    for r in rules:
        try:
            found.extend((type(r), f) for f in r.end())
        except Exception as exc:
            found.append(
                (type(r), (names[0], None, None, f"the rule could not finish ({type(exc).__name__}: {exc})"))
            )
    order = {cls: i for i, cls in enumerate(RULES)}
    position = {n: i for i, n in enumerate(names)}
    found.sort(key=lambda item: (order[item[0]], position.get(item[1][0], 0), item[1][1] or 0))
    return found
