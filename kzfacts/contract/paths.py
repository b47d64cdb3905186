"""The path policy: kzfacts reads only regular local files inside a package's folder."""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path

from kzfacts.contract.locate import bundled_path
from kzfacts.contract.spec import PackageSpec
from kzfacts.errors import DescriptorError, KzfactsError

MAX_PATH_CHARS = 1024
"""Longest resource path kzfacts accepts: a longer one is refused before any file is touched."""


MISSING = "does not exist"
"""The :func:`file_reason` of a file that is not there (reported apart from unsafe files)."""


_ENV_VAR = re.compile(r"\$\{?[A-Za-z_]|%[A-Za-z_]+%")


def unsafe_reason(value: str, basepath: Path) -> str | None:
    """Why a path from the descriptor is unsafe, or None when it is a plain file inside basepath."""
    if "\x00" in value:
        return "contains a NUL character, which no file name can hold"
    if len(value) > MAX_PATH_CHARS:
        return f"is {len(value)} characters long; kzfacts accepts paths of at most {MAX_PATH_CHARS}"
    from urllib.parse import urlparse

    parsed = urlparse(value)
    if parsed.scheme or value.startswith("//"):
        return "is a URL; kzfacts never reads over the network"
    if value.startswith("~"):
        return "starts with ~ (a home folder)"
    if _ENV_VAR.search(value):
        return "contains an environment variable"
    if Path(value).is_absolute() or value.startswith("\\"):
        return "is an absolute path"
    if ".." in Path(value).parts or ".." in value.split("\\"):
        return "contains a .. segment"
    try:
        resolved = (basepath / value).resolve()
        resolved.relative_to(basepath.resolve())
    except ValueError:
        return "resolves (through a symlink) to a place outside the package folder"
    except RuntimeError:  # Python 3.10-3.12 raise this for a symlink loop
        return "is a symlink loop"
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be resolved ({exc.strerror})"
    return "is a symlink loop" if _loops(basepath / value) else None  # 3.13's resolve() lets loops pass


def _loops(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


_FILE_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def file_reason(path: Path, *, trusted: bool = False) -> str | None:
    """Why a data file cannot be read safely, or None for a regular file with one name.

    A FIFO or device would block or never end; a hard link is a second name of a file that may
    live anywhere, so it is refused like a symlink that leaves the folder (git never checks one
    out). ``trusted`` skips the hard-link test for kzfacts' own installed files, which installers
    such as uv hard-link from their cache.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"is {_FILE_KINDS.get(stat.S_IFMT(info.st_mode), 'not a file')}, not a regular file"
    if info.st_nlink > 1 and not trusted:
        return (
            f"has {info.st_nlink} hard links, so it may be a file outside the package folder; "
            "kzfacts refuses hard links as it refuses symlinks that leave the folder"
        )
    return None


def is_bundled(path: Path) -> bool:
    """True for a file of the package installed with kzfacts (trusted: it came in the wheel)."""
    try:
        return path.resolve().is_relative_to(bundled_path().parent.resolve())
    except (OSError, RuntimeError, KzfactsError):
        return False


def check_paths(package: PackageSpec) -> None:
    """Refuse a package whose data paths leave its folder or name a URL: kzfacts reads only local
    files inside the package (the path policy validate applies, here for every reader)."""
    trusted = is_bundled(package.path)
    for spec in package.resources:
        reason = unsafe_reason(spec.path, package.basepath)
        if reason is None:
            reason = file_reason(package.basepath / spec.path, trusted=trusted)
            reason = None if reason == MISSING else reason  # reading it names the missing file
        if reason:
            raise DescriptorError(
                f"{package.path}: resource {spec.name!r} has path {spec.path!r}, which {reason}"
            )
