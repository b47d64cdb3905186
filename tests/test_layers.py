"""kzfacts' imports run one way: the contracts in pyproject.toml ([tool.importlinter]), checked by
import-linter (grimp underneath), the ecosystem's tool for this."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_layers_and_no_cycles_hold():
    done = subprocess.run(
        [sys.executable, "-c", "import importlinter.cli as c, sys; sys.exit(c.lint_imports_command())"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The contract can fail: the same check on a copy of kzfacts where the contract layer imports
    the store above it."""
    import shutil

    shutil.copytree(REPO / "kzfacts", tmp_path / "kzfacts")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    spec = tmp_path / "kzfacts" / "contract" / "spec.py"
    spec.write_text(spec.read_text(encoding="utf-8") + "\nfrom kzfacts.store import PackageData\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import importlinter.cli as c, sys; sys.exit(c.lint_imports_command())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == 1
    assert "kzfacts.contract.spec -> kzfacts.store" in done.stdout
