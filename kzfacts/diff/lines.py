"""What the text and Markdown diffs share: their bounds, and each value, change and record as a
line (before the text's or the Markdown's own encoding)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzfacts.diff import FieldChange, PackageDiff, ResourceDiff

MAX_LISTED = 50
"""Most entries any one list of a text or Markdown diff shows; JSON lists are cut at 20 times that."""
MAX_VALUE = 120
"""Longest value shown, in characters; a longer one ends with an ellipsis."""
MAX_CHARS = 60_000
"""Longest text or Markdown diff, in characters: a GitHub comment holds 65,536."""
MORE = "see all of it with: kzfacts diff OLD NEW --format json"


def cut(text: str, limit: int = MAX_VALUE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value(found: Any) -> str:
    """A value as the diff shows it: quoted text (so spaces and emptiness are visible), numbers short."""
    if found is None:
        return "(empty)"
    if isinstance(found, list):
        return cut("[" + ", ".join(value(v) for v in found) + "]")
    if isinstance(found, float):
        return f"{found:g}"
    return cut(json.dumps(str(found), ensure_ascii=False))


def bounded(items: Iterable[str], prefix: str = "", limit: int = MAX_LISTED) -> Iterator[str]:
    """``prefix`` + each item, at most ``limit`` of them, then a line counting the rest."""
    items = list(items)
    yield from (prefix + item for item in items[:limit])
    if len(items) > limit:
        yield f"... and {len(items) - limit} more"


def change(found: FieldChange) -> str:
    return f"{found.name}: {value(found.old)} -> {value(found.new)}"


def counts(resource: ResourceDiff) -> str:
    return f"{len(resource.added)} added, {len(resource.removed)} removed, {len(resource.changed)} changed"


def analysis_lines(found: PackageDiff) -> list[tuple[str, list[str]]]:
    return [
        ("recommended values", [change(c) for c in found.recommended]),
        ("disputes opened", [cut(d) for d in found.disputes_opened]),
        ("disputes resolved", [cut(d) for d in found.disputes_resolved]),
        ("sources whose citation changed", [cut(s) for s in found.citations_changed]),
        ("not compared", [cut(n) for n in found.notes]),
    ]


def fitted(lines: list[str], limit: int = MAX_CHARS) -> list[str]:
    """The first lines that fit in ``limit`` characters, and one saying how many did not."""
    kept: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        if used + len(line) + 1 > limit - 200:
            kept.append(f"... output cut at {limit:,} characters: {len(lines) - number} more lines; {MORE}")
            break
        kept.append(line)
        used += len(line) + 1
    return kept


def record(key: str, resource: ResourceDiff) -> str:
    """A record's key, and for an added or removed one what tells it apart."""
    summary = resource.summaries.get(key)
    return cut(key) + (f" ({cut(summary)})" if summary else "")
