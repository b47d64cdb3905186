"""What the documentation site shows: examples without doctest markup, a home page that agrees with
the README and the data, and every page in the navigation."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

import kzfacts

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
sys.path.insert(0, str(REPO / "tools"))

from mkdocs_hooks import without_doctest_markup  # noqa: E402


def test_doctest_markup_is_removed_from_examples_only():
    page = (
        "Prose keeps `# doctest: +SKIP` as written.\n\n"
        "```pycon\n>>> print(x)  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE\na\n<BLANKLINE>\nb\n```\n\n"
        "```text\n<BLANKLINE>\n```\n"
    )
    assert without_doctest_markup(page) == (
        "Prose keeps `# doctest: +SKIP` as written.\n\n"
        "```pycon\n>>> print(x)\na\n\nb\n```\n\n"
        "```text\n<BLANKLINE>\n```\n"
    )


def test_every_page_is_shown_without_doctest_markup_but_still_tested_with_it():
    citing = (DOCS / "citing.md").read_text(encoding="utf-8")
    assert "# doctest: +ELLIPSIS" in citing and "<BLANKLINE>" in citing  # the tests need them
    for page in DOCS.glob("*.md"):
        shown = without_doctest_markup(page.read_text(encoding="utf-8"))
        assert "doctest:" not in shown and "<BLANKLINE>" not in shown, page.name


def _quick_start(page: Path) -> list[str]:
    block = page.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("```sh", 1)[1]
    return [line for line in block.split("```", 1)[0].strip().splitlines() if line.strip()]


def test_the_home_page_quick_start_is_the_readmes():
    assert _quick_start(DOCS / "index.md") == _quick_start(REPO / "README.md")


def test_the_home_page_names_every_table():
    inside = (DOCS / "index.md").read_text(encoding="utf-8").split("## What is inside", 1)[1]
    names = kzfacts.Package().resource_names
    assert all(f"`{name}`" in inside for name in names), names
    numbers = {5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}
    assert f"{numbers[len(names)]} tables" in inside


def test_every_page_is_in_the_navigation():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    listed = {next(iter(item.values())) for item in config["nav"]}
    assert listed == {page.name for page in DOCS.glob("*.md")}


def test_docstring_examples_on_the_api_page_become_code_without_directives():
    from mkdocs_hooks import on_page_content

    rendered = (
        "<p>A package.</p>\n<blockquote>\n<blockquote>\n<blockquote>\n"
        '<p>fork = Package("f")          # doctest: +SKIP\nfork.version   # doctest: +SKIP</p>\n'
        "</blockquote>\n</blockquote>\n</blockquote>\n<p>More # doctest: +ELLIPSIS</p>"
    )
    assert on_page_content(rendered) == (
        "<p>A package.</p>\n"
        '<div class="language-pycon highlight"><pre><code>&gt;&gt;&gt; fork = Package("f")\n'
        "&gt;&gt;&gt; fork.version</code></pre></div>\n<p>More</p>"
    )
