"""What every export writes from: the package's rows as plain typed values, read once through the
strict reader, and the provenance (version, fingerprint, citation) each format carries, so a copy
that travels on its own still says which data it holds and how to cite it.

Column types come from the Table Schema through :func:`kzfacts.reading.cells.typed_rows`, never from
guessing. The datapackage's own CSV files stay the canonical data; exports are conveniences.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kzfacts.contract.spec import FieldSpec, PackageSpec, ResourceSpec
from kzfacts.reading.cells import Cell, typed_rows

if TYPE_CHECKING:
    from kzfacts.store import PackageData

from kzfacts.exports.staging import ABOUT_HEADER

# A text cell starting with one of these is run as a formula by some spreadsheet (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_IGNORED_LEAD = re.compile("^[\\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
"""What spreadsheet apps skip before a formula: spaces, zero-width and direction marks, a BOM."""


@dataclass(frozen=True)
class About:
    """Who made an export and how to cite it: written into every format."""

    title: str
    version: str
    data_version: str
    fingerprint: str
    citation: str
    license: str
    license_url: str
    homepage: str
    description: str
    created: str | None = None
    """When the package was made (RFC 3339): the one time an export records, so the same data
    gives the same bytes whenever it is exported."""


@dataclass(frozen=True)
class Bundle:
    """The package, its rows as plain values (read once), and the about data, for the writers."""

    package: PackageSpec
    rows: dict[str, list[list[Cell]]]
    about: About

    def resources(self) -> list[tuple[ResourceSpec, list[list[Cell]]]]:
        return [(spec, self.rows[spec.name]) for spec in self.package.resources]


@dataclass(frozen=True)
class Format:
    """An export format: the optional module it needs with the pip extra that brings it (None:
    nothing beyond kzfacts), and how it writes a bundle into a folder (the names it wrote)."""

    needs: tuple[str, str] | None
    write: Callable[[Path, Bundle], list[str]]


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (OWASP CSV-injection guidance).

    The test applies to the cell after everything spreadsheets ignore before a formula (spaces of
    any kind and any number, zero-width and direction marks, a BOM) and in compatibility form, so
    `` =1``, 70 no-break spaces then ``=1``, ``\u200b=1`` and a fullwidth ``＝1`` are caught as well as
    ``=1``. Only text goes through here: numeric cells stay numbers.
    """
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    lead = _IGNORED_LEAD.match(text)
    core = text[lead.end() :] if lead else text
    return "'" + text if unicodedata.normalize("NFKC", core[:4]).startswith(_FORMULA_STARTS) else text


def optional_import(name: str) -> ModuleType:
    """Import an optional module untyped (pyarrow and openpyxl ship no type information)."""
    return importlib.import_module(name)


def _about(package: PackageData) -> About:
    from kzfacts.citation import cite
    from kzfacts.contract.locate import installed_version

    meta = package.meta
    licence = meta.license
    return About(
        title=meta.display_title,
        version=installed_version(),
        data_version=meta.version_label,
        fingerprint=package.fingerprint(),
        citation=cite(package, style="apa").strip(),
        license=(licence.name or licence.title or "") if licence else "",
        license_url=(licence.path or "") if licence else "",
        homepage=meta.homepage or "",
        description=meta.description or "",
        created=meta.created,
    )


def bundle(package: PackageData) -> Bundle:
    """Every resource's rows as typed cells, and the about data, for the writers."""
    spec = package.spec
    rows = {r.name: [values for _, values in typed_rows(spec, r.name)] for r in spec.resources}
    return Bundle(spec, rows, _about(package))


def text(field: FieldSpec, value: Cell) -> str:
    """A cell as text the way the data package writes it: ISO dates, lists joined, numbers short."""
    if value is None:
        return ""
    if isinstance(value, list):
        return field.delimiter.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def about_text(bundle: Bundle, fmt: str) -> str:
    """The ABOUT.txt of an export: provenance, licence, citation and what each file holds."""
    about = bundle.about
    lines = [
        f"{ABOUT_HEADER} ({fmt})",
        "",
        about.title,
        f"kzfacts version: {about.version}",
        f"data package version: {about.data_version}",
        f"data fingerprint: {about.fingerprint}",
        f"license: {about.license} {about.license_url}".rstrip(),
        f"homepage: {about.homepage}",
        "",
        "Cite as (APA):",
        about.citation,
        "",
        "Tables:",
    ]
    for spec, rows in bundle.resources():
        lines.append(f"  {spec.name}: {len(rows)} rows. {spec.description}".rstrip())
    lines += [
        "",
        "This is a derived copy. The canonical data are the CSV files and datapackage.json of the",
        "kzfacts data package (kzfacts.Package().path); check a copy with kzfacts.require(fingerprint=...).",
        "",
    ]
    return "\n".join(lines)
