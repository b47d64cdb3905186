"""A validation worker started before its request is known, so that its imports overlap the caller's.

Validating a package of the bundled size is mostly start-up: an interpreter for the worker
(:mod:`.process`), and the imports of validation's phases in it. The command line knows from its
first argument that it will validate, long before it has parsed the rest and imported what it
reports with; :func:`warm` then forks the worker at once, and the child imports the phases on the
second core while the parent goes on. The next :func:`~.process.spawn` of a process-group leader
takes it (:func:`take`) and sends it the request.

A fork, not a new interpreter: the child starts with every module the parent has, and it runs the
same kzfacts the parent imported (the parent's path, with the working directory's empty entry
removed, as the exec'd worker has it). Only where forking is safe: Linux (the kernel kills the child
with its parent, ``PR_SET_PDEATHSIG``), and a parent with no other thread (a thread holding a lock
at the fork would leave it held in the child). Anywhere else nothing is started here, and the worker
is exec'd as usual. This module imports only ``os`` and ``sys`` before the fork, so the parent pays
almost nothing for it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs milliseconds the fork should not wait for
if TYPE_CHECKING:
    from kzfacts.validation.process import Forked

_spare: Forked | None = None


def _forkable() -> bool:
    threading = sys.modules.get("threading")
    alone = threading is None or threading.active_count() == 1
    return sys.platform.startswith("linux") and alone and hasattr(os, "fork")


def warm() -> None:
    """Fork the next validation's worker now, where that is safe (see the module's text)."""
    global _spare
    if _spare is not None or not _forkable():
        return
    parent = os.getpid()
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the caller's code
        try:
            os.setpgid(0, 0)  # leads its own group, which the parent kills as a whole
            os.dup2(request_read, 0)
            os.dup2(reply_write, 1)
            for fd in (request_read, request_write, reply_read, reply_write):
                os.close(fd)
            _worker(parent)
        finally:
            os._exit(1)
    try:  # noqa: SIM105 (contextlib is not imported yet, and the fork should not wait for it)
        os.setpgid(pid, pid)  # both sides set it, so the group exists whichever runs first
    except OSError:
        pass  # the child has set it already, or has ended (then the request finds that out)
    os.close(request_read)
    os.close(reply_write)
    from kzfacts.validation.process import Forked  # imported while the child imports, not before

    _spare = Forked(pid, os.fdopen(request_write, "wb"), os.fdopen(reply_read, "rb"))


def _worker(parent: int) -> None:
    import signal

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)  # the parent's handlers are the command line's
    sys.path[:] = [entry for entry in sys.path if entry]
    from kzfacts.validation.worker import main

    main(parent)


def take() -> Forked | None:
    """The worker :func:`warm` forked, if any (each is taken once)."""
    global _spare
    spare, _spare = _spare, None
    return spare
