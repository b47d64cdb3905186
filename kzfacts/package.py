"""``kzfacts.Package``: one data package (the bundled one, or any copy on disk) and everything
kzfacts offers on it.

The top floor: a thin facade over the package's store (:class:`kzfacts.store.PackageData`) that
hands the store to the features (evidence, citation, exports, diff, validation), each imported only
when its method is called. Nothing is read until first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts.errors import DataMismatchError
from kzfacts.store import PackageData, open_data

if TYPE_CHECKING:
    import datetime as dt
    import os

    import pandas as pd

    from kzfacts.contract.spec import PackageSpec
    from kzfacts.diff import PackageDiff
    from kzfacts.evidence.disputes import Dispute
    from kzfacts.evidence.quantities import AnnualValue, Quantity
    from kzfacts.evidence.spells import Spells
    from kzfacts.models import Claim, Event, Membership, Organization, Record, Source, TonnageFigure
    from kzfacts.table import Table
    from kzfacts.validation.problems import Report
    from kzfacts.vocabulary import Outlook


class Package:
    """A kzfacts data package at ``path`` (a ``datapackage.json`` or its folder); None is the
    package bundled with kzfacts.

    >>> fork = Package("my-fork/datapackage")          # doctest: +SKIP
    >>> fork.corridor_tonnage().get("titr-2023-masarat").value   # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._data = open_data(None if path is None else Path(path))
        self.bundled = self._data.bundled

    @classmethod
    def release(cls, version: str) -> Package:
        """The data of an earlier release, from the archive kzfacts carries (no network): for an
        analysis pinned to that version. ``kzfacts.releases()`` lists them. Its records are read
        with that release's own schema."""
        from kzfacts.reading.archives import release_path

        return cls(release_path(version))

    # --- identity ------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<kzfacts.Package {'bundled' if self.bundled else 'at'} {self.path}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Package) and other.path.resolve() == self.path.resolve()

    def __hash__(self) -> int:
        return hash(self.path.resolve())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Package, (None if self.bundled else str(self.path),))

    @property
    def path(self) -> Path:
        """The package's ``datapackage.json``, for frictionless, R or DuckDB."""
        return self._data.path

    @property
    def data(self) -> PackageData:
        """The package's store: what the feature modules (kzfacts.evidence, ...) take."""
        return self._data

    @property
    def spec(self) -> PackageSpec:
        """The parsed descriptor (read on first use)."""
        return self._data.spec

    @property
    def version(self) -> str:
        return self._data.version

    @property
    def resource_names(self) -> tuple[str, ...]:
        """Names of the package's resources, in descriptor order."""
        return self._data.resource_names

    # --- tables and navigation -----------------------------------------------------------

    def table(self, name: str) -> Table[Record]:
        """The Table of resource ``name``, read on first use."""
        return self._data.table(name)

    def sources(self) -> Table[Source]:
        """Every source the package cites."""
        return self._data.sources()

    def organizations(self) -> Table[Organization]:
        """International organisations, with English and Arabic names."""
        return self._data.organizations()

    def memberships(self) -> Table[Membership]:
        """Kazakhstan's membership and role spells."""
        return self._data.memberships()

    def events(self) -> Table[Event]:
        """Diplomatic events, processes and forum editions."""
        return self._data.events()

    def corridor_tonnage(self) -> Table[TonnageFigure]:
        """Cargo figures of the Middle Corridor and other corridors, one per figure per source."""
        return self._data.corridor_tonnage()

    def claims(self) -> Table[Claim]:
        """What further sources say about records: supports, contradicts or qualifies."""
        return self._data.claims()

    def frame(self, name: str) -> pd.DataFrame:
        """Resource ``name`` as a pandas DataFrame with dtypes from the Table Schema (a fresh copy)."""
        return self._data.frame(name)

    def record(self, key: str) -> Record:
        """The record with id ``key`` in any resource (ids are unique across the package)."""
        return self._data.record(key)

    def resolve(self, record: Record, field: str) -> Record | None:
        """Follow the foreign key on ``field`` of ``record`` to the record it names (None when empty);
        the record's own package is searched."""
        return self._data.resolve(record, field)

    def sources_of(self, record: Record) -> tuple[Source, ...]:
        """Every source ``record`` cites, through each of its foreign keys to ``sources``."""
        return self._data.sources_of(record)

    def originals(self, source: Source) -> tuple[Source, ...]:
        """``source`` followed by what it reprints, back to the original (a loop ends the chain)."""
        return self._data.originals(source)

    def organization_of(self, membership: Membership) -> Organization:
        """The organisation a membership spell belongs to."""
        return self._data.organization_of(membership)

    def claims_about(self, record: Record) -> tuple[Claim, ...]:
        """Every claim further sources make about ``record``."""
        return self._data.claims_about(record)

    # --- evidence ------------------------------------------------------------------------

    def quantities(self) -> tuple[Quantity, ...]:
        """Every tonnage quantity: its reported values, sources, spread and recommended value."""
        from kzfacts.evidence.quantities import quantities

        return quantities(self._data)

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
            self._data,
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
            self._data,
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

        return member_of(self._data, on, member)

    def roles(self, kind: str, between: tuple[dt.date | str, dt.date | str], member: str = "KAZ") -> Spells:
        """Spells of role ``kind`` (``chair``, ``council-president``, ...) overlapping the period
        ``between``. A term-limited role with no sourced end is only ever ``.possible`` after its start,
        never assumed to run to the present."""
        from kzfacts.evidence.spells import roles

        return roles(self._data, kind, between, member)

    def disputes(self) -> tuple[Dispute, ...]:
        """Every record or quantity whose sources disagree, with each side's value and sources."""
        from kzfacts.evidence.disputes import disputes

        return disputes(self._data)

    # --- integrity, citation, export, validation -----------------------------------------

    def fingerprint(self) -> str:
        """sha256 over the data files: record it to prove which data an analysis used."""
        return self._data.fingerprint()

    def require(self, version: str | None = None, fingerprint: str | None = None) -> None:
        """Raise DataMismatchError unless this is the data (version, fingerprint) an analysis expects."""
        problems = []
        if version is not None and version != self.version:
            problems.append(f"version {self.version} is installed, the analysis expects {version}")
        if fingerprint is not None and fingerprint != (found := self.fingerprint()):
            problems.append(f"data fingerprint {found} is installed, the analysis expects {fingerprint}")
        if problems:
            raise DataMismatchError("; ".join(problems) + _how_to_load(version))

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

        return cite(self._data, selection, style, ids=ids)

    def export(
        self, outdir: str | os.PathLike[str], fmt: str = "sqlite", *, force: bool = False
    ) -> list[Path]:
        """Write every table to ``outdir`` in ``fmt`` (see ``kzfacts.exports.FORMATS``), with version and
        citation. The folder is written atomically; an existing one is replaced only with ``force``."""
        from kzfacts.exports import export

        return export(self._data, Path(outdir), fmt, force=force)

    def diff(self, other: Package) -> PackageDiff:
        """What changed from this package to ``other``: records matched by primary key, schema,
        metadata, recommended values, disputes and citations (see ``kzfacts diff``)."""
        from kzfacts.diff import diff

        return diff(self._data, other._data)

    def validate(self, *, sources: str | os.PathLike[str] | None = None) -> Report:
        """Check this package against frictionless and every kzfacts rule (see ``kzfacts.validate``)."""
        from kzfacts.validation import validate

        return validate(self.path, sources=sources)


def _how_to_load(version: str | None) -> str:
    """How an analysis gets the data of ``version``: the release archive kzfacts carries, or pip."""
    if version is None:
        return ""
    from kzfacts.reading.archives import releases

    carried = [r.version for r in releases()]
    if version in carried:
        return f"; load that release's data with kzfacts.Package.release({version!r})"
    listed = ", ".join(carried) or "none"
    return f"; kzfacts carries the data of releases {listed}; for another, pip install 'kzfacts=={version}'"


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
