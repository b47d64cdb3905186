"""A fork's tooling: the pre-commit hook's choice of packages, `kzfacts init`, and the workflows
and composite action a fork's CI uses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kzfacts

REPO = Path(__file__).resolve().parent.parent


def repo_file(name: str) -> Path:
    """A file the repository ships for forks (workflows/, action.yml). The sdist does not carry
    them (pyproject's sdist include), so its unpacked tests skip what needs them; a git checkout
    must have them."""
    path = REPO / name
    if not path.exists() and not (REPO / ".git").exists():
        pytest.skip(f"{name} is not in the sdist")
    return path


def kz(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzfacts", *args], capture_output=True, text=True, cwd=cwd)


def test_a_file_in_no_package_is_skipped_and_said_so(tmp_path: Path):
    """pre-commit passes every changed CSV: one outside any package is not the hook's business."""
    (tmp_path / "scratch.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    alone = kz("validate", "scratch.csv", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert "skipped: scratch.csv is in no data package" in alone.stderr
    assert "nothing to validate" in alone.stderr
    assert kz("validate", "scratch.csv", "--format", "json", cwd=tmp_path).stdout.strip() == "[]"
    shutil.copytree(kzfacts.package_path().parent, tmp_path / "datapackage")
    events = tmp_path / "datapackage" / "data" / "events.csv"
    both = kz("validate", "scratch.csv", str(events.relative_to(tmp_path)), cwd=tmp_path)
    assert both.returncode == 0, both.stdout + both.stderr
    assert "skipped: scratch.csv" in both.stderr and "nothing to validate" not in both.stderr
    assert "(holds datapackage/data/events.csv)" in both.stdout
    events.write_text(events.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    broken = kz("validate", "scratch.csv", str(events.relative_to(tmp_path)), cwd=tmp_path)
    assert broken.returncode == 1  # skipping one file never hides another file's package
    (tmp_path / "folder").mkdir()
    folder = kz("validate", "folder", cwd=tmp_path)
    assert folder.returncode == 2 and "folder is in no data package" in folder.stderr
    assert json.loads(kz("validate", "folder", "--format", "json", cwd=tmp_path).stdout)["exit_code"] == 2


# --- kzfacts init -------------------------------------------------------------------------------

VERSION = kzfacts.Package().version
RELEASE = kzfacts.releases()[-1].version
"""The latest release: what pins and tags name (a development version has no tag)."""
SHIPPED = {
    ".github/workflows/data.yml": "workflows/data.yml",
    ".pre-commit-config.yaml": "workflows/pre-commit-config.yaml",
}
"""What kzfacts init writes beside the data -> the file the repository ships (and the docs show)."""


def test_init_writes_the_data_a_pre_commit_config_and_a_workflow(tmp_path: Path):
    out = kz("init", "my-fork", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    fork = tmp_path / "my-fork"
    bundled = kzfacts.package_path().parent
    written = sorted(str(p.relative_to(fork)) for p in fork.rglob("*") if p.is_file())
    data = sorted(f"datapackage/{r.path}" for r in kzfacts.Package().spec.resources)
    assert written == sorted([*SHIPPED, "datapackage/datapackage.json", *data])
    for name in ["datapackage.json", *(d.removeprefix("datapackage/") for d in data)]:
        assert (fork / "datapackage" / name).read_bytes() == (bundled / name).read_bytes(), name
    for name, shipped in SHIPPED.items():
        assert (fork / name).read_text(encoding="utf-8") == repo_file(shipped).read_text(encoding="utf-8"), (
            f"{shipped} is stale: kzfacts init /tmp/f && cp /tmp/f/{name} {shipped}"
        )
    assert out.stdout.splitlines()[0] == f"kzfacts init: a fork of the kzfacts {VERSION} data in my-fork"
    checked = kz("validate", "--strict", cwd=fork)
    assert checked.returncode == 0, checked.stdout
    assert "(found in the working directory)" in checked.stdout.splitlines()[0]


def test_init_refuses_a_folder_that_holds_files_and_writes_nothing(tmp_path: Path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    out = kz("init", "taken", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: taken is not empty (it holds notes.txt); kzfacts init writes a new")
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    out = kz("init", "file", cwd=tmp_path)
    assert out.returncode == 2 and "file exists and is not a folder" in out.stderr
    (tmp_path / "empty").mkdir()
    assert kz("init", "empty", cwd=tmp_path).returncode == 0  # an empty folder is fine
    assert kz("init", cwd=tmp_path).returncode == 2  # DIR is required


def test_init_leaves_nothing_behind_when_it_cannot_finish(tmp_path: Path, monkeypatch):
    from kzfacts.cli import init, run

    def broken(version: str) -> dict[str, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(init, "templates", broken)
    (tmp_path / "empty").mkdir()
    assert run(["init", str(tmp_path / "new")]) == 1
    assert run(["init", str(tmp_path / "empty")]) == 1
    assert not (tmp_path / "new").exists() and list((tmp_path / "empty").iterdir()) == []


def _git_env(tmp_path: Path) -> dict[str, str]:
    """A commit's environment: kzfacts (the one under test) and pre-commit on PATH, no user config."""
    import os

    here = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": here + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }


def _tools() -> tuple[str, str]:
    git = shutil.which("git")
    if git is None:
        import pytest

        pytest.skip("git is not installed")
    here = str(Path(sys.executable).parent)
    pre_commit = shutil.which("pre-commit", path=here)
    assert pre_commit, "pre-commit is in the test extra"
    assert shutil.which("kzfacts", path=here), "kzfacts is installed (pip install -e '.[test]')"
    return git, pre_commit


def test_a_fork_from_init_commits_valid_data_and_refuses_invalid_data(tmp_path: Path):
    """The issue's case, offline: kzfacts init, git init, pre-commit install, then commits."""
    git, pre_commit = _tools()
    env = _git_env(tmp_path)
    assert kz("init", "fork", cwd=tmp_path).returncode == 0
    fork = tmp_path / "fork"

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=fork, env=env, capture_output=True, text=True, timeout=600)

    assert sh(git, "init", "-q").returncode == 0
    installed = sh(pre_commit, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    sh(git, "add", ".")
    first = sh(git, "commit", "-m", "Start a fork")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "kzfacts validate" in first.stderr + first.stdout and "Passed" in first.stderr + first.stdout

    (fork / "scratch.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    sh(git, "add", "scratch.csv")
    scratch = sh(git, "commit", "-m", "A scratch file outside the package")
    assert scratch.returncode == 0, scratch.stdout + scratch.stderr

    figures = fork / "datapackage" / "data" / "corridor_tonnage.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",2.8,", ",-2.8,", 1), encoding="utf-8")
    assert kz("build", "datapackage", cwd=fork).returncode == 0
    sh(git, "add", "-A")
    broken = sh(git, "commit", "-m", "A negative figure")
    assert broken.returncode == 1
    said = broken.stdout + broken.stderr  # git relays the hook's output on stderr
    assert "kzfacts validate" in said and "Failed" in said and "[constraint-error]" in said
    assert sh(git, "log", "--format=%s").stdout.splitlines() == [
        "A scratch file outside the package",
        "Start a fork",
    ]


# --- the shipped workflows, the action and their docs ------------------------------------------


def _fenced(page: Path, marker: str) -> str:
    """The fenced block that follows ``<!-- MARKER -->`` in a docs page, without its fences."""
    text = page.read_text(encoding="utf-8")
    after = text.split(f"<!-- {marker} -->\n", 1)[1]
    assert after.startswith("```"), (page, marker)
    return after.split("\n", 1)[1].split("\n```\n", 1)[0] + "\n"


def test_the_docs_show_the_shipped_files_and_what_init_prints(tmp_path: Path):
    fork_page = REPO / "docs" / "fork.md"
    for shipped in SHIPPED.values():
        expected = repo_file(shipped).read_text(encoding="utf-8")
        assert _fenced(fork_page, f"file: {shipped}") == expected, shipped
    for page, shipped in (("diff.md", "workflows/data.yml"), ("validation.md", "workflows/data.yml")):
        expected = repo_file(shipped).read_text(encoding="utf-8")
        assert _fenced(REPO / "docs" / page, f"file: {shipped}") == expected, page
    validation_page = REPO / "docs" / "validation.md"
    pre_commit = repo_file("workflows/pre-commit-config.yaml").read_text(encoding="utf-8")
    assert _fenced(validation_page, "file: workflows/pre-commit-config.yaml") == pre_commit
    printed = kz("init", "my-fork", cwd=tmp_path).stdout
    assert _fenced(fork_page, "init-output") == printed


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
    )


def test_the_workflow_and_the_action_are_valid_for_github(tmp_path: Path):
    """check-jsonschema carries GitHub's workflow and action schemas: no network needed."""
    workflow = _check_jsonschema("vendor.github-workflows", repo_file("workflows/data.yml"))
    assert workflow.returncode == 0, workflow.stdout + workflow.stderr
    action = _check_jsonschema("vendor.github-actions", repo_file("action.yml"))
    assert action.returncode == 0, action.stdout + action.stderr
    # The check can fail: a composite step without its shell, a workflow without its trigger.
    import yaml

    raw = yaml.safe_load((repo_file("action.yml")).read_text(encoding="utf-8"))
    del raw["runs"]["steps"][1]["shell"]
    (tmp_path / "action.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert _check_jsonschema("vendor.github-actions", tmp_path / "action.yml").returncode == 1
    flow = yaml.safe_load((repo_file("workflows/data.yml")).read_text(encoding="utf-8"))
    del flow[True]  # YAML 1.1 reads the key `on` as True
    (tmp_path / "data.yml").write_text(yaml.safe_dump(flow), encoding="utf-8")
    assert _check_jsonschema("vendor.github-workflows", tmp_path / "data.yml").returncode == 1


def test_the_pre_commit_files_are_valid_for_pre_commit():
    _, pre_commit = _tools()
    config = subprocess.run(
        [pre_commit, "validate-config", str(repo_file("workflows/pre-commit-config.yaml"))],
        capture_output=True,
        text=True,
    )
    assert config.returncode == 0, config.stdout + config.stderr
    manifest = subprocess.run(
        [pre_commit, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr


def test_the_shipped_files_pin_the_latest_release_and_name_this_version():
    import re

    for name in ("action.yml", *SHIPPED.values(), "docs/fork.md"):
        text = repo_file(name).read_text(encoding="utf-8")
        pins = set(re.findall(r"(?:@v|rev: v|kzfacts==|tag `?v)(\d+\.\d+\.\d+(?:\.dev\d+)?)", text))
        assert pins == {RELEASE}, (name, pins)
        written = set(re.findall(r"\(kzfacts ([^)\s]+)\)", text))
        assert written <= {VERSION}, (name, written)


def _action_steps() -> dict[str, dict[str, object]]:
    import yaml

    raw = yaml.safe_load((repo_file("action.yml")).read_text(encoding="utf-8"))
    return {step.get("name", step.get("uses")): step for step in raw["runs"]["steps"]}


def test_the_action_reads_its_inputs_from_env_never_from_expressions_in_scripts():
    """An input spliced into a script with ${{ }} can inject shell; env values cannot."""
    for name, step in _action_steps().items():
        if "run" in step:
            assert "${{" not in str(step["run"]), name
            assert step.get("shell") == "bash", name


def test_the_action_steps_validate_and_post_the_diff_of_a_pull_request(tmp_path: Path):
    """The action's scripts, run as GitHub runs them (bash -eo pipefail) on a pull request whose
    base branch is a local 'origin': validation, then the diff in the job summary."""
    git, _ = _tools()
    env = {**_git_env(tmp_path), "RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_ACTIONS": "true"}
    (tmp_path / "runner").mkdir()
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    steps = _action_steps()

    def sh(*args: str, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=600)

    def step(name: str, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str]:
        summary = tmp_path / "summary.md"
        summary.write_text("", encoding="utf-8")
        script = tmp_path / "step.sh"
        script.write_text(str(steps[name]["run"]), encoding="utf-8")
        values = {"PACKAGE": "datapackage", "STRICT": "true", "BASE_REF": "main", **inputs}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=work,
            env={**env, **values, "GITHUB_STEP_SUMMARY": str(summary)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        return done, summary.read_text(encoding="utf-8")

    sh(git, "init", "-q", "--bare", str(origin), cwd=tmp_path)
    work.mkdir()
    sh(git, "init", "-q", "-b", "main")
    (work / "README.md").write_text("A fork.\n", encoding="utf-8")
    sh(git, "add", ".")
    sh(git, "commit", "-qm", "No data yet")
    sh(git, "remote", "add", "origin", origin.as_uri())
    sh(git, "push", "-q", "origin", "main")
    shutil.copytree(kzfacts.package_path().parent, work / "datapackage")
    done, summary = step("What changed in the data")
    assert done.returncode == 0, done.stderr
    assert "The base branch (main) has no datapackage: nothing to compare." in summary

    sh(git, "add", ".")
    sh(git, "commit", "-qm", "The data")
    sh(git, "push", "-q", "origin", "main")
    sh(git, "checkout", "-qb", "correction")
    figures = work / "datapackage" / "data" / "corridor_tonnage.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(
        text.replace(
            "titr-2024-9m-masarat,titr,total-cargo,route,3.4,",
            "titr-2024-9m-masarat,titr,total-cargo,route,3.5,",
            1,
        ),
        encoding="utf-8",
    )
    assert kz("build", "datapackage", cwd=work).returncode == 0
    sh(git, "commit", "-qam", "Correct a figure")

    done, _ = step("Validate the data package")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::notice file=datapackage/data/corridor_tonnage.csv" in done.stdout
    for package in ("datapackage", "datapackage/datapackage.json", "./datapackage/"):
        done, summary = step("What changed in the data", PACKAGE=package)
        assert done.returncode == 0, (package, done.stderr)
        assert summary.startswith("### kzfacts diff"), (package, summary)
        assert "changed `titr-2024-9m-masarat`: `value: 3.4 -> 3.5`" in summary, summary

    (work / "datapackage" / "datapackage.json").write_text("{", encoding="utf-8")
    done, _ = step("Validate the data package")
    assert done.returncode == 1 and "::error" in done.stdout
    done, _ = step("What changed in the data")
    assert done.returncode != 0  # a package that does not load fails the step


def _readme_configs() -> list[dict[str, object]]:
    import re

    import yaml

    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return [yaml.safe_load(b) for b in blocks if b.startswith("repos:")]


def test_the_readmes_pre_commit_configs_are_the_ones_init_writes_and_documents():
    """Before publication: the local hook kzfacts init writes (run by the fork test above); after
    it: the published hook, with the tag of this version, as init's comment shows it."""
    import yaml

    local, published = _readme_configs()
    template = (repo_file("workflows/pre-commit-config.yaml")).read_text(encoding="utf-8")
    assert local == yaml.safe_load(template)
    lines = template.splitlines()
    shown = lines[lines.index("#   repos:") : lines.index("repos:")]  # the commented form
    assert published == yaml.safe_load("\n".join(line.removeprefix("#   ") for line in shown))
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = published["repos"]  # type: ignore[index]
    assert hook["rev"] == f"v{RELEASE}" and hook["hooks"][0]["id"] in {h["id"] for h in manifest}


@pytest.mark.network
def test_the_readmes_published_pre_commit_config_runs_from_this_repository(tmp_path: Path):
    """The README's after-publication config, pointed at this repository's HEAD instead of GitHub
    (as pre-commit try-repo does): pre-commit builds the hook's environment (from a package index)
    and the hook passes a valid fork and refuses a broken one."""
    import yaml

    git, pre_commit = _tools()
    env = _git_env(tmp_path)
    head = subprocess.run([git, "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, env=env)
    if head.returncode != 0:
        pytest.skip("not a git checkout (an unpacked sdist)")
    config = _readme_configs()[1]
    config["repos"][0].update(repo=str(REPO), rev=head.stdout.strip())  # type: ignore[index]
    assert kz("init", "fork", cwd=tmp_path).returncode == 0
    fork = tmp_path / "fork"
    (fork / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=fork, env=env, capture_output=True, text=True, timeout=900)

    sh(git, "init", "-q")
    sh(git, "add", ".")
    valid = sh(pre_commit, "run", "--all-files")
    assert valid.returncode == 0, valid.stdout[-3000:] + valid.stderr[-3000:]
    figures = fork / "datapackage" / "data" / "corridor_tonnage.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",2.8,", ",-2.8,", 1), encoding="utf-8")
    sh(git, "add", ".")
    invalid = sh(pre_commit, "run", "--all-files")
    assert invalid.returncode == 1 and "[constraint-error]" in invalid.stdout, invalid.stdout[-3000:]
