"""Run the test suite on every Python kzfacts declares: ``nox`` (or ``nox -s tests-3.12``).

Each session makes a fresh virtual environment, installs kzfacts with its ``test`` extra and runs
``pytest -m "not network"`` (the network tests build environments from the package index and run
in CI); ``checks`` adds the maintainer checks (mypy, ruff, the docs build) on one Python. Python
versions installed with pyenv are found even when they are not on PATH.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
nox.options.sessions = ["tests", "checks"]
nox.options.reuse_existing_virtualenvs = False

# pyenv keeps each version under ~/.pyenv/versions/X.Y.Z/bin: put them on PATH for nox to find.
_PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
if _PYENV.is_dir():
    found = [str(p / "bin") for p in sorted(_PYENV.iterdir()) if p.name.startswith(tuple(PYTHONS))]
    os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite, as the README runs it, without the tests that need a package index."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "not network", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python="3.11")
def checks(session: nox.Session) -> None:
    """mypy --strict, ruff and the documentation build (the dev extra)."""
    session.install("-e", ".[dev]")
    session.run("pytest", "checks", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """The property tests randomized, with 2,000 examples each (``nox -s fuzz -- -x`` stops at the first
    failure); the suite's own run is derandomized with a few dozen."""
    session.install("-e", ".[test]")
    session.env.update({"KZFACTS_HYPOTHESIS": "fuzz", "KZFACTS_EXAMPLES": "2000"})
    tests = ["tests/test_validate_fuzz.py", "tests/test_engine.py", "tests/test_invariant.py"]
    session.run("pytest", "-q", "-p", "no:cacheprovider", *tests, *session.posargs)
