"""What a citation holds, whatever style renders it: the package as a citable dataset, and the
sources of a selection. Public: ``kzfacts diff`` compares sources by their citation item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzfacts.models import Source
    from kzfacts.store import PackageData


@dataclass(frozen=True)
class PackageCitation:
    """The package as a citable dataset."""

    key: str
    title: str
    version: str
    version_label: str
    """The version as a note prints it, saying when the data is unreleased."""
    fingerprint: str
    released: str | None
    """The day the package was made (its ``created``), or None: the package is undated."""
    authors: tuple[str, ...]
    url: str | None
    license: str | None
    keywords: tuple[str, ...]
    abstract: str | None


@dataclass(frozen=True)
class Citation:
    """The package plus the sources of a selection, ready to be rendered in any style."""

    package: PackageCitation
    sources: tuple[Source, ...]
    selected: bool = False
    """True when records were given (even none): then exactly their sources are cited."""
    origin: PackageData | None = field(default=None, compare=False, repr=False)
    """The package cited, for styles that list its principal sources when nothing was selected
    (:func:`kzfacts.citation.selection.principal_sources`)."""
