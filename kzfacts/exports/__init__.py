"""Export a data package to Parquet, SQLite, JSON, Excel or spreadsheet CSV: one module per format.

Each export is a folder written atomically: everything goes into a hidden temporary sibling
first and is renamed into place only when complete, so OUTDIR either holds a whole export or
nothing. Every export carries the kzfacts version, the data fingerprint and the APA citation
(``ABOUT.txt``, plus the format's own metadata). Adding a format is one module with ``write``
and ``NEEDS``, plus one line in :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError, KzfactsError
from kzfacts.exports.bundle import ABOUT_FILE, ABOUT_HEADER, about_text, bundle

if TYPE_CHECKING:
    from kzfacts.package import Package

FORMATS: dict[str, str] = {
    "parquet": "kzfacts.exports.parquet",
    "sqlite": "kzfacts.exports.sqlite",
    "json": "kzfacts.exports.jsonfiles",
    "xlsx": "kzfacts.exports.xlsx",
    "csv": "kzfacts.exports.csvfiles",
}
"""Format name -> the module that writes it."""


def _writer(fmt: str) -> ModuleType:
    """The format's module, after checking its optional dependency is installed."""
    module = importlib.import_module(FORMATS[fmt])
    if module.NEEDS is not None:
        name, extra = module.NEEDS
        try:
            importlib.import_module(name)
        except ImportError:
            raise KzfactsError(f"{fmt} export needs {name}: pip install 'kzfacts[{extra}]'") from None
    return module


def _is_export(path: Path) -> bool:
    """True for an empty folder or one holding an ABOUT.txt written by kzfacts."""
    if not path.is_dir():
        return False
    if not any(path.iterdir()):
        return True
    about = path / ABOUT_FILE
    try:
        with about.open("rb") as handle:
            return handle.read(len(ABOUT_HEADER)).decode("utf-8", "replace") == ABOUT_HEADER
    except OSError:
        return False


def _swap_in(staged: Path, out: Path, aside: Path) -> None:
    """Rename ``staged`` to ``out``; a previous ``out`` goes to ``aside`` first, back on failure."""
    if not (out.exists() or out.is_symlink()):
        os.replace(staged, out)
        return
    os.replace(out, aside)
    try:
        os.replace(staged, out)
    except BaseException:
        os.replace(aside, out)
        raise


def export(package: Package, outdir: Path, fmt: str, *, force: bool = False) -> list[Path]:
    """Write ``package`` to ``outdir`` as ``fmt`` (a key of FORMATS); return the files written.

    The folder appears complete or not at all. An existing ``outdir`` is an error unless
    ``force`` is true; even then kzfacts replaces only an empty folder or an earlier kzfacts
    export (one holding its ABOUT.txt), so a mistyped path cannot wipe unrelated files.
    """
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    writer = _writer(fmt)
    out = Path(os.path.abspath(Path(outdir).expanduser()))
    if out.name in ("", ".", ".."):
        raise KzfactsError(f"cannot export to {out}: name a folder to create")
    if out.exists() or out.is_symlink():
        if not force:
            raise KzfactsError(f"{out} exists; pass force=True / --force to replace it")
        if not _is_export(out):
            raise KzfactsError(
                f"{out} exists and is not a kzfacts export (no {ABOUT_FILE} written by kzfacts); "
                "not replacing it even with force: remove it yourself or choose another folder"
            )
    rows = bundle(package)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".kzfacts-tmp", dir=out.parent))
    try:
        # A plain mkdir inside the private temp folder, so the export gets the user's umask.
        staged = work / out.name
        staged.mkdir()
        names = writer.write(staged, rows)
        (staged / ABOUT_FILE).write_text(about_text(rows, fmt), encoding="utf-8")
        _swap_in(staged, out, work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [out / name for name in [*names, ABOUT_FILE]]
