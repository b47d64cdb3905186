"""Where sources disagree: tonnage quantities with more than one value or growth rate, and
records whose claims contradict or qualify them. Nothing is resolved by deleting a side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kzfacts.evidence.quantities import independent_outlets, quantities
from kzfacts.models import Claim, Record, Source
from kzfacts.vocabulary import OPENS_DISPUTE, STANCE_DISAGREES

if TYPE_CHECKING:
    from kzfacts.store import PackageData

DisputeKind = Literal["tonnage", "growth", "record"]


@dataclass(frozen=True)
class Side:
    """One position in a dispute: a value, who gives it, and how many independent outlets."""

    value: str
    sources: tuple[Source, ...]
    independent_sources: int
    stance: str
    note: str = ""


@dataclass(frozen=True)
class Dispute:
    """A record field or tonnage quantity on which the package's sources disagree."""

    kind: DisputeKind
    subject: str
    resource: str
    record_ids: tuple[str, ...]
    field: str | None
    sides: tuple[Side, ...]
    recommended: str | None
    reason: str


def _record_value(record: Record, field: str | None) -> str:
    if field is None:
        return "(the record as stated)"
    value = getattr(record, field)
    end = getattr(record, "end_date", None)
    if field == "start_date" and end is not None and end != value:
        return f"{value}/{end}"
    if isinstance(value, tuple):
        return ";".join(value)
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _tonnage_disputes(package: PackageData) -> list[Dispute]:
    found = []
    for q in quantities(package):
        ids = tuple(f.id for f in q.figures)
        if q.disputed:
            sides = tuple(
                Side(
                    f"{v.value:g} {q.unit}",
                    v.sources,
                    v.independent_sources,
                    "reports",
                    "flagged: " + ", ".join(sorted({f.flag for f in v.figures if f.flag}))
                    if v.flagged
                    else "",
                )
                for v in q.values
            )
            recommended = f"{q.recommended.value:g} {q.unit}" if q.recommended else None
            found.append(
                Dispute(
                    "tonnage", q.describe(), "corridor_tonnage", ids, "value", sides, recommended, q.reason
                )
            )
        if len(q.growth) > 1:
            sides = tuple(
                Side(
                    f"{g.pct:+g}%",
                    g.sources,
                    g.independent_sources,
                    "reports",
                )
                for g in q.growth
            )
            found.append(
                Dispute(
                    "growth",
                    f"year-on-year change, {q.describe()}",
                    "corridor_tonnage",
                    ids,
                    "yoy_change_pct",
                    sides,
                    None,
                    "growth rates are reported as stated; none is recommended",
                )
            )
    return found


def _record_disputes(package: PackageData) -> list[Dispute]:
    groups: dict[tuple[str, str, str | None], list[Claim]] = {}
    for claim in package.claims():
        groups.setdefault((claim.record_resource, claim.record_id, claim.field), []).append(claim)
    table = package.sources()
    found = []
    for (resource, record_id, field), claims in groups.items():
        disagreeing = [c for c in claims if STANCE_DISAGREES[c.stance] and c.value is not None]
        if not any(c.stance in OPENS_DISPUTE for c in claims):
            continue
        record = package.table(resource).get(record_id)
        supporters = [c for c in claims if not STANCE_DISAGREES[c.stance]]
        main_sources = tuple(
            dict.fromkeys([*package.sources_of(record), *(table.get(c.source_id) for c in supporters)])
        )
        sides = [
            Side(
                _record_value(record, field),
                main_sources,
                independent_outlets(package, main_sources),
                "record",
            )
        ]
        values: dict[tuple[str, str], list[Claim]] = {}
        for c in disagreeing:
            values.setdefault((c.value or "", c.stance), []).append(c)
        for (value, stance), members in values.items():
            cited = tuple(dict.fromkeys(table.get(c.source_id) for c in members))
            sides.append(Side(value, cited, independent_outlets(package, cited), stance))
        name = getattr(record, "name_en", record_id)
        found.append(
            Dispute(
                "record",
                f"{name}: {field or 'record'}",
                resource,
                (record_id,),
                field,
                tuple(sides),
                sides[0].value,
                "the record keeps the value its cited source gives; see each side's sources",
            )
        )
    return found


def disputes(package: PackageData) -> tuple[Dispute, ...]:
    """Every quantity and record on which the package's sources disagree (computed once per store)."""
    return package.cached("disputes", lambda: tuple(_tonnage_disputes(package) + _record_disputes(package)))
