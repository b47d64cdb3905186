"""Reproducible releases: a version means one set of data, the bump the diff requires, every past
release loadable offline, byte-identical exports, and release metadata kept in step."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import kzfacts
from kzfacts.diff.bump import covers, least, lowest
from kzfacts.reading import build

REPO = Path(__file__).resolve().parent.parent
BUNDLED = kzfacts.package_path().parent


# --- a version means one set of data ---------------------------------------------------------


def test_main_carries_a_development_version_and_says_so_everywhere(tmp_path):
    meta = kzfacts.Package().spec.meta
    assert meta.unreleased and meta.version == kzfacts.__version__
    said = "(unreleased: the data fingerprint identifies it)"
    assert said in kzfacts.cite(style="bibtex") and said in kzfacts.cite(style="ris")
    assert f"(Version {meta.version}, unreleased) [Dataset]" in kzfacts.cite(style="apa")
    info = subprocess.run(
        [sys.executable, "-m", "kzfacts", "info"], capture_output=True, text=True, check=True
    )
    assert f"data package version {meta.version} {said}" in info.stdout
    kzfacts.export(tmp_path / "out", "csv")
    assert f"data package version: {meta.version} {said}" in (tmp_path / "out" / "ABOUT.txt").read_text(
        "utf-8"
    )


# --- the bump the diff requires ----------------------------------------------------------------


def _copy(tmp: Path, name: str) -> Path:
    target = tmp / name
    shutil.copytree(BUNDLED, target)
    return target


def _edit(folder: Path, change) -> kzfacts.Package:
    path = folder / "datapackage.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    return kzfacts.Package(folder)


def _field(raw: dict, resource: str, name: str) -> dict:
    fields = next(r for r in raw["resources"] if r["name"] == resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == name)


def _rows(folder: Path, name: str, change) -> None:
    path = folder / "data" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")
    build.write(folder / "datapackage.json")


def _constraints(resource: str, name: str) -> Callable[[dict], dict]:
    return lambda raw: _field(raw, resource, name).setdefault("constraints", {})


STATUS, CITY, NAME, EDITION = (
    _constraints("corridor_tonnage", "status"),
    _constraints("events", "city"),
    _constraints("events", "name_en"),
    _constraints("events", "edition"),
)
CASES = [
    ("enum narrowed", lambda raw: STATUS(raw)["enum"].remove("derived"), "major"),
    ("enum widened", lambda raw: STATUS(raw)["enum"].append("estimate"), "minor"),
    ("now required", lambda raw: CITY(raw).update(required=True), "major"),
    ("no longer required", lambda raw: NAME(raw).update(required=False), "minor"),
    ("type changed", lambda raw: _field(raw, "events", "edition").update(type="number"), "major"),
    ("minimum raised", lambda raw: EDITION(raw).update(minimum=2), "major"),
    ("metadata", lambda raw: raw.update(title="kzfacts, retitled"), "patch"),
]


@pytest.mark.parametrize(("case", "change", "level"), CASES, ids=[c[0] for c in CASES])
def test_the_least_bump_of_a_schema_change(tmp_path, case, change, level):
    new = _edit(_copy(tmp_path, "new"), change)
    found = kzfacts.Package().diff(new)
    assert (found.bump, least(found).level) == (level, level)


def test_records_removed_added_and_corrected_require_major_minor_patch(tmp_path):
    folder = _copy(tmp_path, "records")
    _rows(folder, "claims", lambda lines: [line.replace(",supports,", ",qualifies,", 1) for line in lines])
    assert kzfacts.Package().diff(kzfacts.Package(folder)).bump == "patch"
    _rows(
        folder, "claims", lambda lines: [*lines, lines[-1].replace(lines[-1].split(",")[0], "c-new-one", 1)]
    )
    assert kzfacts.Package().diff(kzfacts.Package(folder)).bump == "minor"
    _rows(folder, "claims", lambda lines: lines[:-2])
    found = kzfacts.Package().diff(kzfacts.Package(folder))
    assert found.bump == "major" and found.bump_reasons == ("claims: 1 record(s) removed",)


def test_version_arithmetic_follows_semver_with_the_zero_major_convention():
    assert [lowest("0.1.0", level) for level in ("major", "minor", "patch")] == ["0.2.0", "0.2.0", "0.1.1"]
    assert [lowest("1.4.2", level) for level in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]
    assert covers("0.1.0", "0.2.0.dev0", "minor") and not covers("0.1.0", "0.1.1", "minor")
    assert covers("1.4.2", "1.4.3", "patch") and not covers("1.4.2", "1.4.2", "patch")


def test_the_diff_from_the_last_release_names_the_bump_and_the_check_refuses_a_smaller_version(tmp_path):
    found = kzfacts.Package.release("0.1.0").diff(kzfacts.Package())
    assert found.bump == "minor" and "reviews: resource added" in found.bump_reasons
    cli = [sys.executable, "-m", "kzfacts", "diff", "release:0.1.0"]
    done = subprocess.run(
        [*cli, str(BUNDLED), "--check-version", "--format", "json"], capture_output=True, text=True
    )
    assert done.returncode == 0 and json.loads(done.stdout)["bump"] == "minor"
    assert "version 0.2.0.dev0 covers the changes from 0.1.0 (least bump: minor)" in done.stderr
    low = _edit(_copy(tmp_path, "low"), lambda raw: raw.update(version="0.1.1"))
    done = subprocess.run([*cli, str(low.path.parent), "--check-version"], capture_output=True, text=True)
    assert done.returncode == 1
    assert (
        "error: version 0.1.1 is lower than the changes require: a minor change from 0.1.0 needs 0.2.0"
        in done.stderr
    )


# --- byte-identical exports ----------------------------------------------------------------------

FORMATS = ("csv", "json", "sqlite", "parquet", "xlsx")


def _export_all(out: Path, tz: str) -> dict[str, str]:
    code = "import kzfacts, sys\nfor fmt in sys.argv[2:]:\n    kzfacts.export(sys.argv[1] + '/' + fmt, fmt)"
    env = {**os.environ, "TZ": tz}
    subprocess.run([sys.executable, "-c", code, str(out), *FORMATS], check=True, env=env, timeout=300)
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_two_exports_are_byte_identical_in_every_format(tmp_path):
    """Exported in two processes, seconds apart and in two time zones: no wall-clock time, no
    order that varies, no writer setting left to chance (within one set of library versions)."""
    first = _export_all(tmp_path / "one", "UTC")
    time.sleep(2.1)  # a zip records times to two seconds
    second = _export_all(tmp_path / "two", "Asia/Almaty")
    assert {name.split("/")[0] for name in first} == set(FORMATS)
    assert first == second


# --- release metadata where archives and search engines read it -------------------------------


def test_zenodo_and_citation_cff_say_the_same():
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert (zenodo["title"], zenodo["version"], zenodo["description"]) == (
        cff["title"],
        cff["version"],
        cff["abstract"],
    )
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == cff["license"].lower() and zenodo["upload_type"] == "dataset"
    assert zenodo["publication_date"] == cff["date-released"] and zenodo["keywords"] == cff["keywords"]


def test_the_home_page_carries_schema_org_dataset_json_ld():
    page = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    (block,) = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    data = json.loads(block)
    assert (data["@context"], data["@type"]) == ("https://schema.org/", "Dataset")
    assert data["version"] == kzfacts.__version__ and data["name"] == kzfacts.Package().spec.title
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["creator"] == [{"@type": "Organization", "name": "kzfacts maintainers"}]
    assert re.fullmatch(r"\d{4}/\d{4}", data["temporalCoverage"])
    assert data["spatialCoverage"]["name"] == "Kazakhstan" and data["identifier"] == kzfacts.fingerprint()
    assert {d["encodingFormat"] for d in data["distribution"]} == {"application/json", "text/csv"}
