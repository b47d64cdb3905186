"""The diff as Markdown for a pull-request comment or a job summary, rendered by GitHub.

Every value that comes from the data (ids, values, names, subjects, notes) goes through
:func:`code`, the one way data reaches this Markdown: a code span, whose content GitHub shows as
written, so no HTML tag or comment, link, image or ``@mention`` in the data survives rendering;
its backtick fence is longer than any run of backticks inside, so a value cannot close it early.
The whole is bounded (see :mod:`.render`).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from kzfacts.diff.lines import MAX_LISTED, analysis_lines, change, counts, cut, fitted, record
from kzfacts.printable import one_line

if TYPE_CHECKING:
    from kzfacts.diff import PackageDiff, ResourceDiff

_BACKTICKS = re.compile("`+")


def code(text: str) -> str:
    """``text`` as a Markdown code span, on one line, safe in a GitHub table cell."""
    content = one_line(text).replace("|", "\\|")
    if not content:
        return "(empty)"
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(content)), default=0))
    pad = " " if content.startswith(("`", " ")) or content.endswith(("`", " ")) else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def markdown(found: PackageDiff) -> str:
    """A compact summary table, then the details: ready for a pull-request comment or job summary."""
    if found.identical:
        return "### kzfacts diff: no changes\n\nNo record, schema, metadata or analysis differs.\n"
    lines = ["### kzfacts diff", "", "| resource | added | removed | changed |", "|---|---:|---:|---:|"]
    lines += [
        f"| {code(r.name)} | {len(r.added)} | {len(r.removed)} | {len(r.changed)} |"
        for r in found.resources
        if not r.empty
    ]
    lines += ["", f"**Version bump required: {found.bump}**", ""]
    lines += _listed([code(item) for item in found.bump_reasons], "")[:11]
    lines += _listed([code(item) for item in found.bump_judgement], "judgement: ")[:11]
    lines.append("")
    for title, items in analysis_lines(found):
        if items:
            lines += [f"**{title[0].upper() + title[1:]}**", ""]
            lines += _listed([code(item) for item in items])
            lines.append("")
    if found.metadata or found.schema:
        lines += ["**Package and schema**", ""]
        lines += [f"- {code(change(c))}" for c in found.metadata[:MAX_LISTED]]
        lines += [
            f"- {code(c.resource + ('.' + c.field if c.field else ''))}: {c.change}"
            for c in found.schema[:MAX_LISTED]
        ]
        lines.append("")
    for resource in found.resources:
        if not resource.empty:
            lines += _details(resource)
    return "\n".join(fitted(lines)).rstrip() + "\n"


def _listed(items: list[str], prefix: str = "") -> list[str]:
    """A bullet per item, at most MAX_LISTED, then one counting the rest."""
    lines = [f"- {prefix}{item}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"- ... and {len(items) - MAX_LISTED} more")
    return lines


def _details(resource: ResourceDiff) -> list[str]:
    name = html.escape(one_line(resource.name))
    lines = [f"<details><summary><code>{name}</code>: {counts(resource)}</summary>", ""]
    for verb, keys in (("added", resource.added), ("removed", resource.removed)):
        lines += _listed([code(record(key, resource)) for key in keys], f"{verb} ")
    for changed in resource.changed[:MAX_LISTED]:
        changes = "; ".join(code(change(c)) for c in changed.fields[:MAX_LISTED])
        lines.append(f"- changed {code(cut(changed.key))}: {changes}")
    if len(resource.changed) > MAX_LISTED:
        lines.append(f"- ... and {len(resource.changed) - MAX_LISTED} more changed")
    return [*lines, "", "</details>", ""]
