"""RIS, written by rispy, as reference managers import it."""

from __future__ import annotations

from typing import Any

from kzfacts.citation.selection import Citation
from kzfacts.citation.styles.common import RIS_TYPES, package_note, title


def _ris_writer() -> type:
    import rispy

    class PlainRisWriter(rispy.RisWriter):  # type: ignore[misc]
        """RIS without rispy's numbered header lines, as reference managers write it."""

        def set_header(self, count: int) -> str:
            return ""

    return PlainRisWriter


def render(citation: Citation) -> str:
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
            "notes": [package_note(package)],
        }
    ]
    for source in citation.sources:
        entry: dict[str, Any] = {
            "type_of_reference": RIS_TYPES.get(source.type, "ELEC"),
            "id": source.id,
            "title": title(source),
            "publisher": source.publisher,
            "urls": [source.url],
            "access_date": source.accessed.isoformat().replace("-", "/"),
            "language": source.language,
        }
        if source.author:
            entry["authors"] = [source.author]
        if source.published:
            entry["year"] = str(source.published.year)
            entry["date"] = source.published.isoformat().replace("-", "/")
        if source.title and source.title_en:
            entry["translated_title"] = source.title_en
        entries.append(entry)
    text: str = rispy.dumps(entries, implementation=_RisWriter)
    return text
