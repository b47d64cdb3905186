"""What to cite: the package (version, fingerprint) and exactly the sources behind a selection.

A selection is nothing (the package alone), records, a Table, or a DataFrame from
``kzfacts.frame`` (filtered or not). Sources are those the records cite, plus the
originals of any reprints, each once, ordered by citation key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kzfacts.citation.model import Citation, PackageCitation
from kzfacts.errors import InvalidArgumentError
from kzfacts.models import Record, Source

if TYPE_CHECKING:
    from kzfacts.store import PackageData


def package_citation(package: PackageData) -> PackageCitation:
    """A package's citation data, from its typed metadata and its data files; what a fork leaves
    out stays None, and each style says so its own way (APA's ``n.d.``)."""
    meta = package.meta
    licence = meta.license
    return PackageCitation(
        key="kzfacts",
        title=meta.display_title,
        version=meta.version,
        version_label=meta.version_label,
        fingerprint=package.fingerprint(),
        released=meta.created_date,
        authors=meta.authors,
        url=meta.homepage,
        license=None if licence is None else licence.name or licence.path,
        keywords=meta.keywords,
        abstract=meta.description,
    )


def with_originals(package: PackageData, ids: Iterable[str]) -> tuple[Source, ...]:
    table = package.sources()
    found = {s.id: s for key in ids for s in package.originals(table.get(key))}
    return tuple(found[k] for k in sorted(found))


def _source_ids_of(package: PackageData, record: Record) -> list[str]:
    if isinstance(record, Source):
        return [record.id]
    return [s.id for s in package.sources_of(record)]


def _frame_source_ids(package: PackageData, frame: Any) -> list[str]:
    resource = frame.attrs.get("resource")
    if resource is None:
        raise InvalidArgumentError(
            "this DataFrame has no kzfacts resource in df.attrs (a merge drops them); "
            "cite its ids instead: kzfacts.cite(ids=df['id'])"
        )
    columns = [c for c in frame.columns if c == "source_id" or str(c).endswith("_source_id")]
    if resource == "sources" and "id" in frame.columns:
        return [str(v) for v in frame["id"].dropna()]
    if columns:
        return [str(v) for c in columns for v in frame[c].dropna()]
    if "id" in frame.columns:
        table = package.table(resource)
        return [k for v in frame["id"].dropna() for k in _source_ids_of(package, table.get(str(v)))]
    raise InvalidArgumentError(
        f"cannot tell which {resource} rows this DataFrame holds: keep the id or source_id column"
    )


def _owner(package: PackageData, selection: Any) -> PackageData:
    """The package the selected records were read from (records remember it); else ``package``."""
    records = [selection] if isinstance(selection, Record) else selection
    if selection is None or hasattr(selection, "columns") or isinstance(selection, (str, bytes)):
        return package
    owners = {id(r._package): r._package for r in records if isinstance(r, Record) and r._package is not None}
    if len(owners) > 1:
        raise InvalidArgumentError(
            "the records come from different packages; cite each package's records apart"
        )
    return next(iter(owners.values()), package)


def citation(package: PackageData, selection: Any = None, ids: Iterable[str] | None = None) -> Citation:
    """The package and the sources of ``selection`` (None, records, a Table or a DataFrame) and of
    the records named by ``ids``. Records are cited from the package they were read from."""
    if selection is None and ids is None:
        return Citation(package_citation(package), (), origin=package)
    if (
        selection is not None
        and not isinstance(selection, (Record, str, bytes))
        and not hasattr(selection, "columns")
    ):
        selection = list(selection)  # a generator is read once
    package = _owner(package, selection)
    found: list[str] = []
    if selection is None:
        pass
    elif hasattr(selection, "attrs") and hasattr(selection, "columns"):
        found = _frame_source_ids(package, selection)
    elif isinstance(selection, Record):
        found = _source_ids_of(package, selection)
    elif isinstance(selection, (str, bytes)):
        raise InvalidArgumentError(
            "to cite records by id, pass ids=[...]; selection takes records or a DataFrame"
        )
    else:
        for item in selection:
            if not isinstance(item, Record):
                raise InvalidArgumentError(
                    f"cannot cite {type(item).__name__}; pass kzfacts records, a DataFrame or ids=[...]"
                )
            found.extend(_source_ids_of(package, item))
    if ids is not None:
        if isinstance(ids, str):
            ids = [ids]
        found.extend(k for key in ids for k in _source_ids_of(package, package.record(str(key))))
    return Citation(package_citation(package), with_originals(package, found), selected=True, origin=package)


def principal_sources(citation: Citation) -> tuple[Source, ...]:
    """Sources behind the recommended annual series and the seed article: what CFF lists as the
    references of a citation that selected nothing."""
    if citation.origin is None:
        return ()
    from kzfacts.evidence.quantities import annual

    ids = {a.figure.source_id for a in annual(citation.origin)}
    ids.update(s.id for s in citation.origin.sources() if s.archive_file is not None)
    return with_originals(citation.origin, ids)
