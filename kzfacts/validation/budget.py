"""A wall-clock and memory budget for one validation: no input may hang or exhaust a CI runner.

A watchdog thread samples the time and the process' resident memory and, when either runs out,
raises :class:`BudgetExceeded` in the validating thread (CPython's ``PyThreadState_SetAsyncExc``:
unlike a signal, it works in any thread, so ``kzfacts.validate`` keeps its budget when called from a
web server's worker thread). The exception is delivered between two Python instructions, so a
single C call is not cut short; the pre-scan and the contract keep every such call small.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType

_INTERVAL = 0.02


class BudgetExceeded(BaseException):
    """Raised in the validating thread when the budget runs out. A BaseException, so that no
    ``except Exception`` in frictionless or kzfacts swallows it on its way to the report."""


def resident_megabytes() -> float | None:
    """This process' resident memory now (Linux), or its peak so far (macOS and other Unixes);
    None where neither can be read (Windows), where only the time budget applies."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1_048_576 if sys.platform == "darwin" else 1024)


class Budget:
    """``with Budget(seconds, megabytes):`` runs its body under the budget; ``reason`` says which
    limit ran out after BudgetExceeded. ``None`` for either limit means no limit of that kind."""

    def __init__(self, seconds: float | None, megabytes: float | None) -> None:
        self.seconds = seconds
        self.megabytes = megabytes
        self.reason: str | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._target = 0

    def __enter__(self) -> Budget:
        if self.seconds is None and self.megabytes is None:
            return self
        self._target = threading.get_ident()
        self._thread = threading.Thread(target=self._watch, name="kzfacts-budget", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._done.set()
        if self._thread is not None:
            try:
                self._thread.join()
            finally:
                _raise_in(self._target, None)  # clear an exception sent but not yet delivered

    def _watch(self) -> None:
        start = time.monotonic()
        while not self._done.wait(_INTERVAL):
            elapsed = time.monotonic() - start
            if self.seconds is not None and elapsed > self.seconds:
                self.reason = f"validation took longer than its time budget of {self.seconds:g} s"
            elif self.megabytes is not None and (used := resident_megabytes() or 0.0) > self.megabytes:
                self.reason = (
                    f"validation used {used:.0f} MB, more than its memory budget of {self.megabytes:g} MB"
                )
            if self.reason is not None:
                _raise_in(self._target, BudgetExceeded)  # once: the watchdog ends here
                return


def _raise_in(thread_id: int, kind: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(kind) if kind else None
    )
