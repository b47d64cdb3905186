"""What validation reports: problems as typed records, and the report that holds them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


class ProblemKind(str):
    """A structural problem's name, declared where it is raised (as frictionless declares its error
    classes), with what it checks and the usual fix; the docs' rules table lists :data:`STRUCTURAL`."""

    description: str
    fix: str
    severity: Severity

    def __new__(cls, name: str, description: str, fix: str, severity: Severity = "error") -> ProblemKind:
        kind = super().__new__(cls, name)
        kind.description = description
        kind.fix = fix
        kind.severity = severity
        STRUCTURAL[name] = kind
        return kind

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        """Copies and pickles (a report sent between processes) carry the plain name."""
        return (str, (str(self),))


STRUCTURAL: dict[str, ProblemKind] = {}
"""Every structural problem kind, in declaration order: checks on the package's structure (run before
the data rules) and on its reviews."""


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, row, field), which rule, what is wrong and what to do.

    ``row`` counts lines of the CSV with the header as row 1, as frictionless does;
    None when the problem concerns a whole file or the descriptor.
    """

    resource: str
    file: str
    row: int | None
    field: str | None
    rule: str
    severity: Severity
    message: str
    fix: str
    reviewed: str | None = None
    """For a warning: the id of the review (in the package's reviews table) that accepts it."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def status(self) -> str:
        """error, warning, or reviewed (a warning the package has reviewed and accepts)."""
        return "reviewed" if self.reviewed else self.severity


@dataclass(frozen=True)
class Report:
    """Outcome of ``kzfacts.validate``: ``valid`` is False when any error was found."""

    path: str
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Warnings nobody has reviewed yet: these fail ``--strict``."""
        return tuple(p for p in self.problems if p.severity == "warning" and not p.reviewed)

    @property
    def reviewed(self) -> tuple[Problem, ...]:
        """Warnings the package's reviews table accepts: reported, never failing ``--strict``."""
        return tuple(p for p in self.problems if p.reviewed)

    @property
    def valid(self) -> bool:
        return not self.errors

    def passes(self, *, strict: bool = False) -> bool:
        """Valid, and under ``strict`` also free of warnings."""
        return self.valid and not (strict and self.warnings)

    def counts(self) -> dict[str, int]:
        """Number of problems per rule, most frequent first."""
        return dict(Counter(p.rule for p in self.problems).most_common())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "reviewed": len(self.reviewed),
            "counts": self.counts(),
            "problems": [p.to_dict() for p in self.problems],
        }


_STATUS_ORDER = {"error": 0, "warning": 1, "reviewed": 2}


def ordered(problems: list[Problem], resources: tuple[str, ...]) -> tuple[Problem, ...]:
    """Errors first, then warnings, then reviewed warnings; within each, by resource (descriptor-level
    problems first, then resources in descriptor order) and row. Stable, so each rule's own order holds."""
    position = {name: i + 1 for i, name in enumerate(resources)}
    return tuple(
        sorted(
            problems,
            key=lambda p: (_STATUS_ORDER[p.status], position.get(p.resource, 0), p.row or 0),
        )
    )
