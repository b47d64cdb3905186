"""The package's own metadata, read once into a typed :class:`PackageMeta` that every module uses.

A fork writes these properties for itself, so they are held to their Data Package meaning and JSON
type, as cells are held to their field's: plain text (no control character, line break or
direction override, which would forge a line of a CI log or a record in a RIS file), a version
number, an RFC 3339 time, ``http(s)`` URLs only. :func:`meta_problems` lists every departure, for
``kzfacts validate``; :func:`parse_meta` refuses the first, for the readers. So a package that
validates always gives a :class:`PackageMeta`, and no consumer sees a raw dict.

Only ``name`` and ``version`` are required (:data:`REQUIRED`); every consumer handles the absence
of the others as :class:`PackageMeta` documents (no title: the name; no ``created``: undated; no
licence: "not stated").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kzfacts.errors import DescriptorError

REQUIRED = ("name", "version")
"""Package properties every package has; the others may be left out."""
OPTIONAL = ("id", "title", "description", "created", "homepage", "image", "keywords", "licenses")
OPTIONAL_LISTS = ("contributors", "sources")
FREE_KEYS = frozenset(REQUIRED + OPTIONAL + OPTIONAL_LISTS)
"""Package metadata a fork writes for itself; every other top-level property is kzfacts'."""

CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
"""Characters plain text never holds: controls (line breaks and tabs included), invisible marks and
direction overrides. The ``text-plain`` rule holds cells to the same set."""
NAME = re.compile(r"^[a-z0-9._-]+$")
"""A package name, as the Data Package standard writes it: lower-case, digits, ``.``, ``_``, ``-``."""
VERSION = re.compile(
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:(?:-|\.)?(?:dev|a|b|rc)\.?(0|[1-9][0-9]*))?$"
)
"""A release version ``MAJOR.MINOR.PATCH`` (semantic versioning, as Data Package v2 asks), optionally
followed by a pre-release or development part that Python packaging also reads (``0.2.0.dev0``)."""
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
"""An ``http`` or ``https`` address with a host; ``javascript:``, ``data:``, ``file:`` are refused."""
MAX_TEXT = 2000
"""Longest metadata text, in characters (the bundled description is under 400)."""


@dataclass(frozen=True)
class License:
    """One licence entry: a name (an SPDX id such as ``CC-BY-4.0``), its URL, a title."""

    name: str | None
    path: str | None
    title: str | None


@dataclass(frozen=True)
class Contributor:
    """One contributor: how they are named, and their roles (``creator``, ``maintainer``, ...)."""

    title: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class SourceRef:
    """One entry of the package's own ``sources`` list (the rows' sources are a resource)."""

    title: str
    path: str | None


@dataclass(frozen=True)
class PackageMeta:
    """What a package says about itself. Absent optional properties are None or empty."""

    name: str
    version: str
    title: str | None = None
    """Consumers that need a title use :attr:`display_title` (the name when there is none)."""
    description: str | None = None
    created: str | None = None
    """When the package was made, RFC 3339 (``2026-11-29T00:00:00Z``); None: undated."""
    homepage: str | None = None
    id: str | None = None
    image: str | None = None
    keywords: tuple[str, ...] = ()
    licenses: tuple[License, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    sources: tuple[SourceRef, ...] = ()

    @property
    def unreleased(self) -> bool:
        """A development version (``0.2.0.dev0``): data between releases, identified by its
        fingerprint rather than its version."""
        match = VERSION.match(self.version)
        return match is None or match.group(4) is not None

    @property
    def version_label(self) -> str:
        """The version as citations and exports print it, saying when the data is unreleased."""
        if self.unreleased:
            return f"{self.version} (unreleased: the data fingerprint identifies it)"
        return self.version

    @property
    def display_title(self) -> str:
        return self.title or self.name

    @property
    def created_date(self) -> str | None:
        """The day the package was made (``YYYY-MM-DD``), or None."""
        return self.created[:10] if self.created else None

    @property
    def license(self) -> License | None:
        """The first licence, the one citations and exports name."""
        return self.licenses[0] if self.licenses else None

    def plain(self, key: str) -> Any:
        """Property ``key`` as plain JSON values (objects as dicts without their empty entries), for
        comparisons and display; None when the package does not state it."""
        from dataclasses import asdict, is_dataclass

        value = getattr(self, key)
        if isinstance(value, tuple):
            items = [
                {k: v for k, v in asdict(item).items() if v not in (None, ())}
                if is_dataclass(item) and not isinstance(item, type)
                else item
                for item in value
            ]
            return items or None
        return value

    @property
    def authors(self) -> tuple[str, ...]:
        """Contributors who made the package (role ``creator``, or every one when none says)."""
        creators = tuple(c.title for c in self.contributors if "creator" in c.roles)
        return creators or tuple(c.title for c in self.contributors)


def _kind(value: Any) -> str:
    """The JSON type of a value, as a person reads it (a boolean is not a number here)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def text_problem(value: Any, *, limit: int = MAX_TEXT) -> str | None:
    """Why ``value`` is not plain text (None when it is): a JSON string with no control
    character, invisible mark or direction override, and no longer than ``limit``."""
    if not isinstance(value, str):
        return f"must be a string, not {_kind(value)}"
    if len(value) > limit:
        return f"is {len(value)} characters long; at most {limit}"
    found = CONTROL.search(value)
    if found is not None:
        code, where = ord(found.group(0)), found.start() + 1
        return f"holds the character U+{code:04X} at position {where}; plain text only"
    return None


def url_problem(value: Any) -> str | None:
    """Why ``value`` is not an http(s) URL (None when it is)."""
    problem = text_problem(value)
    if problem is not None:
        return problem
    if URL.match(value) is None:
        return f"{value[:60]!r} is not an http(s) URL"
    return None


def _version_problem(value: Any) -> str | None:
    problem = text_problem(value, limit=64)
    if problem is None and VERSION.match(value) is None:
        return f"{value!r} is not a version number such as 1.2.0 (or 1.3.0.dev0 between releases)"
    return problem


def _created_problem(value: Any) -> str | None:
    problem = text_problem(value, limit=64)
    if problem is not None:
        return problem
    try:
        if "T" not in value:
            raise ValueError("no time")
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{value!r} is not an RFC 3339 date and time such as 2026-11-29T00:00:00Z"
    return None


def _name_problem(value: Any) -> str | None:
    problem = text_problem(value, limit=200)
    if problem is None and NAME.match(value) is None:
        return f"{value!r} is not a package name (lower-case letters, digits, '.', '_', '-')"
    return problem


Issues = Iterator[tuple[str, str]]
"""(property, why) pairs."""


def _each(value: Any, check: Callable[[dict[str, Any]], Issues], where: str) -> Issues:
    if not isinstance(value, list) or not value:
        yield where, f"must be a non-empty list, not {_kind(value)}"
        return
    for number, item in enumerate(value[:100], 1):
        if not isinstance(item, dict):
            yield f"{where}[{number}]", f"must be an object, not {_kind(item)}"
            continue
        yield from ((f"{where}[{number}].{key}", why) for key, why in check(item))
    if len(value) > 100:
        yield where, f"has {len(value)} entries; at most 100"


def _license(item: dict[str, Any]) -> Issues:
    if "name" not in item and "path" not in item:
        yield "name", "a licence needs a name (an SPDX id) or a path (its URL)"
    yield from _fields(item, {"name": text_problem, "path": url_problem, "title": text_problem})


def _contributor(item: dict[str, Any]) -> Issues:
    if "title" not in item:
        yield "title", "a contributor needs a title (how they are named)"
    yield from _fields(item, {"title": text_problem, "path": url_problem, "email": text_problem})
    roles = item.get("roles", [])
    if not isinstance(roles, list) or any(text_problem(r, limit=64) for r in roles):
        yield "roles", "must be a list of plain role names such as creator"


def _source(item: dict[str, Any]) -> Issues:
    if "title" not in item:
        yield "title", "a source needs a title"
    yield from _fields(item, {"title": text_problem, "path": url_problem})


def _fields(item: dict[str, Any], checks: dict[str, Callable[[Any], str | None]]) -> Issues:
    for key, value in item.items():
        check = checks.get(key)
        why = check(value) if check is not None else None
        if why is not None:
            yield key, why


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "name": _name_problem,
    "version": _version_problem,
    "id": text_problem,
    "title": text_problem,
    "description": text_problem,
    "created": _created_problem,
    "homepage": url_problem,
    "image": url_problem,
}


def meta_problems(raw: dict[str, Any]) -> Issues:
    """``(property, why)`` for every package property a consumer could not use as it is."""
    for key in REQUIRED:
        if key not in raw:
            yield key, "is missing; every package has a name and a version"
    for key, check in _CHECKS.items():
        if key in raw and (why := check(raw[key])) is not None:
            yield key, why
    if "keywords" in raw:
        words = raw["keywords"]
        if not isinstance(words, list) or any(text_problem(w, limit=200) for w in words):
            yield "keywords", "must be a list of plain-text keywords"
    for key, check_item in (("licenses", _license), ("contributors", _contributor), ("sources", _source)):
        if key in raw:
            yield from _each(raw[key], check_item, key)


def parse_meta(raw: dict[str, Any]) -> PackageMeta:
    """The typed metadata; a DescriptorError names the first property that is not usable."""
    for key, why in meta_problems(raw):
        raise DescriptorError(f"package property {key!r} {why}")
    return PackageMeta(
        name=raw["name"],
        version=raw["version"],
        title=raw.get("title"),
        description=raw.get("description"),
        created=raw.get("created"),
        homepage=raw.get("homepage"),
        id=raw.get("id"),
        image=raw.get("image"),
        keywords=tuple(raw.get("keywords", ())),
        licenses=tuple(
            License(i.get("name"), i.get("path"), i.get("title")) for i in raw.get("licenses", ())
        ),
        contributors=tuple(
            Contributor(i["title"], tuple(i.get("roles", ()))) for i in raw.get("contributors", ())
        ),
        sources=tuple(SourceRef(i["title"], i.get("path")) for i in raw.get("sources", ())),
    )
