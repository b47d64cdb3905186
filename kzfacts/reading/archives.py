"""Past releases of the data, shipped inside kzfacts as compact archives, so an analysis pinned to an
old version can still load that version's data, offline.

``kzfacts/releases/`` holds one zip per release (its ``datapackage.json`` and ``data/``) and an
index naming each release's date and data fingerprint. Both are built from ``tools/releases/`` by
``python tools/generate.py``; a test pins every release's fingerprint, so an archive cannot change
after its release. A release is read from a temporary folder it is extracted into (once per
process), after its fingerprint is checked.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kzfacts.contract.locate import DESCRIPTOR_NAME
from kzfacts.contract.spec import load
from kzfacts.errors import InvalidArgumentError, KzfactsError
from kzfacts.reading.hashing import fingerprint

INDEX = "index.json"


@dataclass(frozen=True)
class Release:
    """One released version of the data."""

    version: str
    date: str | None
    """The release's ``created`` day (YYYY-MM-DD), or None."""
    fingerprint: str
    """sha256 over its data files, as ``kzfacts.fingerprint()`` computes it."""


def _folder() -> Path:
    return Path(str(resources.files("kzfacts").joinpath("releases")))


def releases() -> tuple[Release, ...]:
    """Every release kzfacts carries, oldest first."""
    index = _folder() / INDEX
    if not index.is_file():
        return ()
    entries = json.loads(index.read_text(encoding="utf-8"))
    return tuple(Release(e["version"], e.get("date"), e["fingerprint"]) for e in entries)


def latest_release() -> str | None:
    """The newest released version (what tags and pins name), or None before the first release."""
    carried = releases()
    return carried[-1].version if carried else None


_extracted: dict[str, Path] = {}
_lock = threading.Lock()


def release_path(version: str) -> Path:
    """The ``datapackage.json`` of release ``version``, extracted from its archive (once per process)
    and checked against the fingerprint recorded when it was released."""
    known = {r.version: r for r in releases()}
    if version not in known:
        listed = ", ".join(known) or "none"
        raise InvalidArgumentError(f"kzfacts carries no release {version!r}; releases: {listed}")
    with _lock:
        if version not in _extracted:
            _extracted[version] = _extract(version, known[version].fingerprint)
    return _extracted[version]


def _extract(version: str, expected: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"kzfacts-{version}-"))
    atexit.register(shutil.rmtree, folder, True)
    with zipfile.ZipFile(_folder() / f"{version}.zip") as archive:
        for member in archive.infolist():
            target = (folder / member.filename).resolve()
            if not target.is_relative_to(folder.resolve()) or member.is_dir():
                continue  # our own archives hold plain relative files only
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
    descriptor = folder / DESCRIPTOR_NAME
    found = fingerprint(load(descriptor))
    if found != expected:
        raise KzfactsError(
            f"the archive of release {version} is damaged (data fingerprint {found}, released as "
            f"{expected}); reinstall kzfacts: pip install --force-reinstall kzfacts"
        )
    return descriptor
