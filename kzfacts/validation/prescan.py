"""Check a descriptor is safe to hand to frictionless: local files only, inside the package folder.

frictionless fetches URLs even in its default untrusted mode, so anything that
could reach the network or leave the folder is rejected here first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from kzfacts.paths import DESCRIPTOR_NAME
from kzfacts.problems import Problem

DESCRIPTOR_FILE = DESCRIPTOR_NAME
MAX_DESCRIPTOR_BYTES = 5_000_000
_ENV_VAR = re.compile(r"\$\{?[A-Za-z_]|%[A-Za-z_]+%")
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
    rule: str, message: str, fix: str, resource: str = DESCRIPTOR_FILE, field: str | None = None
) -> Problem:
    """An error located in datapackage.json itself (no data row)."""
    return Problem(resource, DESCRIPTOR_FILE, None, field, rule, "error", message, fix)


def unsafe_reason(value: str, basepath: Path) -> str | None:
    """Why a path from the descriptor is unsafe, or None when it is a plain file inside basepath."""
    parsed = urlparse(value)
    if parsed.scheme or value.startswith("//"):
        return "is a URL; kzfacts never reads over the network"
    if value.startswith("~"):
        return "starts with ~ (a home folder)"
    if _ENV_VAR.search(value):
        return "contains an environment variable"
    if Path(value).is_absolute() or value.startswith("\\"):
        return "is an absolute path"
    if ".." in Path(value).parts or ".." in value.split("\\"):
        return "contains a .. segment"
    try:
        resolved = (basepath / value).resolve()
        resolved.relative_to(basepath.resolve())
    except ValueError:
        return "resolves (through a symlink) to a place outside the package folder"
    except OSError as exc:
        return f"cannot be resolved ({exc.strerror})"
    return None


def _plain_csv(dialect: dict[str, Any]) -> bool:
    """True when a dialect only restates the defaults kzfacts' readers assume."""
    return all(k in _PLAIN_CSV and (k == "$schema" or v == _PLAIN_CSV[k]) for k, v in dialect.items())


def scan(descriptor: Path) -> Scan:
    """Read ``descriptor`` and report everything that must stop validation before frictionless."""
    try:
        if not descriptor.is_file():
            return Scan(
                None,
                [
                    descriptor_problem(
                        "descriptor-unreadable",
                        "it is not a regular file",
                        f"point at the package's {DESCRIPTOR_FILE} or its folder",
                    )
                ],
            )
        size = descriptor.stat().st_size
        if size > MAX_DESCRIPTOR_BYTES:
            return Scan(
                None,
                [
                    descriptor_problem(
                        "descriptor-unreadable",
                        f"descriptor is {size} bytes",
                        f"keep {DESCRIPTOR_FILE} under {MAX_DESCRIPTOR_BYTES} bytes",
                    )
                ],
            )
        with descriptor.open("rb") as handle:
            data = handle.read(MAX_DESCRIPTOR_BYTES + 1)
        if len(data) > MAX_DESCRIPTOR_BYTES:
            return Scan(
                None,
                [
                    descriptor_problem(
                        "descriptor-unreadable",
                        "descriptor is larger than allowed",
                        f"keep {DESCRIPTOR_FILE} under {MAX_DESCRIPTOR_BYTES} bytes",
                    )
                ],
            )
        raw = json.loads(data.decode("utf-8"))
    except OSError as exc:
        return Scan(
            None,
            [
                descriptor_problem(
                    "descriptor-unreadable",
                    f"cannot read it ({exc.strerror})",
                    "check the file exists and is readable",
                )
            ],
        )
    except UnicodeDecodeError as exc:
        return Scan(
            None,
            [
                descriptor_problem(
                    "descriptor-unreadable",
                    f"not UTF-8 ({exc.reason} at byte {exc.start})",
                    "save it as UTF-8",
                )
            ],
        )
    except json.JSONDecodeError as exc:
        return Scan(
            None,
            [
                descriptor_problem(
                    "descriptor-json",
                    f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                    "fix the JSON syntax at that place",
                )
            ],
        )
    except RecursionError:
        return Scan(
            None, [descriptor_problem("descriptor-json", "JSON nested too deeply", "flatten the descriptor")]
        )
    if not isinstance(raw, dict):
        return Scan(
            None,
            [
                descriptor_problem(
                    "descriptor-shape",
                    f"the top level is a JSON {type(raw).__name__}, not an object",
                    "make datapackage.json one JSON object {...}",
                )
            ],
        )
    result = Scan(raw)
    resources = raw.get("resources")
    if not isinstance(resources, list) or not resources:
        result.problems.append(
            descriptor_problem(
                "descriptor-shape", "no resources list", 'add "resources": [...] with one entry per CSV file'
            )
        )
        return result
    basepath = descriptor.parent
    if isinstance(raw.get("profile"), str) and raw["profile"] not in ("data-package", "tabular-data-package"):
        result.problems.append(
            descriptor_problem(
                "unsafe-path",
                f"package profile {raw['profile']!r} is not inline",
                "remove the package profile; kzfacts uses $schema",
            )
        )
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            result.problems.append(
                descriptor_problem(
                    "descriptor-shape",
                    f"resource #{index + 1} is not an object with a name",
                    'give every resource a "name" and a "path"',
                )
            )
            continue
        name = resource["name"]
        for key in _PATH_KEYS:
            value = resource.get(key)
            if value is None or (isinstance(value, dict) and key in ("schema", "dialect")):
                if key == "dialect" and isinstance(value, dict) and not _plain_csv(value):
                    result.problems.append(
                        descriptor_problem(
                            "schema-contract",
                            f"dialect of {name!r} is not plain comma-separated CSV ({value!r})",
                            "write the file as UTF-8 CSV with a comma, double quotes and one header row, "
                            "and remove the dialect",
                            name,
                        )
                    )
                continue
            if key == "profile" and value in _STANDARD_PROFILES:
                continue
            if key in ("schema", "dialect", "profile", "extrapaths"):
                result.problems.append(
                    descriptor_problem(
                        "unsafe-path",
                        f"{key} of {name!r} must be written inline, not referenced ({value!r})",
                        f"replace the {key} reference by the object itself",
                        name,
                    )
                )
                continue
            if not isinstance(value, str):
                result.problems.append(
                    descriptor_problem(
                        "unsafe-path",
                        f"path of {name!r} must be one string",
                        "give one relative path such as data/name.csv",
                        name,
                    )
                )
                continue
            reason = unsafe_reason(value, basepath)
            if reason:
                result.problems.append(
                    descriptor_problem(
                        "unsafe-path",
                        f"path {value!r} of {name!r} {reason}",
                        "use a relative path inside the package folder, such as data/name.csv",
                        name,
                    )
                )
            elif not (basepath / value).is_file():
                result.problems.append(
                    Problem(
                        name,
                        value,
                        None,
                        None,
                        "file-missing",
                        "error",
                        "the descriptor lists this file but it does not exist",
                        "add the file or fix the path in datapackage.json",
                    )
                )
        if "data" in resource:
            result.problems.append(
                descriptor_problem(
                    "unsafe-path",
                    f"{name!r} has inline data",
                    "keep the rows in a CSV file referenced by path",
                    name,
                )
            )
        if not isinstance(resource.get("schema"), dict):
            result.problems.append(
                descriptor_problem(
                    "schema-missing",
                    f"{name!r} has no inline Table Schema",
                    'add a "schema": {"fields": [...]} object',
                    name,
                )
            )
    return result
