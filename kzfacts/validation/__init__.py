"""``kzfacts validate``: check a data package against frictionless and every kzfacts rule.

The pre-scan (:mod:`.prescan`) decides what frictionless may see, the contract (:mod:`.run`)
holds a fork to kzfacts' schema, :mod:`.rules` holds kzfacts' own data rules (one module per
family), and :mod:`.report` renders the outcome for people, programs and GitHub.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from kzfacts.validation.problems import Report


def validate(
    path: str | os.PathLike[str] | None = None, *, sources: str | os.PathLike[str] | None = None
) -> Report:
    """Validate the package at ``path`` (a datapackage.json or its folder; default: the bundled one).

    Returns a Report with ``valid`` and the problems as typed records; ``sources`` is an optional
    folder of archived texts to check evidence phrases against. Nothing is fetched or written.
    """
    from pathlib import Path

    from kzfacts.validation.run import run

    return run(None if path is None else Path(path), sources=None if sources is None else Path(sources))
