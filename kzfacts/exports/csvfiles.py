"""Spreadsheet CSV: one file per resource, UTF-8 with BOM, formula-like text neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

from kzfacts.contract.spec import FieldSpec
from kzfacts.exports.bundle import Bundle, Format, neutralise, text
from kzfacts.reading.cells import Cell


def _csv_cell(field: FieldSpec, value: Cell) -> str:
    written = text(field, value)
    return neutralise(written) if isinstance(value, list | str) else written


def write(outdir: Path, bundle: Bundle) -> list[str]:
    """One CSV per resource, for spreadsheets: formula-like text neutralised, UTF-8 with BOM.

    The datapackage's own CSV files are the canonical data; these are safe to double-click
    (Excel reads the BOM as UTF-8, so Arabic survives) but text starting with ``=``, ``+``,
    ``-`` or ``@`` carries a leading ``'``.
    """
    written = []
    for spec, rows in bundle.resources():
        name = f"{spec.name}.csv"
        with (outdir / name).open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(f.name) for f in spec.fields])
            for row in rows:
                writer.writerow([_csv_cell(f, v) for f, v in zip(spec.fields, row, strict=True)])
        written.append(name)
    return written


FORMAT = Format(needs=None, write=write)
