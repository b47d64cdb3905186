"""``kzfacts validate``: check a data package against frictionless and every kzfacts rule.

The pre-scan (:mod:`.prescan`) decides what frictionless may see, the contract (:mod:`.contract`)
holds a fork to kzfacts' schema, :mod:`.pipeline` runs the phases, :mod:`.rules` holds kzfacts' own
data rules (one module per family), and :mod:`.report` renders the outcome for people, programs
and GitHub.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzfacts.validation.limits import DEFAULT_MEGABYTES, DEFAULT_SECONDS

ENGINES = ("kzfacts", "frictionless")
"""``kzfacts``: tables its engine can vouch for skip frictionless, the rest go to it (see
:mod:`.engine`). ``frictionless``: frictionless always checks the tables (the reference)."""

if TYPE_CHECKING:
    import os

    from kzfacts.validation.problems import Report


def validate(
    path: str | os.PathLike[str] | None = None,
    *,
    sources: str | os.PathLike[str] | None = None,
    timeout: float | None = DEFAULT_SECONDS,
    max_memory: float | None = DEFAULT_MEGABYTES,
    engine: str = "kzfacts",
    annotate: bool = False,
) -> Report:
    """Validate the package at ``path`` (a datapackage.json or its folder; default: the bundled one).

    Returns a Report with ``valid`` and the problems as typed records; ``sources`` is an optional
    folder of archived texts to check evidence phrases against. Nothing is fetched or written.
    ``timeout`` (seconds) and ``max_memory`` (MB of resident memory of its processes together)
    bound the run, enforced by the operating system on a worker process that never outlives the
    call; running out is a ``budget-exceeded`` error in the report, never a hang and never valid.
    None lifts a bound. ``engine="frictionless"`` makes frictionless check every table even when
    kzfacts' own engine can tell it would find nothing (the default skips it then; the report is
    the same). ``annotate`` adds ``Report.lines`` (the file line of each row with a problem) for
    GitHub annotations.
    """
    from pathlib import Path

    from kzfacts.errors import InvalidArgumentError
    from kzfacts.validation.supervisor import run

    if engine not in ENGINES:
        raise InvalidArgumentError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    return run(
        None if path is None else Path(path),
        sources=None if sources is None else Path(sources),
        seconds=timeout,
        megabytes=max_memory,
        engine=engine,
        annotate=annotate,
    )
