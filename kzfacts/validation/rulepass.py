"""kzfacts' rule pass (with its engine watching the rows), and frictionless' check beside it in a
worker of its own for large data."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts.contract.spec import PackageSpec
from kzfacts.errors import KzfactsError
from kzfacts.validation.engine import Engine
from kzfacts.validation.problems import Problem
from kzfacts.validation.reader import Reader
from kzfacts.validation.rules import RULES, run_rules
from kzfacts.validation.rules.base import RulePass

if TYPE_CHECKING:  # the processes are imported only when a large package needs frictionless beside
    from kzfacts.validation.process import Inbox, Worker

PARALLEL_BYTES = 2_000_000
"""Data size from which frictionless runs in its own worker, beside the rule pass."""


@dataclass
class RulesOutcome:
    rules: RulePass
    unreadable: dict[str, tuple[int | None, str, str]]
    boms: list[str]
    skipped: list[str]
    clean: bool = False
    """kzfacts' engine found nothing frictionless would report (always False without the engine)."""
    suspect: str | None = None
    """Why the engine handed the package to frictionless."""
    counts: dict[str, list[Any]] = field(default_factory=dict)
    """resource -> frictionless' hash-count and byte-count errors for its file, made by the engine
    (reported when the package is otherwise clean)."""


def run_rules_here(
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    on_suspect: Callable[[], None] | None = None,
) -> RulesOutcome:
    """kzfacts' rules over every row, with its engine watching the same rows when ``use_engine``
    (``on_suspect`` is told the first time it suspects the package)."""
    engine = Engine(package, on_suspect) if use_engine else None
    reader = Reader(package, engine)
    findings = run_rules(package, reader, RULES, archive)
    outcome = RulesOutcome(findings, reader.unreadable, reader.boms, reader.skipped)
    if engine is not None:
        if reader.unreadable or reader.boms or reader.skipped:
            engine.mark("a file the rule pass could not read as plain UTF-8 CSV")
        outcome.clean, outcome.suspect, outcome.counts = engine.clean(), engine.suspect, engine.counts
    return outcome


def data_bytes(package: PackageSpec) -> int:
    """The size of the package's data files (a file that cannot be read counts nothing: the
    validation reports it), which decides how the rows are read."""
    size = 0
    for spec in package.resources:
        with contextlib.suppress(OSError):
            size += package.file(spec.name).stat().st_size
    return size


def large(size: int) -> bool:
    """Whether frictionless should run beside the rule pass, in its own worker: data of at least
    :data:`PARALLEL_BYTES` (``size``, from :func:`data_bytes`), on a machine with two cores or more."""
    return size >= PARALLEL_BYTES and (os.cpu_count() or 1) >= 2


class Beside:
    """frictionless' check in a worker of its own, started when kzfacts' engine first suspects the
    package (or at once, without the engine), so it runs while the rule pass does; its problems are
    kept by a reader thread until wanted. A large invalid package then costs about as much as
    frictionless alone."""

    def __init__(self, target: Path, seconds: float | None, megabytes: float | None) -> None:
        self._request = {
            "path": str(target),
            "part": "frictionless",
            "seconds": seconds,
            "megabytes": megabytes,
        }
        self._process: Worker | None = None
        self._inbox: Inbox | None = None

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        if self._process is None:
            from kzfacts.validation.process import Inbox, spawn

            self._process = spawn(self._request, own_group=False)
            assert self._process.stdout is not None
            self._inbox = Inbox(self._process.stdout)

    def problems(self) -> Iterator[Problem]:
        """frictionless' problems, as its worker reports them (waiting for it to finish)."""
        assert self._inbox is not None
        finished = False
        for sent in self._inbox.drain():
            if "problem" in sent:
                yield Problem(**sent["problem"])
            elif "memory" in sent:
                raise MemoryError("frictionless' worker ran out of its address space")
            elif "crash" in sent:
                raise KzfactsError(f"frictionless' worker stopped: {sent['crash']}")
            finished = finished or "done" in sent
        if not finished:
            raise KzfactsError("frictionless' worker ended without finishing")

    def close(self) -> None:
        if self._process is not None:
            from kzfacts.validation.process import stop

            stop(self._process, group=False)
