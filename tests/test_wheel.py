"""The built wheel carries the data and works from a fresh environment, outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

USE_OUTSIDE_THE_TREE = """
import json, sys, kzfacts
path = kzfacts.package_path()
assert "site-packages" in str(path), path
assert (path.parent / "data" / "corridor_tonnage.csv").is_file()
fig = kzfacts.corridor_tonnage().get("titr-2023-masarat")
spell = kzfacts.memberships().get("kaz-ifas-chair-2024")
df = kzfacts.frame("corridor_tonnage")
print(json.dumps({
    "version": kzfacts.__version__,
    "value": fig.value,
    "org": kzfacts.organization_of(spell).acronym,
    "rows": len(df),
    "status_dtype": str(df["status"].dtype),
    "valid": kzfacts.validate().valid,
}))
"""


def build(kind: str, out: Path) -> Path:
    """Build the wheel or sdist with the build backend installed here (no package index needed);
    a failed build shows its output."""
    done = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (found,) = out.glob("kzfacts-*.whl" if kind == "wheel" else "kzfacts-*.tar.gz")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("wheel", tmp_path_factory.mktemp("dist"))


def test_wheel_contains_the_data_package(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("sources", "organizations", "memberships", "events", "corridor_tonnage"):
        assert f"kzfacts/datapackage/data/{name}.csv" in names
    assert "kzfacts/datapackage/datapackage.json" in names
    assert "kzfacts/py.typed" in names


def test_wheel_metadata_declares_both_licences(wheel: Path):
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode("utf-8")
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    assert "License-File: LICENSE" in text and "License-File: LICENSE-DATA" in text
    assert any(n.endswith("licenses/LICENSE-DATA") for n in archive.namelist())
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in text
    assert "Requires-Python: >=3.10" in text
    assert "Project-URL: Documentation, https://kzfacts.github.io/kzfacts/" in text
    # Links in the README (the package index's project page) are absolute.
    description = text.split("\n\n", 1)[1]
    assert "](docs/" not in description and "](https://" in description


def test_sdist_carries_what_its_tests_need(tmp_path: Path):
    import tarfile

    sdist = build("sdist", tmp_path)
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in (
        "mkdocs.yml",
        "noxfile.py",
        "LICENSE-DATA",
        "tests/conftest.py",
        "checks/test_quality.py",
        "datapackage/datapackage.json",
        "tools/generate.py",
        ".pre-commit-hooks.yaml",
    ):
        assert needed in names, needed


@pytest.mark.network
def test_wheel_works_in_a_fresh_venv(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    out = subprocess.run(
        [str(python), "-c", USE_OUTSIDE_THE_TREE], cwd=workdir, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    import json

    import kzfacts

    result = json.loads(out.stdout)
    assert result == {
        "version": kzfacts.__version__,
        "value": 2.8,
        "org": "IFAS",
        "rows": len(kzfacts.corridor_tonnage()),
        "status_dtype": "category",
        "valid": True,
    }
    cli = subprocess.run(
        [str(env_dir / "bin" / "kzfacts"), "validate"], cwd=workdir, capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
