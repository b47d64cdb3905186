"""Small things a new user meets first: a mistyped command, `kzfacts rules` in a terminal, and a
`diff --format json` error that a program can read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def kz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzfacts", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize(
    ("typed", "meant"), [("valdiate", "validate"), ("rule", "rules"), ("shwo", "show"), ("expotr", "export")]
)
def test_a_mistyped_command_suggests_the_nearest(typed: str, meant: str):
    out = kz(typed)
    assert out.returncode == 2
    from kzfacts.cli import COMMANDS

    assert out.stderr.splitlines() == [
        f"error: {typed!r} is not a kzfacts command; did you mean {meant!r}? "
        f"Commands: {', '.join(COMMANDS)} (kzfacts --help)"
    ]
    assert kz(typed, "--help").returncode == 2  # not argparse's bare "invalid choice"


def test_a_command_near_none_lists_them_all():
    out = kz("frobnicate")
    assert out.returncode == 2 and "did you mean" not in out.stderr
    assert out.stderr.startswith("error: 'frobnicate' is not a kzfacts command. Commands: info,")
    assert kz("--version").returncode == 0
