"""kzfacts' rules that look across rows, on whole columns: ``id-unique``, ``source-uncited``,
``claim-target`` and ``yoy-consistency``. Each fills its rule's own state from the columns (the
ids, the cited sources, the claims' targets, the base figures) and lets the rule's own code say
what it finds, so the messages are the row path's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kzfacts.validation.columnar.prefilter import present
from kzfacts.validation.rules import references, tonnage
from kzfacts.validation.rules.base import Context, Finding, Rule

STATEFUL: tuple[type[Rule], ...] = (
    references.IdUnique,
    references.SourceUncited,
    references.ClaimTarget,
    tonnage.YearOnYear,
)
"""Rules whose ``row()`` keeps state: never given rows, filled from columns here instead."""

YOY_KEY = ("corridor", "measure", "scope", "unit", "period_start", "period_end")


def id_unique(rule: Rule, ids: dict[str, Any]) -> list[Finding]:
    """Rows whose id an earlier resource (in the package's order) already uses: ``ids`` maps each
    resource with an id field to that column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    owners: list[tuple[str, Any]] = []
    found: list[Finding] = []
    for name, column in ids.items():
        if owners:
            earlier = pc.unique(pa.chunked_array([o for _, o in owners], pa.string()))
            clash = pc.and_(present(column), pc.is_in(column, value_set=earlier))
            where = pc.indices_nonzero(clash)
            texts = pc.take(column, where).to_pylist()
            rule.first = _owners(sorted(set(texts)), owners)  # type: ignore[attr-defined]
            for index, text in zip(where.to_pylist(), texts, strict=True):
                found.extend(rule.row(name, index + 2, {"id": text}) or [])
        owners.append((name, pc.unique(column)))
    return found


def _owners(texts: list[str], owners: list[tuple[str, Any]]) -> dict[str, str]:
    """Each id's first resource among ``owners`` (in order)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found: dict[str, str] = {}
    asked = pa.array(texts, pa.string())
    for name, held in owners:
        for text, has in zip(texts, pc.is_in(asked, value_set=held).to_pylist(), strict=True):
            if has:
                found.setdefault(text, name)
    return found


def source_uncited(rule: Rule, cited: set[str]) -> Iterable[Finding]:
    rule.cited = set(cited)  # type: ignore[attr-defined]
    return rule.end()


def claim_target(rule: Rule, ids: dict[str, Any]) -> Iterable[Finding]:
    """Mark each claimed (resource, id) that the resource holds, then let the rule report the rest."""
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted: dict[tuple[str, str], bool] = rule.wanted  # type: ignore[attr-defined]
    for name, column in ids.items():
        asked = [record for resource, record in wanted if resource == name]
        if asked:
            held = pc.filter(pa.array(asked, pa.string()), pc.is_in(pa.array(asked, pa.string()), value_set=column))
            for record in held.to_pylist():
                wanted[(name, record)] = True
    return rule.end()


def yoy_bases(table: Any) -> list[dict[str, Any]]:
    """A chunk's distinct (quantity, period, value) of outcome figures with a value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    outcome = pc.is_in(table.column("status"), value_set=pa.array(sorted(tonnage.OUTCOME_STATUSES)))
    rows = table.filter(pc.and_(outcome, present(table.column("value"))))
    picked = rows.select([*YOY_KEY, "value"])
    grouped: list[dict[str, Any]] = picked.group_by([*YOY_KEY, "value"], use_threads=False).aggregate([]).to_pylist()
    return grouped


def yoy_stated(table: Any) -> Any:
    """A chunk's rows that state a change (the rule's own condition), as a mask."""
    import pyarrow.compute as pc

    mask = present(table.column("yoy_change_pct"))
    for name in ("value", "period_start", "period_end"):
        mask = pc.and_(mask, present(table.column(name)))
    return mask


def year_on_year(rule: Rule, context: Context, bases: list[dict[str, Any]], stated: list[tuple[int, dict[str, Any]]]) -> Iterable[Finding]:
    """Fill the rule's base figures and stated changes as its ``row()`` would, then its ``end()``."""
    store: dict[tuple[str | None, ...], set[str]] = rule.bases  # type: ignore[attr-defined]
    for base in bases:
        key = tuple(base[name] or None for name in YOY_KEY)
        store.setdefault(key, set()).add(base["value"])
    for number, row in stated:
        quantity = (row["corridor"], row["measure"], row["scope"], row["unit"])
        rule.stated.append(  # type: ignore[attr-defined]
            (number, quantity, row["yoy_change_pct"], row["value"], row["period_start"], row["period_end"])
        )
        context.remember("corridor_tonnage", number, row)
    return rule.end()
