"""CSL-JSON: the citation as citeproc-js and reference managers read it (and the input of APA)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kzfacts.citation.model import Citation, PackageCitation
from kzfacts.citation.styles.common import (
    CSL_TYPES,
    described,
    package_note,
    parts,
    person,
    title,
    translated_title,
)

if TYPE_CHECKING:
    from kzfacts.models import Source


def _csl_package(package: PackageCitation) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": package.key,
        "type": "dataset",
        "title": package.title,
        "version": f"{package.version}, unreleased"
        if package.version != package.version_label
        else package.version,
        "author": [{"literal": name} for name in package.authors],
        "note": package_note(package),
    }
    if package.released:
        item["issued"] = {"date-parts": [parts(package.released)]}
    if package.url:
        item["URL"] = package.url
    return item


def csl_name(name: str) -> dict[str, str]:
    """A person as family and given name (APA inverts and abbreviates it); anything else literal."""
    found = person(name)
    return {"family": found[0], "given": found[1]} if found else {"literal": name}


def source_item(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": CSL_TYPES[source.type],
        "URL": source.url,
        "language": source.language,
        "accessed": {"date-parts": [parts(source.accessed.isoformat())]},
    }
    shown = title(source)
    translated = translated_title(source)
    if shown is not None:
        # APA: a non-English title is followed by its English translation in square brackets.
        item["title"] = f"{shown} [{translated}]" if translated else shown
    elif (description := described(source)) is not None:
        # APA: an untitled work is cited by a description in square brackets in the title's place;
        # the APA CSL style asks for it in the title variable, and citeproc prints it as it is.
        item["title"] = description
    if source.author and source.author != source.publisher:
        item["author"] = [csl_name(source.author)]
        item["container-title" if item["type"].startswith("article") else "publisher"] = source.publisher
    else:
        # No byline: the outlet is the group author, and APA then omits the same name as site.
        item["author"] = [{"literal": source.publisher}]
    if source.published:
        item["issued"] = {"date-parts": [parts(source.published)]}
    return item


def csl_items(citation: Citation) -> list[dict[str, Any]]:
    return [_csl_package(citation.package)] + [source_item(s) for s in citation.sources]


def render(citation: Citation) -> str:
    return json.dumps(csl_items(citation), ensure_ascii=False, indent=2)
