"""Check a descriptor is safe to hand to frictionless: local files only, inside the package folder.

frictionless fetches URLs even in its default untrusted mode, so anything that
could reach the network or leave the folder is rejected here first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzfacts.contract.locate import DESCRIPTOR_NAME
from kzfacts.contract.paths import FileIssue, file_reason, is_bundled, unsafe_reason
from kzfacts.contract.spec import lone_surrogate
from kzfacts.validation.kinds import Kind
from kzfacts.validation.limits import MAX_DESCRIPTOR_BYTES, MAX_RESOURCES
from kzfacts.validation.problems import Problem

DESCRIPTOR_FILE = DESCRIPTOR_NAME
_PATH_KEYS = ("path", "schema", "dialect", "profile", "extrapaths")
_STANDARD_PROFILES = ("data-resource", "tabular-data-resource")
_PLAIN_CSV = {
    "delimiter": ",",
    "quoteChar": '"',
    "header": True,
    "headerRows": [1],
    "doubleQuote": True,
    "lineTerminator": "\r\n",
    "skipInitialSpace": False,
    "$schema": None,
}


@dataclass
class Scan:
    """The parsed descriptor (None when unusable) and the problems found before frictionless runs."""

    raw: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return self.raw is not None and not self.problems


def descriptor_problem(
    kind: Kind, message: str, fix: str, resource: str = DESCRIPTOR_FILE, field: str | None = None
) -> Problem:
    """An error located in datapackage.json itself (no data row)."""
    return Problem(resource, DESCRIPTOR_FILE, None, field, kind.value, kind.severity, message, fix)


def _plain_csv(dialect: dict[str, Any]) -> bool:
    """True when a dialect only restates the defaults kzfacts' readers assume."""
    return all(k in _PLAIN_CSV and (k == "$schema" or v == _PLAIN_CSV[k]) for k, v in dialect.items())


class _Refused(Exception):
    """The descriptor cannot be used at all: one problem says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refuse(kind: Kind, message: str, fix: str) -> _Refused:
    return _Refused(descriptor_problem(kind, message, fix))


def _check_file(descriptor: Path, trusted: bool) -> None:
    """Refuse a descriptor that is not a plain file of the package folder (_Refused says why)."""
    if descriptor.is_symlink() and descriptor.resolve().parent != descriptor.parent.resolve():
        raise _refuse(
            Kind.UNSAFE_PATH,
            "it is a symlink to a file outside the package folder",
            f"put the {DESCRIPTOR_FILE} itself in the package folder",
        )
    reason = file_reason(descriptor, trusted=trusted)
    if reason is not None and reason.issue is FileIssue.HARD_LINK:
        raise _refuse(Kind.UNSAFE_PATH, f"it {reason}", f"copy the {DESCRIPTOR_FILE} into the folder instead")
    if reason is not None:
        raise _refuse(
            Kind.DESCRIPTOR_UNREADABLE,
            "it is not a regular file" if reason.issue is FileIssue.NOT_REGULAR else f"it {reason}",
            f"point at the package's {DESCRIPTOR_FILE} or its folder",
        )


def _read(descriptor: Path, trusted: bool) -> dict[str, Any]:
    """The descriptor as a JSON object, read within the size limit; _Refused names why not."""
    keep_small = f"keep {DESCRIPTOR_FILE} under {MAX_DESCRIPTOR_BYTES} bytes"
    try:
        _check_file(descriptor, trusted)
        size = descriptor.stat().st_size
        if size > MAX_DESCRIPTOR_BYTES:
            raise _refuse(Kind.DESCRIPTOR_UNREADABLE, f"descriptor is {size} bytes", keep_small)
        with descriptor.open("rb") as handle:
            data = handle.read(MAX_DESCRIPTOR_BYTES + 1)
        if len(data) > MAX_DESCRIPTOR_BYTES:
            raise _refuse(Kind.DESCRIPTOR_UNREADABLE, "descriptor is larger than allowed", keep_small)
        raw = json.loads(data.decode("utf-8"))
    except OSError as exc:
        message = f"cannot read it ({exc.strerror})"
        raise _refuse(Kind.DESCRIPTOR_UNREADABLE, message, "check the file exists and is readable") from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 ({exc.reason} at byte {exc.start})"
        raise _refuse(Kind.DESCRIPTOR_UNREADABLE, message, "save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise _refuse(Kind.DESCRIPTOR_JSON, message, "fix the JSON syntax at that place") from None
    except RecursionError:
        raise _refuse(Kind.DESCRIPTOR_JSON, "JSON nested too deeply", "flatten the descriptor") from None
    if not isinstance(raw, dict):
        raise _refuse(
            Kind.DESCRIPTOR_SHAPE,
            f"the top level is a JSON {type(raw).__name__}, not an object",
            "make datapackage.json one JSON object {...}",
        )
    where = lone_surrogate(raw)
    if where is not None:
        raise _refuse(
            Kind.DESCRIPTOR_JSON,
            f"{where} holds a lone surrogate (an escape from \\ud800 to \\udfff), which is not text",
            "remove the escape, or write the character itself",
        )
    return raw


def scan(descriptor: Path) -> Scan:
    """Read ``descriptor`` and report everything that must stop validation before frictionless."""
    trusted = is_bundled(descriptor)
    try:
        raw = _read(descriptor, trusted)
    except _Refused as refused:
        return Scan(None, [refused.problem])
    result = Scan(raw)
    resources = raw.get("resources")
    if not isinstance(resources, list) or not resources:
        result.problems.append(
            descriptor_problem(
                Kind.DESCRIPTOR_SHAPE,
                "no resources list",
                'add "resources": [...] with one entry per CSV file',
            )
        )
        return result
    if len(resources) > MAX_RESOURCES:
        result.problems.append(
            descriptor_problem(
                Kind.DESCRIPTOR_SHAPE,
                f"{len(resources)} resources; kzfacts accepts at most {MAX_RESOURCES} (its contract has "
                "seven)",
                "keep exactly kzfacts' resources; add rows to them instead",
            )
        )
        return result
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    repeated = sorted({n for n in names if isinstance(n, str) and names.count(n) > 1})
    if repeated:
        result.problems.append(
            descriptor_problem(
                Kind.DESCRIPTOR_SHAPE,
                f"resource names {repeated} appear more than once",
                "give each resource its own name, as kzfacts' descriptor does",
            )
        )
    if isinstance(raw.get("profile"), str) and raw["profile"] not in ("data-package", "tabular-data-package"):
        result.problems.append(
            descriptor_problem(
                Kind.UNSAFE_PATH,
                f"package profile {raw['profile']!r} is not inline",
                "remove the package profile; kzfacts uses $schema",
            )
        )
    for index, resource in enumerate(resources):
        result.problems.extend(_resource_problems(index, resource, descriptor.parent, trusted))
    return result


def _resource_problems(index: int, resource: Any, basepath: Path, trusted: bool) -> list[Problem]:
    """What is unsafe or missing in one resource entry: its paths, inline data, its schema."""
    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        return [
            descriptor_problem(
                Kind.DESCRIPTOR_SHAPE,
                f"resource #{index + 1} is not an object with a name",
                'give every resource a "name" and a "path"',
            )
        ]
    name = resource["name"]
    problems = [
        p for key in _PATH_KEYS for p in _path_problems(name, key, resource.get(key), basepath, trusted)
    ]
    if "data" in resource:
        problems.append(
            descriptor_problem(
                Kind.UNSAFE_PATH,
                f"{name!r} has inline data",
                "keep the rows in a CSV file referenced by path",
                name,
            )
        )
    if not isinstance(resource.get("schema"), dict):
        problems.append(
            descriptor_problem(
                Kind.SCHEMA_MISSING,
                f"{name!r} has no inline Table Schema",
                'add a "schema": {"fields": [...]} object',
                name,
            )
        )
    return problems


def _path_problems(name: str, key: str, value: Any, basepath: Path, trusted: bool) -> list[Problem]:
    """Problems with one path-like property (path, schema, dialect, profile, extrapaths) of a resource."""
    if value is None or (isinstance(value, dict) and key in ("schema", "dialect")):
        if key == "dialect" and isinstance(value, dict) and not _plain_csv(value):
            return [
                descriptor_problem(
                    Kind.SCHEMA_CONTRACT,
                    f"dialect of {name!r} is not plain comma-separated CSV ({value!r})",
                    "write the file as UTF-8 CSV with a comma, double quotes and one header row, "
                    "and remove the dialect",
                    name,
                )
            ]
        return []
    if key == "profile" and value in _STANDARD_PROFILES:
        return []
    if key in ("schema", "dialect", "profile", "extrapaths"):
        return [
            descriptor_problem(
                Kind.UNSAFE_PATH,
                f"{key} of {name!r} must be written inline, not referenced ({value!r})",
                f"replace the {key} reference by the object itself",
                name,
            )
        ]
    if not isinstance(value, str):
        return [
            descriptor_problem(
                Kind.UNSAFE_PATH,
                f"path of {name!r} must be one string",
                "give one relative path such as data/name.csv",
                name,
            )
        ]
    reason = unsafe_reason(value, basepath)
    if reason:
        shown = repr(value) if len(value) <= 80 else repr(value[:60]) + "..."
        return [
            descriptor_problem(
                Kind.UNSAFE_PATH,
                f"path {shown} of {name!r} {reason}",
                "use a relative path inside the package folder, such as data/name.csv",
                name,
            )
        ]
    found = file_reason(basepath / value, trusted=trusted)
    if found is None:
        return []
    if found.issue is FileIssue.MISSING:
        message = "the descriptor lists this file but it does not exist"
        return [Kind.FILE_MISSING.problem(name, value, None, None, message)]
    return [
        descriptor_problem(
            Kind.UNSAFE_PATH,
            f"path {value!r} of {name!r} {found}",
            "make it a plain file inside the package folder (copy it there)",
            name,
        )
    ]
