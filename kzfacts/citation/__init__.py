"""Citation: the package's version and fingerprint, plus exactly the original sources of the records
an analysis used, in any of :data:`STYLES` (BibTeX, CSL-JSON, RIS, APA, CFF).

:mod:`.selection` works out what to cite; :mod:`.styles` renders it, one module per style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kzfacts.citation.styles import STYLES

if TYPE_CHECKING:
    from kzfacts.models import Source
    from kzfacts.store import PackageData

__all__ = ["STYLES", "cite", "source_item"]


def cite(
    package: PackageData, selection: object = None, style: str = "bibtex", *, ids: Iterable[str] | None = None
) -> str:
    """``package`` and the sources of ``selection`` and ``ids``, rendered in ``style``."""
    from kzfacts.citation.selection import citation
    from kzfacts.citation.styles import render

    return render(citation(package, selection, ids), style)


def source_item(source: Source) -> dict[str, Any]:
    """A source as the CSL-JSON item every citation style starts from: two sources cite alike
    exactly when their items are equal (``kzfacts diff`` compares them)."""
    from kzfacts.citation.styles.csl import source_item as item

    return item(source)
