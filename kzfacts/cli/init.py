"""``kzfacts init``: start a fork of the data in a new folder, with the checks a fork's repository runs.

The files it writes beside the data are templates here, so that the wheel carries them; the
repository keeps the same files under ``workflows/`` for the documentation, and a test holds the
two equal.
"""

from __future__ import annotations

import argparse

from kzfacts.cli.common import echo
from kzfacts.errors import InvalidArgumentError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

PRE_COMMIT_CONFIG = """\
# pre-commit: validate the data package on every commit that changes it (--strict: unreviewed
# warnings fail too, as in the workflow). Set up once per clone:
#   pip install pre-commit && pre-commit install
# Written by kzfacts init (kzfacts {version}).
#
# This hook runs the kzfacts installed where you commit, so it works before kzfacts is published:
# install kzfacts from its repository, pip install "kzfacts @ git+https://github.com/kzfacts/kzfacts",
# or from a clone of it, pip install ./kzfacts. A CSV file outside the data package is skipped.
#
# Once the kzfacts repository has the tag v{release}, pre-commit can install kzfacts by itself
# (nothing to install where you commit): replace the repos: below with
#   repos:
#     - repo: https://github.com/kzfacts/kzfacts
#       rev: v{release}
#       hooks:
#         - id: kzfacts-validate
#           args: [--strict]
repos:
  - repo: local
    hooks:
      - id: kzfacts-validate
        name: kzfacts validate
        entry: kzfacts validate --strict
        language: system
        files: (datapackage\\.json|\\.csv)$
        require_serial: true
"""

WORKFLOW = """\
# GitHub Actions: validate the data package on every push and pull request; on a pull request,
# also post what changed in the data (kzfacts diff against the base branch) to the job summary.
# Written by kzfacts init (kzfacts {version}).
#
# The action installs kzfacts from its own repository at the ref after the @, so it works before
# kzfacts is published. @main follows kzfacts' main branch; once the tag v{release} exists, pin it:
#   - uses: kzfacts/kzfacts@v{release}
name: data
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  data:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: kzfacts/kzfacts@main
        with:
          package: datapackage
"""

WRITTEN = {
    ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
    ".github/workflows/data.yml": WORKFLOW,
}
"""What ``kzfacts init`` writes beside the data package: path in the fork -> template."""


def templates(version: str) -> dict[str, str]:
    """The files ``kzfacts init`` writes beside the data, for kzfacts ``version``: what they pin is
    the latest release (a development version has no tag)."""
    from kzfacts.reading.archives import latest_release

    release = latest_release() or version
    return {path: text.format(version=version, release=release) for path, text in WRITTEN.items()}


def run(args: argparse.Namespace) -> None:
    """Start a fork of the data in a new folder: a copy of the data package, a pre-commit config
    that validates each commit, and a GitHub Actions workflow that validates each push and posts a
    pull request's data changes. DIR must be new or empty.

    Examples:
      kzfacts init my-fork
      cd my-fork && git init && pre-commit install
    """
    target: Path = args.dir
    _check_empty(target)
    created = not target.exists()
    wrote: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        version, count = _copy_package(target / "datapackage", wrote)
        for name, text in templates(version).items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            wrote.append(path)
    except BaseException:
        _remove(target, wrote, created)
        raise
    _report(target, version, count)


def _check_empty(target: Path) -> None:
    """A new fork goes into a new or empty folder: refuse to mix it with files already there."""
    if target.exists() and not target.is_dir():
        raise InvalidArgumentError(f"{target} exists and is not a folder; give a new or empty folder")
    if target.is_dir():
        present = sorted(p.name for p in target.iterdir())
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise InvalidArgumentError(
                f"{target} is not empty (it holds {shown}); kzfacts init writes a new fork into a new "
                "or empty folder, so give another one (or remove what is there)"
            )


def _copy_package(folder: Path, wrote: list[Path]) -> tuple[str, int]:
    """Copy the bundled descriptor and the data files it lists (nothing else) into ``folder``;
    return the package's version and the number of data files."""
    import shutil

    from kzfacts.contract.locate import bundled, bundled_path

    spec = bundled()
    source = bundled_path()
    folder.mkdir()
    wrote.append(folder)
    shutil.copyfile(source, folder / source.name)
    for resource in spec.resources:
        (folder / resource.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(spec.file(resource.name), folder / resource.path)
    return spec.version, len(spec.resources)


def _remove(target: Path, wrote: list[Path], created: bool) -> None:
    """Undo a fork that could not be written whole, so a second try meets an empty folder."""
    import shutil

    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for path in wrote:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(target / ".github", ignore_errors=True)


def _report(target: Path, version: str, count: int) -> None:
    from kzfacts.printable import printable

    echo(report(printable(str(target)), version, count))


def report(where: str, version: str, count: int) -> str:
    """What ``kzfacts init`` prints after writing a fork into ``where`` (docs/fork.md shows it)."""
    lines = [
        f"kzfacts init: a fork of the kzfacts {version} data in {where}",
        f"  datapackage/                the data package: datapackage.json and {count} CSV files",
        "  .pre-commit-config.yaml     validates each commit that changes the data",
        "  .github/workflows/data.yml  validates each push; posts a pull request's data changes",
        "next:",
        f"  cd {where} && git init && pre-commit install    (pip install pre-commit first)",
        "  edit datapackage/data/*.csv, then: kzfacts build datapackage && kzfacts validate --strict",
        "  git add . && git commit    (the hook validates the data; an invalid commit is refused)",
        "guide: https://kzfacts.github.io/kzfacts/fork/",
    ]
    return "\n".join(lines)


def options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument("dir", type=Path, metavar="DIR", help="The new fork's folder: new or empty.")
