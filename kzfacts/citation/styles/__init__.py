"""The citation styles: one module per style, each with ``render(citation) -> str``.

Adding a style is one module plus one line in :data:`STYLES`; the CLI's choices are built from it.
The modules import their writers (bibtexparser, citeproc-py, ...) only when they render, so
listing the styles costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from kzfacts.citation.model import Citation
from kzfacts.citation.styles import apa, bibtex, cff, csl, ris
from kzfacts.errors import InvalidArgumentError

Style = Callable[[Citation], str]
"""Renders a citation as text in one style."""

STYLES: dict[str, Style] = {
    "bibtex": bibtex.render,
    "csl-json": csl.render,
    "ris": ris.render,
    "apa": apa.render,
    "cff": cff.render,
}
"""Style name -> its renderer."""


def render(citation: Citation, style: str) -> str:
    """The citation in ``style`` (a key of :data:`STYLES`), ending with one newline."""
    if style not in STYLES:
        raise InvalidArgumentError(f"unknown citation style {style!r}; styles: {', '.join(STYLES)}")
    return STYLES[style](citation).rstrip("\n") + "\n"
