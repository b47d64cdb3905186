"""Build ``kzfacts/releases/``: one zip per release in ``tools/releases/`` and their index.

Each release folder (its ``datapackage.json`` and ``data/``, copied when it was cut) becomes a zip
with its members in name order and a fixed time, and the index records each release's version,
date and data fingerprint. ``python tools/generate.py`` runs this; ``stale()`` says which archives
no longer hold what their folder holds (compared member by member, not byte by byte, so another
zlib compressing differently is not staleness).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from kzfacts.contract.spec import load
from kzfacts.reading.hashing import fingerprint

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tools" / "releases"
TARGET = REPO / "kzfacts" / "releases"
_TIME = (1980, 1, 1, 0, 0, 0)


def versions() -> list[str]:
    """The releases kept in tools/releases/, oldest first."""
    return sorted(
        (p.name for p in SOURCE.iterdir() if p.is_dir()), key=lambda v: tuple(int(n) for n in v.split("."))
    )


def members(folder: Path) -> dict[str, bytes]:
    """What a release's archive holds: its descriptor and data files, by relative name."""
    files = [folder / "datapackage.json", *sorted((folder / "data").glob("*.csv"))]
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def archive(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, data in sorted(members(folder).items()):
            info = zipfile.ZipInfo(name, date_time=_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zipped.writestr(info, data)
    return out.getvalue()


def index() -> str:
    entries = []
    for version in versions():
        spec = load(SOURCE / version / "datapackage.json")
        entries.append({"version": version, "date": spec.meta.created_date, "fingerprint": fingerprint(spec)})
    return json.dumps(entries, indent=2) + "\n"


def stale(write: bool) -> list[str]:
    """Archives (and the index) that differ from tools/releases/; written anew when ``write``."""
    found = []
    TARGET.mkdir(exist_ok=True)
    for version in versions():
        path = TARGET / f"{version}.zip"
        current = {}
        if path.is_file():
            with zipfile.ZipFile(path) as zipped:
                current = {name: zipped.read(name) for name in zipped.namelist()}
        if current != members(SOURCE / version):
            found.append(f"kzfacts/releases/{version}.zip")
            if write:
                path.write_bytes(archive(SOURCE / version))
    text = index()
    path = TARGET / "index.json"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        found.append("kzfacts/releases/index.json")
        if write:
            path.write_text(text, encoding="utf-8")
    return found
