"""Shared fixtures: the bundled package, a writable copy of it, and the archived sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kzfacts

REPO = Path(__file__).resolve().parent.parent
SHARED_SOURCES = REPO.parent / "shared" / "sources"


@pytest.fixture(scope="session")
def descriptor_path() -> Path:
    return kzfacts.package_path()


@pytest.fixture
def package_copy(tmp_path: Path, descriptor_path: Path) -> Path:
    """A copy of the bundled package folder that a test may break; returns its datapackage.json."""
    target = tmp_path / "pkg"
    shutil.copytree(descriptor_path.parent, target)
    return target / "datapackage.json"


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    """The archived source texts beside the repository; absent on a user's machine."""
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"archived sources not present at {SHARED_SOURCES} (only in the project's own checkout)")
    return SHARED_SOURCES
