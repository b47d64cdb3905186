"""kzfacts' own data rules: one class each, in a module per family; :data:`RULES` lists them.

Adding a rule is its class (in a family's module, or a module of its own) plus one line in
:data:`RULES`, whose order is the order reports list the rules in.
"""

from __future__ import annotations

from kzfacts.validation.rules import archive, dates, provenance, references, tonnage, values
from kzfacts.validation.rules.base import Finding, Row, Rows, Rule, run_rules

RULES: list[type[Rule]] = [
    dates.DatePrecision,
    dates.SpanOrder,
    tonnage.PeriodCoverage,
    tonnage.Derivation,
    tonnage.YearOnYear,
    tonnage.ForecastAfterPeriod,
    tonnage.ActualBeforePeriodEnd,
    provenance.Provenance,
    provenance.EvidenceLength,
    provenance.SourceCitable,
    references.IdUnique,
    references.MembershipLifetime,
    references.SourceExists,
    references.SourceUncited,
    references.ReprintChain,
    references.ClaimTarget,
    references.ReviewUnknownRule,
    values.CellReadable,
    values.TextPlain,
    archive.EvidenceInArchive,
]
"""kzfacts' data rules, in the order reports list them."""

__all__ = ["RULES", "Finding", "Row", "Rows", "Rule", "run_rules"]
