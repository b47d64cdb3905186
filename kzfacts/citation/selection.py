"""What to cite: the package (version, fingerprint) and exactly the sources behind a selection.

A selection is nothing (the package alone), records, a Table, or a DataFrame from
``kzfacts.frame`` (filtered or not). Sources are those the records cite, plus the
originals of any reprints, each once, ordered by citation key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kzfacts import accessors, descriptor
from kzfacts.errors import DataMismatchError, KzfactsError
from kzfacts.hashing import fingerprint
from kzfacts.models import Record, Source


@dataclass(frozen=True)
class PackageCitation:
    """The package as a citable dataset."""

    key: str
    title: str
    version: str
    fingerprint: str
    released: str
    authors: tuple[str, ...]
    url: str
    license: str
    keywords: tuple[str, ...]
    abstract: str


@dataclass(frozen=True)
class Citation:
    """The package plus the sources of a selection, ready to be rendered in any style."""

    package: PackageCitation
    sources: tuple[Source, ...]
    selected: bool = False
    """True when records were given (even none): then exactly their sources are cited."""


def package_citation() -> PackageCitation:
    """The installed package's citation data, from datapackage.json and the data files."""
    spec = descriptor.bundled()
    raw = spec.raw
    return PackageCitation(
        key="kzfacts",
        title=raw["title"],
        version=spec.version,
        fingerprint=fingerprint(spec),
        released=str(raw["created"])[:10],
        authors=tuple(c["title"] for c in raw.get("contributors", [])),
        url=raw.get("homepage", ""),
        license=raw["licenses"][0]["name"],
        keywords=tuple(raw.get("keywords", [])),
        abstract=raw["description"],
    )


def _with_originals(ids: Iterable[str]) -> tuple[Source, ...]:
    table = accessors.sources()
    found = {s.id: s for key in ids for s in accessors.originals(table.get(key))}
    return tuple(found[k] for k in sorted(found))


def _source_ids_of(record: Record) -> list[str]:
    if isinstance(record, Source):
        return [record.id]
    return [s.id for s in accessors.sources_of(record)]


def _frame_source_ids(frame: Any) -> list[str]:
    resource = frame.attrs.get("resource")
    if resource is None:
        raise KzfactsError(
            "this DataFrame has no kzfacts resource in df.attrs; cite one from kzfacts.frame()"
        )
    columns = [c for c in frame.columns if c == "source_id" or str(c).endswith("_source_id")]
    if resource == "sources" and "id" in frame.columns:
        return [str(v) for v in frame["id"].dropna()]
    if columns:
        return [str(v) for c in columns for v in frame[c].dropna()]
    if "id" in frame.columns:
        table = accessors.table(resource)
        return [k for v in frame["id"].dropna() for k in _source_ids_of(table.get(str(v)))]
    raise KzfactsError(
        f"cannot tell which {resource} rows this DataFrame holds: keep the id or source_id column"
    )


def citation(selection: Any = None) -> Citation:
    """The package and the sources of ``selection`` (None, records, a Table or a DataFrame)."""
    if selection is None:
        return Citation(package_citation(), ())
    if hasattr(selection, "attrs") and hasattr(selection, "columns"):
        ids = _frame_source_ids(selection)
    elif isinstance(selection, Record):
        ids = _source_ids_of(selection)
    else:
        ids = []
        for item in selection:
            if not isinstance(item, Record):
                raise KzfactsError(f"cannot cite {type(item).__name__}; pass kzfacts records or a DataFrame")
            ids.extend(_source_ids_of(item))
    return Citation(package_citation(), _with_originals(ids), selected=True)


def principal_sources() -> tuple[Source, ...]:
    """Sources behind the recommended annual series and the seed article: the CFF references."""
    from kzfacts.consensus import annual

    ids = {a.figure.source_id for a in annual()}
    ids.update(s.id for s in accessors.sources() if s.archive_file is not None)
    return _with_originals(ids)


def require(version: str | None = None, fingerprint: str | None = None) -> None:
    """Raise DataMismatchError unless the installed data has this version and/or fingerprint."""
    installed = package_citation()
    problems = []
    if version is not None and version != installed.version:
        problems.append(f"version {installed.version} is installed, the analysis expects {version}")
    if fingerprint is not None and fingerprint != installed.fingerprint:
        problems.append(
            f"data fingerprint {installed.fingerprint} is installed, the analysis expects {fingerprint}"
        )
    if problems:
        hint = f"; install the expected release: pip install 'kzfacts=={version}'" if version else ""
        raise DataMismatchError("; ".join(problems) + hint)
