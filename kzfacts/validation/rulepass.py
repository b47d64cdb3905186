"""kzfacts' rule pass, run here first or, for large data, in its own process beside frictionless."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as WaitTimeout  # not the builtin before Python 3.11
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzfacts.contract.spec import PackageSpec
from kzfacts.reading.csvfile import field_limit
from kzfacts.validation.budget import Budget, BudgetExceeded
from kzfacts.validation.engine import Engine
from kzfacts.validation.reader import Reader
from kzfacts.validation.rules import run_rules
from kzfacts.validation.rules.base import RulePass

PARALLEL_BYTES = 2_000_000
"""Data size from which the rule pass runs in its own process, beside frictionless."""


@dataclass
class RulesOutcome:
    rules: RulePass
    unreadable: dict[str, tuple[int | None, str]]
    boms: list[str]
    skipped: list[str]
    clean: bool = False
    """kzfacts' engine found nothing frictionless would report (always False without the engine)."""
    suspect: str | None = None
    """Why the engine handed the package to frictionless."""


_SUSPECTED: Any = None
"""In the rule pass's own process: the event it sets when the engine first suspects the package."""


def _share_suspicion(event: Any) -> None:
    """Initialise the rule pass's process (events pass to a process only when it starts)."""
    global _SUSPECTED
    _SUSPECTED = event


def run_rules_here(package: PackageSpec, archive: Path | None, use_engine: bool) -> RulesOutcome:
    engine = Engine(package, _SUSPECTED.set if _SUSPECTED is not None else None) if use_engine else None
    with field_limit():
        reader = Reader(package, engine)
        findings = run_rules(package, reader, archive)
    outcome = RulesOutcome(findings, reader.unreadable, reader.boms, reader.skipped)
    if engine is not None:
        if reader.unreadable or reader.boms or reader.skipped:
            engine.mark("a file the rule pass could not read as plain UTF-8 CSV")
        outcome.clean, outcome.suspect = engine.clean(), engine.suspect
    return outcome


def run_rules_within(
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    seconds: float | None,
    megabytes: float | None,
) -> RulesOutcome:
    """The rule pass in its own process, under its own budget (the parent's does not see it)."""
    budget = Budget(seconds, megabytes)
    try:
        with budget:
            return run_rules_here(package, archive, use_engine)
    except BudgetExceeded:
        raise BudgetExceeded(f"kzfacts' rule pass: {budget.reason}") from None


class _Pending:
    """kzfacts' rule pass, done here (a finished future) or running in its own process; calling it
    waits for the outcome."""

    def __init__(
        self,
        future: Future[RulesOutcome],
        executor: ProcessPoolExecutor | None = None,
        suspected: Any = None,
    ) -> None:
        self._future, self._executor, self._suspected = future, executor, suspected

    def ready(self) -> bool:
        return self._future.done()

    def settle(self) -> None:
        """Wait until the outcome is ready or the engine has suspected the package, in short waits
        so this thread's own budget can interrupt between them."""
        try:
            while not self.ready() and not (self._suspected is not None and self._suspected.is_set()):
                wait_for([self._future], timeout=0.05)
        except BaseException:
            self._stop()
            raise

    def __call__(self) -> RulesOutcome:
        try:
            while True:
                with contextlib.suppress(WaitTimeout):
                    return self._future.result(timeout=0.1)
        except BaseException:
            self._stop()
            raise
        finally:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)

    def _stop(self) -> None:
        """The parent's budget ran out: do not wait for the rule pass."""
        for process in getattr(self._executor, "_processes", {}).values():
            process.terminate()


def start_rules(
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    seconds: float | None,
    megabytes: float | None,
) -> _Pending:
    """Start kzfacts' rule pass.

    For large data on a machine with two or more cores, the pass runs in its own process, so
    frictionless can run beside it and the rules add almost no wall time. That process is started
    by a fork server (or spawned), never forked from the caller: a library called from notebooks
    and threaded servers must not fork a multi-threaded process (Python 3.12+ warns that it may
    deadlock). Small data runs here, first.
    """
    size = 0
    for spec in package.resources:
        with contextlib.suppress(OSError):
            size += package.file(spec.name).stat().st_size
    if size < PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        done: Future[RulesOutcome] = Future()
        done.set_result(run_rules_here(package, archive, use_engine))
        return _Pending(done)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    suspected = context.Event()
    executor = ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_share_suspicion, initargs=(suspected,)
    )
    future = executor.submit(run_rules_within, package, archive, use_engine, seconds, megabytes)
    return _Pending(future, executor, suspected)
