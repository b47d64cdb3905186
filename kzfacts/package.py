"""``kzfacts.Package``: one data package (the bundled one, or any copy on disk) and everything
kzfacts offers on it.

Like pycountry's ``Database``, nothing is read until first use; each table is read once, behind a
lock, so threads share one copy. Records remember the package they came from, so navigation and
citation follow that package's own sources. The analyses (quantities, disputes), validation,
citation and export live in their own modules; the methods here hand this package to them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from kzfacts.contract.locate import DESCRIPTOR_NAME, bundled, bundled_path, descriptor_of
from kzfacts.contract.paths import check_paths
from kzfacts.contract.spec import PackageSpec, load
from kzfacts.errors import DataFileError, DataMismatchError, DescriptorError, InvalidArgumentError
from kzfacts.errors import PackageNotFoundError as _NotFound
from kzfacts.table import Table

if TYPE_CHECKING:
    import datetime as dt
    import os

    import pandas as pd

    from kzfacts.diff import PackageDiff
    from kzfacts.evidence.disputes import Dispute
    from kzfacts.evidence.quantities import AnnualValue, Quantity
    from kzfacts.evidence.spells import Spells
    from kzfacts.models import Claim, Event, Membership, Organization, Record, Source, TonnageFigure
    from kzfacts.validation.problems import Report
    from kzfacts.vocabulary import Outlook

T = TypeVar("T")


class Package:
    """A kzfacts data package at ``path`` (a ``datapackage.json`` or its folder); None is the
    package bundled with kzfacts.

    >>> fork = Package("my-fork/datapackage")          # doctest: +SKIP
    >>> fork.corridor_tonnage().get("titr-2023-masarat").value   # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        if path is None:
            self._path = bundled_path()
            self.bundled = True
        else:
            given = Path(path)
            if not given.exists():
                raise _NotFound(
                    f"{given} does not exist; give a datapackage.json or the folder that holds one"
                )
            self._path = descriptor_of(given)
            if not self._path.is_file():
                raise _NotFound(f"{given} has no {DESCRIPTOR_NAME}")
            self.bundled = False
        self._lock = threading.RLock()
        self._spec: PackageSpec | None = None
        self._tables: dict[str, Table[Record]] = {}
        self._cache: dict[str, Any] = {}

    # --- identity ------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<kzfacts.Package {'bundled' if self.bundled else 'at'} {self._path}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Package) and other._path.resolve() == self._path.resolve()

    def __hash__(self) -> int:
        return hash(self._path.resolve())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Package, (None if self.bundled else str(self._path),))

    @property
    def path(self) -> Path:
        """The package's ``datapackage.json``, for frictionless, R or DuckDB."""
        return self._path

    @property
    def spec(self) -> PackageSpec:
        """The parsed descriptor (read on first use)."""
        if self._spec is None:
            with self._lock:
                if self._spec is None:
                    try:
                        spec = bundled() if self.bundled else load(self._path)
                        check_paths(spec)
                        self._spec = spec
                    except DescriptorError as exc:
                        raise DescriptorError(f"{exc}; {self._hint()}") from None
        return self._spec

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def resource_names(self) -> tuple[str, ...]:
        """Names of the package's resources, in descriptor order."""
        return self.spec.resource_names

    def _hint(self) -> str:
        return f"check the whole package with: kzfacts validate {self._path.parent}"

    def _with_hint(self, exc: DataFileError) -> DataFileError:
        """The same error, ending with how to see every problem of this package at once."""
        return DataFileError(exc.path, f"{exc.message}; {self._hint()}", row=exc.row, field=exc.field)

    def _cached(self, key: str, make: Callable[[], T]) -> T:
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
        """Every source the package cites."""
        return cast("Table[Source]", self.table("sources"))

    def organizations(self) -> Table[Organization]:
        """International organisations, with English and Arabic names."""
        return cast("Table[Organization]", self.table("organizations"))

    def memberships(self) -> Table[Membership]:
        """Kazakhstan's membership and role spells."""
        return cast("Table[Membership]", self.table("memberships"))

    def events(self) -> Table[Event]:
        """Diplomatic events, processes and forum editions."""
        return cast("Table[Event]", self.table("events"))

    def corridor_tonnage(self) -> Table[TonnageFigure]:
        """Middle Corridor cargo figures, one per figure per source."""
        return cast("Table[TonnageFigure]", self.table("corridor_tonnage"))

    def claims(self) -> Table[Claim]:
        """What further sources say about records: supports, contradicts or qualifies."""
        return cast("Table[Claim]", self.table("claims"))

    def frame(self, name: str) -> pd.DataFrame:
        """Resource ``name`` as a pandas DataFrame with dtypes from the Table Schema (a fresh copy)."""
        from kzfacts.reading.frames import frame

        self.spec.resource(name)
        try:
            return frame(self.spec, name)
        except DataFileError as exc:
            raise self._with_hint(exc) from None

    def record(self, key: str) -> Record:
        """The record with id ``key`` in any resource (ids are unique across the package)."""
        index = self._cached(
            "ids", lambda: {r.id: r for name in self.resource_names for r in self.table(name)}
        )
        if key not in index:
            import difflib

            close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
            hint = f"; similar ids: {', '.join(close)}" if close else ""
            raise InvalidArgumentError(f"no record with id {key!r} in any resource{hint}")
        return index[key]

    # --- navigation ----------------------------------------------------------------------

    def _owner(self, record: Record) -> Package:
        owner = record._package
        return owner if isinstance(owner, Package) else self

    def resolve(self, record: Record, field: str) -> Record | None:
        """Follow the foreign key on ``field`` of ``record`` to the record it names (None when empty).

        Which table to look in comes from the schema's foreignKeys, so navigation cannot drift
        from the contract; the record's own package is searched.
        """
        owner = self._owner(record)
        spec = owner.spec.resource(record.resource)
        for key in spec.foreign_keys:
            if key.fields == (field,):
                value = getattr(record, field)
                return None if value is None else owner.table(key.resource).get(value)
        fields = [k.fields[0] for k in spec.foreign_keys]
        raise InvalidArgumentError(f"{record.resource}.{field} is not a foreign key; foreign keys: {fields}")

    def sources_of(self, record: Record) -> tuple[Source, ...]:
        """Every source ``record`` cites, through each of its foreign keys to ``sources``."""
        owner = self._owner(record)
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
        table = self._owner(source).sources()
        chain = [source]
        while chain[-1].reprint_of is not None and chain[-1].reprint_of not in {s.id for s in chain}:
            chain.append(table.get(chain[-1].reprint_of))
        return tuple(chain)

    def organization_of(self, membership: Membership) -> Organization:
        """The organisation a membership spell belongs to."""
        return cast("Organization", self.resolve(membership, "organization_id"))

    def claims_about(self, record: Record) -> tuple[Claim, ...]:
        """Every claim further sources make about ``record``."""
        owner = self._owner(record)
        index = owner._cached("claims-by-record", owner._claims_by_record)
        return index.get((record.resource, record.id), ())

    def _claims_by_record(self) -> dict[tuple[str, str], tuple[Claim, ...]]:
        grouped: dict[tuple[str, str], list[Claim]] = {}
        for claim in self.claims():
            grouped.setdefault((claim.record_resource, claim.record_id), []).append(claim)
        return {key: tuple(value) for key, value in grouped.items()}

    # --- evidence ------------------------------------------------------------------------

    def quantities(self) -> tuple[Quantity, ...]:
        """Every tonnage quantity: its reported values, sources, spread and recommended value."""
        from kzfacts.evidence.quantities import quantities

        return self._cached("quantities", lambda: quantities(self))

    def quantity(
        self,
        year: int | None = None,
        *,
        period: tuple[dt.date | str, dt.date | str] | None = None,
        measure: str = "total-cargo",
        scope: str = "route",
        unit: str = "Mt",
        outlook: Outlook = "outcome",
        corridor: str = "titr",
    ) -> Quantity:
        """How much, who says so, and what kzfacts recommends: e.g. ``kzfacts.quantity(2023)``."""
        from kzfacts.evidence.quantities import quantity

        return quantity(
            self,
            year,
            period=period,
            measure=measure,
            scope=scope,
            unit=unit,
            outlook=outlook,
            corridor=corridor,
        )

    def annual(
        self,
        *,
        measure: str = "total-cargo",
        scope: str = "route",
        unit: str = "Mt",
        include_forecasts: bool = False,
        corridor: str = "titr",
    ) -> tuple[AnnualValue, ...]:
        """One recommended value per calendar year; forecasts only when asked, partial periods never."""
        from kzfacts.evidence.quantities import annual

        return annual(
            self,
            measure=measure,
            scope=scope,
            unit=unit,
            include_forecasts=include_forecasts,
            corridor=corridor,
        )

    def member_of(self, on: dt.date | str, member: str = "KAZ") -> Spells:
        """Membership spells covering the day ``on``: ``.certain``, ``.possible`` (dates written to a
        coarser precision), and ``.organizations`` (ids of the certain ones). A spell with no known
        start is never counted; see :mod:`kzfacts.evidence.spells` for the rules."""
        from kzfacts.evidence.spells import member_of

        return member_of(self, on, member)

    def roles(self, kind: str, between: tuple[dt.date | str, dt.date | str], member: str = "KAZ") -> Spells:
        """Spells of role ``kind`` (``chair``, ``council-president``, ...) overlapping the period
        ``between``. A term-limited role with no sourced end is only ever ``.possible`` after its start,
        never assumed to run to the present."""
        from kzfacts.evidence.spells import roles

        return roles(self, kind, between, member)

    def disputes(self) -> tuple[Dispute, ...]:
        """Every record or quantity whose sources disagree, with each side's value and sources."""
        from kzfacts.evidence.disputes import disputes

        return self._cached("disputes", lambda: disputes(self))

    # --- integrity, citation, export, validation -----------------------------------------

    def fingerprint(self) -> str:
        """sha256 over the data files: record it to prove which data an analysis used."""
        from kzfacts.reading.hashing import fingerprint

        return fingerprint(self.spec)

    def require(self, version: str | None = None, fingerprint: str | None = None) -> None:
        """Raise DataMismatchError unless this is the data (version, fingerprint) an analysis expects."""
        problems = []
        if version is not None and version != self.version:
            problems.append(f"version {self.version} is installed, the analysis expects {version}")
        if fingerprint is not None and fingerprint != (found := self.fingerprint()):
            problems.append(f"data fingerprint {found} is installed, the analysis expects {fingerprint}")
        if problems:
            hint = f"; install the expected release: pip install 'kzfacts=={version}'" if version else ""
            raise DataMismatchError("; ".join(problems) + hint)

    def cite(
        self, selection: object = None, style: str = "bibtex", *, ids: Iterable[str] | None = None
    ) -> str:
        """Cite this package's version, plus exactly the original sources of ``selection``.

        ``selection`` is None (the package alone), records, a Table, or a DataFrame from
        ``frame`` (filtered as you like); ``ids`` are record ids of any resource, for frames that
        lost their ``attrs`` in a merge. ``style`` is one of ``kzfacts.citation.STYLES``. Each source
        appears once, ordered by citation key.
        """
        from kzfacts.citation import cite

        return cite(self, selection, style, ids=ids)

    def export(
        self, outdir: str | os.PathLike[str], fmt: str = "sqlite", *, force: bool = False
    ) -> list[Path]:
        """Write every table to ``outdir`` in ``fmt`` (see ``kzfacts.exports.FORMATS``), with version and
        citation. The folder is written atomically; an existing one is replaced only with ``force``."""
        from kzfacts.exports import export

        return export(self, Path(outdir), fmt, force=force)

    def diff(self, other: Package) -> PackageDiff:
        """What changed from this package to ``other``: records matched by primary key, schema,
        metadata, recommended values, disputes and citations (see ``kzfacts diff``)."""
        from kzfacts.diff import diff

        return diff(self, other)

    def validate(self, *, sources: str | os.PathLike[str] | None = None) -> Report:
        """Check this package against frictionless and every kzfacts rule (see ``kzfacts.validate``)."""
        from kzfacts.validation import validate

        return validate(self._path, sources=sources)


_default: Package | None = None
_default_lock = threading.Lock()


def default() -> Package:
    """The bundled package that ``kzfacts.sources()`` and the other module-level functions use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Package()
    return _default
