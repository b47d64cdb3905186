"""The caller's side of a validation: it starts the worker, collects the problems it reports, holds
it to its budget, and alone writes the report.

The budget is enforced from outside the work: the wall clock here, the resident memory of the
worker's whole process group (sampled from /proc on Linux), and in the worker the kernel's CPU and
address-space limits. Running out kills the group at once and is a ``budget-exceeded`` error with
the problems found so far; it is never "valid". The worker is killed however this call ends
(returns, raises, or is interrupted).
"""

from __future__ import annotations

import time
from pathlib import Path

from kzfacts.contract.locate import bundled, bundled_path, descriptor_of
from kzfacts.validation import prestart
from kzfacts.validation.kinds import Kind
from kzfacts.validation.prescan import DESCRIPTOR_FILE
from kzfacts.validation.problems import Problem, Report, ordered
from kzfacts.validation.process import Inbox, Message, group_megabytes, spawn, stop

_TICK = 0.02
"""Seconds between two looks at the clock and the memory."""


class _Collected:
    """What the worker has said so far."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.lines: dict[str, dict[int, int]] = {}
        self.done = False
        self.crash: str | None = None
        self.memory = False

    def take(self, sent: Message) -> None:
        if "problem" in sent:
            self.problems.append(Problem(**sent["problem"]))
        elif "lines" in sent:
            self.lines = {
                file: {int(row): line for row, line in rows.items()} for file, rows in sent["lines"].items()
            }
        elif "crash" in sent:
            self.crash = str(sent["crash"])
        self.memory = self.memory or "memory" in sent
        self.done = self.done or "done" in sent


def run(
    path: Path | None,
    *,
    sources: Path | None,
    seconds: float | None,
    megabytes: float | None,
    engine: str,
    annotate: bool = False,
) -> Report:
    """Validate the package at ``path`` (None: the bundled one) in a worker, under the budget."""
    target = bundled_path() if path is None else descriptor_of(path)
    request = {
        "path": str(target),
        "sources": None if sources is None else str(sources),
        "engine": engine,
        "seconds": seconds,
        "megabytes": megabytes,
        "lines": annotate,
        "part": "all",
    }
    collected = _Collected()
    process = spawn(request, own_group=True, started=prestart.take())
    assert process.stdout is not None
    inbox = Inbox(process.stdout)
    over: str | None = None
    started = looked = time.monotonic()
    try:
        while not inbox.ended and over is None:
            sent = inbox.take(_TICK)
            if sent is not None:
                collected.take(sent)
            now = time.monotonic()
            if now - looked >= _TICK or sent is None:  # a look at /proc costs more than a message
                over, looked = _over(process.pid, started, seconds, megabytes), now
    finally:
        stop(process, group=True)
    found = collected.problems
    ending = _ending(collected, over, megabytes, process.returncode)
    if ending is not None:
        kind, why = ending
        found.append(kind.problem(DESCRIPTOR_FILE, str(target), None, None, why))
    return Report(str(target), ordered(found, bundled().resource_names), collected.lines)


def _over(group: int, started: float, seconds: float | None, megabytes: float | None) -> str | None:
    """Which limit has run out, in words; None while both hold."""
    if seconds is not None and time.monotonic() - started > seconds:
        return f"validation took longer than its time budget of {seconds:g} s, and was stopped"
    if megabytes is not None:
        used = group_megabytes(group)
        if used is not None and used > megabytes:
            return f"validation used {used:.0f} MB, over its memory budget of {megabytes:g} MB; stopped"
    return None


def _ending(
    collected: _Collected, over: str | None, megabytes: float | None, code: int | None
) -> tuple[Kind, str] | None:
    """How an unfinished validation ended, as the kind of problem and its sent (None: finished)."""
    if over is not None:
        return Kind.BUDGET, over
    if collected.memory:
        limit = f"--max-memory {megabytes:g} MB" if megabytes is not None else "the machine"
        return (
            Kind.BUDGET,
            f"validation ran out of its address space (a limit set from {limit}), and was stopped",
        )
    if collected.crash is not None:
        return Kind.UNEXPECTED_INPUT, f"validation stopped early: {collected.crash}"
    if collected.done:
        return None
    if code is not None and code < 0:
        return (
            Kind.BUDGET,
            f"validation was stopped by the operating system (signal {-code}: a CPU or memory limit)",
        )
    return Kind.UNEXPECTED_INPUT, f"the validation process ended without finishing (exit status {code})"
