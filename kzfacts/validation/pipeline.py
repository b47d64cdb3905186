"""Run a validation: frictionless' checks plus kzfacts' own rules, safely, with actionable problems.

Order: read and pre-scan the descriptor (no network, nothing outside the folder);
run frictionless on the files; read the rows once more with the csv module for
kzfacts' rules. Nothing is ever written, and no input produces a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kzfacts.contract.locate import bundled, bundled_path, descriptor_of
from kzfacts.contract.spec import parse
from kzfacts.errors import InvalidArgumentError, KzfactsError
from kzfacts.validation import ENGINES, prescan
from kzfacts.validation.adapter import INTEGRITY_ONLY, run_frictionless
from kzfacts.validation.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS, Budget, BudgetExceeded
from kzfacts.validation.contract import contract_problems
from kzfacts.validation.headers import header_problems
from kzfacts.validation.kinds import (
    BUDGET,
    BYTE_ORDER_MARK,
    FILE_UNREADABLE,
    LONG_CELL_FIX,
    TOO_MANY,
    UNEXPECTED_INPUT,
)
from kzfacts.validation.prescan import DESCRIPTOR_SHAPE
from kzfacts.validation.problems import MAX_PROBLEMS_PER_RULE, Problem, Report, ordered
from kzfacts.validation.reviews import rule_problems
from kzfacts.validation.rulepass import start_rules
from kzfacts.validation.rules import RULES


def run(
    path: Path | None = None,
    *,
    sources: Path | None = None,
    seconds: float | None = DEFAULT_SECONDS,
    megabytes: float | None = DEFAULT_MEGABYTES,
    engine: str = "kzfacts",
) -> Report:
    """Validate the package at ``path`` (default: the bundled one) against every rule.

    ``sources`` is a folder of archived source texts; when given, evidence phrases
    are checked against the cited paragraphs. ``seconds`` and ``megabytes`` bound the
    run (None: no bound); running out is reported as a problem, with what was found so far.
    ``engine`` is ``kzfacts`` (frictionless runs only when kzfacts cannot be sure it would find
    nothing) or ``frictionless`` (it always runs); both give the same report.
    """
    if engine not in ENGINES:
        raise InvalidArgumentError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    target = bundled_path() if path is None else descriptor_of(path)
    problems: list[Problem] = []
    budget = Budget(seconds, megabytes)
    try:
        with budget:
            for problem in _validate(target, sources, seconds, megabytes, engine):
                problems.append(problem)
    except BudgetExceeded as exc:
        reason = budget.reason or (str(exc.args[0]) if exc.args else "the rule pass ran out of its budget")
        problems.append(
            Problem(prescan.DESCRIPTOR_FILE, str(target), None, None, BUDGET, "error", reason, BUDGET.fix)
        )
    except Exception as exc:  # a last guard: keep what was found, report, never crash
        problems.append(_unexpected(target, exc))
    return Report(str(target), ordered(problems, bundled().resource_names))


def _unexpected(target: Path, exc: Exception) -> Problem:
    return Problem(
        prescan.DESCRIPTOR_FILE,
        str(target),
        None,
        None,
        UNEXPECTED_INPUT,
        "error",
        f"validation stopped early: {type(exc).__name__}: {exc}",
        UNEXPECTED_INPUT.fix,
    )


def _validate(
    target: Path,
    archive: Path | None,
    seconds: float | None,
    megabytes: float | None,
    engine: str,
) -> Iterator[Problem]:
    """Every problem, phase by phase: each phase runs only on what the one before it accepted."""
    scan = prescan.scan(target)
    yield from scan.problems
    if not scan.safe or scan.raw is None:
        return
    contract = list(contract_problems(scan.raw))
    if contract:
        yield from contract
        return  # frictionless never sees definitions kzfacts did not write (patterns, profiles, ...)
    try:
        package = parse(scan.raw, target)
    except KzfactsError as exc:
        yield Problem(
            prescan.DESCRIPTOR_FILE,
            str(target),
            None,
            None,
            DESCRIPTOR_SHAPE,
            "error",
            str(exc),
            "compare the descriptor with the bundled one (kzfacts.package_path())",
        )
        return
    headers = list(header_problems(package))
    if headers:
        yield from headers
        return  # rows under a header that is not kzfacts' cannot be judged; frictionless would crawl
    use_engine = engine == "kzfacts"
    # With kzfacts' engine frictionless waits for the engine: when the rule pass finds the package
    # clean, frictionless is never imported. Large data runs the rule pass in its own process, so
    # frictionless starts beside it as soon as the engine suspects anything (or at once, without
    # the engine), and an invalid package costs no more than frictionless alone.
    pending = start_rules(package, archive, use_engine, seconds, megabytes)
    if use_engine:
        pending.settle()
    outcome = pending() if use_engine and pending.ready() else None
    frictionless_problems: list[Problem] = []
    if outcome is None or not outcome.clean:
        try:
            for problem in run_frictionless(target, package):
                frictionless_problems.append(problem)
                yield problem
        except Exception as exc:  # keep the rule pass's findings below
            crash = _unexpected(target, exc)
            frictionless_problems.append(crash)
            yield crash
    if outcome is None:
        outcome = pending()
    broken = {p.resource for p in frictionless_problems if p.row is None and p.rule not in INTEGRITY_ONLY}
    for name, (row, message) in outcome.unreadable.items():
        if name not in broken:
            spec = package.resource(name)
            long_cell = message.startswith("a cell is longer")
            fix = LONG_CELL_FIX if long_cell else FILE_UNREADABLE.fix
            yield Problem(name, spec.path, row, None, FILE_UNREADABLE, "error", message, fix)
    for name in outcome.skipped:
        if name not in broken:  # frictionless accepted it, so kzfacts' rules must say they could not run
            spec = package.resource(name)
            yield Problem(
                name,
                spec.path,
                1,
                None,
                FILE_UNREADABLE,
                "error",
                "kzfacts' rules could not read the header as the schema's field names in order",
                "write a plain comma-separated header listing the schema's fields in order",
            )
    for name in outcome.boms:
        yield Problem(
            name,
            package.resource(name).path,
            1,
            None,
            BYTE_ORDER_MARK,
            "error",
            "the file starts with a UTF-8 byte-order mark",
            "save it as UTF-8 without BOM",
        )
    partial = bool(broken or outcome.unreadable or outcome.skipped)
    yield from rule_problems(package, outcome.rules, frictionless_problems, broken, partial)
    severity = {item.name: item.severity for item in RULES}
    for (resource, rule), count in outcome.rules.overflow.items():
        yield Problem(  # as severe as what it counts: unlisted warnings do not make a package invalid
            resource,
            package.resource(resource).path,
            None,
            None,
            TOO_MANY,
            severity[rule],
            f"{count} more {rule} problems in {resource} are not listed "
            f"(the report lists the first {MAX_PROBLEMS_PER_RULE})",
            TOO_MANY.fix,
        )
