"""A validation's phases, run in the worker process (:mod:`.worker`) on untrusted input.

Each phase runs only on what the one before it accepted: the pre-scan (the descriptor read safely:
nothing fetched, nothing outside the folder), the contract (kzfacts' schema, value and JSON type
alike, and the package's own metadata), the header rows, then the rows: kzfacts' rule pass, with
its engine watching the same rows, and frictionless when the engine cannot vouch for the package.
Problems stream out as they are found, so a run stopped by its budget still reports them.
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterator
from pathlib import Path

from kzfacts.contract.locate import shown_folder
from kzfacts.contract.spec import PackageSpec, parse
from kzfacts.errors import KzfactsError
from kzfacts.reading.csvfile import RowTooLong, csv_rows
from kzfacts.validation import prescan
from kzfacts.validation.adapter import INTEGRITY_ONLY, run_frictionless, task_problems
from kzfacts.validation.contract import contract_problems
from kzfacts.validation.headers import header_problems
from kzfacts.validation.kinds import Kind
from kzfacts.validation.limits import MAX_PROBLEMS_PER_RULE
from kzfacts.validation.problems import Problem
from kzfacts.validation.reviews import rule_problems
from kzfacts.validation.rulepass import Beside, RulesOutcome, data_bytes, large, run_rules_here
from kzfacts.validation.rules import RULES


def unexpected(target: Path, exc: BaseException) -> Problem:
    message = f"validation stopped early: {type(exc).__name__}: {exc}"
    return Kind.UNEXPECTED_INPUT.problem(prescan.DESCRIPTOR_FILE, str(target), None, None, message)


def problems(
    target: Path, archive: Path | None, engine: str, seconds: float | None, megabytes: float | None
) -> Iterator[Problem]:
    """Every problem of the package whose descriptor is ``target``, phase by phase."""
    package = yield from _descriptor_phases(target)
    if package is None:
        return
    headers = list(header_problems(package))
    if headers:
        yield from headers
        return  # rows under a header that is not kzfacts' cannot be judged; frictionless would crawl
    yield from _data_phases(target, package, archive, engine == "kzfacts", seconds, megabytes)


def _descriptor_phases(target: Path) -> Generator[Problem, None, PackageSpec | None]:
    """The pre-scan and the contract; returns the parsed package, or None when they found problems."""
    scan = prescan.scan(target)
    yield from scan.problems
    if not scan.safe or scan.raw is None:
        return None
    contract = list(contract_problems(scan.raw))
    if contract:
        yield from contract
        return None  # frictionless never sees definitions kzfacts did not write (patterns, profiles, ...)
    try:
        return parse(scan.raw, target)
    except KzfactsError as exc:
        fix = "compare the descriptor with the bundled one (kzfacts.package_path())"
        yield Kind.DESCRIPTOR_SHAPE.problem(prescan.DESCRIPTOR_FILE, str(target), None, None, str(exc), fix)
        return None


def _data_phases(
    target: Path,
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    seconds: float | None,
    megabytes: float | None,
) -> Iterator[Problem]:
    """The rows: from :data:`COLUMNAR_BYTES` of data, the columnar engine alone, unless it cannot
    vouch for the input; else kzfacts' rule pass, and frictionless unless kzfacts' engine found the
    package clean (then frictionless is never imported). With large data frictionless runs in its
    own worker, started at the engine's first suspicion (or at once, without the engine)."""
    size = data_bytes(package)
    if use_engine and archive is None and columnar_wanted(size):
        from kzfacts.validation.columnar.run import run as columnar
        from kzfacts.validation.columnar.scan import Fallback

        try:
            direct, done = columnar(package, target)
        except Fallback:
            pass  # the exact, row-wise path below judges what the columnar engine cannot
        else:
            yield from direct
            yield from _merged(package, done, direct)
            return
    beside = Beside(target, seconds, megabytes) if large(size) else None
    try:
        if beside is not None and not use_engine:
            beside.start()
        outcome = run_rules_here(package, archive, use_engine, beside.start if beside is not None else None)
        found: list[Problem] = []
        if outcome.clean:
            found = list(_counted(target, package, outcome))
            yield from found
        else:
            checked = (
                beside.problems()
                if beside is not None and beside.started
                else run_frictionless(target, package)
            )
            try:
                for problem in checked:
                    found.append(problem)
                    yield problem
            except Exception as exc:  # keep the rule pass's findings below
                found.append(unexpected(target, exc))
                yield found[-1]
    finally:
        if beside is not None:
            beside.close()
    yield from _merged(package, outcome, found)


def _counted(target: Path, package: PackageSpec, outcome: RulesOutcome) -> Iterator[Problem]:
    """frictionless' hash-count and byte-count errors, which the engine made itself."""
    folder = shown_folder(target)
    for spec in package.resources:
        if spec.name in outcome.counts:
            yield from task_problems(spec.name, spec.path, outcome.counts[spec.name], [], folder)


COLUMNAR_BYTES = 2_000_000
"""Data size from which the columnar engine reads the package (below it, importing pyarrow costs
more than it saves); ``KZFACTS_COLUMNAR_BYTES`` overrides it, for tests and benchmarks."""


def columnar_wanted(size: int) -> bool:
    """Whether the columnar engine should read data of ``size`` bytes (from
    :func:`~kzfacts.validation.rulepass.data_bytes`): pyarrow can be imported (an install without
    it keeps the row engine, as exports keep a clear error), and the data is at least
    :data:`COLUMNAR_BYTES` (or the environment's override)."""
    import importlib.util
    import os

    threshold = int(os.environ.get("KZFACTS_COLUMNAR_BYTES", COLUMNAR_BYTES))
    return size >= threshold and importlib.util.find_spec("pyarrow") is not None


def _merged(package: PackageSpec, outcome: RulesOutcome, frictionless: list[Problem]) -> Iterator[Problem]:
    """The rule pass's findings beside frictionless' problems: files it could not read, byte-order
    marks, each finding (matched against the reviews), and the findings counted beyond the cap."""
    broken = {p.resource for p in frictionless if p.row is None and p.rule not in INTEGRITY_ONLY}
    for name, (row, message, fix) in outcome.unreadable.items():
        if name not in broken:
            yield Kind.FILE_UNREADABLE.problem(name, package.resource(name).path, row, None, message, fix)
    for name in outcome.skipped:
        if name not in broken:  # frictionless accepted it, so kzfacts' rules must say they could not run
            message = "kzfacts' rules could not read the header as the schema's field names in order"
            fix = "write a plain comma-separated header listing the schema's fields in order"
            yield Kind.FILE_UNREADABLE.problem(name, package.resource(name).path, 1, None, message, fix)
    for name in outcome.boms:
        message = "the file starts with a UTF-8 byte-order mark"
        yield Kind.BYTE_ORDER_MARK.problem(name, package.resource(name).path, 1, None, message)
    partial = bool(broken or outcome.unreadable or outcome.skipped)
    yield from rule_problems(package, outcome.rules, frictionless, broken, partial)
    severity = {item.name: item.severity for item in RULES}
    for (resource, rule), count in outcome.rules.overflow.items():
        yield Problem(  # as severe as what it counts: unlisted warnings do not make a package invalid
            resource,
            package.resource(resource).path,
            None,
            None,
            Kind.TOO_MANY.value,
            severity[rule],
            f"{count} more {rule} problems in {resource} are not listed "
            f"(the report lists the first {MAX_PROBLEMS_PER_RULE})",
            Kind.TOO_MANY.fix,
        )


def physical_lines(folder: Path, found: list[Problem]) -> dict[str, dict[int, int]]:
    """For each file with problems on rows: row number (header = 1, as reports count) -> the file
    line where that row starts, which GitHub annotates. They differ once a quoted cell spans lines.
    A file that cannot be read maps nothing, and its rows fall back to their numbers."""
    wanted: dict[str, set[int]] = {}
    for problem in found:
        if problem.row is not None:
            wanted.setdefault(problem.file, set()).add(problem.row)
    lines: dict[str, dict[int, int]] = {}
    for file, rows in wanted.items():
        starts = lines.setdefault(file, {})
        last = max(rows)
        try:
            with (folder / file).open(encoding="utf-8-sig", newline="") as handle:
                line = 1
                for number, row in enumerate(csv_rows(handle, strict=False), start=1):
                    if number in rows:
                        starts[number] = line
                    if number >= last:
                        break
                    line += 1 + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in row)
        except (OSError, UnicodeDecodeError, csv.Error, RowTooLong):
            continue
    return lines
