"""The schema contract: a fork may add and correct rows, never change what the rows mean.

Every property of every resource, field and key is compared with the bundled descriptor before
frictionless sees the package, so a fork cannot bring its own regular expressions, profiles,
compression, encodings, number formats or missing values, nor loosen a key or a constraint
(frictionless would then pass data that kzfacts' readers reject or misread). Only what describes
rather than defines may differ: titles, descriptions, the data files' bytes and hashes, paths
(which the pre-scan polices), a plain-CSV dialect, and the package's own metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from kzfacts.contract.locate import bundled
from kzfacts.contract.meta import FREE_KEYS, meta_problems, text_problem
from kzfacts.validation.kinds import Kind
from kzfacts.validation.prescan import descriptor_problem
from kzfacts.validation.problems import Problem

HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
"""The form ``kzfacts build`` writes a data file's hash in."""


def _count_problem(value: Any) -> str | None:
    if type(value) is not int or value < 0:
        return f"must be a whole number of bytes, not {_shown(value)}"
    return None


def _hash_problem(value: Any) -> str | None:
    if not isinstance(value, str) or HASH.match(value) is None:
        return (
            f"must be 'sha256:' and 64 lower-case hex digits, as kzfacts build writes it, not {_shown(value)}"
        )
    return None


def _example_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"must be a string or a number, not {_shown(value)}"
    return text_problem(value) if isinstance(value, str) else None


Check = Callable[[Any], "str | None"]
FREE_RESOURCE_KEYS: dict[str, Check | None] = {
    "title": text_problem,
    "description": text_problem,
    "bytes": _count_problem,
    "hash": _hash_problem,
    "path": None,
    "dialect": None,
    "profile": None,
}
"""Resource properties a fork writes for itself, each with the check of its type (None: the
pre-scan checks path, dialect and profile)."""
FREE_FIELD_KEYS: dict[str, Check | None] = {
    "title": text_problem,
    "description": text_problem,
    "example": _example_problem,
}
MAX_PER_RESOURCE = 20
"""Contract problems listed per resource; the rest are counted in one more problem."""


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def same(ours: Any, theirs: Any) -> bool:
    """JSON values equal in value and type: ``1`` is not ``true`` nor ``1.0``, as Python's ``==``
    would have them."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return ours.keys() == theirs.keys() and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(same(a, b) for a, b in zip(ours, theirs, strict=True))
    return bool(ours == theirs)


def _differences(
    ours: dict[str, Any], theirs: dict[str, Any], free: dict[str, Check | None]
) -> Iterator[str]:
    """'key: found X, kzfacts has Y' for every defining property that differs, added or missing, and
    why a property a fork writes itself is not of its type."""
    for key in sorted(set(ours) | set(theirs)):
        if key in free:
            check = free[key]
            why = check(theirs[key]) if check is not None and key in theirs else None
            if why is not None:
                yield f"property {key!r} {why}"
            continue
        if key in ours and key in theirs and same(ours[key], theirs[key]):
            continue
        if key not in theirs:
            yield f"property {key!r} is missing; kzfacts has {_shown(ours[key])}"
        elif key not in ours:
            yield f"property {key!r} ({_shown(theirs[key])}) is not in kzfacts' contract"
        else:
            yield f"property {key!r} is {_shown(theirs[key])}; kzfacts has {_shown(ours[key])}"


def _resource(ours: dict[str, Any], theirs: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
    """(field, difference) for one resource: its own properties, its schema's, then each field's."""
    yield from ((None, d) for d in _differences(ours, theirs, {**FREE_RESOURCE_KEYS, "schema": None}))
    our_schema, their_schema = ours["schema"], theirs.get("schema")
    if not isinstance(their_schema, dict):
        return  # the pre-scan reports a missing schema
    yield from ((None, f"schema {d}") for d in _differences(our_schema, their_schema, {"fields": None}))
    our_fields = {f["name"]: f for f in our_schema["fields"]}
    their_fields = their_schema.get("fields")
    if not isinstance(their_fields, list) or not all(isinstance(f, dict) for f in their_fields):
        yield (
            None,
            f"schema property 'fields' is {_shown(their_fields)}; kzfacts declares a list of field objects",
        )
        return
    names = [f.get("name") for f in their_fields]
    unnamed = [number for number, name in enumerate(names, 1) if not isinstance(name, str)]
    if unnamed:
        yield None, f"schema fields #{unnamed[0]} has no name string; kzfacts names every field"
        return
    if names != list(our_fields):
        missing = [n for n in our_fields if n not in names]
        extra = [n for n in names if n not in our_fields]
        yield None, f"fields differ from kzfacts' schema (missing {missing}, unexpected {extra})"
        return
    for field in their_fields:
        for difference in _differences(our_fields[field["name"]], field, FREE_FIELD_KEYS):
            yield field["name"], difference


def contract_problems(raw: dict[str, Any]) -> Iterator[Problem]:
    """Every difference between a descriptor's definitions and kzfacts' contract, as problems.

    Runs on the raw JSON (after the pre-scan), before it is parsed: a misshapen schema is named as
    the property that differs, not as whatever the parser trips on."""
    contract = bundled()
    for key, why in meta_problems(raw):
        yield descriptor_problem(
            Kind.PACKAGE_METADATA, f"package property {key!r} {why}", Kind.PACKAGE_METADATA.fix
        )
    for key in sorted(set(raw) - FREE_KEYS - {"resources", "$schema"}):
        yield descriptor_problem(
            Kind.SCHEMA_CONTRACT,
            f"package property {key!r} is not in kzfacts' contract",
            f"remove {key!r}: kzfacts packages are plain CSV described inline",
        )
    if not same(raw.get("$schema"), contract.raw.get("$schema")):
        yield descriptor_problem(
            Kind.SCHEMA_CONTRACT,
            f"$schema is {_shown(raw.get('$schema'))}; kzfacts has {_shown(contract.raw.get('$schema'))}",
            "use the Data Package v2 profile kzfacts declares",
        )
    theirs = {r.get("name"): r for r in raw["resources"] if isinstance(r, dict)}
    extra = [name for name in theirs if name not in contract.resource_names]
    if extra:
        yield descriptor_problem(
            Kind.SCHEMA_CONTRACT,
            f"resources {extra} are not in kzfacts' contract",
            "keep exactly the kzfacts resources; add rows to them instead",
        )
    for ours in contract.raw["resources"]:
        name = ours["name"]
        if name not in theirs:
            yield descriptor_problem(
                Kind.SCHEMA_CONTRACT,
                f"the package has no resource {name!r}",
                "keep every kzfacts resource; add rows, do not remove tables",
                name,
            )
            continue
        found = list(_resource(ours, theirs[name]))
        for field, difference in found[:MAX_PER_RESOURCE]:
            yield descriptor_problem(
                Kind.SCHEMA_CONTRACT,
                f"{name}{'.' + field if field else ''}: {difference}",
                "keep kzfacts' definition (types, constraints, keys, formats); a fork adds and corrects rows",
                name,
                field,
            )
        if len(found) > MAX_PER_RESOURCE:
            yield descriptor_problem(
                Kind.SCHEMA_CONTRACT,
                f"{name}: {len(found) - MAX_PER_RESOURCE} more differences from kzfacts' contract",
                "compare the resource with the bundled descriptor (kzfacts.package_path())",
                name,
            )
