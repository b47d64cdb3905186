"""The citation styles: one module per style, each with ``render(citation) -> str``.

Adding a style is one module plus one line in :data:`STYLES`; the CLI's choices are built from it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from kzfacts.errors import InvalidArgumentError

if TYPE_CHECKING:
    from kzfacts.citation.selection import Citation

STYLES: dict[str, str] = {
    "bibtex": "kzfacts.citation.styles.bibtex",
    "csl-json": "kzfacts.citation.styles.csl",
    "ris": "kzfacts.citation.styles.ris",
    "apa": "kzfacts.citation.styles.apa",
    "cff": "kzfacts.citation.styles.cff",
}
"""Style name -> the module that renders it (imported only when used)."""


def render(citation: Citation, style: str) -> str:
    """The citation in ``style`` (a key of :data:`STYLES`), ending with one newline."""
    if style not in STYLES:
        raise InvalidArgumentError(f"unknown citation style {style!r}; styles: {', '.join(STYLES)}")
    text: str = importlib.import_module(STYLES[style]).render(citation)
    return text.rstrip("\n") + "\n"
