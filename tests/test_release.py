"""One version: the descriptor's, which the tag, CITATION.cff and the README's pre-commit rev repeat."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

import kzfacts
from kzfacts.contract.locate import bundled

REPO = Path(__file__).resolve().parent.parent
VERSION = bundled().version


def test_citation_cff_repeats_the_descriptor():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == VERSION == kzfacts.__version__
    assert cff["date-released"] == str(bundled().raw["created"])[:10]


def test_the_pre_commit_examples_pin_this_versions_tag():
    for name in ("README.md", ".pre-commit-hooks.yaml", "docs/validation.md"):
        revs = re.findall(r"rev: (\S+)", (REPO / name).read_text(encoding="utf-8"))
        assert revs == [f"v{VERSION}"], name


def test_a_tag_on_this_commit_names_the_descriptors_version():
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        tags: list[str] = []  # an unpacked sdist has no history: nothing to disagree with
    else:
        out = subprocess.run(
            [git, "tag", "--points-at", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        )
        tags = [t for t in out.stdout.split() if re.fullmatch(r"v\d+\.\d+\.\d+.*", t)]
    assert all(tag == f"v{VERSION}" for tag in tags), (tags, VERSION)
