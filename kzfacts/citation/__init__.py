"""Citation: the package's version and fingerprint, plus exactly the original sources of the records
an analysis used, in any of :data:`STYLES` (BibTeX, CSL-JSON, RIS, APA, CFF).

:mod:`.selection` works out what to cite; :mod:`.styles` renders it, one module per style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kzfacts.citation.styles import STYLES

if TYPE_CHECKING:
    from kzfacts.package import Package

__all__ = ["STYLES", "cite"]


def cite(
    package: Package, selection: object = None, style: str = "bibtex", *, ids: Iterable[str] | None = None
) -> str:
    """``package`` and the sources of ``selection`` and ``ids``, rendered in ``style``."""
    from kzfacts.citation.selection import citation
    from kzfacts.citation.styles import render

    return render(citation(package, selection, ids), style)
