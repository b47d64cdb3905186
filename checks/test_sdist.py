"""The source distribution passes its own tests, as the wheel does (run with: pytest checks)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_unpacked_sdist_passes_its_tests_and_checks(tmp_path: Path):
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = tmp_path.glob("kzfacts-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (root,) = (tmp_path / "unpacked").iterdir()
    # kzfacts is imported from the unpacked tree (PYTHONPATH comes before this environment's copy),
    # so the tests exercise exactly what the sdist ships.
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests",
            "checks",
            "-m",
            "not network",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "--deselect",
            "checks/test_sdist.py",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    probe = subprocess.run(
        [sys.executable, "-c", "import kzfacts; print(kzfacts.__file__, kzfacts.package_path())"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.startswith(str(root / "kzfacts")), probe.stdout
