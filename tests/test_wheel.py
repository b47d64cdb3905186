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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("kzfacts-*.whl")
    return found


def test_wheel_contains_the_data_package(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("sources", "organizations", "memberships", "events", "corridor_tonnage"):
        assert f"kzfacts/datapackage/data/{name}.csv" in names
    assert "kzfacts/datapackage/datapackage.json" in names
    assert "kzfacts/py.typed" in names


@pytest.mark.slow
def test_wheel_works_in_a_fresh_venv(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True
    )
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
