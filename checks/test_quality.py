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


USER_CODE = """\
import kzfacts
reveal_type(kzfacts.corridor_tonnage())
reveal_type(kzfacts.quantity(2023).recommended)
reveal_type(kzfacts.Package("fork").member_of)
kzfacts.sources(1)
"""


def test_users_type_checker_sees_the_module_functions(tmp_path):
    """The lazy module front still gives mypy (and IDEs) every public signature."""
    code = tmp_path / "analysis.py"
    code.write_text(USER_CODE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(code)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert 'Revealed type is "kzfacts.table.Table[kzfacts.models.TonnageFigure]"' in out.stdout
    assert 'Revealed type is "kzfacts.models.TonnageFigure | None"' in out.stdout
    assert "def (on: datetime.date | str, member: str =) -> kzfacts.evidence.spells.Spells" in out.stdout
    assert "analysis.py:5: error: Too many arguments" in out.stdout  # a wrong call is caught
    assert "attr-defined" not in out.stdout, out.stdout
