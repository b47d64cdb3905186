"""Every record names its source, where in it, and a short verbatim phrase."""

from __future__ import annotations

import re
from typing import cast

from kzfacts.validation.rules.base import (
    MAX_EVIDENCE_WORDS,
    Finding,
    PerResource,
    Row,
    source_groups,
)


class Provenance(PerResource):
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


class EvidenceLength(PerResource):
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


_EXPLAINED = {
    "title": re.compile(r"title|headline|not found", re.IGNORECASE),
    "published": re.compile(r"\bdate|dated|\byear|not found", re.IGNORECASE),
    "author": re.compile(r"byline|author|not found", re.IGNORECASE),
}
"""What a note must mention when the field is empty: that the page shows none, or was not found."""


class SourceCitable(PerResource):
    name = "source-citable"
    severity = "warning"
    description = (
        "A source without a title, publication date or author says why in its note (the page shows "
        "none, or the page was not found), so a citation is never silently incomplete."
    )
    fix = (
        "Fill the field from the page itself, or say in the note that the page lacks it "
        "(e.g. 'No byline on the page.', 'The page shows no date.')."
    )
    resources = ("sources",)

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        note = row.get("note") or ""
        found: list[Finding] = [
            (resource, number, field, f"{field} is empty and the note does not say why")
            for field, explained in _EXPLAINED.items()
            if field in row and row[field] is None and not explained.search(note)
        ]
        return found or None
