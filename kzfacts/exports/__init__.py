"""Export a data package to Parquet, SQLite, JSON, Excel or spreadsheet CSV: one module per format.

Each export is a folder written atomically: everything goes into a hidden temporary sibling
first and is renamed into place only when complete, so OUTDIR either holds a whole export or
nothing. The sibling's name carries the writer's process id, so a later export cleans up after
one that was killed (restoring the export it was replacing). A package other than the bundled one
is validated first: an export never carries data that ``kzfacts validate`` rejects. Every export
carries the kzfacts version, the data fingerprint and the APA citation (``ABOUT.txt``, plus the
format's own metadata). Adding a format is one module with ``write``
and ``NEEDS``, plus one line in :data:`FORMATS`.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import shutil
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError, KzfactsError

ABOUT_FILE = "ABOUT.txt"
ABOUT_HEADER = "kzfacts export"

if TYPE_CHECKING:
    from kzfacts.store import PackageData

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


def _swap_in(staged: Path, out: Path, aside: Path, force: bool) -> None:
    """Rename ``staged`` to ``out``; a previous ``out`` goes to ``aside`` first, back on failure.

    Without ``force``, an ``out`` that another export created meanwhile is never replaced (the
    rename fails on a folder that is not empty, and every export holds its ABOUT.txt)."""
    appeared = KzfactsError(
        f"{out} was created while this export ran (another export?); it was left as it is: "
        "pass force=True / --force to replace it"
    )
    if not (out.exists() or out.is_symlink()):
        try:
            os.replace(staged, out)
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or force:
                raise
            raise appeared from None
        return
    if not force:
        raise appeared
    os.replace(out, aside)
    try:
        os.replace(staged, out)
    except BaseException:
        os.replace(aside, out)
        raise


_STAGING = ".kzfacts-tmp-"


def _staging_prefix(out: Path) -> str:
    return f".{out.name}{_STAGING}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _clean_up_after_killed(out: Path) -> None:
    """Remove staging folders of earlier exports to ``out`` whose process is gone; if one was killed
    between moving the previous export aside and moving the new one in, put the previous one back."""
    pattern = re.compile(re.escape(_staging_prefix(out)) + r"(\d+)-")
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return
    for work in siblings:
        match = pattern.match(work.name)
        if match is None or _alive(int(match.group(1))):
            continue
        previous = work / "previous"
        if previous.is_dir() and not (out.exists() or out.is_symlink()):
            os.replace(previous, out)
        shutil.rmtree(work, ignore_errors=True)


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
    if out.name in ("", ".", ".."):
        raise KzfactsError(f"cannot export to {out}: name a folder to create")
    _clean_up_after_killed(out)
    if out.exists() or out.is_symlink():
        if not force:
            raise KzfactsError(f"{out} exists; pass force=True / --force to replace it")
        if not _is_export(out):
            raise KzfactsError(
                f"{out} exists and is not a kzfacts export (no {ABOUT_FILE} written by kzfacts); "
                "not replacing it even with force: remove it yourself or choose another folder"
            )
    _require_valid(package)
    import tempfile

    from kzfacts.exports.bundle import about_text, bundle

    rows = bundle(package)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        blocked = next((p for p in (out.parent, *out.parent.parents) if p.exists() and not p.is_dir()), None)
        reason = f"{blocked} is a file, not a folder" if blocked else exc.strerror
        raise KzfactsError(f"cannot write to {out.parent}: {reason}") from None
    try:
        # A plain mkdir inside the private temp folder, so the export gets the user's umask.
        staged = work / out.name
        staged.mkdir()
        names = writer.write(staged, rows)
        (staged / ABOUT_FILE).write_text(about_text(rows, fmt), encoding="utf-8")
        _swap_in(staged, out, work / "previous", force)
    except OSError as exc:
        where = exc.filename or out
        raise KzfactsError(
            f"cannot write the export to {where}: {exc.strerror or exc}; nothing was changed"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [out / name for name in [*names, ABOUT_FILE]]
