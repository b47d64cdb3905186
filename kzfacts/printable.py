"""Text from the data made safe to print where a program reads the output: terminals, CI logs.

A cell may hold a newline followed by ``::error::`` (a GitHub workflow command on its own line),
an ANSI or OSC escape, or a bidirectional override. Every line kzfacts prints for people goes
through :func:`printable`, which writes such characters as visible escapes (``\\n``, ``\\x1b``,
``\\u202e``), so no line of output can be forged by a cell and what is printed is what the data holds.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Controls, line separators, direction marks and overrides, and lone surrogates (which no encoder
writes)."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control, line-separator and direction-override characters written as escapes.

    Arabic and every other script print as they are; only characters that move the cursor, end a
    line or reorder what follows are escaped.
    """
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` as one line of plain text for a sink that reads lines (RIS, BibTeX, APA, CFF, a
    Markdown table): whitespace runs, line breaks included, become one space; any other control,
    invisible or direction character is written as a visible escape."""
    return printable(" ".join(text.split()))


def inert(line: str) -> str:
    """A line of output no CI system takes for a command: GitHub Actions reads a line beginning
    with ``::`` as a workflow command, so its first colon is written as an escape."""
    return "\\x3a" + line[1:] if line.startswith("::") else line


def safe_lines(text: str) -> str:
    """Every line of ``text`` printable and inert: what kzfacts writes to a terminal or CI log."""
    return "\n".join(inert(printable(line)) for line in text.split("\n"))


def document(text: str) -> str:
    """A multi-line document (BibTeX, RIS, YAML, JSON) made safe for a terminal or CI log without
    changing its layout: line breaks and tabs stay, every other control, invisible or direction
    character is escaped, and no line can start a workflow command."""
    return "\n".join(
        inert("\t".join(printable(part) for part in line.split("\t"))) for line in text.split("\n")
    )
