"""The kzfacts command line: info, validate and build, with their exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import kzfacts


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzfacts", *args], capture_output=True, text=True, cwd=cwd)


def test_info_shows_version_counts_and_fingerprint(tmp_path: Path):
    out = run("info", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == f"package: {kzfacts.package_path()} (bundled with kzfacts)"
    assert f"kzfacts {kzfacts.__version__}" in out.stdout
    assert "corridor_tonnage" in out.stdout
    assert f"{len(kzfacts.corridor_tonnage()):>6} rows" in out.stdout
    assert f"fingerprint: {kzfacts.fingerprint()}" in out.stdout


def test_build_check_reports_stale_then_build_fixes(package_copy: Path):
    data = package_copy.parent / "data" / "events.csv"
    text = data.read_text(encoding="utf-8").replace("Astana process on Syria", "Astana talks on Syria")
    data.write_text(text, encoding="utf-8")
    out = run("build", "--check", str(package_copy))
    assert out.returncode == 1
    assert "stale bytes/hash" in out.stdout and "events" in out.stdout
    built = run("build", str(package_copy)).stdout.splitlines()
    assert built == [f"package: {package_copy} (given)", f"updated: {package_copy.parent}"]
    assert run("build", "--check", str(package_copy)).returncode == 0
    assert json.loads(package_copy.read_text(encoding="utf-8"))["resources"][3]["bytes"] == len(
        text.encode("utf-8")
    )


def test_frictionless_cli_itself_validates_the_package():
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert exe, "frictionless CLI not installed beside this Python"
    out = subprocess.run(
        [exe, "validate", "--json", str(kzfacts.package_path())], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout[-2000:]
    report = json.loads(out.stdout)
    assert report["valid"] is True
    assert [t["name"] for t in report["tasks"]] == list(kzfacts.resource_names())


def test_export_and_show_from_the_command_line(tmp_path: Path):
    out = run("export", "--format", "sqlite", str(tmp_path / "db"))
    assert out.returncode == 0, out.stderr
    assert str(tmp_path / "db" / "kzfacts.db") in out.stdout
    again = run("export", "--format", "sqlite", str(tmp_path / "db"))
    assert again.returncode == 1
    assert "exists" in again.stderr and "--force" in again.stderr
    shown = run("show", "corridor_tonnage", "--where", "source_id=masarat-2025", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert [r["id"] for r in json.loads(shown.stdout)] == [
        "titr-2023-masarat",
        "titr-2024-9m-masarat",
        "titr-2024-forecast-masarat",
    ]
    bad = run("show", "corridor_tonnage", "--where", "colour=red")
    assert bad.returncode == 2  # a usage error, as in every command
    assert "colour" in bad.stderr


def test_build_reports_a_missing_file_or_a_bad_path_without_a_traceback(package_copy: Path):
    (package_copy.parent / "data" / "claims.csv").unlink()
    out = run("build", str(package_copy))
    assert out.returncode == 1
    assert out.stderr.startswith("error: data/claims.csv: file not found")
    assert "Traceback" not in out.stderr
    raw = json.loads(package_copy.read_text(encoding="utf-8"))
    raw["resources"][0]["path"] = ["data/sources.csv"]
    package_copy.write_text(json.dumps(raw), encoding="utf-8")
    out = run("build", "--check", str(package_copy))
    assert out.returncode == 1
    assert "its path must be a string" in out.stderr


def test_the_command_line_starts_without_heavy_libraries():
    """`kzfacts --help` (and every command's start) loads no data library: argparse, not typer."""
    code = (
        "import sys; from kzfacts.cli import run; run(['--help']); "
        "print(sorted({'rich', 'typer', 'pandas', 'pyarrow', 'frictionless', 'pydantic', "
        "'importlib.metadata'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"
    assert "validate  Check data packages against frictionless and every kzfacts rule." in out.stdout


def test_the_help_builds_only_the_command_asked_for():
    """The top-level help imports no kzfacts module but the command line's own; a command's help
    builds that command's options, registries included (a 4x start-up goal in docs/performance.md)."""
    code = (
        "import sys; from kzfacts.cli import run; run(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith('kzfacts')))"
    )
    top = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=True)
    from kzfacts.cli import COMMANDS

    own = {"kzfacts", "kzfacts.cli", "kzfacts.cli.common", "kzfacts.errors", *COMMANDS.values()}
    assert top.stdout.splitlines()[-1] == str(sorted(own))
    one = subprocess.run(
        [sys.executable, "-c", code, "show", "--help"], capture_output=True, text=True, check=True
    )
    assert "(one of: table, csv, json)" in " ".join(one.stdout.split())
    assert "kzfacts.validation.report" not in one.stdout.splitlines()[-1]  # validate's registry
