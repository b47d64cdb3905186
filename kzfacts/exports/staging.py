"""An export folder written atomically: everything goes into a hidden temporary sibling first and
is renamed into place only when complete, so OUTDIR holds a whole export or nothing. The sibling's
name carries the writer's process id, so a later export cleans up after one that was killed
(restoring the export it was replacing); a folder is replaced only if kzfacts wrote it (its
ABOUT.txt), so a mistyped path cannot wipe unrelated files."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kzfacts.errors import KzfactsError

ABOUT_FILE = "ABOUT.txt"
ABOUT_HEADER = "kzfacts export"
_STAGING = ".kzfacts-tmp-"


def is_export(path: Path) -> bool:
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


def staging_prefix(out: Path) -> str:
    return f".{out.name}{_STAGING}"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def clean_up_after_killed(out: Path) -> None:
    """Remove staging folders of earlier exports to ``out`` whose process is gone; if one was killed
    between moving the previous export aside and moving the new one in, put the previous one back."""
    pattern = re.compile(re.escape(staging_prefix(out)) + r"(\d+)-")
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return
    for work in siblings:
        match = pattern.match(work.name)
        if match is None or alive(int(match.group(1))):
            continue
        previous = work / "previous"
        if previous.is_dir() and not (out.exists() or out.is_symlink()):
            os.replace(previous, out)
        shutil.rmtree(work, ignore_errors=True)


def check_target(out: Path, *, force: bool) -> None:
    """Refuse an ``out`` that exists, unless ``force`` and it is an earlier kzfacts export."""
    if out.name in ("", ".", ".."):
        raise KzfactsError(f"cannot export to {out}: name a folder to create")
    clean_up_after_killed(out)
    if out.exists() or out.is_symlink():
        if not force:
            raise KzfactsError(f"{out} exists; pass force=True / --force to replace it")
        if not is_export(out):
            raise KzfactsError(
                f"{out} exists and is not a kzfacts export (no {ABOUT_FILE} written by kzfacts); "
                "not replacing it even with force: remove it yourself or choose another folder"
            )


@contextlib.contextmanager
def staged(out: Path, *, force: bool) -> Iterator[Path]:
    """A fresh folder to write the export in; when the block ends without error it becomes ``out``
    (replacing an earlier export only with ``force``); otherwise nothing is changed."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{staging_prefix(out)}{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        blocked = next((p for p in (out.parent, *out.parent.parents) if p.exists() and not p.is_dir()), None)
        reason = f"{blocked} is a file, not a folder" if blocked else exc.strerror
        raise KzfactsError(f"cannot write to {out.parent}: {reason}") from None
    try:
        # A plain mkdir inside the private temp folder, so the export gets the user's umask.
        folder = work / out.name
        folder.mkdir()
        yield folder
        _swap_in(folder, out, work / "previous", force)
    except OSError as exc:
        where = exc.filename or out
        raise KzfactsError(
            f"cannot write the export to {where}: {exc.strerror or exc}; nothing was changed"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
