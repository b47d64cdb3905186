"""kzfacts' row rules, pre-filtered on whole columns: for each rule, an expression over a chunk's
columns that selects every row on which the rule could find something (and few others). Only the
selected rows become dictionaries and go to the rule's own ``row()``, so its verdicts and messages
are the row path's by construction; a rule without a filter here gets every row.

A filter must never leave out a row the rule would report: each is a superset, and where a cell
is not in a plain form (non-ASCII digits, a date ``str.isdigit`` reads but RE2 does not) the row is
selected, never judged here. ``tests/test_columnar.py`` holds each filter to its rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from kzfacts.validation.columnar import forms
from kzfacts.validation.rules import dates, provenance, references, tonnage, values
from kzfacts.validation.rules.base import MAX_EVIDENCE_WORDS, PRECISION_BY_LENGTH, Rule, date_fields
from kzfacts.vocabulary import OUTCOME_STATUSES

Mask = Any
"""A boolean pyarrow array, one value per row of the chunk."""
Filter = Callable[["Cols", bool], "Mask | None"]
"""(chunk, whether its bytes may hold a hidden character) -> the rows to check; None for none."""

_ASCII_PARTIAL = "^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
"""Partial dates whose order is their text's, at the coarser precision."""


def _pc() -> Any:
    import pyarrow.compute as pc

    return pc


def any_of(masks: list[Mask]) -> Mask | None:
    """The rows any of ``masks`` selects; None for no mask."""
    pc = _pc()
    found = None
    for mask in masks:
        found = mask if found is None else pc.or_(found, mask)
    return found


def present(column: Any) -> Mask:
    return _pc().not_equal(column, "")


class Cols:
    """One chunk's columns, with the tests several checks share computed once."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self.column_names: list[str] = table.column_names
        self.num_rows: int = table.num_rows
        self._memo: dict[tuple[str, str], Any] = {}

    def column(self, name: str) -> Any:
        return self.table.column(name)

    @property
    def columns(self) -> list[Any]:
        return list(self.table.columns)

    def present(self, name: str) -> Mask:
        return self._cached(name, "", lambda: present(self.table.column(name)))

    def match(self, name: str, pattern: str) -> Mask:
        return self._cached(
            name, pattern, lambda: _pc().match_substring_regex(self.table.column(name), pattern)
        )

    def _cached(self, name: str, pattern: str, make: Callable[[], Any]) -> Any:
        key = (name, pattern)
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


def _in(column: Any, allowed: Any) -> Mask:
    import pyarrow as pa

    return _pc().is_in(column, value_set=pa.array(sorted(allowed), pa.string()))


def earlier(cols: Cols, first: str, second: str | Any) -> Mask:
    """Rows where the partial date in column ``first`` may be certainly before ``second`` (a column
    name, or the values themselves), both present.

    When both are plain ASCII partial dates, being certainly before (at the coarser precision)
    implies being less as text, so a row less as text is selected; any other pair is selected."""
    pc = _pc()
    if isinstance(second, str):
        other, given, plain = cols.column(second), cols.present(second), cols.match(second, _ASCII_PARTIAL)
    else:
        other, given, plain = second, present(second), pc.match_substring_regex(second, _ASCII_PARTIAL)
    both = pc.and_(cols.present(first), given)
    plain = pc.and_(cols.match(first, _ASCII_PARTIAL), plain)
    return pc.and_(both, pc.or_(pc.invert(plain), pc.less(cols.column(first), other)))


def _looked_up(column: Any, mapping: dict[str, str]) -> Any:
    """Each cell's value in ``mapping`` (its text), "" where it has none."""
    import pyarrow as pa

    pc = _pc()
    keys = pa.array(list(mapping), pa.string())
    found = pc.index_in(column, value_set=keys)
    return pc.fill_null(pc.take(pa.array(list(mapping.values()), pa.string()), found), "")


def _date_precision(rule: Rule, resource: str) -> Filter:
    pairs = date_fields(rule.context.field_names(resource))
    known = list(PRECISION_BY_LENGTH.items())

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        masks = []
        for date_field, precision_field in pairs:
            written, precision = table.column(date_field), table.column(precision_field)
            length = pc.utf8_length(written)
            agree = any_of([pc.and_(pc.equal(length, n), pc.equal(precision, p)) for n, p in known])
            empty = pc.and_(pc.invert(present(written)), pc.invert(present(precision)))
            masks.append(pc.invert(pc.or_(empty, agree)))
        return any_of(masks)

    return select


def _span_order(rule: Rule, resource: str) -> Filter:
    pairs: list[tuple[str, str]] = cast(Any, rule).plan(resource)
    return lambda table, hidden: any_of([earlier(table, e, s) for s, e in pairs])


def _period_coverage(rule: Rule, resource: str) -> Filter:
    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        start, end, status = table.column("period_start"), table.column("period_end"), table.column("status")
        whole = pc.and_(
            pc.and_(
                pc.equal(pc.utf8_slice_codeunits(start, 4), "-01-01"),
                pc.equal(pc.utf8_slice_codeunits(end, 4), "-12-31"),
            ),
            pc.equal(pc.utf8_slice_codeunits(start, 0, 4), pc.utf8_slice_codeunits(end, 0, 4)),
        )
        return pc.or_(
            pc.and_(pc.equal(status, "actual"), pc.invert(whole)),
            pc.and_(pc.equal(status, "partial-period-actual"), whole),
        )

    return select


def _derivation(rule: Rule, resource: str) -> Filter:
    pc = _pc()
    return lambda table, hidden: pc.xor(
        pc.equal(table.column("status"), "derived"), table.present("derivation")
    )


def _publication(rule: Rule, resource: str) -> Filter:
    published = {key: value for key, value in _published_texts(rule).items() if value}
    statuses = rule.statuses  # type: ignore[attr-defined]
    forecast = isinstance(rule, tonnage.ForecastAfterPeriod)

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        when = _looked_up(table.column("source_id"), published)
        order = earlier(table, "period_end", when) if forecast else _later(table, when, "period_end")
        return pc.and_(_in(table.column("status"), statuses), order)

    return select


def _later(cols: Cols, first: Any, second: str) -> Mask:
    """:func:`earlier` with the values first and the column second."""
    pc = _pc()
    both = pc.and_(present(first), cols.present(second))
    plain = pc.and_(pc.match_substring_regex(first, _ASCII_PARTIAL), cols.match(second, _ASCII_PARTIAL))
    return pc.and_(both, pc.or_(pc.invert(plain), pc.less(first, cols.column(second))))


def _published_texts(rule: Rule) -> dict[str, str]:
    """Each source's publication date as written (the last row of an id, as the rule's dict keeps)."""
    return {row["id"] or "": row["published"] or "" for _, row in rule.context.table("sources")}


def _provenance(rule: Rule, resource: str) -> Filter:
    groups, founded = cast(Any, rule).plan(resource)

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        masks = [pc.invert(table.present(name)) for group in groups for name in group]
        if founded:
            founded_given = table.present("founded")
            if "founded_source_id" in table.column_names:
                founded_given = pc.and_(founded_given, pc.invert(table.present("founded_source_id")))
            masks.append(founded_given)
        return any_of(masks)

    return select


def _evidence_length(rule: Rule, resource: str) -> Filter:
    plan: list[tuple[str, str]] = cast(Any, rule).plan(resource)
    shapes = {name: forms.evidence_form(delimiter, MAX_EVIDENCE_WORDS) for name, delimiter in plan}

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        return any_of(
            [
                pc.and_(table.present(name), pc.invert(table.match(name, shape)))
                for name, shape in shapes.items()
            ]
        )

    return select


def _source_citable(rule: Rule, resource: str) -> Filter:
    def select(table: Cols, hidden: bool) -> Mask | None:
        names = [n for n in ("title", "published", "author") if n in table.column_names]
        return any_of([_pc().invert(table.present(n)) for n in names])

    return select


def _membership_lifetime(rule: Rule, resource: str) -> Filter:
    founded = {key: written for key, (_, written) in rule.founded.items() if written}  # type: ignore[attr-defined]

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        org = _looked_up(table.column("organization_id"), founded)
        return pc.and_(pc.not_equal(table.column("role"), "initiator"), earlier(table, "start_date", org))

    return select


def _source_exists(rule: Rule, resource: str) -> Filter:
    names: list[str] = cast(Any, rule).plan(resource)
    known = {key for key in rule.known if key is not None}  # type: ignore[attr-defined]

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        return any_of(
            [
                pc.and_(table.present(n), pc.invert(_in(table.column(n), known)))
                for n in names
                if n in table.column_names
            ]
        )

    return select


def _reprint_chain(rule: Rule, resource: str) -> Filter:
    return lambda table, hidden: table.present("reprint_of")


def _review_unknown_rule(rule: Rule, resource: str) -> Filter:
    from kzfacts.validation.rules import RULES

    warnings = {item.name for item in RULES if item.severity == "warning"}
    pc = _pc()
    return lambda table, hidden: pc.and_(
        table.present("rule"), pc.invert(_in(table.column("rule"), warnings))
    )


def _cell_readable(rule: Rule, resource: str) -> Filter:
    plan = [(field.name, forms.readable_form(field)) for field in rule.plan(resource)]  # type: ignore[attr-defined]

    def select(table: Cols, hidden: bool) -> Mask | None:
        pc = _pc()
        masks = []
        for name, form in plan:
            odd = pc.invert(table.match(name, form)) if form is not None else table.present(name)
            masks.append(pc.and_(table.present(name), odd))
        return any_of(masks)

    return select


def _text_plain(rule: Rule, resource: str) -> Filter:
    def select(table: Cols, hidden: bool) -> Mask | None:
        if not hidden:
            return None  # the chunk's bytes hold no such character: no row to check
        pc = _pc()
        return any_of([pc.match_substring_regex(column, forms.HIDDEN_TEXT) for column in table.columns])

    return select


FILTERS: dict[type[Rule], Callable[[Rule, str], Filter]] = {
    dates.DatePrecision: _date_precision,
    dates.SpanOrder: _span_order,
    tonnage.PeriodCoverage: _period_coverage,
    tonnage.Derivation: _derivation,
    tonnage.ForecastAfterPeriod: _publication,
    tonnage.ActualBeforePeriodEnd: _publication,
    provenance.Provenance: _provenance,
    provenance.EvidenceLength: _evidence_length,
    provenance.SourceCitable: _source_citable,
    references.MembershipLifetime: _membership_lifetime,
    references.SourceExists: _source_exists,
    references.ReprintChain: _reprint_chain,
    references.ReviewUnknownRule: _review_unknown_rule,
    values.CellReadable: _cell_readable,
    values.TextPlain: _text_plain,
}
"""The pre-filter of each row rule; a rule missing here is given every row."""

OUTCOMES = OUTCOME_STATUSES
