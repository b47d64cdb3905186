"""Validate a data package with frictionless itself (imported only when called)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzfacts.paths import package_path


@dataclass(frozen=True)
class Problem:
    """One problem found: where it is and what is wrong."""

    resource: str
    row: int | None
    field: str | None
    rule: str
    message: str


@dataclass(frozen=True)
class Report:
    """Outcome of a validation run."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def validate(path: Path | str | None = None) -> Report:
    """Check the package at ``path`` (default: the bundled one) with frictionless.

    Schema types, constraints, primary and foreign keys, bytes and sha256 hashes.
    """
    import frictionless

    target = Path(path) if path is not None else package_path()
    if target.is_dir():
        target = target / "datapackage.json"
    report = frictionless.validate(str(target))
    problems = [Problem("datapackage.json", None, None, error.type, error.message) for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            info = error.to_descriptor()
            problems.append(
                Problem(
                    resource=task.name or task.place,
                    row=info.get("rowNumber"),
                    field=info.get("fieldName"),
                    rule=error.type,
                    message=error.message,
                )
            )
    return Report(target, tuple(problems))
