"""What validation reports: problems as typed records, and the report that holds them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


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
    lines: dict[str, dict[int, int]] = field(default_factory=dict, compare=False, repr=False)
    """For GitHub annotations (``annotate=True``): file -> row number -> the file line it starts on."""

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
