"""A new table is its CSV file and its descriptor entry: the path docs/contributing.md describes,
taken in a copy of the repository (its datapackage/ is the package kzfacts bundles there).

No line of kzfacts' code changes: the model is generated from the schema (and read from it before
it is), validation's rules apply by the fields' names, and every table, frame, export, citation and
diff takes the new resource as it takes the others.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REQUIRED, UNIQUE = {"required": True}, {"unique": True}
NEW = {
    "name": "test_extras",
    "path": "data/test_extras.csv",
    "title": "Extras (a test's own table)",
    "description": "A table a test adds, as a contributor would. One row per extra.",
    "schema": {
        "fields": [
            {"name": "id", "type": "string", "description": "Stable id.", "constraints": REQUIRED | UNIQUE},
            {"name": "label", "type": "string", "description": "A label.", "constraints": REQUIRED},
            {"name": "count", "type": "integer", "description": "A count.", "constraints": {"minimum": 0}},
            {"name": "source_id", "type": "string", "description": "Its source.", "constraints": REQUIRED},
            {"name": "locator", "type": "string", "description": "Where.", "constraints": REQUIRED},
            {"name": "evidence", "type": "list", "itemType": "string", "delimiter": ";",
             "description": "Phrases.", "constraints": REQUIRED},
        ],
        "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}}],
    },
}  # fmt: skip
ROWS = "id,label,count,source_id,locator,evidence\nextra-one,One,1,masarat-2025,p7,2.8 مليون طن\n"


def _run(copy: Path, code: str, *script: str) -> str:
    """Python in the copy, with its kzfacts on the path: ``code``, or the script named after it."""
    done = subprocess.run(
        [sys.executable, *script] if script else [sys.executable, "-c", code],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contributor") / "kzfacts-checkout"
    ignore = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".import_linter_cache", "site")
    for name in ("kzfacts", "datapackage", "tools", "docs", "benchmarks", "workflows"):
        shutil.copytree(REPO / name, copy / name, ignore=ignore)
    for name in ("README.md", "CITATION.cff", "mkdocs.yml"):
        shutil.copy(REPO / name, copy / name)
    (copy / "datapackage" / "data" / "test_extras.csv").write_text(ROWS, encoding="utf-8")
    descriptor = copy / "datapackage" / "datapackage.json"
    raw = json.loads(descriptor.read_text(encoding="utf-8"))
    raw["resources"].append(NEW)
    descriptor.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return copy


def test_a_new_table_is_read_before_and_after_its_model_is_generated(repository: Path):
    use = (
        "import kzfacts; p = kzfacts.Package(); t = p.table('test_extras'); r = t.get('extra-one');"
        "print(type(r).__name__, r.count, r.evidence, p.frame('test_extras')['count'].dtype,"
        " [s.id for s in p.sources_of(r)])"
    )
    assert _run(repository, use).split() == [
        "TestExtras",
        "1",
        "('2.8",
        "مليون",
        "طن',)",
        "Int64",
        "['masarat-2025']",
    ]
    _run(
        repository,
        "from kzfacts.reading import build; build.write(build.Path('datapackage/datapackage.json'))",
    )
    _run(repository, "", "tools/generate.py")  # what docs/contributing.md says to run
    models = (repository / "kzfacts" / "models.py").read_text(encoding="utf-8")
    assert (
        "class TestExtras(Record):" in models
        and '"""A table a test adds, as a contributor would."""' in models
    )
    assert _run(repository, use).split()[0] == "TestExtras"


def test_the_new_table_validates_exports_cites_and_diffs(repository: Path, tmp_path: Path):
    _run(
        repository,
        "from kzfacts.reading import build; build.write(build.Path('datapackage/datapackage.json'))",
    )
    report = _run(
        repository, "import kzfacts; r = kzfacts.validate(); print(r.passes(strict=True), r.counts())"
    )
    assert report.startswith("True"), report
    out = tmp_path / "out"
    used = _run(
        repository,
        "import kzfacts; p = kzfacts.Package();"
        f" print(p.export({str(out)!r}, 'sqlite')[0].name);"
        " print(p.cite(p.table('test_extras'), style='ris').count('TY  - '));"
        f" print(kzfacts.Package({str(REPO / 'datapackage')!r}).diff(p).schema[0].change)",
    )
    assert used.split("\n")[:3] == ["kzfacts.db", "2", "resource added"]
    broken = repository / "datapackage" / "data" / "test_extras.csv"
    broken.write_text(ROWS.replace(",1,masarat-2025,", ",-1,nowhere,"), encoding="utf-8")
    _run(
        repository,
        "from kzfacts.reading import build; build.write(build.Path('datapackage/datapackage.json'))",
    )
    found = _run(repository, "import kzfacts; print(sorted(kzfacts.validate().counts()))")
    assert "constraint-error" in found and ("foreign-key" in found or "source-exists" in found)
