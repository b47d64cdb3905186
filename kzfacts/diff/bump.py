"""The least version bump a diff requires, by the rule docs/releasing.md writes down.

Data Package v2 asks for semantic versions; for data they mean:

- **major** when a consumer's code or analysis may break: a resource or field removed, a type,
  format or key changed, a constraint tightened (a new or narrower enum, pattern, minimum,
  ``required`` or ``unique``), records removed (or re-identified: removed and added under new ids);
- **minor** when something is added: resources, fields, records, enum values, or a constraint
  loosened;
- **patch** when existing values are corrected, or the package's own metadata changes.

Before 1.0.0, as semantic versioning and Python packaging both allow, a major change raises the
minor number (0.1.x -> 0.2.0). What needs judgement (a corrected value that changes a recommended
annual figure is a patch by this rule, yet changes what analyses conclude) is listed beside the bump.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzfacts.diff import PackageDiff, SchemaChange

LEVELS = ("none", "patch", "minor", "major")
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(.*)$")
MAX_REASONS = 20


@dataclass(frozen=True)
class Bump:
    """The least bump, the changes that require it, and what a maintainer should weigh."""

    level: str
    reasons: tuple[str, ...]
    judgement: tuple[str, ...] = ()


def _constraint(name: str, old: Any, new: Any) -> str:
    """The level a change of one constraint requires."""
    if old is None:
        return "minor" if new in (False, None) else "major"
    if new is None:
        return "minor"
    if name == "enum" and isinstance(old, list) and isinstance(new, list):
        return "major" if set(old) - set(new) else "minor"
    if name == "minimum" and isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return "major" if new > old else "minor"
    if name == "maximum" and isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return "major" if new < old else "minor"
    if name in ("required", "unique"):
        return "major" if new is True else "minor"
    return "major"  # a pattern or anything else: which values still pass cannot be told


def _field_change(change: SchemaChange) -> str:
    old = json.loads(change.old or "{}")
    new = json.loads(change.new or "{}")
    if any(old.get(k) != new.get(k) for k in ("type", "format", "itemType", "delimiter")):
        return "major"
    levels = ["minor" if old.get("categoriesOrdered") != new.get("categoriesOrdered") else "none"]
    before, after = old.get("constraints", {}), new.get("constraints", {})
    levels += [
        _constraint(k, before.get(k), after.get(k))
        for k in set(before) | set(after)
        if before.get(k) != after.get(k)
    ]
    return max(levels, key=LEVELS.index)


_SCHEMA_LEVEL = {
    "resource removed": "major",
    "field removed": "major",
    "primary key changed": "major",
    "foreign keys changed": "major",
    "resource added": "minor",
    "field added": "minor",
}


def _changes(found: PackageDiff) -> list[tuple[str, str]]:
    """(level, what changed) for every change of the diff."""
    out: list[tuple[str, str]] = []
    for change in found.schema:
        where = change.resource + (f".{change.field}" if change.field else "")
        level = _SCHEMA_LEVEL.get(change.change) or _field_change(change)
        out.append((level, f"{where}: {change.change}"))
    for resource in found.resources:
        if resource.removed:
            out.append(("major", f"{resource.name}: {len(resource.removed)} record(s) removed"))
        if resource.added:
            out.append(("minor", f"{resource.name}: {len(resource.added)} record(s) added"))
        if resource.changed:
            out.append(("patch", f"{resource.name}: {len(resource.changed)} record(s) corrected"))
    out += [("patch", f"package {c.name} changed") for c in found.metadata if c.name != "version"]
    return out


def least(found: PackageDiff) -> Bump:
    """The least bump ``found`` requires, with the changes that require it."""
    changes = _changes(found)
    level = max((lvl for lvl, _ in changes), key=LEVELS.index, default="none")
    reasons = tuple(what for lvl, what in changes if lvl == level)[:MAX_REASONS]
    judgement = tuple(
        f"recommended value of {c.name} changes ({c.old} -> {c.new}): analyses may conclude otherwise"
        for c in found.recommended
        if c.old is not None and c.new is not None
    )[:MAX_REASONS]
    return Bump(level, reasons, judgement)


def parts(version: str) -> tuple[int, int, int, bool]:
    """(major, minor, patch, a pre-release or development version?) of ``1.2.3`` or ``1.3.0.dev0``."""
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a version number such as 1.2.0")
    return int(match[1]), int(match[2]), int(match[3]), bool(match[4])


def lowest(version: str, level: str) -> str:
    """The lowest version after ``version`` that a change of ``level`` allows."""
    major, minor, patch, _ = parts(version)
    if level == "major" and major > 0:
        return f"{major + 1}.0.0"
    if level in ("major", "minor"):
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def covers(old: str, new: str, level: str) -> bool:
    """Whether version ``new`` (or the release it leads to, for ``1.3.0.dev0``) is at least the
    lowest that a ``level`` change from ``old`` allows."""
    wanted = parts(lowest(old, level))[:3]
    return parts(new)[:3] >= wanted
