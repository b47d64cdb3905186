"""kzfacts: the facts behind Kazakhstan's middle-power diplomacy, as typed, sourced records.

``kzfacts.Package(path)`` is a data package on disk (a fork, an older release); the module-level
functions (``kzfacts.sources()``, ``kzfacts.quantity(2023)``, ...) are the methods of the bundled
one. Importing this module is cheap: they, pydantic, pandas and frictionless load on first use
(the lazy-module pattern of the scientific-Python ``lazy_loader`` convention).

>>> import kzfacts
>>> kzfacts.corridor_tonnage().get("titr-2023-masarat").value
2.8
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than all of this module
if TYPE_CHECKING:
    from pathlib import Path

    from kzfacts.package import Package as Package
    from kzfacts.reading.archives import Release
    from kzfacts.validation import validate as validate

    _bundled = Package()
    sources = _bundled.sources
    organizations = _bundled.organizations
    memberships = _bundled.memberships
    events = _bundled.events
    corridor_tonnage = _bundled.corridor_tonnage
    claims = _bundled.claims
    frame = _bundled.frame
    resolve = _bundled.resolve
    sources_of = _bundled.sources_of
    organization_of = _bundled.organization_of
    claims_about = _bundled.claims_about
    quantity = _bundled.quantity
    quantities = _bundled.quantities
    annual = _bundled.annual
    disputes = _bundled.disputes
    member_of = _bundled.member_of
    roles = _bundled.roles
    cite = _bundled.cite
    export = _bundled.export
    fingerprint = _bundled.fingerprint
    require = _bundled.require
    __version__: str

_METHODS = frozenset(
    {
        "sources",
        "organizations",
        "memberships",
        "events",
        "corridor_tonnage",
        "claims",
        "frame",
        "resolve",
        "sources_of",
        "organization_of",
        "claims_about",
        "quantity",
        "quantities",
        "annual",
        "disputes",
        "member_of",
        "roles",
        "cite",
        "export",
        "fingerprint",
        "require",
    }
)
"""Module-level names that are the bundled Package's methods of the same name."""

__all__ = sorted(
    [*_METHODS, "Package", "__version__", "package_path", "releases", "resource_names", "validate"]
)


def __getattr__(name: str) -> object:
    if name in _METHODS:
        from kzfacts.package import default

        return getattr(default(), name)
    if name == "Package":
        from kzfacts.package import Package

        return Package
    if name == "validate":
        from kzfacts.validation import validate

        return validate
    if name == "__version__":
        from kzfacts.contract.locate import installed_version

        return installed_version()
    raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


def package_path() -> Path:
    """Path of the bundled ``datapackage.json``, for frictionless, R or DuckDB users."""
    from kzfacts.package import default

    return default().path


def releases() -> tuple[Release, ...]:
    """Every earlier release whose data kzfacts carries (``kzfacts.Package.release(version)`` loads
    one, offline), with its date and data fingerprint, oldest first."""
    from kzfacts.reading.archives import releases as carried

    return carried()


def resource_names() -> tuple[str, ...]:
    """Names of the bundled package's resources, in descriptor order."""
    from kzfacts.package import default

    return default().resource_names
