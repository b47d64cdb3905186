"""The processes that do validation's work on untrusted input, and how their parent watches them.

A validation's work runs in a worker process (``python -I``, importing this same kzfacts), never
in the caller's: only the operating system can stop a C call such as ``csv.Sniffer``'s quadratic
regex, or a reader that swallows gigabytes, so the caller kills the worker's process group when
the budget runs out. A worker speaks one JSON object per line on its stdout and reads its request
on stdin (the command line forks one before its request is known, see :mod:`.prestart`); stdin
reaching its end means the parent is gone, and on Linux the kernel also kills a
worker whose parent dies (``PR_SET_PDEATHSIG``), so no worker outlives the validation, however
the caller ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import IO, TYPE_CHECKING, Any, ClassVar

_BOOT = (
    "import sys, json; sys.path[:0] = json.loads(sys.argv[1]); "
    "from kzfacts.validation.worker import main; main(int(sys.argv[2]))"
)
"""The worker's start: ``-I`` keeps the working directory (perhaps a fork's checkout holding its own
``kzfacts/``) and environment variables off its path; the caller's path and process id are given
explicitly."""
Message = dict[str, Any]

if TYPE_CHECKING:
    from typing import TypeAlias

    Worker: TypeAlias = "subprocess.Popen[bytes] | Forked"
    """A worker process: exec'd (``python -I``), or forked ahead of its request by :mod:`.prestart`."""


def _start(*, own_group: bool) -> subprocess.Popen[bytes]:
    here = str(Path(__file__).resolve().parents[2])  # the folder holding this kzfacts
    path = [here, *(entry for entry in sys.path if entry)]
    return subprocess.Popen(
        [sys.executable, "-I", "-c", _BOOT, json.dumps(path), str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=own_group and os.name == "posix",
    )


def spawn(request: Message, *, own_group: bool, started: Worker | None = None) -> Worker:
    """Start a worker on ``request``, or give it to ``started`` (one :mod:`.prestart` forked ahead);
    ``own_group`` makes it lead a new process group, which the caller kills as a whole (the
    worker's own helper processes included)."""
    if started is not None:
        with contextlib.suppress(OSError):  # a forked worker that has gone: a new one is started
            return _send(started, request)
        stop(started, group=True)
    return _send(_start(own_group=own_group), request)


def _send(process: Worker, request: Message) -> Worker:
    assert process.stdin is not None
    process.stdin.write(json.dumps(request).encode() + b"\n")
    process.stdin.flush()
    return process  # stdin stays open: its end tells the worker that its parent is gone


class Forked:
    """The parent's handle on a worker :mod:`.prestart` forked: the parts of ``subprocess.Popen`` used
    (its pipes, its process id, which is also its process group's, polling, waiting, killing)."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1  # reaped elsewhere: its status is lost
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0.0)
            time.sleep(0.002)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)


class Inbox:
    """A worker's messages, read by a thread as they come (so the worker never blocks on a full
    pipe), taken here with a timeout."""

    _END: ClassVar[Message] = {}

    def __init__(self, stream: IO[bytes]) -> None:
        self._queue: SimpleQueue[Message] = SimpleQueue()
        self.ended = False
        threading.Thread(target=self._read, args=(stream,), name="kzfacts-inbox", daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                with contextlib.suppress(ValueError):
                    message = json.loads(line)
                    if isinstance(message, dict):
                        self._queue.put(message)
        self._queue.put(self._END)

    def take(self, timeout: float) -> Message | None:
        """The next message, or None when none came within ``timeout`` or the worker has ended."""
        try:
            message = self._queue.get(timeout=max(timeout, 0.0))
        except Empty:
            return None
        if message is self._END:
            self.ended = True
            return None
        return message

    def drain(self) -> Iterator[Message]:
        """Every message until the worker ends (for a worker already known to finish)."""
        while not self.ended:
            message = self.take(3600.0)
            if message is not None:
                yield message


def stop(process: Worker, *, group: bool) -> None:
    """Kill a worker (and, with ``group``, every process of its group) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if group and os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(OSError):
        if process.stdin is not None:
            process.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def group_megabytes(group: int) -> float | None:
    """Resident memory of every process in process group ``group`` together (Linux), or None where
    /proc cannot tell (then only the worker's own address-space limit bounds memory)."""
    total = 0
    found = False
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 21 and int(fields[2]) == group:
            found = True
            total += int(fields[21])
    return total * os.sysconf("SC_PAGE_SIZE") / 1_048_576 if found else None


def alive(pid: int) -> bool:
    """True while process ``pid`` exists and is not a zombie (tests ask it of a worker)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return state != b"Z"
