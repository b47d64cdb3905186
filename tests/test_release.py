"""One version: the descriptor's, which the tag, CITATION.cff and the README's pre-commit rev repeat."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import kzfacts
from kzfacts.contract.locate import bundled

REPO = Path(__file__).resolve().parent.parent
VERSION = bundled().version


def test_citation_cff_repeats_the_descriptor():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == VERSION == kzfacts.__version__
    assert cff["date-released"] == str(bundled().raw["created"])[:10]


RELEASE = kzfacts.releases()[-1].version


def test_the_pre_commit_examples_pin_the_latest_releases_tag():
    for name in ("README.md", ".pre-commit-hooks.yaml", "docs/validation.md"):
        revs = re.findall(r"rev: (\S+)", (REPO / name).read_text(encoding="utf-8"))
        assert revs == [f"v{RELEASE}"], name


def tag_problems(tags: list[str], version: str) -> list[str]:
    """Why the version tags on a commit disagree with its descriptor: a tag names the descriptor's
    version, which must be a release (a development version is never tagged)."""
    from kzfacts.contract.meta import PackageMeta

    found = [t for t in tags if re.fullmatch(r"v\d+\.\d+\.\d+.*", t)]
    if found and PackageMeta("kzfacts", version).unreleased:
        return [f"{t} tags a development version ({version})" for t in found]
    return [f"{t} is not v{version}" for t in found if t != f"v{version}"]


def test_a_tag_names_a_release_and_its_version():
    assert tag_problems([], "0.2.0.dev0") == []
    assert tag_problems(["v0.2.0"], "0.2.0") == []
    assert tag_problems(["v0.1.0"], "0.2.0") == ["v0.1.0 is not v0.2.0"]
    assert tag_problems(["v0.2.0.dev0"], "0.2.0.dev0") == [
        "v0.2.0.dev0 tags a development version (0.2.0.dev0)"
    ]
    git = shutil.which("git")
    if git is not None and (REPO / ".git").exists():  # an unpacked sdist has no tags to check
        out = subprocess.run(
            [git, "tag", "--points-at", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        )
        assert tag_problems(out.stdout.split(), VERSION) == []


def test_a_release_version_means_the_released_data():
    """Between releases main carries a development version; a release version is one kzfacts
    carries the data of, and the bundled data is exactly that release's (the same fingerprint)."""
    meta = bundled().meta
    carried = {r.version: r.fingerprint for r in kzfacts.releases()}
    if meta.unreleased:
        assert VERSION.split(".dev")[0] not in carried  # the version it leads to is not out yet
    else:
        assert carried.get(VERSION) == kzfacts.fingerprint(), "release data differs from the archive"


RELEASED = {"0.1.0": "sha256:2e502aef66728bcecb850eb08e8e12195106d8592177544bfae05f70433972e1"}
"""Every release's data fingerprint, written here when it was cut: no archive may change after."""


def test_every_release_loads_offline_with_its_fingerprint():
    assert {r.version: r.fingerprint for r in kzfacts.releases()} == RELEASED
    old = kzfacts.Package.release("0.1.0")
    assert len(old.sources()) == 186 and old.version == "0.1.0"
    assert old.fingerprint() == RELEASED["0.1.0"]
    assert kzfacts.Package.release("0.1.0").path == old.path  # extracted once a process
    with pytest.raises(kzfacts.errors.InvalidArgumentError, match=r"releases: 0\.1\.0$"):
        kzfacts.Package.release("0.0.9")


def test_require_says_how_to_load_a_carried_release():
    with pytest.raises(kzfacts.errors.DataMismatchError, match=r"kzfacts.Package.release\('0.1.0'\)"):
        kzfacts.require(version="0.1.0")
