"""One package's data in memory: its descriptor, its tables read on first use, records looked up by
id, and the foreign keys followed. The features (evidence, citation, exports, diff) are functions
of a :class:`PackageData`; ``kzfacts.Package`` is the facade that hands its store to them.

Like pycountry's ``Database``, nothing is read until first use; each table is read once, behind a
lock, so threads share one copy. Records remember the store they came from, so navigation and
citation follow that package's own sources.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from kzfacts.contract.locate import bundled, descriptor_of
from kzfacts.contract.paths import check_paths
from kzfacts.contract.spec import PackageSpec, load
from kzfacts.errors import DataFileError, DescriptorError, InvalidArgumentError
from kzfacts.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from kzfacts.contract.meta import PackageMeta
    from kzfacts.models import Claim, Event, Membership, Organization, Record, Source, TonnageFigure

T = TypeVar("T")


class PackageData:
    """The data of the package whose descriptor is ``path`` (``bundled``: the one installed with
    kzfacts, trusted and read once per process)."""

    def __init__(self, path: Path, *, bundled: bool = False) -> None:
        self.path = path
        self.bundled = bundled
        self._lock = threading.RLock()
        self._spec: PackageSpec | None = None
        self._tables: dict[str, Table[Record]] = {}
        self._cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<kzfacts.store.PackageData {'bundled' if self.bundled else 'at'} {self.path}>"

    def hint(self) -> str:
        """How to see every problem of this package at once (ends every reading error)."""
        return f"check the whole package with: kzfacts validate {self.path.parent}"

    @property
    def spec(self) -> PackageSpec:
        """The parsed descriptor (read on first use; its paths checked against the path policy)."""
        if self._spec is None:
            with self._lock:
                if self._spec is None:
                    try:
                        spec = bundled() if self.bundled else load(self.path)
                        check_paths(spec)
                        self._spec = spec
                    except DescriptorError as exc:
                        raise DescriptorError(f"{exc}; {self.hint()}") from None
        return self._spec

    @property
    def meta(self) -> PackageMeta:
        return self.spec.meta

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def resource_names(self) -> tuple[str, ...]:
        return self.spec.resource_names

    def _with_hint(self, exc: DataFileError) -> DataFileError:
        return DataFileError(exc.path, f"{exc.message}; {self.hint()}", row=exc.row, field=exc.field)

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per store (analyses such as quantities are cached here)."""
        if key not in self._cache:
            with self._lock:
                if key not in self._cache:
                    self._cache[key] = make()
        return cast(T, self._cache[key])

    # --- tables --------------------------------------------------------------------------

    def table(self, name: str) -> Table[Record]:
        """The Table of resource ``name``, read on first use."""
        if name not in self._tables:
            with self._lock:
                if name not in self._tables:
                    from kzfacts.reading.records import read_records

                    spec = self.spec.resource(name)  # an unknown name lists the valid ones
                    try:
                        records = read_records(self.spec, name, self)
                    except DataFileError as exc:
                        raise self._with_hint(exc) from None
                    self._tables[name] = Table(spec, records, lambda: self.frame(name))
        return self._tables[name]

    def sources(self) -> Table[Source]:
        return cast("Table[Source]", self.table("sources"))

    def organizations(self) -> Table[Organization]:
        return cast("Table[Organization]", self.table("organizations"))

    def memberships(self) -> Table[Membership]:
        return cast("Table[Membership]", self.table("memberships"))

    def events(self) -> Table[Event]:
        return cast("Table[Event]", self.table("events"))

    def corridor_tonnage(self) -> Table[TonnageFigure]:
        return cast("Table[TonnageFigure]", self.table("corridor_tonnage"))

    def claims(self) -> Table[Claim]:
        return cast("Table[Claim]", self.table("claims"))

    def frame(self, name: str) -> pd.DataFrame:
        """Resource ``name`` as a DataFrame with dtypes from the Table Schema (a fresh copy)."""
        from kzfacts.reading.frames import frame

        self.spec.resource(name)
        try:
            return frame(self.spec, name)
        except DataFileError as exc:
            raise self._with_hint(exc) from None

    def record(self, key: str) -> Record:
        """The record with id ``key`` in any resource (ids are unique across the package)."""
        index = self.cached("ids", lambda: {r.id: r for n in self.resource_names for r in self.table(n)})
        if key not in index:
            import difflib

            close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
            hint = f"; similar ids: {', '.join(close)}" if close else ""
            raise InvalidArgumentError(f"no record with id {key!r} in any resource{hint}")
        return index[key]

    # --- foreign keys --------------------------------------------------------------------

    def owner(self, record: Record) -> PackageData:
        """The store ``record`` was read from (a record of another package follows its own)."""
        found = record._package
        return found if isinstance(found, PackageData) else self

    def resolve(self, record: Record, field: str) -> Record | None:
        """Follow the foreign key on ``field`` of ``record`` to the record it names (None when empty).

        Which table to look in comes from the schema's foreignKeys, so navigation cannot drift
        from the contract; the record's own package is searched.
        """
        owner = self.owner(record)
        spec = owner.spec.resource(record.resource)
        for key in spec.foreign_keys:
            if key.fields == (field,):
                value = getattr(record, field)
                return None if value is None else owner.table(key.resource).get(value)
        fields = [k.fields[0] for k in spec.foreign_keys]
        raise InvalidArgumentError(f"{record.resource}.{field} is not a foreign key; foreign keys: {fields}")

    def sources_of(self, record: Record) -> tuple[Source, ...]:
        """Every source ``record`` cites, through each of its foreign keys to ``sources``."""
        owner = self.owner(record)
        found: list[Source] = []
        for key in owner.spec.resource(record.resource).foreign_keys:
            if key.resource == "sources" and record.resource != "sources":
                target = owner.resolve(record, key.fields[0])
                if target is not None and target not in found:
                    found.append(cast("Source", target))
        if record.resource == "sources":
            found.append(cast("Source", record))
        return tuple(found)

    def originals(self, source: Source) -> tuple[Source, ...]:
        """``source`` followed by what it reprints, back to the original (a loop ends the chain)."""
        table = self.owner(source).sources()
        chain = [source]
        while chain[-1].reprint_of is not None and chain[-1].reprint_of not in {s.id for s in chain}:
            chain.append(table.get(chain[-1].reprint_of))
        return tuple(chain)

    def organization_of(self, membership: Membership) -> Organization:
        return cast("Organization", self.resolve(membership, "organization_id"))

    def claims_about(self, record: Record) -> tuple[Claim, ...]:
        """Every claim further sources make about ``record`` (in the record's own package)."""
        owner = self.owner(record)
        index = owner.cached("claims-by-record", owner._claims_by_record)
        return index.get((record.resource, record.id), ())

    def _claims_by_record(self) -> dict[tuple[str, str], tuple[Claim, ...]]:
        grouped: dict[tuple[str, str], list[Claim]] = {}
        for claim in self.claims():
            grouped.setdefault((claim.record_resource, claim.record_id), []).append(claim)
        return {key: tuple(value) for key, value in grouped.items()}

    # --- integrity -----------------------------------------------------------------------

    def fingerprint(self) -> str:
        """sha256 over the data files: record it to prove which data an analysis used."""
        from kzfacts.reading.hashing import fingerprint

        return fingerprint(self.spec)


def open_data(path: str | Path | None) -> PackageData:
    """The store of the package at ``path`` (a datapackage.json or its folder); None: the bundled one."""
    from kzfacts.contract.locate import bundled_path
    from kzfacts.errors import PackageNotFoundError

    if path is None:
        return PackageData(bundled_path(), bundled=True)
    given = Path(path)
    if not given.exists():
        raise PackageNotFoundError(
            f"{given} does not exist; give a datapackage.json or the folder that holds one"
        )
    descriptor = descriptor_of(given)
    if not descriptor.is_file():
        raise PackageNotFoundError(f"{given} has no {descriptor.name}")
    return PackageData(descriptor)
