"""frictionless' table checks, decided without frictionless when kzfacts can be sure of the verdict.

frictionless is the reference: its verdicts are the specification. This engine decides one
thing only, while kzfacts' rule pass reads the rows anyway: that frictionless would find *no*
error in the package. Every cell is held to a canonical form that frictionless certainly accepts
and reads the same way (a plain decimal, an ISO date, a string its pattern fully matches, an enum
value as written); keys are compared as the strings frictionless compares; the dialect is sniffed
as frictionless sniffs it; sizes and hashes are recomputed. Anything else (a cell outside the
canonical forms, a repeated or dangling key, a stale hash, a row of the wrong width, descriptor
metadata other than kzfacts' own) makes the package *suspect*, and frictionless itself then
validates it and gives the verdict. So the engine can only be slow, never wrong in frictionless'
place; ``tests/test_engine.py`` holds it to that on generated packages.

Importing frictionless costs about 0.4 s, more than kzfacts' whole check of the bundled package,
so a clean package is validated without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from kzfacts.contract.locate import bundled
from kzfacts.contract.spec import PackageSpec
from kzfacts.reading.hashing import file_digest
from kzfacts.validation.adapter import FileCount, file_counts

_SAMPLE_LINES = 100  # frictionless' DEFAULT_SAMPLE_SIZE: the lines its CSV dialect sniffer sees
_SNIFF_DELIMITERS = ",\t;|"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URI_START = ("http://", "https://")
_SEPARATOR = "\x1f"
"""Joins a row's cells for the one-regex test of a whole row (see :func:`_row_regex`)."""
_ROW_DATE = (
    "(?!0000)[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
"""ISO dates that certainly exist: leap days are left to the per-cell test."""
_ROW_INTEGER: dict[object, str] = {
    None: "-?(?:0|[1-9][0-9]{0,17})",
    0: "(?:0|[1-9][0-9]{0,17})",
    1: "[1-9][0-9]{0,17}",
}
_ROW_NUMBER: dict[object, str] = {
    None: "-?(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]{1,15})?",
    0: "(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]{1,15})?",
}
"""Canonical numbers by minimum (none, 0, 1): the forms the per-cell test accepts (the None entry),
with the bound written in for the row regex."""
_INTEGER = re.compile(_ROW_INTEGER[None])
_NUMBER = re.compile(_ROW_NUMBER[None])
_KNOWN_CONSTRAINTS = frozenset({"required", "unique", "pattern", "enum", "minimum"})
"""Constraints the engine models; a field with any other is always left to frictionless."""
_UNSAFE_IN_ROW = re.compile(r"[$^]|\\[0-9]|\(\?[a-zA-Z<=!P]")
"""Anchors, back-references and flags change meaning inside a larger pattern."""

Check = Callable[[str], bool]


def _field_check(raw: dict[str, Any]) -> Check | None:
    """A test that a present cell is certainly valid for frictionless; None when any cell is.

    Each test accepts a subset of what frictionless accepts and reads the same way: ``fullmatch``
    is stricter than frictionless' ``^pattern$`` with ``match``, a canonical number is one
    ``Decimal`` and ``float`` read alike, an ISO date is one ``strptime`` reads the same."""
    constraints = raw.get("constraints", {})
    tests: list[Check] = []
    kind, fmt = raw.get("type", "any"), raw.get("format", "default")
    if "pattern" in constraints and kind != "string":
        return lambda text: False
    if kind == "string" and fmt == "uri":
        tests.append(lambda text: text.startswith(_URI_START))  # rfc3986 finds the scheme
    elif kind == "integer":
        tests.append(lambda text: _INTEGER.fullmatch(text) is not None)
    elif kind == "number":
        tests.append(lambda text: _NUMBER.fullmatch(text) is not None)
    elif kind == "date":
        tests.append(_iso_date)
    elif not _text(raw):
        return lambda text: False  # a kind the engine does not model: always frictionless
    if "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
        tests.append(lambda text: pattern.fullmatch(text) is not None)  # fullmatch: stricter than ^...$
    if "enum" in constraints:
        allowed = frozenset(constraints["enum"])
        tests.append(allowed.__contains__)
    if "minimum" in constraints:
        minimum = Decimal(str(constraints["minimum"]))
        tests.append(lambda text: Decimal(text) >= minimum)  # after the canonical-number test
    if set(constraints) - _KNOWN_CONSTRAINTS:
        return lambda text: False
    if not tests:
        return None
    return lambda text: all(test(text) for test in tests)


def _text(raw: dict[str, Any]) -> bool:
    """A field whose cell frictionless keeps as written: a string (plain or a URI), a list of strings."""
    kind, fmt, items = raw.get("type", "any"), raw.get("format", "default"), raw.get("itemType")
    return (kind == "string" and fmt in ("default", "uri")) or (kind, items) == ("list", "string")


def _row_part(raw: dict[str, Any], required: bool) -> str | None:
    """One field's part of the whole-row regex: it accepts a subset of what the per-cell test
    (:func:`_field_check`) accepts; None when the field cannot be written so, and the resource's
    rows are then tested cell by cell."""
    constraints = raw.get("constraints", {})
    if set(constraints) - _KNOWN_CONSTRAINTS:
        return None
    kind, fmt = raw.get("type", "any"), raw.get("format", "default")
    pattern, enum, minimum = constraints.get("pattern"), constraints.get("enum"), constraints.get("minimum")
    bound = minimum if type(minimum) is int or minimum is None else "other"
    body: str | None
    if kind in ("integer", "number", "date"):
        if pattern is not None or enum is not None:
            return None
        body = {"integer": _ROW_INTEGER.get(bound), "number": _ROW_NUMBER.get(bound)}.get(
            kind, _ROW_DATE if minimum is None else None
        )
    elif _text(raw):
        if minimum is not None or (pattern is not None and enum is not None):
            return None
        if pattern is not None:
            inner = pattern.removeprefix("^").removesuffix("$")  # fullmatch makes the anchors redundant
            if _UNSAFE_IN_ROW.search(inner) or not _compiles(inner):
                return None
            body = f"(?:{inner})"
        elif enum is not None:
            if not all(isinstance(value, str) for value in enum):
                return None
            body = "(?:" + "|".join(re.escape(value) for value in enum) + ")"
        else:
            body = f"[^{_SEPARATOR}]*"
        if fmt == "uri":
            body = "(?=https?://)" + body
    else:
        return None
    if body is None:
        return None
    return f"(?=[^{_SEPARATOR}]){body}" if required else f"(?:{body})?"


def _row_regex(fields: list[dict[str, Any]], required: list[bool]) -> Callable[[str], object] | None:
    """A test of a whole row at once: its cells joined by the separator, one ``fullmatch``.

    Sound only together with a count: when the joined row holds exactly one separator fewer than
    it has cells, no cell holds one, so each part of the regex matches exactly its own cell."""
    parts = [_row_part(raw, need) for raw, need in zip(fields, required, strict=True)]
    if any(part is None for part in parts):
        return None
    return re.compile(_SEPARATOR.join(part for part in parts if part is not None)).fullmatch


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _iso_date(text: str) -> bool:
    if _DATE.fullmatch(text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Engine:
    """Watches the rows the rule pass reads; ``clean()`` says whether frictionless can be skipped.

    ``suspect`` holds why not (the first reason found), for the report's debugging and the tests.
    """

    def __init__(self, package: PackageSpec, on_suspect: Callable[[], None] | None = None) -> None:
        self.package = package
        self.suspect: str | None = None
        self._on_suspect = on_suspect
        """Told at the first suspicion, so frictionless can start before this pass ends."""
        reason = descriptor_suspect(package)
        if reason is not None:
            self.mark(reason)
        self._checks: dict[str, list[tuple[int, bool, Check | None]]] = {}
        self._rows: dict[str, Callable[[str], object] | None] = {}
        self._keys: dict[tuple[str, str], set[str]] = {}
        """(resource, field) -> values of each key field (primary, unique, referenced)."""
        self._references: list[tuple[str, str, str, str]] = []
        self.counts: dict[str, list[FileCount]] = {}
        """resource -> the hash-count and byte-count errors frictionless would give its file (a
        stale hash alone is reported without frictionless)."""
        raw = {r["name"]: r for r in package.raw["resources"]}
        for spec in package.resources:
            fields = {f["name"]: f for f in raw[spec.name]["schema"]["fields"]}
            self._checks[spec.name] = [
                (i, f.required or f.name in spec.primary_key, _field_check(fields[f.name]))
                for i, f in enumerate(spec.fields)
            ]  # a primary key's cells are required, as frictionless requires them
            self._rows[spec.name] = _row_regex(
                [fields[f.name] for f in spec.fields], [need for _, need, _ in self._checks[spec.name]]
            )
            keyed = {f.name for f in spec.fields if f.unique} | set(spec.primary_key)
            for key in spec.foreign_keys:
                if len(key.fields) != 1 or len(key.reference_fields) != 1:
                    self.mark(f"{spec.name}: a composite foreign key")
                    continue
                keyed |= set(key.fields)
                self._references.append((spec.name, key.fields[0], key.resource, key.reference_fields[0]))
            if any(spec.field(name).type != "string" for name in keyed if name in spec.field_names):
                self.mark(f"{spec.name}: a key field that is not a string")  # values, not text, compare
            if len(spec.primary_key) > 1:
                self.mark(f"{spec.name}: a composite primary key")

    def mark(self, reason: str) -> None:
        if self.suspect is None:
            self.suspect = reason
            if self._on_suspect is not None:
                self._on_suspect()

    def open(self, name: str) -> Callable[[int, list[str]], None] | None:
        """A per-row watcher for one resource, after checking its file as a whole; None once the
        package is suspect (the engine then stops spending time)."""
        if self.suspect is not None:
            return None
        spec = self.package.resource(name)
        reason, counts = _file_suspect(self.package.file(name), spec.bytes, spec.hash)
        if counts:
            self.counts[name] = counts
        if reason is not None:
            self.mark(f"{name}: {reason}")
            return None
        checks = self._checks[name]
        width = len(checks)
        keys = self._key_sets(name)
        tested = [(i, required, check) for i, required, check in checks if check is not None or required]
        whole_row = self._rows[name]
        separators = width - 1

        def see(number: int, cells: list[str]) -> None:
            if self.suspect is not None:
                return
            if whole_row is not None and len(cells) == width:  # the usual case: one regex, no loop
                joined = _SEPARATOR.join(cells)
                if (
                    len(joined) > separators  # not a blank row
                    and joined.count(_SEPARATOR) == separators  # first: the regex never sees U+001F cells
                    and whole_row(joined) is not None
                ):
                    remember(number, cells)
                    return
            if len(cells) != width or not any(cells):
                self.mark(f"{name} row {number}: {len(cells)} cells, or a blank row")
                return
            reason = _cells_suspect(cells, tested)
            if reason is not None:
                self.mark(f"{name} row {number}: {reason}")
                return
            remember(number, cells)

        def remember(number: int, cells: list[str]) -> None:
            """Add the row's key cells to their sets; a repeat of a unique one makes the package
            suspect. Empty cells are never keys: a primary key's cells are required, so the tests
            above have refused an empty one."""
            for i, field, values, unique in keys:
                text = cells[i]
                if text:
                    if unique and text in values:
                        self.mark(f"{name} row {number}: {field} {text!r} repeats")
                        return
                    values.add(text)

        return see

    def _key_sets(self, name: str) -> list[tuple[int, str, set[str], bool]]:
        """(column, field, the set of its values so far, whether unique) for each key field of
        ``name``: primary, unique, referencing or referenced. Sets, not columns: a million ids
        referenced by nothing cost no more than their set."""
        spec = self.package.resource(name)
        distinct = {f.name for f in spec.fields if f.unique} | set(spec.primary_key)
        tracked = distinct | {f for r, f, _, _ in self._references if r == name}
        tracked |= {t for _, _, r, t in self._references if r == name}
        return [
            (i, f.name, self._keys.setdefault((name, f.name), set()), f.name in distinct)
            for i, f in enumerate(spec.fields)
            if f.name in tracked
        ]

    def clean(self) -> bool:
        """True when frictionless would report no error: no suspicion, and every foreign key
        resolves (checked last, over whole columns)."""
        if self.suspect is not None:
            return False
        for resource, field, target, target_field in self._references:
            values = self._keys.get((resource, field), set())
            known = self._keys.get((target, target_field), set())
            missing = values - known
            if missing:
                self.mark(f"{resource}.{field}: {sorted(missing)[0]!r} is not a {target}.{target_field}")
                return False
        return True


def _cells_suspect(cells: list[str], tested: list[tuple[int, bool, Check | None]]) -> str | None:
    """Why a row's cells, tested one by one, might not be frictionless' (None: every one certainly is)."""
    for i, required, check in tested:
        text = cells[i]
        if text == "":
            if required:
                return f"required cell {i + 1} is empty"
        elif check is not None and not check(text):
            return f"cell {i + 1} ({text[:40]!r}) is not in canonical form"
    return None


def descriptor_suspect(package: PackageSpec) -> str | None:
    """frictionless also checks the descriptor's metadata against the Data Package profile: leave
    any metadata other than kzfacts' own (bar sizes and hashes, checked per file) to it."""
    contract = bundled().raw
    for key in set(package.raw) | set(contract):
        if key != "resources" and package.raw.get(key) != contract.get(key):
            return f"package property {key!r} differs from kzfacts' own"
    ours = {r["name"]: r for r in contract["resources"]}
    for resource in package.raw["resources"]:
        theirs = {k: v for k, v in resource.items() if k not in ("bytes", "hash")}
        mine = {k: v for k, v in ours[resource["name"]].items() if k not in ("bytes", "hash")}
        if theirs != mine:
            return f"resource {resource['name']!r} differs from kzfacts' own descriptor"
    return None


def _file_suspect(path: Path, size: int | None, digest: str | None) -> tuple[str | None, list[FileCount]]:
    """Why frictionless might fault the file as a whole (a BOM, an empty file, a sniffed dialect
    other than plain comma-separated CSV), and the size and hash errors it would give it."""
    try:
        actual_size, actual = file_digest(path)
    except OSError as exc:
        return f"unreadable ({exc})", []
    if actual_size == 0:
        return "empty file", []
    return dialect_suspect(path), file_counts(size, digest, actual_size, actual)


def dialect_suspect(path: Path) -> str | None:
    """Why frictionless might read the file other than as plain UTF-8, comma-separated CSV: a BOM,
    or a dialect its sniffer (which sees the first lines) takes for another."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # as frictionless' loader opens it
            sample = []
            for line in handle:
                sample.append(line)
                if len(sample) >= _SAMPLE_LINES:
                    break
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({exc})"
    if sample and sample[0].startswith("\ufeff"):
        return "byte-order mark"
    try:
        sniffed: Any = csv.Sniffer().sniff("".join(sample), _SNIFF_DELIMITERS)
    except csv.Error:
        return None  # frictionless falls back to the excel dialect: plain CSV
    quote = '"' if sniffed.quotechar == "'" else sniffed.quotechar
    if (sniffed.delimiter, quote, sniffed.escapechar, sniffed.skipinitialspace) != (",", '"', None, False):
        return f"the sniffed dialect is {sniffed.delimiter!r}/{quote!r}, not plain CSV"
    return None
