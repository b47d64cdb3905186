"""A PackageDiff as text for people, Markdown for a pull-request comment or job summary, JSON for programs.

Output is bounded: each list shows at most :data:`MAX_LISTED` entries and says how many more there
are, so a hostile or huge change cannot flood a CI log. Cell text is shown through ``repr``-like
quoting, so a value cannot break the layout or pass control characters through.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports FORMATS for its help: keep that import light
    from kzfacts.diff import FieldChange, PackageDiff, ResourceDiff

MAX_LISTED = 50
"""Most entries any one list of a text or Markdown diff shows; JSON lists are cut at 20 times that."""


def _value(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    shown = json.dumps(text, ensure_ascii=False)  # quotes, and escapes newlines and control characters
    return shown if len(shown) <= 120 else shown[:117] + '…"'


def _bounded(items: Iterable[str], prefix: str = "", limit: int = MAX_LISTED) -> Iterator[str]:
    """``prefix`` + each item, at most ``limit`` of them, then a line counting the rest."""
    items = list(items)
    yield from (prefix + item for item in items[:limit])
    if len(items) > limit:
        yield f"... and {len(items) - limit} more"


def _change(change: FieldChange) -> str:
    return f"{change.name}: {_value(change.old)} -> {_value(change.new)}"


def _counts(resource: ResourceDiff) -> str:
    return f"{len(resource.added)} added, {len(resource.removed)} removed, {len(resource.changed)} changed"


def _analysis_lines(found: PackageDiff) -> list[tuple[str, list[str]]]:
    return [
        ("recommended values", [_change(c) for c in found.recommended]),
        ("disputes opened", list(found.disputes_opened)),
        ("disputes resolved", list(found.disputes_resolved)),
        ("sources whose citation changed", list(found.citations_changed)),
        ("not compared", list(found.notes)),
    ]


def text(found: PackageDiff) -> str:
    """Plain text for people: what matters to analyses first, then metadata, schema and records."""
    lines = [f"kzfacts diff {found.old} -> {found.new}"]
    if found.identical:
        lines.append("identical: no record, schema, metadata or analysis differs")
        return "\n".join(lines) + "\n"
    for title, items in _analysis_lines(found):
        if items:
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in _bounded(items)]
    if found.metadata:
        lines.append("package metadata:")
        lines += [f"  {item}" for item in _bounded(_change(c) for c in found.metadata)]
    if found.schema:
        lines.append("schema:")
        lines += [
            f"  {c.resource}{'.' + c.field if c.field else ''}: {c.change}"
            + (f" ({c.old} -> {c.new})" if c.old is not None or c.new is not None else "")
            for c in found.schema[:MAX_LISTED]
        ]
    for resource in found.resources:
        if resource.empty:
            continue
        lines.append(f"{resource.name}: {_counts(resource)}")
        lines += [f"  {line}" for line in _bounded(resource.added, "+ ")]
        lines += [f"  {line}" for line in _bounded(resource.removed, "- ")]
        for record in resource.changed[:MAX_LISTED]:
            lines.append(f"  ~ {record.key}")
            lines += [f"      {_change(c)}" for c in record.fields]
        if len(resource.changed) > MAX_LISTED:
            lines.append(f"  ... and {len(resource.changed) - MAX_LISTED} more changed")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def markdown(found: PackageDiff) -> str:
    """A compact summary table, then the details: ready for a pull-request comment or job summary."""
    if found.identical:
        return "### kzfacts diff: no changes\n\nNo record, schema, metadata or analysis differs.\n"
    lines = [
        "### kzfacts diff",
        "",
        "| resource | added | removed | changed |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| `{r.name}` | {len(r.added)} | {len(r.removed)} | {len(r.changed)} |"
        for r in found.resources
        if not r.empty
    ]
    lines.append("")
    for title, items in _analysis_lines(found):
        if items:
            lines += [f"**{title[0].upper() + title[1:]}**", ""]
            lines += [f"- {_cell(item)}" for item in _bounded(items)]
            lines.append("")
    if found.metadata or found.schema:
        lines += ["**Package and schema**", ""]
        lines += [f"- {_cell(_change(c))}" for c in found.metadata]
        lines += [
            f"- `{c.resource}{'.' + c.field if c.field else ''}`: {c.change}"
            for c in found.schema[:MAX_LISTED]
        ]
        lines.append("")
    for resource in found.resources:
        if resource.empty:
            continue
        lines += [f"<details><summary><code>{resource.name}</code>: {_counts(resource)}</summary>", ""]
        lines += [f"- {line}" for line in _bounded((f"`{k}`" for k in resource.added), "added ")]
        lines += [f"- {line}" for line in _bounded((f"`{k}`" for k in resource.removed), "removed ")]
        for record in resource.changed[:MAX_LISTED]:
            changes = "; ".join(_cell(_change(c)) for c in record.fields)
            lines.append(f"- changed `{record.key}`: {changes}")
        if len(resource.changed) > MAX_LISTED:
            lines.append(f"- ... and {len(resource.changed) - MAX_LISTED} more changed")
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"


def as_json(found: PackageDiff) -> str:
    """Everything, for programs; each list is cut at 20 x MAX_LISTED entries, with a count of the rest."""
    data = found.to_dict()
    limit = 20 * MAX_LISTED
    for resource in data["resources"]:
        for key in ("added", "removed", "changed"):
            if len(resource[key]) > limit:
                resource[f"{key}_not_listed"] = len(resource[key]) - limit
                resource[key] = resource[key][:limit]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[PackageDiff], str]] = {"text": text, "markdown": markdown, "json": as_json}
"""Output format -> renderer; the CLI's choices come from here."""
