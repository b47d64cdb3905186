"""What every citation style shares: type maps, dates as parts, titles and the package note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzfacts.citation.model import PackageCitation
from kzfacts.printable import one_line

if TYPE_CHECKING:
    from kzfacts.dates import PartialDate
    from kzfacts.models import Source

CSL_TYPES = {
    "news-article": "article-newspaper",
    "official-statement": "webpage",
    "press-release": "webpage",
    "analysis": "article-magazine",
    "opinion": "article-magazine",
    "interview": "interview",
    "report": "report",
    "reference": "webpage",
}
RIS_TYPES = {
    "news-article": "NEWS",
    "report": "RPRT",
    "interview": "GEN",
    "analysis": "ELEC",
    "opinion": "ELEC",
}
CFF_TYPES = {
    "news-article": "newspaper-article",
    "report": "report",
    "analysis": "article",
    "opinion": "article",
}


def parts(date: PartialDate | str | None) -> list[int]:
    """A date's year, month and day as far as it is known: [2025, 5] for 2025-05."""
    return [int(p) for p in str(date).split("-")] if date else []


def text(date: PartialDate | None) -> str | None:
    """A partial date as its ISO text, or None."""
    return None if date is None else date.isoformat()


def title(source: Source) -> str | None:
    """The title as the page prints it, else its English title; None when the page shows none
    (:func:`cited_title` then gives our description in square brackets)."""
    return source.title or source.title_en


def described(source: Source) -> str | None:
    """Our English description in square brackets, for a source whose page shows no title: APA 7
    cites an untitled work by a bracketed description in the title's place. None when the source
    has a title, or (a fork the ``source-citable`` rule warns about) no description either."""
    if title(source) is not None or not source.description:
        return None
    return f"[{source.description}]"


def cited_title(source: Source) -> str | None:
    """What every style prints as a source's title: its own, else our bracketed description; None
    only when it has neither (never the URL or a placeholder)."""
    return title(source) or described(source)


def translated_title(source: Source) -> str | None:
    """The English title of a non-English one (our translation when the note says so)."""
    return source.title_en if source.title and source.title_en else None


def person(name: str) -> tuple[str, str] | None:
    """(family, given) for a person written 'Family, Given'; None for an agency, an organisation or
    a name in another script, which are cited as written."""
    family, sep, given = name.partition(", ")
    return (family, given) if sep and family and given and "," not in given else None


def package_note(package: PackageCitation) -> str:
    return f"Data package version {package.version_label}; data fingerprint {package.fingerprint}"


def plain_values(value: Any) -> Any:
    """Every string in ``value`` (lists and dicts followed) as one line of plain text: the encoder
    of the line-based styles (RIS, CFF, APA), so no value can start another tag, record or key."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [plain_values(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_values(item) for key, item in value.items()}
    return value
