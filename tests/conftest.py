"""Shared fixtures: the bundled package, a writable copy of it, and the archived sources."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import Phase, settings

import kzfacts

# Property tests are derandomized with a fixed number of examples, so a failing run always means
# the change under test, on a user's machine as in CI. hypothesis' explain phase is dropped: it
# traces every line with sys.settrace, which on Python 3.11 turns seconds into most of an hour.
# `nox -s fuzz` (KZFACTS_HYPOTHESIS=fuzz, KZFACTS_EXAMPLES=2000) runs them randomized with thousands.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
settings.register_profile("kzfacts", derandomize=True, max_examples=20, deadline=None, phases=_PHASES)
# The fuzz profile says derandomize=False itself: a profile inherits the one loaded when it is
# registered, and hypothesis loads its own "ci" profile (derandomized) wherever CI is set.
settings.register_profile("fuzz", max_examples=2000, deadline=None, phases=_PHASES, derandomize=False)
settings.load_profile(os.environ.get("KZFACTS_HYPOTHESIS", "kzfacts"))

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
