"""Where packages live: the bundled one, the one in the working directory, the one a file belongs to,
and the installed version."""

from __future__ import annotations

import functools
from pathlib import Path

from kzfacts.contract.spec import PackageSpec, load
from kzfacts.errors import PackageNotFoundError

DESCRIPTOR_NAME = "datapackage.json"


def bundled_path() -> Path:
    """Return the path of the installed ``datapackage.json``.

    A wheel carries the package as ``kzfacts/datapackage/``; an editable install
    or a source checkout reads the repository's top-level ``datapackage/``.
    Both are plain files on disk, so frictionless, R or DuckDB can open them.
    """
    # kzfacts' folder, as importlib.resources gives it for an installed package, without its
    # imports (zipfile, tempfile: a tenth of a small validation's time)
    here = Path(__file__).resolve().parents[1]
    inside = here / "datapackage" / DESCRIPTOR_NAME
    if inside.is_file():
        return inside
    checkout = here.parent / "datapackage" / DESCRIPTOR_NAME
    if checkout.is_file():
        return checkout
    raise PackageNotFoundError(
        f"the bundled {DESCRIPTOR_NAME} is missing (looked in {inside} and {checkout}); "
        "reinstall kzfacts: pip install --force-reinstall kzfacts"
    )


def descriptor_of(path: Path | str) -> Path:
    """The descriptor file for PATH: PATH itself, or the ``datapackage.json`` inside a folder."""
    target = Path(path)
    return target / DESCRIPTOR_NAME if target.is_dir() else target


def local_descriptor(folder: Path | None = None) -> Path | None:
    """The package in the working directory, if any: ``./datapackage.json`` or
    ``./datapackage/datapackage.json``. Commands prefer it to the bundled copy, so that in a fork's
    repository they read the fork."""
    here = folder if folder is not None else Path.cwd()
    for candidate in (here / DESCRIPTOR_NAME, here / "datapackage" / DESCRIPTOR_NAME):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def bundled() -> PackageSpec:
    """The installed package's descriptor, read once per process (the contract forks are held to)."""
    return load(bundled_path())


def containing_descriptor(changed: Path) -> Path | None:
    """The ``datapackage.json`` a changed file belongs to: itself, the one in a folder, or the
    nearest one above a data file (how the pre-commit hook maps changed files to packages)."""
    target = changed.resolve()
    if target.name == DESCRIPTOR_NAME and target.is_file():
        return target
    if target.is_dir() and (target / DESCRIPTOR_NAME).is_file():
        return target / DESCRIPTOR_NAME
    for folder in target.parents:
        if (folder / DESCRIPTOR_NAME).is_file():
            return folder / DESCRIPTOR_NAME
    return None


def installed_version() -> str:
    """kzfacts' version: the installed distribution's, which hatch reads from the bundled descriptor
    (the one place the version is written); the descriptor's own in an uninstalled checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kzfacts")
    except PackageNotFoundError:
        return bundled().version


def shown_folder(descriptor: Path) -> str:
    """A package's folder as a user would type it: relative to the working directory when inside it."""
    folder = descriptor.parent
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve())) or "."
    except (ValueError, OSError):
        return str(folder)
