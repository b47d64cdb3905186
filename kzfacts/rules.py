"""kzfacts' own rules: what frictionless cannot express. Each has a name, a severity and a description.

Rules read rows as strings (missing cells as None) and convert only what they
need; a cell that does not parse is skipped here, because frictionless already
reports it. The docs list RULES, so each rule is described in one place only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kzfacts.archive import body_paragraphs, paragraph_number
from kzfacts.descriptor import PackageSpec
from kzfacts.problems import Severity

Row = dict[str, str | None]
Finding = tuple[str, int | None, str | None, str]
"""(resource, row number, field, message)."""

MAX_EVIDENCE_WORDS = 8
_PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}


@dataclass
class Dataset:
    """Rows of every resource whose header matches the contract, plus what rules need besides."""

    package: PackageSpec
    rows: dict[str, list[tuple[int, Row]]]
    archive: Path | None = None
    complete: bool = True
    """False when some resource could not be read: rules that need every table then stay silent."""

    def table(self, name: str) -> list[tuple[int, Row]]:
        return self.rows.get(name, [])


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    description: str
    fix: str
    check: Callable[[Dataset], Iterator[Finding]]
    needs_archive: bool = False


RULES: list[Rule] = []
"""kzfacts' data rules, in the order they run; ``rule`` adds to it."""

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
    ("schema-contract", "The five kzfacts resources exist with exactly kzfacts' fields, in order."),
    ("byte-order-mark", "Data files are UTF-8 without a byte-order mark (frictionless strips it silently)."),
    ("file-unreadable", "Data files can be read as UTF-8 CSV."),
    ("unexpected-input", "Anything else that stops validation is reported as a problem, never a traceback."),
]
"""Checks on the package's structure, all errors: run before frictionless and before the data rules."""


def rule(
    name: str, severity: Severity, description: str, fix: str, *, needs_archive: bool = False
) -> Callable[[Callable[[Dataset], Iterator[Finding]]], Callable[[Dataset], Iterator[Finding]]]:
    """Register a rule; the function yields findings."""

    def register(check: Callable[[Dataset], Iterator[Finding]]) -> Callable[[Dataset], Iterator[Finding]]:
        RULES.append(Rule(name, severity, description, fix, check, needs_archive))
        return check

    return register


# --- helpers -------------------------------------------------------------------------------


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
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


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


def _source_groups(package: PackageSpec, resource: str) -> list[tuple[str, str, str]]:
    """(source field, locator field, evidence field) for each ``*source_id`` field of a fact table.

    Found by name rather than by foreign key, so a fork that drops its foreign
    keys is still checked.
    """
    if resource == "sources":
        return []
    groups = []
    for field in package.resource(resource).field_names:
        if field == "source_id" or field.endswith("_source_id"):
            prefix = field.removesuffix("source_id")
            groups.append((field, f"{prefix}locator", f"{prefix}evidence"))
    return groups


def _fact_tables(data: Dataset) -> list[str]:
    return [name for name in data.rows if name != "sources"]


def _phrases(spec_delimiter: str, cell: str | None) -> list[str]:
    return [] if cell is None else cell.split(spec_delimiter)


# --- rules ---------------------------------------------------------------------------------


@rule(
    "date-precision",
    "error",
    "A date written to a precision (YYYY-MM-DD, YYYY-MM, YYYY) has the matching `*_precision` value, "
    "is a real calendar date, and neither is given without the other.",
    "Write the date to the precision you state (2025-05 is month, 2025-05-29 is day), or correct "
    "the precision.",
)
def _date_precision(data: Dataset) -> Iterator[Finding]:
    for name, rows in data.rows.items():
        pairs = _date_fields(data.package.resource(name).field_names)
        for number, row in rows:
            for date_field, precision_field in pairs:
                written, precision = row[date_field], row[precision_field]
                if written is None and precision is None:
                    continue
                if written is None:
                    yield (
                        name,
                        number,
                        precision_field,
                        f"precision {precision!r} is given but {date_field} is empty",
                    )
                elif precision is None:
                    yield name, number, precision_field, f"{date_field} {written!r} has no precision"
                elif _PRECISION_BY_LENGTH.get(len(written)) != precision:
                    yield (
                        name,
                        number,
                        precision_field,
                        f"{date_field} {written!r} is written to "
                        f"{_PRECISION_BY_LENGTH.get(len(written), 'no known')} precision "
                        f"but says {precision!r}",
                    )
                elif precision == "day" and _date(written) is None:
                    yield name, number, date_field, f"{written!r} is not a calendar date"


@rule(
    "span-order",
    "error",
    "A span's end is not before its start (start_date/end_date, period_start/period_end), "
    "comparing partial dates at the coarser precision.",
    "Swap or correct the start and end dates.",
)
def _span_order(data: Dataset) -> Iterator[Finding]:
    for name, rows in data.rows.items():
        fields = data.package.resource(name).field_names
        spans = [
            (s, e)
            for s, e in (("start_date", "end_date"), ("period_start", "period_end"))
            if s in fields and e in fields
        ]
        for number, row in rows:
            for start_field, end_field in spans:
                start, end = partial_date(row[start_field]), partial_date(row[end_field])
                if start and end and before(end, start):
                    yield (
                        name,
                        number,
                        end_field,
                        (f"ends {row[end_field]} before it starts {row[start_field]}"),
                    )


@rule(
    "period-coverage",
    "error",
    "A full-period actual covers exactly one calendar year; a partial-period actual covers less "
    "than a whole calendar year, so neither can pass for the other.",
    "Use status partial-period-actual for part of a year, actual for a whole calendar year, or "
    "correct the period.",
)
def _period_coverage(data: Dataset) -> Iterator[Finding]:
    for number, row in data.table("corridor_tonnage"):
        start, end = _date(row["period_start"]), _date(row["period_end"])
        if start is None or end is None:
            continue
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
        if row["status"] == "actual" and not whole_year:
            yield (
                "corridor_tonnage",
                number,
                "status",
                f"status actual but the period {start}..{end} is not one calendar year",
            )
        if row["status"] == "partial-period-actual" and whole_year:
            yield (
                "corridor_tonnage",
                number,
                "status",
                f"status partial-period-actual but the period {start}..{end} is a whole year",
            )


@rule(
    "derivation",
    "error",
    "A derived figure says how it was derived, and only derived figures carry a derivation.",
    "Fill derivation for status derived; empty it for any other status.",
)
def _derivation(data: Dataset) -> Iterator[Finding]:
    for number, row in data.table("corridor_tonnage"):
        if (row["status"] == "derived") != (row["derivation"] is not None):
            which = "has no derivation" if row["status"] == "derived" else f"is {row['status']} but has one"
            yield "corridor_tonnage", number, "derivation", f"the figure {which}"


@rule(
    "yoy-consistency",
    "warning",
    "A stated year-on-year change agrees, within the rounding of the printed numbers, with at least "
    "one figure in the package for the same measure and scope a year earlier.",
    "Check the stated change and the base figures; if the source really says it, keep it and "
    "record the disagreement in the note.",
)
def _yoy(data: Dataset) -> Iterator[Finding]:
    by_key: dict[tuple[str | None, ...], list[tuple[int, Row]]] = defaultdict(list)
    rows = data.table("corridor_tonnage")
    for number, row in rows:
        if row["status"] in ("actual", "partial-period-actual"):
            key = (
                row["corridor"],
                row["measure"],
                row["scope"],
                row["unit"],
                row["period_start"],
                row["period_end"],
            )
            by_key[key].append((number, row))
    for number, row in rows:
        stated, value = _decimal(row["yoy_change_pct"]), _decimal(row["value"])
        start, end = _date(row["period_start"]), _date(row["period_end"])
        if stated is None or value is None or start is None or end is None:
            continue
        try:
            base_start, base_end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
        except ValueError:
            continue
        key = (
            row["corridor"],
            row["measure"],
            row["scope"],
            row["unit"],
            base_start.isoformat(),
            base_end.isoformat(),
        )
        parsed = [_decimal(b["value"]) for _, b in by_key.get(key, [])]
        bases = [b for b in parsed if b is not None and b > 0]
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


@rule(
    "forecast-after-period",
    "warning",
    "A forecast or target quoted by a source published after its period ended: the outcome was "
    "knowable, so readers should prefer the actual.",
    "Keep the row if the source says it, and compare with the actual for the period.",
)
def _forecast_after(data: Dataset) -> Iterator[Finding]:
    published = {row["id"]: partial_date(row["published"]) for _, row in data.table("sources")}
    for number, row in data.table("corridor_tonnage"):
        if row["status"] not in ("forecast", "target"):
            continue
        end, when = partial_date(row["period_end"]), published.get(row["source_id"] or "")
        if end and when and before(end, when):
            yield (
                "corridor_tonnage",
                number,
                "status",
                f"{row['status']} for a period that ended {row['period_end']}, quoted by "
                f"{row['source_id']} published {'-'.join(f'{p:02d}' for p in when)}",
            )


@rule(
    "provenance",
    "error",
    "Every record names a source with a locator and evidence; a source field, its locator and its "
    "evidence are given together; a founding date has its own source.",
    "Add the source id, the locator (p7, or where on the page) and a verbatim evidence phrase.",
)
def _provenance(data: Dataset) -> Iterator[Finding]:
    for name in _fact_tables(data):
        groups = _source_groups(data.package, name)
        fields = data.package.resource(name).field_names
        for number, row in data.table(name):
            for index, (source, locator, evidence) in enumerate(groups):
                present = [row.get(f) is not None for f in (source, locator, evidence) if f in fields]
                if index == 0 and not all(present):
                    missing = [f for f in (source, locator, evidence) if f in fields and row.get(f) is None]
                    yield name, number, missing[0], f"record lacks {', '.join(missing)}"
                elif index > 0 and any(present) and not all(present):
                    missing = [f for f in (source, locator, evidence) if f in fields and row.get(f) is None]
                    yield (
                        name,
                        number,
                        missing[0],
                        f"{source} group is incomplete: {', '.join(missing)} empty",
                    )
            if "founded" in fields and row["founded"] is not None and row.get("founded_source_id") is None:
                yield name, number, "founded_source_id", "founded is given without its own source"


@rule(
    "evidence-length",
    "error",
    f"Each evidence phrase has 1 to {MAX_EVIDENCE_WORDS} words: a short verbatim quote, never a "
    "source sentence.",
    f"Shorten the phrase to at most {MAX_EVIDENCE_WORDS} words that still contain the figure or date.",
)
def _evidence_length(data: Dataset) -> Iterator[Finding]:
    for name in _fact_tables(data):
        spec = data.package.resource(name)
        evidence_fields = [f for f in spec.fields if f.name.endswith("evidence")]
        for number, row in data.table(name):
            for field in evidence_fields:
                for phrase in _phrases(field.delimiter, row[field.name]):
                    words = len(phrase.split())
                    if not 1 <= words <= MAX_EVIDENCE_WORDS:
                        yield name, number, field.name, f"phrase has {words} words: {phrase[:60]!r}"


@rule(
    "id-unique",
    "error",
    "An id names one thing in the whole package: no id is used in two resources.",
    "Give one of the records a new id (ids are never reused, so pick an unused slug).",
)
def _id_unique(data: Dataset) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for name, rows in data.rows.items():
        seen_here: set[str] = set()
        for number, row in rows:
            key = row.get("id")
            if key is None or key in seen_here:
                continue
            seen_here.add(key)
            if key in first and first[key] != name:
                yield name, number, "id", f"id {key!r} is also used in {first[key]}"
            first.setdefault(key, name)


@rule(
    "membership-lifetime",
    "error",
    "A membership spell (other than the initiator role) does not start before its organisation was founded.",
    "Check the spell's start date and the organisation's founding date; one of them is wrong.",
)
def _lifetime(data: Dataset) -> Iterator[Finding]:
    founded = {
        row["id"]: (partial_date(row["founded"]), row["founded"]) for _, row in data.table("organizations")
    }
    for number, row in data.table("memberships"):
        if row["role"] == "initiator":
            continue
        start = partial_date(row["start_date"])
        org_start, written = founded.get(row["organization_id"] or "", (None, None))
        if start and org_start and before(start, org_start):
            yield (
                "memberships",
                number,
                "start_date",
                f"starts {row['start_date']}, before {row['organization_id']} was founded ({written})",
            )


@rule(
    "source-exists",
    "error",
    "Every source a row cites (source fields and reprint_of) exists in sources.",
    "Add the source to sources.csv or correct the id.",
)
def _source_exists(data: Dataset) -> Iterator[Finding]:
    known = {row["id"] for _, row in data.table("sources")}
    for name in data.rows:
        fields = [g[0] for g in _source_groups(data.package, name)] if name != "sources" else ["reprint_of"]
        for number, row in data.table(name):
            for field in fields:
                value = row.get(field)
                if value is not None and value not in known:
                    yield name, number, field, f"cites {value!r}, which is not in sources"


@rule(
    "source-uncited",
    "error",
    "Every source is cited by at least one record (directly, or as the original of a cited reprint).",
    "Cite the source from the record it supports, or remove it from sources.csv.",
)
def _source_uncited(data: Dataset) -> Iterator[Finding]:
    if not data.complete:
        return
    cited: set[str] = set()
    for name in _fact_tables(data):
        fields = [g[0] for g in _source_groups(data.package, name)]
        for _, row in data.table(name):
            cited.update(v for f in fields if (v := row.get(f)) is not None)
    reprints = {row["id"]: row["reprint_of"] for _, row in data.table("sources")}
    for key in list(cited):
        seen = set()
        while (key := reprints.get(key or "")) and key not in seen:  # type: ignore[assignment]
            seen.add(key)
            cited.add(key)
    for number, row in data.table("sources"):
        if row["id"] not in cited:
            yield "sources", number, "id", f"source {row['id']!r} is cited by no record"


@rule(
    "reprint-chain",
    "error",
    "reprint_of points to another source and never loops back.",
    "Point reprint_of at the original source, not at the source itself or at one of its reprints.",
)
def _reprint_chain(data: Dataset) -> Iterator[Finding]:
    reprints = {row["id"]: row["reprint_of"] for _, row in data.table("sources")}
    for number, row in data.table("sources"):
        seen = {row["id"]}
        key = row["reprint_of"]
        while key is not None:
            if key in seen:
                yield "sources", number, "reprint_of", f"reprint chain from {row['id']!r} loops at {key!r}"
                break
            seen.add(key)
            key = reprints.get(key)


@rule(
    "claim-target",
    "error",
    "A claim points at a record that exists in its record_resource, and at a field that resource has.",
    "Correct record_resource, record_id or field so that they name an existing record and field.",
)
def _claim_target(data: Dataset) -> Iterator[Finding]:
    if not data.complete:
        return
    ids = {name: {row["id"] for _, row in rows} for name, rows in data.rows.items()}
    for number, row in data.table("claims"):
        resource, record, field = row["record_resource"], row["record_id"], row["field"]
        if resource not in ids:
            continue  # an unknown resource name is a constraint error frictionless reports
        if record not in ids[resource]:
            yield "claims", number, "record_id", f"no record {record!r} in {resource}"
        elif field is not None and field not in data.package.resource(resource).field_names:
            yield "claims", number, "field", f"{resource} has no field {field!r}"


@rule(
    "evidence-in-archive",
    "error",
    "With --sources DIR: each evidence phrase occurs in the paragraph its locator names in the "
    "source's archived text.",
    "Copy the phrase exactly from the cited paragraph, or correct the locator.",
    needs_archive=True,
)
def _evidence_in_archive(data: Dataset) -> Iterator[Finding]:
    if data.archive is None:
        return
    archives = {row["id"]: row["archive_file"] for _, row in data.table("sources")}
    cache: dict[str, list[str] | None] = {}
    for name in _fact_tables(data):
        spec = data.package.resource(name)
        for number, row in data.table(name):
            for source, locator, evidence in _source_groups(data.package, name):
                file_name = archives.get(row.get(source) or "")
                if file_name is None or evidence not in spec.field_names:
                    continue
                if file_name not in cache:
                    path = data.archive / file_name
                    cache[file_name] = body_paragraphs(path) if path.is_file() else None
                paragraphs = cache[file_name]
                if paragraphs is None:
                    yield name, number, source, f"archived text {file_name!r} is not in {data.archive}"
                    continue
                index = paragraph_number(row.get(locator) or "")
                if index is None or index > len(paragraphs):
                    yield (
                        name,
                        number,
                        locator,
                        f"locator {row.get(locator)!r} names no body paragraph of {file_name} "
                        f"(it has p1..p{len(paragraphs)})",
                    )
                    continue
                for phrase in _phrases(spec.field(evidence).delimiter, row.get(evidence)):
                    if phrase not in paragraphs[index - 1]:
                        yield (
                            name,
                            number,
                            evidence,
                            f"{phrase!r} does not occur in {row.get(locator)} of {file_name}",
                        )


def run_rules(data: Dataset) -> Iterator[tuple[Rule, Finding]]:
    """Every finding of every rule, rule by rule."""
    for item in RULES:
        for finding in item.check(data):
            yield item, finding
