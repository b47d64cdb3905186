"""kzfacts.Package: any copy of the data, read lazily, with records that remember where they came from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import kzfacts
from kzfacts.errors import DataFileError, InvalidArgumentError, PackageNotFoundError
from kzfacts.reading import build

REPO = Path(__file__).resolve().parent.parent


def fork_of(package_copy: Path) -> kzfacts.Package:
    """A fork where the seed's 2023 figure became 2.9 Mt and a source lost its title; hashes rebuilt."""
    data = package_copy.parent / "data"
    tonnage = data / "corridor_tonnage.csv"
    text = tonnage.read_text(encoding="utf-8")
    assert "titr-2023-masarat,titr,total-cargo,route,2.8," in text
    tonnage.write_text(
        text.replace(
            "titr-2023-masarat,titr,total-cargo,route,2.8,", "titr-2023-masarat,titr,total-cargo,route,2.9,"
        ),
        encoding="utf-8",
    )
    sources = data / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    title = "كازاخستان صوت القوة الناعمة في إعادة صياغة الدبلوماسية العالمية"
    assert text.count(title) == 1
    sources.write_text(text.replace(title, "A forked title"), encoding="utf-8")
    build.write(package_copy)
    return kzfacts.Package(package_copy.parent)


def test_a_fork_is_read_through_every_accessor(package_copy: Path, tmp_path: Path):
    fork = fork_of(package_copy)
    assert fork.path == package_copy and not fork.bundled
    assert fork.corridor_tonnage().get("titr-2023-masarat").value == 2.9
    assert fork.frame("corridor_tonnage").set_index("id").loc["titr-2023-masarat", "value"] == 2.9
    assert fork.frame("corridor_tonnage").attrs["path"] == str(package_copy)
    (seed_value,) = [
        v.value for v in fork.quantity(2023).values if "titr-2023-masarat" in {f.id for f in v.figures}
    ]
    assert seed_value == 2.9
    disputed = next(d for d in fork.disputes() if d.subject == "titr total-cargo (route, Mt) 2023 outcome")
    assert "2.9 Mt" in [side.value for side in disputed.sides]
    assert "A forked title" in fork.cite(
        fork.corridor_tonnage().filter(source_id="masarat-2025"), style="bibtex"
    )
    written = fork.export(tmp_path / "out", "json")
    exported = json.loads((tmp_path / "out" / "corridor_tonnage.json").read_text(encoding="utf-8"))
    assert next(r for r in exported if r["id"] == "titr-2023-masarat")["value"] == 2.9
    assert fork.fingerprint() in (tmp_path / "out" / "ABOUT.txt").read_text(encoding="utf-8")
    assert written[-1].name == "ABOUT.txt"
    # ... and the bundled package is unchanged.
    assert kzfacts.corridor_tonnage().get("titr-2023-masarat").value == 2.8
    assert kzfacts.Package().corridor_tonnage().get("titr-2023-masarat").value == 2.8


def test_records_remember_their_package(package_copy: Path):
    fork = fork_of(package_copy)
    figure = fork.corridor_tonnage().get("titr-2023-masarat")
    assert figure._package is fork.data
    # The module-level functions follow the record to its own package's sources.
    assert kzfacts.sources_of(figure)[0].title == "A forked title"
    assert "A forked title" in kzfacts.cite([figure], style="apa")
    assert kzfacts.claims_about(figure) == fork.claims_about(figure)
    bundled = kzfacts.corridor_tonnage().get("titr-2023-masarat")
    assert kzfacts.sources_of(bundled)[0].title != "A forked title"
    assert figure != bundled  # same id, different data
    with pytest.raises(InvalidArgumentError, match="different packages"):
        kzfacts.cite([figure, bundled])


def test_cite_by_ids_for_a_merged_frame():
    df = kzfacts.frame("corridor_tonnage").merge(kzfacts.frame("sources"), left_on="source_id", right_on="id")
    assert df.attrs == {}  # a merge drops attrs, so the frame itself cannot be cited ...
    with pytest.raises(InvalidArgumentError, match="cite its ids instead"):
        kzfacts.cite(df)
    seed = df[df["source_id"] == "masarat-2025"]
    text = kzfacts.cite(ids=seed["id_x"], style="ris")  # ... but its ids can
    assert "ID  - masarat-2025" in text
    with pytest.raises(
        InvalidArgumentError, match=r"no record with id 'titr-2023' in any resource; similar ids"
    ):
        kzfacts.cite(ids=["titr-2023"])


def test_a_missing_package_is_a_clear_error(tmp_path: Path):
    with pytest.raises(PackageNotFoundError, match="does not exist"):
        kzfacts.Package(tmp_path / "nowhere")
    with pytest.raises(PackageNotFoundError, match=r"has no datapackage\.json"):
        kzfacts.Package(tmp_path)


def test_a_broken_fork_names_file_row_field_and_suggests_validate(package_copy: Path):
    tonnage = package_copy.parent / "data" / "corridor_tonnage.csv"
    tonnage.write_text(tonnage.read_text(encoding="utf-8").replace(",2.8,", ",2.8x,", 1), encoding="utf-8")
    fork = kzfacts.Package(package_copy)
    with pytest.raises(DataFileError) as info:
        fork.corridor_tonnage()
    assert (info.value.path, info.value.row, info.value.field) == ("data/corridor_tonnage.csv", 2, "value")
    assert str(info.value).endswith(f"check the whole package with: kzfacts validate {package_copy.parent}")
    assert fork.sources()  # other tables still load


def test_tables_load_once_across_threads(package_copy: Path):
    fork = kzfacts.Package(package_copy)
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def load() -> None:
        barrier.wait()
        seen.append(fork.events())

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(table is seen[0] for table in seen)


def test_module_functions_are_the_bundled_packages_methods():
    assert kzfacts.events() is kzfacts.Package.__dict__["events"](kzfacts.package.default())
    assert kzfacts.package_path() == kzfacts.Package().path
    assert kzfacts.resource_names() == kzfacts.Package().resource_names
    assert kzfacts.Package() == kzfacts.Package(kzfacts.package_path())


# --- the command line on a fork --------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzfacts", *args], capture_output=True, text=True, cwd=cwd)


def invalid_fork(folder: Path) -> Path:
    shutil.copytree(kzfacts.package_path().parent, folder / "datapackage")
    tonnage = folder / "datapackage" / "data" / "corridor_tonnage.csv"
    tonnage.write_text(tonnage.read_text(encoding="utf-8").replace(",2.8,", ",-2.8,", 1), encoding="utf-8")
    build.write(folder / "datapackage" / "datapackage.json")
    return folder / "datapackage" / "datapackage.json"


def test_validate_in_a_forks_folder_checks_the_fork(tmp_path: Path):
    descriptor = invalid_fork(tmp_path)
    out = run("validate", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == f"package: {descriptor} (found in the working directory)"
    assert "constraint-error" in out.stdout
    as_json = json.loads(run("validate", "--format", "json", cwd=tmp_path).stdout)
    assert as_json["path"] == str(descriptor) and as_json["valid"] is False
    # The other commands read the fork too, and say so.
    info = run("info", cwd=tmp_path)
    assert info.stdout.splitlines()[0] == f"package: {descriptor} (found in the working directory)"
    shown = run(
        "show", "corridor_tonnage", "--where", "id=titr-2023-masarat", "--format", "json", cwd=tmp_path
    )
    assert json.loads(shown.stdout)[0]["value"] == -2.8
    assert shown.stderr.startswith(f"package: {descriptor}")


def test_validate_given_changed_files_checks_the_packages_that_hold_them(tmp_path: Path):
    descriptor = invalid_fork(tmp_path / "repo")
    clean = tmp_path / "other"
    shutil.copytree(kzfacts.package_path().parent, clean)
    changed = descriptor.parent / "data" / "corridor_tonnage.csv"
    out = run(
        "validate",
        str(changed),
        str(descriptor.parent / "data" / "events.csv"),
        str(clean / "data" / "events.csv"),
        cwd=tmp_path,
    )
    assert out.returncode == 1
    assert out.stdout.count("package: ") == 2  # each package once, however many of its files changed
    assert f"package: {descriptor} (holds {changed})" in out.stdout
    assert f"valid: 0 error(s), 0 warning(s), 3 reviewed in {clean / 'datapackage.json'}" in out.stdout
    assert run("validate", str(clean / "data" / "events.csv"), cwd=tmp_path).returncode == 0
    stray = tmp_path / "stray.csv"
    stray.write_text("a\n1\n", encoding="utf-8")
    lost = run("validate", str(stray), cwd=tmp_path)  # not validation's business: skipped, and said
    assert lost.returncode == 0 and f"skipped: {stray} is in no data package" in lost.stderr


def test_version_flag_and_usage_errors_exit_2(tmp_path: Path):
    out = run("--version", cwd=tmp_path)
    assert (out.returncode, out.stdout.strip()) == (0, f"kzfacts {kzfacts.__version__}")
    for args in (
        ("show", "nowhere"),
        ("show", "events", "--format", "yaml"),
        ("cite", "--ids", "no-such-id"),
        ("cite", "--format", "mla"),
        ("export", "--format", "feather", str(tmp_path / "x")),
        ("info", "--package", str(tmp_path / "missing")),
        ("validate", "--format", "xml"),
    ):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.splitlines()[-1].startswith("error: "), args
        assert "Traceback" not in result.stderr, args


@pytest.mark.network
def test_pre_commit_hook_validates_the_changed_package(tmp_path: Path):
    """The hook as published (.pre-commit-hooks.yaml), run by pre-commit itself on a throwaway repo."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit, "pre-commit is in the test extra"
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    shutil.copytree(kzfacts.package_path().parent, repo / "datapackage")
    git("add", ".")

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(REPO), "kzfacts-validate", "--all-files", "--verbose"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    valid = hook()
    assert valid.returncode == 0, valid.stdout[-3000:] + valid.stderr[-3000:]
    assert "(holds datapackage/data/" in valid.stdout or "datapackage.json" in valid.stdout
    invalid_fork_data = repo / "datapackage" / "data" / "corridor_tonnage.csv"
    text = invalid_fork_data.read_text(encoding="utf-8").replace(",2.8,", ",-2.8,", 1)
    invalid_fork_data.write_text(text, encoding="utf-8")
    build.write(repo / "datapackage" / "datapackage.json")
    git("add", ".")
    invalid = hook()
    assert invalid.returncode == 1, invalid.stdout[-3000:]
    assert "constraint-error" in invalid.stdout
    assert f"package: {(repo / 'datapackage' / 'datapackage.json').resolve()}" in invalid.stdout


def test_claims_about_a_fork_record_come_from_the_fork(package_copy: Path):
    """Asked through the bundled package first, a fork's record still gets the fork's claims."""
    claims = package_copy.parent / "data" / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    added = (
        "c-fork-only,corridor_tonnage,titr-2023-masarat,value,supports,,,"
        "masarat-2025,p7,2.8 مليون طن,A fork's own claim.\n"
    )
    claims.write_text("".join(lines) + added, encoding="utf-8")
    build.write(package_copy)
    fork = kzfacts.Package(package_copy)
    figure = fork.corridor_tonnage().get("titr-2023-masarat")
    assert "c-fork-only" in {c.id for c in kzfacts.Package().claims_about(figure)}
    assert "c-fork-only" in {c.id for c in fork.claims_about(figure)}
    bundled = kzfacts.Package().corridor_tonnage().get("titr-2023-masarat")
    assert "c-fork-only" not in {c.id for c in kzfacts.Package().claims_about(bundled)}
