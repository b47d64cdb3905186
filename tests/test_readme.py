"""The README's Python example runs and prints what the README shows."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run_as_shown():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_readme_quick_start_has_exactly_two_commands():
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert commands == ["pip install . && kzfacts validate --strict", "pip install -e '.[test]' && pytest"]
    ci = (
        (README.parent / ".ci" / "run").read_text(encoding="utf-8")
        if (README.parent / ".ci").is_dir()
        else ""
    )
    for command in commands if ci else []:  # CI runs the README's commands as written
        assert command.replace("pip install ", "pip install --quiet ") in ci
