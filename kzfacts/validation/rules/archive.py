"""Read archived source texts and find the paragraph a locator such as ``p7`` names.

An archived text holds the title, a publication line and a byline, then one
body paragraph per line, then site navigation starting at "Left Menu Icon"
(see the sources README). Body paragraphs count from 1.
"""

from __future__ import annotations

import re
from pathlib import Path

_LOCATOR = re.compile(r"^p([1-9][0-9]*)$")
_HEADER_LINES = 3  # title, publication line, byline
_NAVIGATION = "Left Menu Icon"


def body_paragraphs(path: Path) -> list[str]:
    """The body paragraphs of an archived text, in order."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    non_empty = [line for line in lines if line]
    body = []
    for line in non_empty[_HEADER_LINES:]:
        if line == _NAVIGATION:
            break
        body.append(line)
    return body


def paragraph_number(locator: str) -> int | None:
    """The paragraph number of a ``pN`` locator, or None for any other kind of locator."""
    match = _LOCATOR.match(locator)
    return int(match.group(1)) if match else None
