"""MkDocs hooks: draw the charts from the installed data before every build, and show the pages'
Python examples as a reader sees them, without the doctest markup the tests need."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parent

DIRECTIVE = re.compile(r"[ \t]*#[ \t]*doctest:[^\n]*")
"""A doctest directive comment (``# doctest: +ELLIPSIS``), with the spaces before it."""
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)")
EXAMPLES = {"pycon", "python", "py", "doctest"}
"""Fenced blocks whose doctest markup is removed: the examples the tests run."""


def on_pre_build(config: Any, **kwargs: Any) -> None:
    sys.path.insert(0, str(TOOLS))
    import charts  # matplotlib loads only for a build, so the tests can import this module

    charts.draw_all(Path(config["docs_dir"]) / "img")


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return without_doctest_markup(markdown)


def on_page_content(html: str, **kwargs: Any) -> str:
    """The API page's docstrings arrive as HTML: their ``>>>`` lines, which Markdown reads as three
    nested quotes, become a code block, and their doctest directives go (the search index is built
    from this HTML too)."""
    return HTML_DIRECTIVE.sub("", QUOTED_EXAMPLE.sub(_as_code, html))


QUOTED_EXAMPLE = re.compile(
    r"<blockquote>\s*<blockquote>\s*<blockquote>\s*<p>(.*?)</p>\s*</blockquote>\s*</blockquote>\s*</blockquote>",
    re.S,
)
HTML_DIRECTIVE = re.compile(r"[ \t]*#[ \t]*doctest:[^\n<]*")


def _as_code(match: re.Match[str]) -> str:
    lines = "\n".join("&gt;&gt;&gt; " + line for line in match.group(1).split("\n"))
    return f'<div class="language-pycon highlight"><pre><code>{lines}</code></pre></div>'


def without_doctest_markup(markdown: str) -> str:
    """``markdown`` with, inside Python example blocks, every ``# doctest: ...`` directive removed and
    each ``<BLANKLINE>`` (doctest's mark for an empty output line) shown as the empty line it is."""
    out: list[str] = []
    fence: str | None = None
    example = False
    for line in markdown.splitlines(keepends=True):
        opened = FENCE.match(line)
        if fence is None:
            if opened:
                fence, example = opened.group(1), opened.group(2).lower() in EXAMPLES
        elif line.strip() == fence:
            fence = None
        elif example:
            ending = line[len(line.rstrip("\r\n")) :]
            body = DIRECTIVE.sub("", line.rstrip("\r\n"))
            line = ("" if body.strip() == "<BLANKLINE>" else body) + ending
        out.append(line)
    return "".join(out)
