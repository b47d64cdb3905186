"""kzfacts: the facts behind Kazakhstan's middle-power diplomacy, as typed, sourced records.

Importing this module is cheap: pydantic, pandas and frictionless load only
when a function that needs them is called.

>>> import kzfacts
>>> kzfacts.corridor_tonnage().get("titr-2023-masarat").value
2.8
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than all of this module
if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    import pandas as pd

    from kzfacts.conflicts import Dispute
    from kzfacts.consensus import AnnualValue, Outlook, Quantity
    from kzfacts.models import Claim, Event, Membership, Organization, Record, Source, TonnageFigure
    from kzfacts.problems import Report
    from kzfacts.table import Table

__all__ = [
    "__version__",
    "annual",
    "cite",
    "claims",
    "claims_about",
    "corridor_tonnage",
    "disputes",
    "events",
    "export",
    "fingerprint",
    "frame",
    "memberships",
    "organization_of",
    "organizations",
    "package_path",
    "quantities",
    "quantity",
    "require",
    "resolve",
    "resource_names",
    "sources",
    "sources_of",
    "validate",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kzfacts")
        except PackageNotFoundError:  # a source checkout that is not installed
            from kzfacts.descriptor import bundled

            return bundled().version
    raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")


def package_path() -> Path:
    """Path of the installed ``datapackage.json``, for frictionless, R or DuckDB users."""
    from kzfacts.paths import package_path as _package_path

    return _package_path()


def resource_names() -> tuple[str, ...]:
    """Names of the package's resources, in descriptor order."""
    from kzfacts.descriptor import bundled

    return bundled().resource_names


def sources() -> Table[Source]:
    """Every source the package cites."""
    from kzfacts import accessors

    return accessors.sources()


def organizations() -> Table[Organization]:
    """International organisations, with English and Arabic names."""
    from kzfacts import accessors

    return accessors.organizations()


def memberships() -> Table[Membership]:
    """Kazakhstan's membership and role spells."""
    from kzfacts import accessors

    return accessors.memberships()


def events() -> Table[Event]:
    """Diplomatic events, processes and forum editions."""
    from kzfacts import accessors

    return accessors.events()


def corridor_tonnage() -> Table[TonnageFigure]:
    """Middle Corridor cargo figures, one per figure per source."""
    from kzfacts import accessors

    return accessors.corridor_tonnage()


def claims() -> Table[Claim]:
    """What further sources say about records: supports, contradicts or qualifies."""
    from kzfacts import accessors

    return accessors.claims()


def claims_about(record: Record) -> tuple[Claim, ...]:
    """Every claim further sources make about ``record``."""
    from kzfacts.conflicts import claims_about as _claims_about

    return _claims_about(record)


def quantities() -> tuple[Quantity, ...]:
    """Every tonnage quantity: its reported values, sources, spread and recommended value."""
    from kzfacts.consensus import quantities as _quantities

    return _quantities()


def quantity(
    year: int | None = None,
    *,
    period: tuple[dt.date | str, dt.date | str] | None = None,
    measure: str = "total-cargo",
    scope: str = "route",
    unit: str = "Mt",
    outlook: Outlook = "outcome",
) -> Quantity:
    """How much, who says so, and what kzfacts recommends: e.g. ``kzfacts.quantity(2023)``."""
    from kzfacts.consensus import quantity as _quantity

    return _quantity(year, period=period, measure=measure, scope=scope, unit=unit, outlook=outlook)


def annual(
    *, measure: str = "total-cargo", scope: str = "route", unit: str = "Mt", include_forecasts: bool = False
) -> tuple[AnnualValue, ...]:
    """One recommended value per calendar year; forecasts only when asked, partial periods never."""
    from kzfacts.consensus import annual as _annual

    return _annual(measure=measure, scope=scope, unit=unit, include_forecasts=include_forecasts)


def disputes() -> tuple[Dispute, ...]:
    """Every record or quantity whose sources disagree, with each side's value and sources."""
    from kzfacts.conflicts import disputes as _disputes

    return _disputes()


def resolve(record: Record, field: str) -> Record | None:
    """Follow a foreign-key field of ``record`` (e.g. ``"organization_id"``) to its record."""
    from kzfacts import accessors

    return accessors.resolve(record, field)


def sources_of(record: Record) -> tuple[Source, ...]:
    """Every source ``record`` cites."""
    from kzfacts import accessors

    return accessors.sources_of(record)


def organization_of(membership: Membership) -> Organization:
    """The organisation of a membership spell."""
    from kzfacts import accessors

    return accessors.organization_of(membership)


def frame(name: str) -> pd.DataFrame:
    """Resource ``name`` as a pandas DataFrame with dtypes from the Table Schema."""
    from kzfacts.frames import frame as _frame

    return _frame(name)


def fingerprint() -> str:
    """sha256 over the installed data files: record it to prove which data an analysis used."""
    from kzfacts.descriptor import bundled
    from kzfacts.hashing import fingerprint as _fingerprint

    return _fingerprint(bundled())


def cite(selection: object = None, style: str = "bibtex") -> str:
    """Cite this version of kzfacts, plus the original sources of ``selection``.

    ``selection`` is None (the package alone), records, a Table, or a DataFrame
    from ``kzfacts.frame`` (filtered as you like); ``style`` is bibtex, csl-json,
    ris, apa or cff. Each source appears once, ordered by citation key.
    """
    from kzfacts.citation import citation
    from kzfacts.citation_formats import render

    return render(citation(selection), style)


def export(outdir: str | Path, fmt: str = "sqlite", *, force: bool = False) -> list[Path]:
    """Write every table to ``outdir`` as parquet, sqlite, json, xlsx or csv, with version and citation.

    The folder is written atomically; an existing one is replaced only with ``force``.
    """
    from kzfacts.exports import export as _export

    return _export(outdir, fmt, force=force)


def require(version: str | None = None, fingerprint: str | None = None) -> None:
    """Raise DataMismatchError unless the installed data is the version/fingerprint an analysis expects."""
    from kzfacts.citation import require as _require

    _require(version=version, fingerprint=fingerprint)


def validate(path: str | Path | None = None, *, sources: str | Path | None = None) -> Report:
    """Validate the package at ``path`` (default: the bundled one) against every rule.

    Returns a Report with ``valid`` and the problems as typed records; ``sources``
    is an optional folder of archived texts to check evidence phrases against.
    """
    from kzfacts.validation import validate as _validate

    return _validate(path, sources=sources)
