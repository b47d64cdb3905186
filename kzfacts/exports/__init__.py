"""Export a data package to Parquet, SQLite, JSON, Excel or spreadsheet CSV: one module per format.

Each export is a folder written atomically (:mod:`.staging`). A package other than the bundled one
is validated first: an export never carries data that ``kzfacts validate`` rejects. Every export
carries the kzfacts version, the data fingerprint and the APA citation (``ABOUT.txt``, plus the
format's own metadata). Adding a format is one module with its ``FORMAT`` (what it needs, how it
writes), plus one line in :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError, KzfactsError
from kzfacts.exports import csvfiles, jsonfiles, parquet, sqlite, xlsx
from kzfacts.exports.bundle import Format
from kzfacts.exports.staging import ABOUT_FILE, check_target, staged

if TYPE_CHECKING:
    from kzfacts.store import PackageData

FORMATS: dict[str, Format] = {
    "parquet": parquet.FORMAT,
    "sqlite": sqlite.FORMAT,
    "json": jsonfiles.FORMAT,
    "xlsx": xlsx.FORMAT,
    "csv": csvfiles.FORMAT,
}
"""Format name -> how it is written."""


def _writer(fmt: str) -> Format:
    """The format, after checking its optional dependency is installed."""
    found = FORMATS[fmt]
    if found.needs is not None:
        name, extra = found.needs
        try:
            importlib.import_module(name)
        except ImportError:
            raise KzfactsError(f"{fmt} export needs {name}: pip install 'kzfacts[{extra}]'") from None
    return found


def _require_valid(package: PackageData) -> None:
    """Refuse to export a package that validation rejects: exports would carry invalid data on, or
    crash on it (an empty required cell breaks the SQLite and Parquet schemas)."""
    if package.bundled:
        return  # shipped only after its own validation passed
    from kzfacts.validation import validate

    report = validate(package.path)
    if report.errors:
        first = report.errors[0]
        where = f"{first.file}" + (f", row {first.row}" if first.row else "")
        where += f", field {first.field}" if first.field else ""
        raise KzfactsError(
            f"{package.path} is not valid ({len(report.errors)} error(s); first: {where}: [{first.rule}] "
            f"{first.message}); see them all with: kzfacts validate {package.path.parent}"
        )


def export(package: PackageData, outdir: Path, fmt: str, *, force: bool = False) -> list[Path]:
    """Write ``package`` to ``outdir`` as ``fmt`` (a key of FORMATS); return the files written.

    The folder appears complete or not at all. An existing ``outdir`` is an error unless
    ``force`` is true; even then kzfacts replaces only an empty folder or an earlier kzfacts
    export (one holding its ABOUT.txt), so a mistyped path cannot wipe unrelated files.
    """
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    writer = _writer(fmt)
    out = Path(os.path.abspath(Path(outdir).expanduser()))
    check_target(out, force=force)
    _require_valid(package)
    from kzfacts.exports.bundle import about_text, bundle

    rows = bundle(package)
    with staged(out, force=force) as folder:
        names = writer.write(folder, rows)
        (folder / ABOUT_FILE).write_text(about_text(rows, fmt), encoding="utf-8")
    return [out / name for name in [*names, ABOUT_FILE]]
