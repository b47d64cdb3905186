"""The command line's validation worker, forked before its request is known (``validation.prestart``):
it is the worker the validation uses, it ends when its parent no longer needs it, it is never forked
beside another thread, and the command line really forks it rather than starting an interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kzfacts.validation import prestart, supervisor
from kzfacts.validation.process import alive

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


def _alone() -> None:
    """Wait for threads earlier tests left (a worker's reader ends with its pipe)."""
    deadline = time.monotonic() + 10
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]


def test_the_validation_takes_the_forked_worker():
    _alone()
    prestart.warm()
    forked = prestart._spare
    assert forked is not None and alive(forked.pid)
    report = supervisor.run(None, sources=None, seconds=60, megabytes=None, engine="kzfacts")
    assert report.valid and [p.rule for p in report.problems].count("yoy-consistency") == 2
    assert prestart.take() is None  # taken by the run
    assert forked.returncode is not None and not alive(forked.pid)  # and stopped by it


def test_a_forked_worker_never_taken_ends_with_its_pipe():
    _alone()
    prestart.warm()
    forked = prestart.take()
    assert forked is not None
    forked.stdin.close()  # what the parent's exit does
    assert forked.wait(timeout=10) == 1
    forked.stdout.close()


def test_no_fork_beside_another_thread():
    _alone()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        prestart.warm()
        assert prestart.take() is None
    finally:
        release.set()
        other.join()


def test_the_command_line_forks_its_worker(package_copy: Path):
    """The CLI's worker is a fork (its command line is the parent's), not ``python -I``."""
    from test_hostile import _workers_of, quadratic_sniff

    quadratic_sniff(package_copy.parent)  # keeps the worker busy long enough to look at it
    command = [sys.executable, "-m", "kzfacts", "validate", str(package_copy), "--timeout", "30"]
    cli = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        (worker,) = _workers_of(cli.pid)
        with open(f"/proc/{worker}/cmdline", "rb") as handle:
            shown = handle.read().split(b"\0")[:-1]
        assert shown == [os.fsencode(part) for part in command]
        assert os.getpgid(worker) == worker  # it leads its own group, which the budget kills
    finally:
        cli.kill()
        cli.wait(timeout=30)
