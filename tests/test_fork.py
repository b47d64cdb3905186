"""A fork's tooling: the pre-commit hook's choice of packages, `kzfacts init`, and the workflows
and composite action a fork's CI uses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import kzfacts

REPO = Path(__file__).resolve().parent.parent


def kz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzfacts", *args], capture_output=True, text=True, cwd=cwd)


def test_a_file_in_no_package_is_skipped_and_said_so(tmp_path: Path):
    """pre-commit passes every changed CSV: one outside any package is not the hook's business."""
    (tmp_path / "scratch.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    alone = kz("validate", "scratch.csv", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert "skipped: scratch.csv is in no data package" in alone.stderr
    assert "nothing to validate" in alone.stderr
    assert kz("validate", "scratch.csv", "--format", "json", cwd=tmp_path).stdout.strip() == "[]"
    shutil.copytree(kzfacts.package_path().parent, tmp_path / "datapackage")
    events = tmp_path / "datapackage" / "data" / "events.csv"
    both = kz("validate", "scratch.csv", str(events.relative_to(tmp_path)), cwd=tmp_path)
    assert both.returncode == 0, both.stdout + both.stderr
    assert "skipped: scratch.csv" in both.stderr and "nothing to validate" not in both.stderr
    assert "(holds datapackage/data/events.csv)" in both.stdout
    events.write_text(events.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    broken = kz("validate", "scratch.csv", str(events.relative_to(tmp_path)), cwd=tmp_path)
    assert broken.returncode == 1  # skipping one file never hides another file's package
    (tmp_path / "folder").mkdir()
    folder = kz("validate", "folder", cwd=tmp_path)
    assert folder.returncode == 2 and "folder is in no data package" in folder.stderr
    assert json.loads(kz("validate", "folder", "--format", "json", cwd=tmp_path).stdout)["exit_code"] == 2
