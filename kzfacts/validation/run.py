"""Run a validation: frictionless' checks plus kzfacts' own rules, safely, with actionable problems.

Order: read and pre-scan the descriptor (no network, nothing outside the folder);
run frictionless on the files; read the rows once more with the csv module for
kzfacts' rules. Nothing is ever written, and no input produces a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as WaitTimeout  # not the builtin before Python 3.11
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kzfacts.contract.locate import bundled, bundled_path, descriptor_of, shown_folder
from kzfacts.contract.spec import PackageSpec, parse
from kzfacts.errors import InvalidArgumentError, KzfactsError
from kzfacts.reading.csvfile import FIELD_LIMIT, csv_problem, field_limit, header_problem
from kzfacts.validation import ENGINES, prescan
from kzfacts.validation.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS, Budget, BudgetExceeded
from kzfacts.validation.contract import contract_problems
from kzfacts.validation.engine import Engine
from kzfacts.validation.headers import header_problems
from kzfacts.validation.prescan import DESCRIPTOR_SHAPE
from kzfacts.validation.problems import MAX_PROBLEMS_PER_RULE, Problem, ProblemKind, Report, ordered
from kzfacts.validation.rules import RULES, Rows, run_rules
from kzfacts.validation.rules.base import RulePass

_BOM = b"\xef\xbb\xbf"
PARALLEL_BYTES = 2_000_000
"""Data size from which the rule pass runs in its own process, beside frictionless."""
_FRICTIONLESS_FIX = {
    "type-error": "write the cell in the field's type and format (see datapackage.json)",
    "constraint-error": "correct the cell so it meets the field's constraint (see datapackage.json)",
    "foreign-key": "use an id that exists in the referenced resource, or add that record",
    "primary-key": "give every row its own id",
    "unique-error": "make the value unique in this column",
    "hash-count": "if the edit is intended, run: kzfacts build {folder}",
    "byte-count": "if the edit is intended, run: kzfacts build {folder}",
    "missing-cell": "give the row one cell per field (count the commas)",
    "extra-cell": "give the row one cell per field (quote cells that contain commas)",
    "blank-row": "remove the empty row",
    "encoding-error": "save the file as UTF-8",
    "source-error": "the file must have a header row and data",
    "scheme-error": "check that the file exists and is readable",
}
_INTEGRITY_ONLY = {"hash-count", "byte-count"}
"""File-level frictionless errors after which the rows can still be read for kzfacts' rules."""
_LABEL_FIX = "make the header row list exactly the schema's field names, in order"

BYTE_ORDER_MARK = ProblemKind(
    "byte-order-mark",
    "Data files are UTF-8 without a byte-order mark (frictionless strips it silently).",
    "save it as UTF-8 without BOM",
)
FILE_UNREADABLE = ProblemKind(
    "file-unreadable",
    f"Data files can be read as UTF-8 CSV, and no cell is longer than {FIELD_LIMIT} characters (the limit "
    "every kzfacts reader shares, so a package that validates also loads).",
    "save the file as UTF-8 CSV with one header row",
)
REVIEW_UNUSED = ProblemKind(
    "review-unused",
    "Every review in the reviews table matches a warning of this validation, so the list of reviewed "
    "discrepancies never goes stale (as a linter reports an unused noqa).",
    "remove the review, or correct its resource, record_id or rule",
    "warning",
)
BUDGET = ProblemKind(
    "budget-exceeded",
    f"Validation finishes within its budget: {DEFAULT_SECONDS:g} s and {DEFAULT_MEGABYTES} MB of resident "
    "memory per process unless `--timeout` / `--max-memory` say otherwise. Running out is reported with "
    "the problems found so far, never as a hang.",
    "fix the problems listed; if the package is simply large, raise --timeout or --max-memory",
)
TOO_MANY = ProblemKind(
    "too-many-problems",
    f"The report lists at most {MAX_PROBLEMS_PER_RULE} problems per resource and rule (frictionless stops "
    "checking a file at that many errors), and counts the rest in one problem as severe as they are.",
    "fix the problems listed, then validate again to see the rest",
)
UNEXPECTED_INPUT = ProblemKind(
    "unexpected-input",
    "Anything else that stops validation is reported as a problem, never a traceback.",
    "fix the problems above; if the input looks right, report this as a kzfacts bug",
)


class _NoNetwork:
    """A requests-like session that refuses every request: a second guard behind the pre-scan."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        raise KzfactsError("kzfacts validate makes no network requests")

    get = post = head = request


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
    pending = _start_rules(package, archive, use_engine, seconds, megabytes)
    if use_engine:
        pending.settle()
    outcome = pending() if use_engine and pending.ready() else None
    frictionless_problems: list[Problem] = []
    if outcome is None or not outcome.clean:
        try:
            for problem in _frictionless(target, package):
                frictionless_problems.append(problem)
                yield problem
        except Exception as exc:  # keep the rule pass's findings below
            crash = _unexpected(target, exc)
            frictionless_problems.append(crash)
            yield crash
    if outcome is None:
        outcome = pending()
    broken = {p.resource for p in frictionless_problems if p.row is None and p.rule not in _INTEGRITY_ONLY}
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
    yield from _rule_problems(package, outcome.rules, frictionless_problems, broken, partial)
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


def _rule_problems(
    package: PackageSpec,
    rules: RulePass,
    frictionless_problems: list[Problem],
    broken: set[str],
    partial: bool,
) -> Iterator[Problem]:
    """kzfacts' rule findings as problems, each warning matched against the package's reviews; then
    the reviews that matched nothing (when every table was read)."""
    foreign_key_rows = {(p.resource, p.row) for p in frictionless_problems if p.rule == "foreign-key"}
    reviews = {
        (entry["record_resource"], entry["record_id"], entry["rule"]): (number, entry["id"] or "")
        for number, entry in rules.reviews
    }
    used: set[int] = set()
    for item, (resource, row, field, message) in rules.findings:
        if resource in broken or (partial and item.needs_every_table):
            continue  # the file itself is broken, or a table was not read: frictionless' report stands
        if item.name == "source-exists" and (resource, row) in foreign_key_rows:
            continue  # frictionless already reported this foreign key
        review = None
        if item.severity == "warning" and row is not None:
            match = reviews.get((resource, rules.ids.get((resource, row)), item.name))
            if match is not None:
                used.add(match[0])
                review = match[1]
        yield Problem(
            resource,
            package.resource(resource).path,
            row,
            field,
            item.name,
            item.severity,
            message,
            item.fix,
            review,
        )
    if partial or not rules.complete or "reviews" in broken:
        return
    for number, entry in rules.reviews:
        if number not in used:
            yield Problem(
                "reviews",
                package.resource("reviews").path,
                number,
                "record_id",
                REVIEW_UNUSED,
                REVIEW_UNUSED.severity,
                f"review {entry['id']!r} accepts a {entry['rule']} warning on {entry['record_resource']} "
                f"{entry['record_id']!r}, but there is no such warning",
                REVIEW_UNUSED.fix,
            )


@dataclass
class _RulesOutcome:
    rules: RulePass
    unreadable: dict[str, tuple[int | None, str]]
    boms: list[str]
    skipped: list[str]
    clean: bool = False
    """kzfacts' engine found nothing frictionless would report (always False without the engine)."""
    suspect: str | None = None
    """Why the engine handed the package to frictionless."""


class _Reader:
    """Streams a resource's rows as strings for the rules; remembers files it could not read."""

    def __init__(self, package: PackageSpec, engine: Engine | None) -> None:
        self.package = package
        self.engine = engine
        self.unreadable: dict[str, tuple[int | None, str]] = {}
        self.boms: list[str] = []
        self.skipped: list[str] = []

    def __call__(self, name: str) -> Rows | None:
        path = self.package.file(name)
        try:
            with path.open("rb") as raw:
                if raw.read(3) == _BOM:
                    self.boms.append(name)
            handle = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            self.unreadable[name] = (None, f"cannot open it ({exc.strerror})")
            return None
        spec = self.package.resource(name)
        try:
            header = next(csv.reader(handle), None)
        except (UnicodeDecodeError, csv.Error) as exc:
            handle.close()
            self.unreadable[name] = (1, _unreadable(exc))
            return None
        if header is None or header_problem(header, spec) is not None:
            handle.close()
            self.skipped.append(name)  # frictionless normally reports the header; see _validate
            return None
        return self._rows(name, handle, spec.field_names, frozenset(spec.missing_values))

    def _rows(self, name: str, handle: TextIO, names: tuple[str, ...], missing: frozenset[str]) -> Rows:
        width = len(names)
        only_empty = missing == frozenset({""})  # the usual case: "" is the one missing value
        number = 1
        see = self.engine.open(name) if self.engine is not None else None
        with handle:
            try:
                for number, cells in enumerate(csv.reader(handle), start=2):
                    if see is not None:
                        see(number, cells)
                    if len(cells) != width:
                        continue
                    if only_empty:
                        yield number, {k: v or None for k, v in zip(names, cells, strict=True)}
                    else:
                        yield (
                            number,
                            {k: (None if v in missing else v) for k, v in zip(names, cells, strict=True)},
                        )
            except (UnicodeDecodeError, csv.Error) as exc:
                self.unreadable[name] = (number + 1, _unreadable(exc))


def _unreadable(exc: UnicodeDecodeError | csv.Error) -> str:
    return csv_problem(exc) if isinstance(exc, csv.Error) else str(exc)


LONG_CELL_FIX = f"shorten the cell to at most {FIELD_LIMIT} characters"


_SUSPECTED: Any = None
"""In the rule pass's own process: the event it sets when the engine first suspects the package."""


def _share_suspicion(event: Any) -> None:
    """Initialise the rule pass's process (events pass to a process only when it starts)."""
    global _SUSPECTED
    _SUSPECTED = event


def _run_rules(package: PackageSpec, archive: Path | None, use_engine: bool) -> _RulesOutcome:
    engine = Engine(package, _SUSPECTED.set if _SUSPECTED is not None else None) if use_engine else None
    with field_limit():
        reader = _Reader(package, engine)
        findings = run_rules(package, reader, archive)
    outcome = _RulesOutcome(findings, reader.unreadable, reader.boms, reader.skipped)
    if engine is not None:
        if reader.unreadable or reader.boms or reader.skipped:
            engine.mark("a file the rule pass could not read as plain UTF-8 CSV")
        outcome.clean, outcome.suspect = engine.clean(), engine.suspect
    return outcome


def _run_rules_within(
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    seconds: float | None,
    megabytes: float | None,
) -> _RulesOutcome:
    """The rule pass in its own process, under its own budget (the parent's does not see it)."""
    budget = Budget(seconds, megabytes)
    try:
        with budget:
            return _run_rules(package, archive, use_engine)
    except BudgetExceeded:
        raise BudgetExceeded(f"kzfacts' rule pass: {budget.reason}") from None


class _Pending:
    """kzfacts' rule pass, done here (a finished future) or running in its own process; calling it
    waits for the outcome."""

    def __init__(
        self,
        future: Future[_RulesOutcome],
        executor: ProcessPoolExecutor | None = None,
        suspected: Any = None,
    ) -> None:
        self._future, self._executor, self._suspected = future, executor, suspected

    def ready(self) -> bool:
        return self._future.done()

    def settle(self) -> None:
        """Wait until the outcome is ready or the engine has suspected the package, in short waits
        so this thread's own budget can interrupt between them."""
        try:
            while not self.ready() and not (self._suspected is not None and self._suspected.is_set()):
                wait_for([self._future], timeout=0.05)
        except BaseException:
            self._stop()
            raise

    def __call__(self) -> _RulesOutcome:
        try:
            while True:
                with contextlib.suppress(WaitTimeout):
                    return self._future.result(timeout=0.1)
        except BaseException:
            self._stop()
            raise
        finally:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)

    def _stop(self) -> None:
        """The parent's budget ran out: do not wait for the rule pass."""
        for process in getattr(self._executor, "_processes", {}).values():
            process.terminate()


def _start_rules(
    package: PackageSpec,
    archive: Path | None,
    use_engine: bool,
    seconds: float | None,
    megabytes: float | None,
) -> _Pending:
    """Start kzfacts' rule pass.

    For large data on a machine with two or more cores, the pass runs in its own process, so
    frictionless can run beside it and the rules add almost no wall time. That process is started
    by a fork server (or spawned), never forked from the caller: a library called from notebooks
    and threaded servers must not fork a multi-threaded process (Python 3.12+ warns that it may
    deadlock). Small data runs here, first.
    """
    size = 0
    for spec in package.resources:
        with contextlib.suppress(OSError):
            size += package.file(spec.name).stat().st_size
    if size < PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        done: Future[_RulesOutcome] = Future()
        done.set_result(_run_rules(package, archive, use_engine))
        return _Pending(done)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    suspected = context.Event()
    executor = ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_share_suspicion, initargs=(suspected,)
    )
    future = executor.submit(_run_rules_within, package, archive, use_engine, seconds, megabytes)
    return _Pending(future, executor, suspected)


def _descriptor_problem(error: Any) -> Problem:
    """A frictionless error about the descriptor itself."""
    return prescan.descriptor_problem(error.type, error.message, "fix the descriptor as the message says")


def _frictionless(target: Path, package: PackageSpec) -> Iterator[Problem]:
    import frictionless

    with frictionless.system.use_context(http_session=_NoNetwork()):
        try:
            # The parsed descriptor with an explicit base path, never the path itself: frictionless
            # treats a path holding [, * or ? as a glob and would validate another folder. And
            # Package(...).validate() directly: frictionless.validate(path) first probes the
            # descriptor as a JSON resource, which costs about 0.1 s for nothing.
            raw = json.loads(json.dumps(package.raw))
            report = frictionless.Package(raw, basepath=str(target.parent)).validate()
        except frictionless.FrictionlessException as exc:
            yield from (_descriptor_problem(e) for e in exc.reasons or [exc.error])
            return
    paths = {spec.name: spec.path for spec in package.resources}
    folder = shown_folder(target)
    yield from (_descriptor_problem(e) for e in report.errors)
    for task in report.tasks:
        name = task.name or "?"
        for error in task.errors:
            info = error.to_descriptor()
            fix = (
                _LABEL_FIX
                if error.type.endswith("-label")
                else _FRICTIONLESS_FIX.get(
                    error.type, "see the message and correct the data or the descriptor"
                ).format(folder=folder)
            )
            row = info.get("rowNumber")
            if row is None and error.type.endswith("-label"):
                row = 1
            yield Problem(
                name,
                paths.get(name, task.place),
                row,
                info.get("fieldName"),
                error.type,
                "error",
                error.message,
                fix,
            )
        for warning in task.warnings:  # "reached error limit: 1000": frictionless stopped reading
            yield Problem(
                name,
                paths.get(name, task.place),
                None,
                None,
                TOO_MANY,
                "error",
                f"frictionless stopped checking this file: {warning}; later rows were not checked",
                TOO_MANY.fix,
            )
