"""Where the bundled data package lives: inside the wheel, or beside the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kzfacts.errors import PackageNotFoundError

DESCRIPTOR_NAME = "datapackage.json"


def package_path() -> Path:
    """Return the path of the installed ``datapackage.json``.

    A wheel carries the package as ``kzfacts/datapackage/``; an editable install
    or a source checkout reads the repository's top-level ``datapackage/``.
    Both are plain files on disk, so frictionless, R or DuckDB can open them.
    """
    bundled = resources.files("kzfacts").joinpath("datapackage").joinpath(DESCRIPTOR_NAME)
    if bundled.is_file():
        return Path(str(bundled))
    checkout = Path(__file__).resolve().parent.parent / "datapackage" / DESCRIPTOR_NAME
    if checkout.is_file():
        return checkout
    raise PackageNotFoundError(
        f"the bundled {DESCRIPTOR_NAME} is missing (looked in {bundled} and {checkout}); "
        "reinstall kzfacts: pip install --force-reinstall kzfacts"
    )


def resolve_descriptor(path: Path | str | None) -> Path:
    """The descriptor file for PATH (a datapackage.json or its folder), or the bundled one."""
    target = Path(path) if path is not None else package_path()
    return target / DESCRIPTOR_NAME if target.is_dir() else target
