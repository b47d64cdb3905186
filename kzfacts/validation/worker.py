"""The worker process: it runs a validation's phases on untrusted input under limits the operating
system enforces, and tells its parent each problem as one JSON line.

Its request (one JSON line on stdin) names the package, the archive folder, the engine, the budget
and the part to run: ``all`` (every phase; the reports' only source) or ``frictionless`` (just
frictionless' check, run beside the rule pass for large data). Started by :mod:`.process`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies, then check the parent has not died
    already; elsewhere, the end of stdin (watched below) and the CPU limit do the same job."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _watch_stdin(stdin: IO[bytes]) -> None:
    """Exit at once when the parent closes stdin or goes away."""
    with contextlib.suppress(OSError, ValueError):
        while stdin.read(65536):
            pass
    os._exit(1)


def _limit(seconds: float | None, megabytes: float | None) -> None:
    """CPU seconds and address space, enforced by the kernel: a backstop behind the parent's clock
    and its measure of resident memory."""
    try:
        import resource
    except ImportError:  # not a Unix
        return
    if seconds is not None:
        cpu = math.ceil(seconds) + 2
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if megabytes is not None:
        space = int((2 * megabytes + 512) * 1_048_576)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (space, space))


class _Channel:
    """The parent's end of this worker's stdout: nothing else may write there, so the real stdout
    and stderr go to /dev/null (a library that prints cannot corrupt the messages)."""

    def __init__(self) -> None:
        self._out = os.fdopen(os.dup(1), "wb")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        self._lock = threading.Lock()

    def send(self, **message: Any) -> None:
        data = json.dumps(message, ensure_ascii=True).encode() + b"\n"
        with self._lock:
            self._out.write(data)
            self._out.flush()


def main(parent: int) -> None:
    """Run the request on stdin; every outcome, a crash included, is a message, never a traceback.

    Validation's phases are imported before the request is read: a worker may be started ahead of
    it (:mod:`~kzfacts.validation.prestart`), and its imports are its own code, not input."""
    channel = _Channel()
    _die_with(parent)
    from kzfacts.validation import pipeline  # noqa: F401

    stdin = os.fdopen(0, "rb")  # the file descriptor, whatever a forking caller made sys.stdin
    line = stdin.readline()
    if not line:  # the parent went away, or never needed this worker
        os._exit(1)
    request = json.loads(line)
    threading.Thread(target=_watch_stdin, args=(stdin,), name="kzfacts-parent", daemon=True).start()
    _limit(request.get("seconds"), request.get("megabytes"))
    try:
        _run(request, channel)
    except MemoryError:
        channel.send(memory=True)
    except BaseException as exc:  # reported, so the parent can say what stopped validation
        channel.send(crash=f"{type(exc).__name__}: {exc}")
    os._exit(0)  # no atexit work: a library's clean-up must not keep a finished worker alive


def _run(request: dict[str, Any], channel: _Channel) -> None:
    from kzfacts.validation.pipeline import physical_lines, problems

    target = Path(request["path"])
    archive = None if request.get("sources") is None else Path(request["sources"])
    if request.get("part") == "frictionless":
        from kzfacts.validation.adapter import frictionless_part

        for problem in frictionless_part(target):
            channel.send(problem=asdict(problem))
        channel.send(done=True)
        return
    found = []
    for problem in problems(
        target, archive, request["engine"], request.get("seconds"), request.get("megabytes")
    ):
        found.append(problem)
        channel.send(problem=asdict(problem))
    if request.get("lines"):
        channel.send(lines=physical_lines(target.parent, found))
    channel.send(done=True)
