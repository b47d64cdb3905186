"""Type hints and lint stay clean: mypy --strict and ruff, with the dev tools (pip install -e '.[dev]').

Run with: pytest checks
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean():
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "kzfacts"], cwd=REPO, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout
    assert out.stdout.startswith("Success: no issues found")


def test_ruff_is_clean():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "kzfacts",
            "tests",
            "checks",
            "tools",
            "benchmarks",
            "noxfile.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout
