"""The order of an APA reference list and its year suffixes, as APA 7 asks and citeproc-js (Zotero's
engine, with the APA CSL style) gives them; citeproc-py sorts crudely and adds no suffixes.

Entries are ordered by author (a group author, such as an outlet, by its name as written, ``The``
included, as citeproc-js does), then undated works (``n.d.``) before dated ones, then by date
(a report or a dataset by year alone), then by title, then in the order given. Works that would be
cited alike in the text, the same author and the same year or ``n.d.``, get ``a``, ``b``, ... in
that order (``2024a``, ``n.d.-a``); two persons of one family name told apart by their initials
need none. Text is compared as :mod:`kzfacts.citation.collation` says.

The keys follow the APA CSL style's ``<bibliography><sort>`` (author, date group, date, title) as
citeproc-js builds them: each is a run of words, compared word by word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from kzfacts.citation.collation import Weight, sort_key

YEAR_ONLY = frozenset({
    "article", "article-journal", "book", "chapter", "entry", "entry-dictionary", "entry-encyclopedia",
    "dataset", "figure", "graphic", "manuscript", "map", "musical_score", "patent", "report", "review",
    "review-book", "thesis",
})  # fmt: skip
"""CSL types that APA dates by year alone (its ``date-sort`` macro), so sorts by year alone."""

Item = Mapping[str, Any]
"""A CSL-JSON item."""


def _initial(part: str) -> str:
    if not part[:1].isupper():
        return part  # a particle in lower case, as written
    letters = re.match(r"[^\W\d_]+", part)
    if letters is not None and len(letters.group()) > 1 and part == letters.group() + ".":
        return part  # already abbreviated by the byline: Gh.
    return part[0] + "."


def _hyphenated(word: str) -> list[str]:
    """A word's parts at each hyphen before a capital: Jean-Pierre, but Abd-al whole."""
    parts = [""]
    for index, char in enumerate(word):
        if char == "-" and parts[-1] and word[index + 1 : index + 2].isupper():
            parts.append("")
        else:
            parts[-1] += char
    return parts


def initials(given: str) -> str:
    """A given name as APA initials, written as citeproc-js writes them: ``Ulviyya`` -> ``U.``,
    ``Jean-Pierre`` -> ``J.-P.``; initials the byline already gives stay as they are
    (``Gh.A.`` -> ``Gh. A.``), and a word in lower case (``ibn``) is kept whole."""
    spaced = re.sub(r"\.(?=[^\s-])", ". ", re.sub(r"\s*-\s*", "-", given))
    return " ".join("-".join(_initial(p) for p in _hyphenated(word)) for word in spaced.split())


def _name(name: Mapping[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("family", ""), initials(name.get("given", ""))) if p)


def author_text(item: Item) -> str:
    """The author as APA lists it (family name and initials, or a literal name), all names in
    order; a work without one is listed by its title."""
    names = item.get("author") or []
    return " ".join(_name(n) for n in names) or str(item.get("title") or "")


def _words(text: str) -> tuple[Weight, ...]:
    """A key compared word by word, as citeproc-js' keys (``The|Astana|Times|``) are."""
    return sort_key("|".join(text.split()) + "|")


def _date(item: Item) -> tuple[int, ...]:
    parts = [int(p) for p in (item.get("issued") or {}).get("date-parts", [[]])[0]]
    if item.get("type") in YEAR_ONLY:
        parts = parts[:1]
    return tuple(parts + [0] * (3 - len(parts))) if parts else ()


def bibliography_key(item: Item) -> tuple[Any, ...]:
    """Where ``item`` goes in an APA reference list (the order given breaks ties)."""
    title = item.get("title")
    return (
        _words(author_text(item)),
        1 if item.get("issued") else 0,  # n.d. first, as the APA style's date-sort-group puts it
        _date(item),
        (0, _words(title)) if title else (1, ()),  # an untitled work after the titled ones
    )


def _cited_as(item: Item) -> tuple[object, ...]:
    """How the work is cited in the text, (author, year): alike means it needs a suffix. A person
    is named by family name, or with initials where another person of that name would be."""
    names = item.get("author") or []
    who = tuple(
        ("literal", n["literal"])
        if "literal" in n
        else ("person", n.get("family"), initials(n.get("given", "")))
        for n in names
    ) or (("title", item.get("title")),)
    issued = (item.get("issued") or {}).get("date-parts", [[]])[0]
    return who, issued[0] if issued else "n.d."


def _suffix(number: int) -> str:
    """The letters of the ``number``-th (from 0) work cited alike: a ... z, aa, ab, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def apa_order(items: Sequence[Item]) -> list[tuple[Item, str]]:
    """``items`` in APA order, each with its year suffix ("" when none is needed)."""
    ordered = sorted(range(len(items)), key=lambda i: (bibliography_key(items[i]), i))
    alike: defaultdict[tuple[object, ...], list[int]] = defaultdict(list)
    for index in ordered:
        alike[_cited_as(items[index])].append(index)
    suffixes = {i: _suffix(n) for group in alike.values() if len(group) > 1 for n, i in enumerate(group)}
    return [(items[i], suffixes.get(i, "")) for i in ordered]
