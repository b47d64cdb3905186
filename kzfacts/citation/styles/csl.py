"""CSL-JSON: the citation as citeproc-js and reference managers read it (and the input of APA)."""

from __future__ import annotations

import json
from typing import Any

from kzfacts.citation.selection import Citation, PackageCitation
from kzfacts.citation.styles.common import CSL_TYPES, package_note, parts, title
from kzfacts.models import Source


def _csl_package(package: PackageCitation) -> dict[str, Any]:
    return {
        "id": package.key,
        "type": "dataset",
        "title": package.title,
        "version": package.version,
        "author": [{"literal": name} for name in package.authors],
        "issued": {"date-parts": [parts(package.released)]},
        "URL": package.url,
        "note": package_note(package),
    }


def _csl_source(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": CSL_TYPES[source.type],
        "title": title(source),
        "URL": source.url,
        "language": source.language,
        "accessed": {"date-parts": [parts(source.accessed.isoformat())]},
    }
    if item["type"].startswith("article"):
        item["container-title"] = source.publisher
    else:
        item["publisher"] = source.publisher
    # With no byline, the publisher is the author (as APA treats organisational pages).
    item["author"] = [{"literal": source.author or source.publisher}]
    if source.published:
        item["issued"] = {"date-parts": [parts(source.published)]}
    if source.title and source.title_en:
        item["note"] = f"English title: {source.title_en}"
    return item


def csl_items(citation: Citation) -> list[dict[str, Any]]:
    return [_csl_package(citation.package)] + [_csl_source(s) for s in citation.sources]


def render(citation: Citation) -> str:
    return json.dumps(csl_items(citation), ensure_ascii=False, indent=2)
