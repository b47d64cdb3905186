"""Release metadata where archives and search engines read it, from the one source CITATION.cff is
written from (the package's citation data, ``kzfacts.citation.selection.package_citation``):

- ``.zenodo.json``, which Zenodo reads when a GitHub release is archived;
- schema.org ``Dataset`` JSON-LD on the documentation's home page, which search engines read.

``python tools/generate.py`` writes both; the tests fail when either is stale.
"""

from __future__ import annotations

import json
from typing import Any

REPOSITORY_FILE = "https://github.com/kzfacts/kzfacts/blob/main/datapackage/datapackage.json"


def _citation() -> Any:
    import kzfacts
    from kzfacts.citation.selection import package_citation

    return package_citation(kzfacts.Package().data)


def zenodo() -> str:
    """``.zenodo.json``: the deposit's metadata in Zenodo's own vocabulary."""
    cited = _citation()
    document: dict[str, Any] = {
        "title": cited.title,
        "version": cited.version,
        "upload_type": "dataset",
        "description": cited.abstract,
        "creators": [{"name": name} for name in cited.authors],
        "keywords": list(cited.keywords),
        "notes": f"Data package version {cited.version_label}; data fingerprint {cited.fingerprint}.",
    }
    if cited.license:
        document["license"] = cited.license.lower()
    if cited.released:
        document["publication_date"] = cited.released
    if cited.url:
        document["related_identifiers"] = [
            {"identifier": cited.url, "relation": "isSupplementTo", "scheme": "url"}
        ]
    document["access_right"] = "open"
    document["language"] = "eng"
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _coverage() -> str:
    """The years the data covers: from the earliest to the latest date any record holds."""
    import kzfacts

    years: list[int] = []
    years += [f.period_start.year for f in kzfacts.corridor_tonnage()] + [
        f.period_end.year for f in kzfacts.corridor_tonnage()
    ]
    years += [d.year for e in kzfacts.events() for d in (e.start_date, e.end_date) if d is not None]
    years += [d.year for m in kzfacts.memberships() for d in (m.start_date, m.end_date) if d is not None]
    return f"{min(years)}/{max(years)}"


def json_ld() -> str:
    """schema.org Dataset JSON-LD, as a script block for the documentation's home page."""
    import kzfacts

    cited = _citation()
    meta = kzfacts.Package().spec.meta
    licence = meta.license
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": cited.title,
        "description": cited.abstract,
        "version": cited.version,
        "url": cited.url,
        "keywords": list(cited.keywords),
        "license": licence.path if licence and licence.path else cited.license,
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": name} for name in cited.authors],
        "temporalCoverage": _coverage(),
        "spatialCoverage": {"@type": "Place", "name": "Kazakhstan"},
        "identifier": cited.fingerprint,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": REPOSITORY_FILE},
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": REPOSITORY_FILE.rsplit("/", 1)[0] + "/data",
            },
        ],
    }
    if cited.released:
        document["datePublished"] = cited.released
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return f'<script type="application/ld+json">\n{text}\n</script>'
