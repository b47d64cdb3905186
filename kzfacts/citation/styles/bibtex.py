"""BibTeX, written by bibtexparser; every value goes through :func:`field_value`, the one way data
reaches a ``.bib`` file.

A value from a fork (a title, a URL, the package's version) could otherwise close its field and
open another (``}, note = {\\input{/etc/passwd}``): text is one line with LaTeX's special
characters escaped by pylatexenc (Arabic stays UTF-8), and a URL has every character a BibTeX
reader could take as syntax percent-encoded, which leaves the address the same.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kzfacts.citation.model import Citation, PackageCitation
from kzfacts.citation.styles.common import cited_title, package_note, person, translated_title
from kzfacts.citation.styles.common import text as date_text
from kzfacts.printable import one_line

if TYPE_CHECKING:
    from kzfacts.models import Source

URL_FIELDS = frozenset({"url"})
_URL_SAFE = "/:?#[]@!$&'()*+,;=-._~%"
"""Characters a URL keeps as they are; the rest (braces, backslashes, quotes, spaces, non-ASCII)
are percent-encoded."""
_KEY = re.compile(r"[^A-Za-z0-9_:.-]")


@cache
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False)


def field_value(name: str, value: str) -> str:
    """``value`` as BibTeX field ``name`` holds it: it can close no brace it did not open."""
    if name in URL_FIELDS:
        return quote(one_line(value), safe=_URL_SAFE)
    encoded: str = _encoder().unicode_to_latex(one_line(value))
    return encoded


def entry_key(key: str) -> str:
    """A citation key of only the characters BibTeX keys hold."""
    return _KEY.sub("-", key) or "kzfacts"


def _literal(name: str) -> str:
    """A corporate or non-Latin name, braced so BibTeX does not split it into first and last."""
    return "{" + field_value("author", name) + "}"


def _author(name: str) -> str:
    """A person as "Family, Given" (BibTeX inverts it); an outlet or another script braced whole."""
    return field_value("author", name) if person(name) else _literal(name)


def _package_fields(package: PackageCitation) -> dict[str, str | None]:
    return {
        "title": package.title,
        "year": package.released[:4] if package.released else None,
        "date": package.released,
        "version": package.version,
        "howpublished": "Frictionless Data Package",
        "url": package.url,
        "note": package_note(package),
    }


def _source_fields(source: Source) -> dict[str, str | None]:
    return {
        "title": cited_title(source),  # an untitled page: our description, {[...]}
        "titleaddon": f"[{translated}]" if (translated := translated_title(source)) else None,
        "organization": source.publisher,
        "howpublished": source.publisher,
        "year": str(source.published.year) if source.published else None,
        "date": date_text(source.published),
        "url": source.url,
        "urldate": source.accessed.isoformat(),
        "language": source.language,
    }


def render(citation: Citation) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    def entry(key: str, values: dict[str, str | None], author: str | None) -> Entry:
        fields = [Field(name, field_value(name, value)) for name, value in values.items() if value]
        if author:
            fields.append(Field("author", author))
        return Entry("misc", entry_key(key), fields)

    package = citation.package
    library = Library()
    authors = " and ".join(_literal(a) for a in package.authors) or None
    library.add(entry(package.key, _package_fields(package), authors))
    for source in citation.sources:
        library.add(
            entry(source.id, _source_fields(source), _author(source.author) if source.author else None)
        )
    text: str = write_string(library)
    return text
