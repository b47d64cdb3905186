"""Citation File Format (CITATION.cff), written by PyYAML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzfacts.citation.model import Citation
from kzfacts.citation.styles.common import (
    CFF_TYPES,
    cited_title,
    described,
    parts,
    person,
    plain_values,
    translated_title,
)

if TYPE_CHECKING:
    from kzfacts.models import Source


def _cff_reference(source: Source) -> dict[str, Any]:
    reference: dict[str, Any] = {
        "type": CFF_TYPES.get(source.type, "website"),
        # CFF requires a title: a page that shows none is named by our description in square
        # brackets (and the notes say so), never by its address.
        "title": cited_title(source) or _made_description(source),
        "authors": [_cff_author(source.author or source.publisher)],
        "publisher": {"name": source.publisher},
        "url": source.url,
        "languages": [source.language],
        "date-accessed": source.accessed.isoformat(),
    }
    known = parts(source.published)
    if len(known) == 3:
        reference["date-published"] = str(source.published)
    if known:
        reference["year"] = known[0]
    if len(known) >= 2:
        reference["month"] = known[1]
    if translated_title(source):
        reference["notes"] = f"English title: {translated_title(source)}"
    elif described(source) is not None:
        reference["notes"] = (
            "The page shows no title; the title in square brackets is kzfacts' description of it."
        )
    elif cited_title(source) is None:
        reference["notes"] = (
            "The page shows no title and the source has no description; the title in square "
            "brackets is made from its type and publisher."
        )
    return reference


_KINDS = {
    "news-article": "News article",
    "official-statement": "Official statement",
    "press-release": "Press release",
    "analysis": "Analysis",
    "opinion": "Opinion article",
    "interview": "Interview",
    "report": "Report",
    "reference": "Reference page",
}


def _made_description(source: Source) -> str:
    """The bracketed title of a source that has neither a title nor a description (a fork that
    ``source-citable`` warns about): CFF requires a title, and the address is none."""
    return f"[{_KINDS.get(source.type, 'Document')} by {source.publisher}]"


def _cff_author(name: str) -> dict[str, str]:
    found = person(name)
    return {"family-names": found[0], "given-names": found[1]} if found else {"name": name}


def render(citation: Citation) -> str:
    """CITATION.cff: the package, and as references the selected sources (or, when nothing was
    selected, the principal ones: the recommended annual series and the seed article)."""
    import yaml

    package = citation.package
    document: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use kzfacts, cite this version of the data package and the sources of the "
        "records you used (kzfacts.cite(records)).",
        "type": "dataset",
        "title": package.title,
        "version": package.version,
        "date-released": package.released,
        "authors": [{"name": name} for name in package.authors],
        "license": package.license,
        "repository-code": package.url,
        "url": package.url,
        "keywords": list(package.keywords),
        "abstract": package.abstract,
        "identifiers": [
            {"type": "other", "value": package.fingerprint, "description": "kzfacts data fingerprint"}
        ],
    }
    document = {key: value for key, value in document.items() if value not in (None, [])}
    from kzfacts.citation.selection import principal_sources

    chosen = citation.sources if citation.selected else principal_sources(citation)
    if chosen:
        document["references"] = [_cff_reference(s) for s in chosen]
    text: str = yaml.safe_dump(plain_values(document), allow_unicode=True, sort_keys=False, width=100)
    return text
