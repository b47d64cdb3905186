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
from kzfacts.contract.paths import MISSING, file_reason, is_bundled, unsafe_reason
from kzfacts.contract.spec import lone_surrogate
from kzfacts.validation.problems import Problem, ProblemKind

DESCRIPTOR_FILE = DESCRIPTOR_NAME
MAX_DESCRIPTOR_BYTES = 5_000_000
MAX_RESOURCES = 50
"""More resources than this are refused at once: kzfacts has seven, and each costs a file read."""
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

DESCRIPTOR_UNREADABLE = ProblemKind(
    "descriptor-unreadable",
    "datapackage.json can be read, is UTF-8 and under 5 MB.",
    "point at a readable datapackage.json under the size limit",
)
DESCRIPTOR_JSON = ProblemKind(
    "descriptor-json",
    "datapackage.json is valid JSON.",
    "fix the JSON syntax at the place named",
)
DESCRIPTOR_SHAPE = ProblemKind(
    "descriptor-shape",
    f"datapackage.json is one object with a list of at most {MAX_RESOURCES} resources, each with its "
    "own name.",
    "compare the descriptor with the bundled one (kzfacts.Package().path)",
)
UNSAFE_PATH = ProblemKind(
    "unsafe-path",
    "Every path is a relative file path inside the package folder: no URL, absolute path, `..`, `~`, "
    "environment variable, NUL, or symlink that leads outside; each file is a regular file with one "
    "name (no FIFO, device, symlink loop or hard link); schemas and dialects are inline. Checked "
    "before frictionless runs, so nothing is ever fetched.",
    "use a relative path inside the package folder, such as data/name.csv",
)
SCHEMA_MISSING = ProblemKind(
    "schema-missing",
    "Every resource has an inline Table Schema.",
    'add a "schema": {"fields": [...]} object',
)
FILE_MISSING = ProblemKind(
    "file-missing",
    "Every file the descriptor lists exists.",
    "add the file or fix the path in datapackage.json",
)
SCHEMA_CONTRACT = ProblemKind(
    "schema-contract",
    "The package defines exactly kzfacts' resources, fields and keys: every property of every resource, "
    "field and key equals kzfacts' own (no pattern, profile, compression, encoding, number format or "
    "missing value of the fork's own, no loosened key or constraint), and data files are plain "
    "comma-separated CSV. Checked before frictionless runs; frictionless never sees a package that fails it.",
    "keep kzfacts' schema: add rows, do not change tables or fields",
)


@dataclass
class Scan:
    """The parsed descriptor (None when unusable) and the problems found before frictionless runs."""

    raw: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return self.raw is not None and not self.problems


def descriptor_problem(
    rule: ProblemKind, message: str, fix: str, resource: str = DESCRIPTOR_FILE, field: str | None = None
) -> Problem:
    """An error located in datapackage.json itself (no data row)."""
    return Problem(resource, DESCRIPTOR_FILE, None, field, rule, "error", message, fix)


def _plain_csv(dialect: dict[str, Any]) -> bool:
    """True when a dialect only restates the defaults kzfacts' readers assume."""
    return all(k in _PLAIN_CSV and (k == "$schema" or v == _PLAIN_CSV[k]) for k, v in dialect.items())


class _Refused(Exception):
    """The descriptor cannot be used at all: one problem says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refuse(kind: ProblemKind, message: str, fix: str) -> _Refused:
    return _Refused(descriptor_problem(kind, message, fix))


def _read(descriptor: Path, trusted: bool) -> dict[str, Any]:
    """The descriptor as a JSON object, read within the size limit; _Refused names why not."""
    keep_small = f"keep {DESCRIPTOR_FILE} under {MAX_DESCRIPTOR_BYTES} bytes"
    try:
        if descriptor.is_symlink() and descriptor.resolve().parent != descriptor.parent.resolve():
            raise _refuse(
                UNSAFE_PATH,
                "it is a symlink to a file outside the package folder",
                f"put the {DESCRIPTOR_FILE} itself in the package folder",
            )
        reason = file_reason(descriptor, trusted=trusted)
        if reason is not None and "hard link" in reason:
            raise _refuse(UNSAFE_PATH, f"it {reason}", f"copy the {DESCRIPTOR_FILE} into the folder instead")
        if reason is not None:
            raise _refuse(
                DESCRIPTOR_UNREADABLE,
                "it is not a regular file" if reason.endswith("not a regular file") else f"it {reason}",
                f"point at the package's {DESCRIPTOR_FILE} or its folder",
            )
        size = descriptor.stat().st_size
        if size > MAX_DESCRIPTOR_BYTES:
            raise _refuse(DESCRIPTOR_UNREADABLE, f"descriptor is {size} bytes", keep_small)
        with descriptor.open("rb") as handle:
            data = handle.read(MAX_DESCRIPTOR_BYTES + 1)
        if len(data) > MAX_DESCRIPTOR_BYTES:
            raise _refuse(DESCRIPTOR_UNREADABLE, "descriptor is larger than allowed", keep_small)
        raw = json.loads(data.decode("utf-8"))
    except OSError as exc:
        raise _refuse(
            DESCRIPTOR_UNREADABLE, f"cannot read it ({exc.strerror})", "check the file exists and is readable"
        ) from None
    except UnicodeDecodeError as exc:
        raise _refuse(
            DESCRIPTOR_UNREADABLE, f"not UTF-8 ({exc.reason} at byte {exc.start})", "save it as UTF-8"
        ) from None
    except json.JSONDecodeError as exc:
        raise _refuse(
            DESCRIPTOR_JSON,
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "fix the JSON syntax at that place",
        ) from None
    except RecursionError:
        raise _refuse(DESCRIPTOR_JSON, "JSON nested too deeply", "flatten the descriptor") from None
    if not isinstance(raw, dict):
        raise _refuse(
            DESCRIPTOR_SHAPE,
            f"the top level is a JSON {type(raw).__name__}, not an object",
            "make datapackage.json one JSON object {...}",
        )
    where = lone_surrogate(raw)
    if where is not None:
        raise _refuse(
            DESCRIPTOR_JSON,
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
                DESCRIPTOR_SHAPE, "no resources list", 'add "resources": [...] with one entry per CSV file'
            )
        )
        return result
    if len(resources) > MAX_RESOURCES:
        result.problems.append(
            descriptor_problem(
                DESCRIPTOR_SHAPE,
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
                DESCRIPTOR_SHAPE,
                f"resource names {repeated} appear more than once",
                "give each resource its own name, as kzfacts' descriptor does",
            )
        )
    if isinstance(raw.get("profile"), str) and raw["profile"] not in ("data-package", "tabular-data-package"):
        result.problems.append(
            descriptor_problem(
                UNSAFE_PATH,
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
                DESCRIPTOR_SHAPE,
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
                UNSAFE_PATH,
                f"{name!r} has inline data",
                "keep the rows in a CSV file referenced by path",
                name,
            )
        )
    if not isinstance(resource.get("schema"), dict):
        problems.append(
            descriptor_problem(
                SCHEMA_MISSING,
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
                    SCHEMA_CONTRACT,
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
                UNSAFE_PATH,
                f"{key} of {name!r} must be written inline, not referenced ({value!r})",
                f"replace the {key} reference by the object itself",
                name,
            )
        ]
    if not isinstance(value, str):
        return [
            descriptor_problem(
                UNSAFE_PATH,
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
                UNSAFE_PATH,
                f"path {shown} of {name!r} {reason}",
                "use a relative path inside the package folder, such as data/name.csv",
                name,
            )
        ]
    reason = file_reason(basepath / value, trusted=trusted)
    if reason is not None and reason != MISSING:
        return [
            descriptor_problem(
                UNSAFE_PATH,
                f"path {value!r} of {name!r} {reason}",
                "make it a plain file inside the package folder (copy it there)",
                name,
            )
        ]
    if reason == MISSING:
        return [
            Problem(
                name,
                value,
                None,
                None,
                FILE_MISSING,
                "error",
                "the descriptor lists this file but it does not exist",
                "add the file or fix the path in datapackage.json",
            )
        ]
    return []
