"""sha256 of data files and of the whole package: the integrity fields and the fingerprint."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kzfacts.contract.spec import PackageSpec

_CHUNK = 1 << 20


def file_digest(path: Path) -> tuple[int, str]:
    """Return ``(bytes, sha256 hex)`` of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()


def fingerprint(package: PackageSpec) -> str:
    """sha256 over every resource's name and data-file hash, in descriptor order.

    It changes whenever any data byte changes, and is computed from the files
    themselves (not from the hashes the descriptor claims), so it proves what
    data is actually installed.
    """
    digest = hashlib.sha256()
    for spec in package.resources:
        _, hexdigest = file_digest(package.basepath / spec.path)
        digest.update(f"{spec.name}\t{hexdigest}\n".encode())
    return "sha256:" + digest.hexdigest()
