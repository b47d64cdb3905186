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
    # CI runs the README's commands as written (the sdist carries .ci/run, so this always checks)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command.replace("pip install ", "pip install --quiet ") in ci, command


def test_readme_renders_every_section_heading():
    """GitHub renders the README with a CommonMark parser: a fence that never closes (a closing
    fence cannot carry text) swallows every heading after it. markdown-it-py parses as GitHub does."""
    import re

    from markdown_it import MarkdownIt

    text = README.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rendered = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    written, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):  # any line starting a fence toggles, as a reader would assume
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            written.append(line.lstrip("#").strip())
    assert rendered == written
    for section in ("Quick start", "In Python", "Command line", "The data", "Documentation"):
        assert section in rendered
    closing = [line for line in text.splitlines() if re.fullmatch(r"```\s*\S.*", line) and " " in line]
    assert closing == [], "a fence line carries text after its info string"
