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


_PLACEHOLDER = re.compile(
    r"\W*(untitled|no title|title not found|unknown|none|n/?a|tbd|todo|-+|\?+)\W*", re.I
)
"""A description that says nothing about the document: what a citation must never print as its title."""
_DESCRIBE = "citations print it in square brackets as the title"


class SourceCitable(PerResource):
    name = "source-citable"
    severity = "warning"
    description = (
        "A source without a title, publication date or author says why in its note (the page shows "
        "none, or the page was not found), and one without a title (nor title_en) has our English "
        "description of it, which citations print in square brackets in the title's place (APA 7), "
        "so a citation is never silently incomplete."
    )
    fix = (
        "Fill the field from the page itself, or say in the note that the page lacks it "
        "(e.g. 'No byline on the page.', 'The page shows no date.'); describe an untitled document "
        "in description (e.g. 'News report on TITR cargo in 2025'), never by its URL."
    )
    resources = ("sources",)

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        note = row.get("note") or ""
        found: list[Finding] = [
            (resource, number, field, f"{field} is empty and the note does not say why")
            for field, explained in _EXPLAINED.items()
            if field in row and row[field] is None and not explained.search(note)
        ]
        if "description" in row and row.get("title") is None and row.get("title_en") is None:
            described = _undescribed(row["description"], row.get("url"))
            if described is not None:
                found.append((resource, number, "description", described))
        return found or None


def _undescribed(description: object, url: object) -> str | None:
    """What is wrong with the description of an untitled source, or None when it describes it."""
    text = str(description or "").strip()
    if not text:
        return (
            "description is empty and the source has no title: describe the document in English "
            f"(e.g. 'News report on TITR cargo in 2025'); {_DESCRIBE}"
        )
    if text == url or re.match(r"(https?|ftp)://|www\.", text, re.IGNORECASE):
        return f"description is an address: describe the document in words; {_DESCRIBE}"
    if _PLACEHOLDER.fullmatch(text):
        return f"description is a placeholder ({text!r}): describe the document in words; {_DESCRIBE}"
    return None
