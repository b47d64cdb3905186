"""Excel: an about sheet, then one sheet per resource, formula-like text neutralised."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kzfacts.contract.spec import FieldSpec
from kzfacts.errors import KzfactsError
from kzfacts.exports.bundle import Bundle, Format, neutralise, optional_import, text
from kzfacts.reading.cells import Cell


def _xlsx_value(field: FieldSpec, value: Cell, illegal: Any) -> Cell:
    """Numbers and dates stay typed; text is neutralised and stripped of XML-illegal characters."""
    if isinstance(value, list | str):
        return neutralise(illegal.sub("", text(field, value)))
    return value


def write(outdir: Path, bundle: Bundle) -> list[str]:
    """kzfacts.xlsx: an ``about`` sheet, then one sheet per resource."""
    openpyxl = optional_import("openpyxl")
    illegal = optional_import("openpyxl.cell.cell").ILLEGAL_CHARACTERS_RE
    letter = optional_import("openpyxl.utils").get_column_letter
    about = bundle.about
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "about"
    for key, value in [
        ("title", about.title),
        ("kzfacts version", about.version),
        ("data package version", about.data_version),
        ("data fingerprint", about.fingerprint),
        ("license", f"{about.license} {about.license_url}".strip()),
        ("homepage", about.homepage),
        ("cite as (APA)", about.citation),
        ("canonical data", "the CSV files of the kzfacts data package; this workbook is a copy"),
    ] + [(spec.name, f"{len(rows)} rows. {spec.description}") for spec, rows in bundle.resources()]:
        sheet.append([neutralise(key), neutralise(illegal.sub("", value))])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for spec, rows in bundle.resources():
        if len(spec.name) > 31:
            raise KzfactsError(f"xlsx export: sheet names are at most 31 characters; {spec.name!r} is longer")
        sheet = workbook.create_sheet(spec.name)
        sheet.append([neutralise(f.name) for f in spec.fields])
        widths = [len(f.name) for f in spec.fields]
        for row in rows:
            sheet.append([_xlsx_value(f, v, illegal) for f, v in zip(spec.fields, row, strict=True)])
            widths = [max(w, len(text(f, v))) for w, f, v in zip(widths, spec.fields, row, strict=True)]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[letter(i)].width = min(width + 2, 60)
        sheet.freeze_panes = "A2"
    workbook.save(outdir / "kzfacts.xlsx")
    _pin_times(outdir / "kzfacts.xlsx", about.created)
    return ["kzfacts.xlsx"]


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _pin_times(path: Path, created: str | None) -> None:
    """The same data gives the same workbook, byte for byte: openpyxl stamps the time of saving
    into the document's properties and its zip members, so both are set to the package's
    ``created`` (or 1980-01-01, the first time a zip can hold) after it saves."""
    import zipfile

    when = dt.datetime.fromisoformat(created.replace("Z", "+00:00")) if created else dt.datetime(1980, 1, 1)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as saved:
        members = [(info.filename, saved.read(info)) for info in saved.infolist()]
    with zipfile.ZipFile(path, "w") as pinned:
        for name, data in members:
            if name == "docProps/core.xml":
                data = _STAMP.sub(lambda m: m.group(1) + stamp + m.group(2), data)
            info = zipfile.ZipInfo(name, date_time=(max(when.year, 1980), when.month, when.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            pinned.writestr(info, data)


FORMAT = Format(needs=("openpyxl", "xlsx"), write=write)
