"""The columnar engine's pass over a package: every file read once (:mod:`.scan`), frictionless'
verdict from whole columns (:mod:`.tables`), kzfacts' row rules on the rows their pre-filters
select (:mod:`.prefilter`) and the cross-row rules on columns (:mod:`.stateful`).

:func:`run` gives the report's two halves, frictionless' problems and kzfacts' rule pass, or raises
:class:`~.scan.Fallback` before reporting anything when it cannot vouch for the input; the exact,
row-wise path then validates the package.
"""

from __future__ import annotations

import contextlib
import importlib.abc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzfacts.contract.locate import shown_folder
from kzfacts.contract.spec import PackageSpec, ResourceSpec
from kzfacts.validation.adapter import task_problems
from kzfacts.validation.columnar import stateful
from kzfacts.validation.columnar.prefilter import FILTERS, Cols, Filter, any_of, present
from kzfacts.validation.columnar.scan import Digest, Fallback, scan
from kzfacts.validation.columnar.tables import (
    Checks,
    Reader,
    Table,
    key_maps,
    pc_unique_present,
    verdict,
    with_odd_rows,
)
from kzfacts.validation.engine import descriptor_suspect, dialect_suspect
from kzfacts.validation.problems import Problem
from kzfacts.validation.rulepass import RulesOutcome
from kzfacts.validation.rules import RULES, references, tonnage
from kzfacts.validation.rules.base import (
    PRELOADED,
    Context,
    Row,
    Rule,
    _crashed,
    _Kept,
    check_row,
    finished,
    source_groups,
)


@dataclass
class Chunk:
    """What a worker thread made of one chunk (indices count from the chunk's first row)."""

    odd: list[tuple[int, list[str]]]
    selected: list[tuple[int, Row]]
    keys: dict[str, Any]
    cited: set[str]
    bases: list[tuple[str, ...]] = field(default_factory=list)
    stated: list[tuple[int, Row]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    dangling: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


def _as_row(record: dict[str, str]) -> Row:
    return {key: value or None for key, value in record.items()}


def _picked(table: Any, mask: Any) -> list[tuple[int, dict[str, str]]]:
    import pyarrow.compute as pc

    if mask is None:
        return []
    where = pc.indices_nonzero(mask)
    if len(where) == 0:
        return []
    return list(zip(where.to_pylist(), table.take(where).to_pylist(), strict=True))


@dataclass
class Plan:
    """How one resource's chunks are analysed: frictionless' cell tests, the rule filters, the key
    columns to keep, the source fields whose values count as cited."""

    spec: ResourceSpec
    checks: Checks
    filters: list[Filter] | None
    """None: the resource is preloaded, its rows kept whole for the rules."""
    keep: list[str]
    cited: list[str]
    yoy: bool
    early: dict[int, tuple[str, Any]] = field(default_factory=dict)
    """Foreign keys whose referenced values are known before this scan: index -> (field, values)."""

    def analyse(self, table: Any, hidden: bool) -> Chunk:
        import pyarrow.compute as pc

        cols = Cols(table)
        odd = [(i, list(r.values())) for i, r in _picked(table, self.checks.odd(cols))]
        masks = [m for f in self.filters or [] if (m := f(cols, hidden)) is not None]
        chunk = Chunk(
            odd,
            [(i, _as_row(r)) for i, r in _picked(table, any_of(masks))],
            {name: table.column(name).combine_chunks() for name in self.keep},
            {text for name in self.cited for text in pc.unique(table.column(name)).to_pylist() if text},
        )
        chunk.dangling = {index: _dangling(table, name, known) for index, (name, known) in self.early.items()}
        if self.filters is None:
            chunk.rows = [_as_row(r) for r in table.to_pylist()]
        if self.yoy:
            chunk.bases = stateful.yoy_bases(table)
            chunk.stated = [(i, _as_row(r)) for i, r in _picked(table, stateful.yoy_stated(table))]
        return chunk


def _dangling(table: Any, name: str, known: Any) -> list[tuple[int, str]]:
    import pyarrow.compute as pc

    column = table.column(name)
    return [
        (i, r[name])
        for i, r in _picked(
            table.select([name]), pc.and_(present(column), pc.invert(pc.is_in(column, value_set=known)))
        )
    ]


def _keep(spec: ResourceSpec, package: PackageSpec, early: dict[int, tuple[str, Any]]) -> list[str]:
    names = {f.name for f in spec.fields if f.unique} | set(spec.primary_key)
    names |= {f for i, key in enumerate(spec.foreign_keys) if i not in early for f in key.fields}
    for other in package.resources:
        names |= {key.reference_fields[0] for key in other.foreign_keys if key.resource == spec.name}
    if "id" in spec.field_names:
        names.add("id")
    return [name for name in spec.field_names if name in names]


def _refuse(package: PackageSpec) -> None:
    """Raise :class:`Fallback` for what this engine does not model: another descriptor than
    kzfacts', composite or non-text keys, a dialect frictionless would sniff otherwise."""
    reason = descriptor_suspect(package)
    for spec in package.resources:
        keyed = {f.name for f in spec.fields if f.unique} | set(spec.primary_key)
        keyed |= {name for key in spec.foreign_keys for name in (*key.fields, *key.reference_fields)}
        if len(spec.primary_key) > 1 or any(len(k.fields) != 1 for k in spec.foreign_keys):
            reason = reason or f"{spec.name}: a composite key"
        if any(spec.field(name).type != "string" for name in keyed if name in spec.field_names):
            reason = reason or f"{spec.name}: a key field that is not a string"
        if len(spec.fields) < 2:
            reason = reason or f"{spec.name}: fewer than two fields"
        reason = reason or dialect_suspect(package.file(spec.name))
    if reason is not None:
        raise Fallback(reason)


_WAITING_ROWS = 2_000
"""Odd rows kept for frictionless' reader at most: it is imported (about 15 MB) only once the keys
are counted, the run's peak of memory, unless this many rows need it sooner."""


class Pass:
    """One columnar pass over a package: the tables' keys and verdicts, and the rules' findings."""

    def __init__(self, package: PackageSpec) -> None:
        self.package = package
        self.tables: dict[str, Table] = {}
        self.readers: dict[str, Reader] = {}
        self.kept = _Kept()
        self.cited: set[str] = set()
        self.bases: list[tuple[str, ...]] = []
        self.stated: list[tuple[int, Row]] = []
        self.rows: dict[str, list[tuple[int, Row]]] = {}
        self.context = Context(package, self.rows)
        self.lookups: dict[tuple[str, str], Any] = {}
        self.odd: dict[str, list[tuple[int, list[str]]]] = {}
        """Odd rows not yet given to frictionless' reader (see :data:`_WAITING_ROWS`)."""
        self.waiting = 0

    def lookup(self, resource: str, name: str) -> Any:
        """The present values of a column of a resource read already (a foreign key's lookup)."""
        if (resource, name) not in self.lookups:
            self.lookups[(resource, name)] = pc_unique_present(self.tables[resource].column(name))
        return self.lookups[(resource, name)]

    def judge_odd_rows(self) -> None:
        """frictionless' row reader on the odd rows kept so far, each resource's in file order."""
        for name, rows in self.odd.items():
            with_odd_rows(self.tables[name], self.reader(name), iter(rows))
        self.odd.clear()
        self.waiting = 0

    def reader(self, name: str) -> Reader:
        if name not in self.readers:
            self.readers[name] = Reader(self.package, name)
        return self.readers[name]

    def read(self, spec: ResourceSpec, rules: list[Rule] | None) -> None:
        """Scan one resource; ``rules`` None for a preloaded one (its rows are kept whole)."""
        package = self.package
        filters = None
        handlers: list[tuple[type[Rule], Callable[..., Any]]] = []
        if rules is not None:
            mine = [r for r in rules if r.resources is None or spec.name in r.resources]
            handlers = [(type(r), r.row) for r in mine]
            filters = [FILTERS[type(r)](r, spec.name) if type(r) in FILTERS else _every for r in mine]
        cited = [g[0] for g in source_groups(package, spec.name) if g[0] in spec.field_names]
        yoy = tonnage.YearOnYear in RULES and spec.name in (tonnage.YearOnYear.resources or ())
        early = {
            i: (key.fields[0], self.lookup(key.resource, key.reference_fields[0]))
            for i, key in enumerate(spec.foreign_keys)
            if key.resource in self.tables and key.resource != spec.name
        }
        plan = Plan(spec, Checks.of(package, spec), filters, _keep(spec, package, early), cited, yoy, early)
        unique = [f.name for f in spec.fields if f.unique]
        table = self.tables[spec.name] = Table(spec, unique, references=Table.named(package, spec))
        table.dangling = {i: {} for i in early}
        digest = Digest()
        first = 2
        for parsed in scan(package.file(spec.name), spec.field_names, plan.analyse, digest):
            self._take(spec.name, table, parsed.result, first, handlers)
            first += parsed.rows
        table.size, table.sha256 = digest.size, digest.sha256

    def _take(
        self, name: str, table: Table, chunk: Chunk, first: int, handlers: list[tuple[type[Rule], Any]]
    ) -> None:
        for index, found in chunk.dangling.items():
            table.dangling[index].update((first + i, value) for i, value in found)
        if chunk.odd:
            self.odd.setdefault(name, []).extend((first + i, cells) for i, cells in chunk.odd)
            self.waiting += len(chunk.odd)
            if self.waiting > _WAITING_ROWS:
                self.judge_odd_rows()
        for key, column in chunk.keys.items():
            table.columns.setdefault(key, []).append(column)
        self.cited |= chunk.cited
        self.bases.extend(chunk.bases)
        self.stated.extend((first + i, row) for i, row in chunk.stated)
        if chunk.rows:
            self.rows.setdefault(name, []).extend((first + i, row) for i, row in enumerate(chunk.rows))
        for index, row in chunk.selected:
            self._check(name, first + index, row, handlers)

    def _check(self, name: str, number: int, row: Row, handlers: list[tuple[type[Rule], Any]]) -> None:
        """The row rules on one row, as :func:`~kzfacts.validation.rules.base.run_rules` runs them."""
        check_row(self.kept, self.context, name, number, row, handlers)


def _every(table: Any, hidden: bool) -> Any:
    import pyarrow as pa

    return pa.array([True] * table.num_rows, pa.bool_())


def run(package: PackageSpec, target: Path) -> tuple[list[Problem], RulesOutcome]:
    """frictionless' problems and kzfacts' rule pass for ``package``; :class:`Fallback` when the
    engine cannot vouch for some input (nothing is reported then)."""
    _refuse(package)
    _pool()
    work = Pass(package)
    names = package.resource_names
    for name in (n for n in PRELOADED if n in names):
        work.read(package.resource(name), None)
    rules = [cls(work.context) for cls in RULES if not cls.needs_archive]
    row_rules = [r for r in rules if type(r) not in stateful.STATEFUL]
    for name in names:
        if name in PRELOADED:
            handlers = [(type(r), r.row) for r in row_rules if r.resources is None or name in r.resources]
            for number, row in work.rows.get(name, []):
                work._check(name, number, row, handlers)
        else:
            work.read(package.resource(name), row_rules)
    _stateful(work, rules)
    problems = _frictionless(work, target)
    return problems, _outcome(work, not problems)


def _pool() -> None:
    """pyarrow's allocations from jemalloc where it is built in: it hands freed pages back sooner than
    the default pool, and the budget counts resident memory (the run is in its own worker).

    pyarrow also tests every Python value it converts (``pa.scalar``, ``pa.array``, a compute
    function's argument) for pandas' types, importing pandas wherever it is installed: 56 MB of the
    worker's memory for nothing. pyarrow asks once and remembers, so the worker has it ask while
    pandas cannot be imported; pandas is importable again at once (pyarrow's own ``to_pandas`` asks
    again), and a process that has already imported pandas is left as it is."""
    import sys

    import pyarrow as pa

    with contextlib.suppress(NotImplementedError, pa.ArrowException):
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    if "pandas" not in sys.modules:
        hidden = _Hidden()
        sys.meta_path.insert(0, hidden)
        try:
            pa.scalar(0)
        finally:
            sys.meta_path.remove(hidden)


class _Hidden(importlib.abc.MetaPathFinder):
    """An import finder for which pandas cannot be imported."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is hidden from pyarrow while it asks")


def _stateful(work: Pass, rules: list[Rule]) -> None:
    """The cross-row rules, from the columns kept."""
    by_type = {type(r): r for r in rules}
    names = work.package.resource_names
    ids = {n: work.tables[n].column("id") for n in names if "id" in work.tables[n].spec.field_names}
    steps: list[tuple[type[Rule], Callable[[Rule], Any]]] = [
        (references.IdUnique, lambda r: stateful.id_unique(r, ids)),
        (references.SourceUncited, lambda r: stateful.source_uncited(r, work.cited)),
        (references.ClaimTarget, lambda r: stateful.claim_target(r, ids)),
        (
            tonnage.YearOnYear,
            lambda r: stateful.year_on_year(r, work.context, work.bases, work.stated),
        ),
    ]
    first = names[0]
    for cls, step in steps:
        if cls in by_type:
            try:
                for finding in step(by_type[cls]):
                    work.kept.keep(cls, finding)
            except Exception as exc:
                work.kept.keep(cls, _crashed(first, None, exc, "finish"))


def _frictionless(work: Pass, target: Path) -> list[Problem]:
    """frictionless' report, resource by resource, as problems."""
    folder = shown_folder(target)
    names = work.package.resource_names
    every = {name: key_maps(work.tables, name, work.lookup) for name in names}
    work.judge_odd_rows()  # frictionless' import after the keys' peak, not on top of it
    found: list[Problem] = []
    for name, table in ((n, work.tables[n]) for n in names):
        keys = every[name]
        flagged = bool(table.rows_with_errors) or any(keys.values())
        judged = verdict(table, keys, work.reader(name) if flagged else None)
        found.extend(task_problems(name, table.spec.path, judged.errors, judged.warnings, folder))
    return found


def _outcome(work: Pass, clean: bool) -> RulesOutcome:
    rules = finished(work.kept, work.context, RULES, work.package.resource_names)
    return RulesOutcome(rules, {}, [], [], clean)
