"""Render a validation Report as text for people, JSON for programs, or GitHub workflow commands."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kzfacts.printable import printable
from kzfacts.validation.problems import Problem, Report


def _where(problem: Problem) -> str:
    where = f"{problem.resource} ({problem.file})"
    if problem.row is not None:
        where += f" row {problem.row}"
    if problem.field is not None:
        where += f", field {problem.field}"
    return where


def _action(problem: Problem) -> str:
    return f"Reviewed: {problem.reviewed}" if problem.reviewed else f"Fix: {problem.fix}"


def summary(report: Report, *, strict: bool = False) -> str:
    counts = ", ".join(f"{rule} {n}" for rule, n in report.counts().items())
    verdict = "valid" if report.passes(strict=strict) else "invalid"
    reviewed = f", {len(report.reviewed)} reviewed" if report.reviewed else ""
    counted = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s){reviewed}"
    line = f"{verdict}: {counted} in {report.path}"
    return f"{line} ({counts})" if counts else line


def text(report: Report, *, strict: bool = False) -> str:
    """One line per problem, then a summary line counting problems by rule. Cell text is printed
    with control characters escaped, so no line can be forged (a CI log reads every line)."""
    lines = [f"{p.status}: {_where(p)} [{p.rule}] {p.message}. {_action(p)}" for p in report.problems]
    lines.append(summary(report, strict=strict))
    return "\n".join(printable(line) for line in lines)


def as_json(report: Report, *, strict: bool = False) -> str:
    """One JSON document: valid, passes (under --strict), counts and the problems."""
    document = report.to_dict()
    document["strict"] = strict
    document["passes"] = report.passes(strict=strict)
    return json.dumps(document, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    """Workflow-command encoding of a message: %, CR and LF as GitHub requires; other control
    characters as visible escapes."""
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _workspace_path(report: Report, problem: Problem) -> str:
    """The file's path relative to the working directory, as GitHub expects (repository-relative)."""
    path = Path(report.path).parent / problem.file
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def github(report: Report, *, strict: bool = False) -> str:
    """GitHub Actions workflow commands, so each problem shows on the pull request's line (the file
    lines come from the report, read by the worker under the budget: ``validate(annotate=True)``)."""
    lines = []
    for p in report.problems:
        workspace = _workspace_path(report, p)
        props = [f"file={_escape_property(workspace)}"]
        if p.row is not None:
            props.append(f"line={report.lines.get(p.file, {}).get(p.row, p.row)}")
        props.append(f"title={_escape_property('kzfacts ' + p.rule)}")
        message = f"{_where(p)}: {p.message}. {_action(p)}"
        command = "notice" if p.reviewed else p.severity
        lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    lines.append(printable(summary(report, strict=strict)))
    return "\n".join(lines)


FORMATS = {"text": text, "json": as_json, "github": github}


def rules_table() -> str:
    """Markdown table of every kzfacts rule: the list the docs show, generated from RULES."""
    from kzfacts.validation.kinds import Kind
    from kzfacts.validation.rules import RULES

    lines = ["| rule | severity | what it checks | what to do |", "|---|---|---|---|"]
    for kind in Kind:
        lines.append(f"| `{kind.value}` | {kind.severity} | {kind.description} | {kind.fix} |")
    for item in RULES:
        checks = item.description + (" (only with `--sources DIR`)" if item.needs_archive else "")
        lines.append(f"| `{item.name}` | {item.severity} | {checks} | {item.fix} |")
    return "\n".join(lines)


def limits_table() -> str:
    """Markdown table of the bounds validation and the readers keep, from the constants that set
    them (so the docs cannot state a limit the code does not keep)."""
    from kzfacts.contract.paths import MAX_PATH_CHARS
    from kzfacts.reading.csvfile import ROW_LIMIT
    from kzfacts.validation.limits import (
        DEFAULT_MEGABYTES,
        DEFAULT_SECONDS,
        MAX_ARCHIVE_BYTES,
        MAX_DESCRIPTOR_BYTES,
        MAX_HEADER_BYTES,
        MAX_PROBLEMS_PER_RULE,
        MAX_RESOURCES,
    )

    rows = [
        ("`datapackage.json` size", f"{MAX_DESCRIPTOR_BYTES:,} bytes", "descriptor-unreadable"),
        ("resources in the descriptor", f"{MAX_RESOURCES}", "descriptor-shape"),
        ("length of a resource path", f"{MAX_PATH_CHARS:,} characters", "unsafe-path"),
        ("header row of a data file", f"{MAX_HEADER_BYTES:,} bytes", "header-contract"),
        ("one row (validation and every reader)", f"{ROW_LIMIT:,} characters", "file-unreadable"),
        ("problems listed per resource and rule", f"{MAX_PROBLEMS_PER_RULE:,}", "too-many-problems"),
        ("an archived text (`--sources`)", f"{MAX_ARCHIVE_BYTES:,} bytes", "evidence-in-archive"),
        ("wall-clock time (`--timeout`)", f"{DEFAULT_SECONDS:g} s", "budget-exceeded"),
        (
            "resident memory, its processes together (`--max-memory`)",
            f"{DEFAULT_MEGABYTES:,} MB",
            "budget-exceeded",
        ),
    ]
    lines = ["| limit | default | reported as |", "|---|---|---|"]
    lines += [f"| {what} | {value} | `{rule}` |" for what, value, rule in rows]
    return "\n".join(lines)
