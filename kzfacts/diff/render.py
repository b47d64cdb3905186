"""A PackageDiff as text for people, Markdown for a pull-request comment or job summary, JSON for programs.

Output is bounded: each list shows at most :data:`MAX_LISTED` entries, each value at most
:data:`MAX_VALUE` characters, and the whole text or Markdown at most :data:`MAX_CHARS` characters
(under GitHub's 65,536 for a comment), then says how much more there is and where to find it. Every
value from the data reaches the text through :func:`kzfacts.printable.safe_lines` (no line a CI log
takes for a command or an escape code) and the Markdown through :mod:`.markdown` (code spans: no
tag, comment, link or mention of the data's survives rendering).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from kzfacts.diff.lines import MAX_LISTED, analysis_lines, bounded, change, counts, cut, fitted, record
from kzfacts.diff.markdown import markdown

if TYPE_CHECKING:  # the CLI imports FORMATS for its help: keep that import light
    from kzfacts.diff import PackageDiff, ResourceDiff

__all__ = ["FORMATS", "as_json", "markdown", "text"]


def text(found: PackageDiff) -> str:
    """Plain text for people: what matters to analyses first, then metadata, schema and records."""
    from kzfacts.printable import safe_lines

    lines = [f"kzfacts diff {found.old} -> {found.new}"]
    if found.identical:
        lines.append("identical: no record, schema, metadata or analysis differs")
        return safe_lines("\n".join(lines)) + "\n"
    lines.append(f"version bump required: {found.bump}")
    lines += [f"  {item}" for item in bounded(found.bump_reasons, limit=10)]
    lines += [f"  judgement: {item}" for item in bounded(found.bump_judgement, limit=10)]
    for title, items in analysis_lines(found):
        if items:
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in bounded(items)]
    if found.metadata:
        lines.append("package metadata:")
        lines += [f"  {item}" for item in bounded(change(c) for c in found.metadata)]
    if found.schema:
        lines.append("schema:")
        lines += [
            f"  {c.resource}{'.' + c.field if c.field else ''}: {c.change}"
            + (f" ({cut(str(c.old))} -> {cut(str(c.new))})" if c.old is not None or c.new is not None else "")
            for c in found.schema[:MAX_LISTED]
        ]
    for resource in found.resources:
        if not resource.empty:
            lines += _resource_lines(resource)
    return safe_lines("\n".join(fitted(lines))) + "\n"


def _resource_lines(resource: ResourceDiff) -> list[str]:
    lines = [f"{resource.name}: {counts(resource)}"]
    lines += [f"  {line}" for line in bounded((record(k, resource) for k in resource.added), "+ ")]
    lines += [f"  {line}" for line in bounded((record(k, resource) for k in resource.removed), "- ")]
    for changed in resource.changed[:MAX_LISTED]:
        lines.append(f"  ~ {cut(changed.key)}")
        lines += [f"      {change(c)}" for c in changed.fields[:MAX_LISTED]]
    if len(resource.changed) > MAX_LISTED:
        lines.append(f"  ... and {len(resource.changed) - MAX_LISTED} more changed")
    return lines


def as_json(found: PackageDiff) -> str:
    """Everything, for programs; each list is cut at 20 x MAX_LISTED entries, with a count of the rest."""
    data = found.to_dict()
    limit = 20 * MAX_LISTED
    for resource in data["resources"]:
        for key in ("added", "removed", "changed"):
            if len(resource[key]) > limit:
                resource[f"{key}_not_listed"] = len(resource[key]) - limit
                resource[key] = resource[key][:limit]
        kept = set(resource["added"]) | set(resource["removed"])
        resource["summaries"] = {k: v for k, v in resource["summaries"].items() if k in kept}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[PackageDiff], str]] = {"text": text, "markdown": markdown, "json": as_json}
"""Output format -> renderer; the CLI's choices come from here."""
