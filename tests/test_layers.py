"""kzfacts' imports run one way: the contracts in pyproject.toml ([tool.importlinter]), checked by
import-linter (grimp underneath), the ecosystem's tool for this."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_layers_and_no_cycles_hold():
    done = subprocess.run(
        [sys.executable, "-c", "import importlinter.cli as c, sys; sys.exit(c.lint_imports_command())"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The contract can fail: the same check on a copy of kzfacts where the contract layer imports
    the store above it."""
    import shutil

    shutil.copytree(REPO / "kzfacts", tmp_path / "kzfacts")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    spec = tmp_path / "kzfacts" / "contract" / "spec.py"
    spec.write_text(spec.read_text(encoding="utf-8") + "\nfrom kzfacts.store import PackageData\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import importlinter.cli as c, sys; sys.exit(c.lint_imports_command())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == 1
    assert "kzfacts.contract.spec -> kzfacts.store" in done.stdout


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
GENERATED = {"kzfacts/models.py"}  # written by tools/generate.py from the schema


def _sizes() -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
    import ast

    modules, functions = [], []
    for path in sorted((REPO / "kzfacts").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name in GENERATED:
            continue
        source = path.read_text(encoding="utf-8")
        modules.append((name, len(source.splitlines())))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((name, node.name, (node.end_lineno or node.lineno) - node.lineno + 1))
    return modules, functions


def test_modules_and_functions_stay_small():
    """One concern a module: no hand-written module over 400 lines, no function over 60."""
    modules, functions = _sizes()
    assert len(modules) > 50 and len(functions) > 300  # the walk saw the package
    assert [m for m in modules if m[1] > MAX_MODULE_LINES] == []
    assert [f for f in functions if f[2] > MAX_FUNCTION_LINES] == []


_TEXT_NAMES = {"message", "reason", "why", "label", "warning"}


def _is_text(node) -> bool:
    """A message or a label: a name or attribute so called, or str() of an exception."""
    import ast

    if isinstance(node, ast.Name):
        return node.id in _TEXT_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in _TEXT_NAMES
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and bool(node.args)
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in ("exc", "error", "err", "e")
    )


def test_no_branch_reads_the_text_of_a_message_or_label():
    """Behaviour is decided by kinds (enums, exception types), never by parsing what a message
    says: no `x in message`, `message == ...`, `reason.startswith(...)` or `... in str(exc)`."""
    import ast

    found = []
    for path in sorted((REPO / "kzfacts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)) for op in node.ops
            ):
                if any(_is_text(side) for side in [node.left, *node.comparators]):
                    found.append(f"{path.name}:{node.lineno}")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("startswith", "endswith", "find", "count")
                and _is_text(node.func.value)
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
