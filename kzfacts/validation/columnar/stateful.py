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
from kzfacts.vocabulary import OUTCOME_STATUSES

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
        shared = [common(column, held) for _, held in owners]
        clashing = sorted({text for values in shared for text in values.to_pylist() if text})
        if clashing:
            rule.first = _owners(clashing, owners)  # type: ignore[attr-defined]
            where = pc.indices_nonzero(pc.is_in(column, value_set=pa.array(clashing, pa.string())))
            for index, text in zip(where.to_pylist(), pc.take(column, where).to_pylist(), strict=True):
                found.extend(rule.row(name, index + 2, {"id": text}) or [])
        owners.append((name, column))
    return found


def common(one: Any, other: Any) -> Any:
    """The values of ``one`` that ``other`` holds, hashing the smaller of the two."""
    import pyarrow.compute as pc

    small, large = (one, other) if len(one) <= len(other) else (other, one)
    return pc.filter(large, pc.is_in(large, value_set=small))  # is_in hashes its value set


def _owners(texts: list[str], owners: list[tuple[str, Any]]) -> dict[str, str]:
    """Each id's first resource among ``owners`` (in order)."""
    import pyarrow as pa

    found: dict[str, str] = {}
    asked = pa.array(texts, pa.string())
    for name, held in owners:
        for text in common(asked, held).to_pylist():
            found.setdefault(text, name)
    return found


def source_uncited(rule: Rule, cited: set[str]) -> Iterable[Finding]:
    rule.cited = set(cited)  # type: ignore[attr-defined]
    return rule.end()


def claim_target(rule: Rule, ids: dict[str, Any]) -> Iterable[Finding]:
    """Mark each claimed (resource, id) that the resource holds, then let the rule report the rest."""
    import pyarrow as pa

    wanted: dict[tuple[str, str], bool] = rule.wanted  # type: ignore[attr-defined]
    for name, column in ids.items():
        asked = [record for resource, record in wanted if resource == name]
        if asked:  # the few claimed ids are hashed, never the resource's column of them
            for record in common(pa.array(asked, pa.string()), column).to_pylist():
                wanted[(name, record)] = True
    return rule.end()


_JOIN = "\x00"
"""Joins a base figure's key and value into one text (a cell may hold no NUL: see the gate)."""


def yoy_bases(table: Any) -> list[tuple[str, ...]]:
    """A chunk's distinct (quantity, period, value) of outcome figures with a value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    outcome = pc.is_in(table.column("status"), value_set=pa.array(sorted(OUTCOME_STATUSES)))
    rows = table.filter(pc.and_(outcome, present(table.column("value"))))
    joined = pc.binary_join_element_wise(*[rows.column(name) for name in (*YOY_KEY, "value")], _JOIN)
    return [tuple(text.split(_JOIN)) for text in pc.unique(joined).to_pylist()]


def yoy_stated(table: Any) -> Any:
    """A chunk's rows that state a change (the rule's own condition), as a mask."""
    import pyarrow.compute as pc

    mask = present(table.column("yoy_change_pct"))
    for name in ("value", "period_start", "period_end"):
        mask = pc.and_(mask, present(table.column(name)))
    return mask


def year_on_year(
    rule: Rule, context: Context, bases: list[tuple[str, ...]], stated: list[tuple[int, dict[str, Any]]]
) -> Iterable[Finding]:
    """Fill the rule's base figures and stated changes as its ``row()`` would, then its ``end()``."""
    store: dict[tuple[str | None, ...], set[str]] = rule.bases  # type: ignore[attr-defined]
    for *key, value in bases:
        store.setdefault(tuple(part or None for part in key), set()).add(value)
    for number, row in stated:
        quantity = (row["corridor"], row["measure"], row["scope"], row["unit"])
        rule.stated.append(  # type: ignore[attr-defined]
            (number, quantity, row["yoy_change_pct"], row["value"], row["period_start"], row["period_end"])
        )
        context.remember("corridor_tonnage", number, row)
    return rule.end()
