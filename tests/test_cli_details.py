"""Small things a new user meets first: a mistyped command, `kzfacts rules` in a terminal, and a
`diff --format json` error that a program can read."""

from __future__ import annotations

import json
import os
import pty
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


def _in_a_terminal(*args: str) -> str:
    """The command's output as a terminal shows it (stdout is a pseudo-terminal)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "80"}
    with subprocess.Popen(
        [sys.executable, "-m", "kzfacts", *args], stdout=follower, stderr=follower, env=env
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_rules_in_a_terminal_are_text_not_markdown():
    shown = _in_a_terminal("rules")
    assert "|---|" not in shown and "`" not in shown
    assert "descriptor-unreadable (error)\n  datapackage.json can be read" in shown
    assert "yoy-consistency (warning)" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_rules_piped_or_asked_for_are_the_markdown_table():
    from kzfacts.validation.report import rules_table

    assert kz("rules").stdout == rules_table() + "\n"
    assert kz("rules", "--format", "markdown").stdout == rules_table() + "\n"
    text = kz("rules", "--format", "text").stdout
    import re

    in_table = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", rules_table(), re.M)
    in_text = re.findall(r"^([a-z-]+) \((error|warning)\)$", text, re.M)
    assert in_text == in_table and len(in_text) > 20  # the same rules, in the same order
    assert "\nFix: " not in text and "  Fix: Shorten the phrase to at most 8 words" in text
    bad = kz("rules", "--format", "html")
    assert bad.returncode == 2 and bad.stderr.startswith("error: --format 'html' is not one of: text,")


def test_diff_json_errors_are_json(tmp_path: Path):
    broken = tmp_path / "fork"
    broken.mkdir()
    (broken / "datapackage.json").write_text("{", encoding="utf-8")
    for new in (str(broken), str(tmp_path / "missing")):
        out = kz("diff", "bundled", new, "--format", "json")
        assert out.returncode == 2
        document = json.loads(out.stdout)
        assert document["exit_code"] == 2 and document["identical"] is None
        assert document["new"] == new and document["error"]
    out = kz("diff", "bundled", str(broken))
    assert out.returncode == 2 and out.stderr.startswith("error: ") and out.stdout == ""
    assert out.stderr.count("kzfacts validate") == 1  # the hint is given once
