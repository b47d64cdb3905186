"""BibTeX, written by bibtexparser; pylatexenc escapes special characters and keeps Arabic as UTF-8."""

from __future__ import annotations

from kzfacts.citation.model import Citation
from kzfacts.citation.styles.common import package_note, person, title, translated_title
from kzfacts.citation.styles.common import text as date_text


def render(citation: Citation) -> str:
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
                "year": package.released[:4] if package.released else None,
                "date": package.released,
                "version": package.version,
                "howpublished": "Frictionless Data Package",
                "url": package.url,
                "note": package_note(package),
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
                    "title": title(source),
                    "titleaddon": f"[{translated}]" if (translated := translated_title(source)) else None,
                    "author": None,
                    "organization": source.publisher,
                    "howpublished": source.publisher,
                    "year": str(source.published.year) if source.published else None,
                    "date": date_text(source.published),
                    "url": source.url,
                    "urldate": source.accessed.isoformat(),
                    "language": source.language,
                }
            ),
        )
        if source.author:
            # A person as "Family, Given" (BibTeX inverts it); an outlet or another script braced whole.
            name = source.author if person(source.author) else literal(source.author)
            entry.set_field(
                Field("author", name if name != source.author else encoder.unicode_to_latex(name))
            )
        library.add(entry)
    text: str = write_string(library)
    return text
