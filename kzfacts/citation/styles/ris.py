"""RIS, written by rispy, as reference managers import it."""

from __future__ import annotations

from typing import Any

from kzfacts.citation.model import Citation
from kzfacts.citation.styles.common import (
    RIS_TYPES,
    cited_title,
    package_note,
    plain_values,
    translated_title,
)


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
    first: dict[str, Any] = {
        "type_of_reference": "DATA",
        "id": package.key,
        "title": package.title,
        "authors": list(package.authors),
        "edition": package.version,
        "notes": [package_note(package)],
    }
    if package.released:
        first["year"] = package.released[:4]
        first["date"] = package.released.replace("-", "/")
    if package.url:
        first["urls"] = [package.url]
    entries: list[dict[str, Any]] = [first]
    for source in citation.sources:
        entry: dict[str, Any] = {
            "type_of_reference": RIS_TYPES.get(source.type, "ELEC"),
            "id": source.id,
            "publisher": source.publisher,
            "urls": [source.url],
            "access_date": source.accessed.isoformat().replace("-", "/"),
            "language": source.language,
        }
        if (shown := cited_title(source)) is not None:
            entry["title"] = shown  # an untitled page: TI  - [our description]
        if source.author:
            entry["authors"] = [source.author]  # RIS writes a person as "Family, Given", as the data does
        if source.published:
            entry["year"] = str(source.published.year)
            entry["date"] = source.published.isoformat().replace("-", "/")
        if translated_title(source):
            entry["translated_title"] = translated_title(source)
        entries.append(entry)
    text: str = rispy.dumps([plain_values(entry) for entry in entries], implementation=_RisWriter)
    return text
