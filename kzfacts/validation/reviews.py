"""kzfacts' rule findings as problems, each warning matched against the package's reviews."""

from __future__ import annotations

from collections.abc import Iterator

from kzfacts.contract.spec import PackageSpec
from kzfacts.validation.kinds import Kind
from kzfacts.validation.problems import Problem
from kzfacts.validation.rules.base import RulePass


def rule_problems(
    package: PackageSpec,
    rules: RulePass,
    frictionless_problems: list[Problem],
    broken: set[str],
    partial: bool,
) -> Iterator[Problem]:
    """kzfacts' rule findings as problems, each warning matched against the package's reviews; then
    the reviews that matched nothing (when every table was read)."""
    foreign_key_rows = {(p.resource, p.row) for p in frictionless_problems if p.rule == "foreign-key"}
    reported_cells = {(p.resource, p.row, p.field) for p in frictionless_problems if p.field is not None}
    reviews = {
        (entry["record_resource"], entry["record_id"], entry["rule"]): (number, entry["id"] or "")
        for number, entry in rules.reviews
    }
    used: set[int] = set()
    for item, (resource, row, field, message) in rules.findings:
        if resource in broken or (partial and item.needs_every_table):
            continue  # the file itself is broken, or a table was not read: frictionless' report stands
        if item.name == "source-exists" and (resource, row) in foreign_key_rows:
            continue  # frictionless already reported this foreign key
        if item.name == "cell-readable" and (resource, row, field) in reported_cells:
            continue  # frictionless already reported this cell (a type or constraint error)
        review = None
        if item.severity == "warning" and row is not None:
            match = reviews.get((resource, rules.ids.get((resource, row)), item.name))
            if match is not None:
                used.add(match[0])
                review = match[1]
        yield Problem(
            resource,
            package.resource(resource).path,
            row,
            field,
            item.name,
            item.severity,
            message,
            item.fix,
            review,
        )
    if partial or not rules.complete or "reviews" in broken:
        return
    for number, entry in rules.reviews:
        if number not in used:
            yield Problem(
                "reviews",
                package.resource("reviews").path,
                number,
                "record_id",
                Kind.REVIEW_UNUSED.value,
                Kind.REVIEW_UNUSED.severity,
                f"review {entry['id']!r} accepts a {entry['rule']} warning on {entry['record_resource']} "
                f"{entry['record_id']!r}, but there is no such warning",
                Kind.REVIEW_UNUSED.fix,
            )
