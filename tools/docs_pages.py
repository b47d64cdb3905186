"""Markdown generated from the installed package: the data dictionary, the disputes and the CLI help.

Used by tools/generate.py; the pages can therefore never disagree with the data.
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path
from typing import Any

import kzfacts
from kzfacts.contract.locate import bundled
from kzfacts.contract.spec import FieldSpec, ResourceSpec


def _constraints(field: FieldSpec) -> str:
    parts = []
    if field.required:
        parts.append("required")
    if field.unique:
        parts.append("unique")
    if field.enum is not None:
        parts.append("one of " + ", ".join(f"`{v}`" for v in field.enum))
    if field.pattern is not None:
        parts.append(f"pattern `{field.pattern}`")
    if field.minimum is not None:
        parts.append(f"minimum {field.minimum:g}")
    return "; ".join(parts) or "—"


def _example(spec: ResourceSpec, name: str) -> str:
    path = bundled().file(spec.name)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            value = row.get(name) or ""
            if value:
                shown = value if len(value) <= 60 else value[:57] + "..."
                return "`" + shown.replace("|", "\\|").replace("`", "'") + "`"
    return "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    """Every resource and field of datapackage.json, with constraints and an example value."""
    package = bundled()
    lines = [
        "# Data dictionary",
        "",
        f"Generated from `datapackage.json` (kzfacts {package.version}) by `python tools/generate.py`;",
        "a test fails when this page is stale. Row counts are those of this version.",
        "",
    ]
    for spec in package.resources:
        count = len(kzfacts.frame(spec.name))
        lines += [f"## {spec.title} (`{spec.name}`)", "", spec.description, ""]
        lines.append(f"File `{spec.path}`, {count} rows. Primary key: `{', '.join(spec.primary_key)}`.")
        for key in spec.foreign_keys:
            target = key.resource if key.resource != spec.name else "itself"
            lines.append(
                f"Foreign key: `{', '.join(key.fields)}` → `{target}.{', '.join(key.reference_fields)}`."
            )
        lines += ["", "| field | type | constraints | description | example |", "|---|---|---|---|---|"]
        for field in spec.fields:
            kind = field.type + (
                f" of {field.item_type}, split on `{field.delimiter}`" if field.type == "list" else ""
            )
            lines.append(
                f"| `{field.name}` | {kind} | {_cell(_constraints(field))} | {_cell(field.description)} | "
                f"{_example(spec, field.name)} |"
            )
        lines.append("")
    return "\n".join(lines)


def disputes_page() -> str:
    """Every dispute kzfacts.disputes() reports, side by side."""
    found = kzfacts.disputes()
    lines = [
        "# Disputes: where the sources disagree",
        "",
        f"Generated from `kzfacts.disputes()` (kzfacts {kzfacts.__version__}) by `python tools/generate.py`.",
        f"There are {len(found)} disputes. Each side lists its value, the number of independent outlets",
        "(reprints counted once) and the sources. Tonnage disputes show the value kzfacts recommends and",
        "why; record disputes show the record's value first.",
        "",
    ]
    for kind, title in (
        ("tonnage", "Cargo figures"),
        ("growth", "Growth rates"),
        ("record", "Events, roles and dates"),
    ):
        lines += [f"## {title}", ""]
        for dispute in (d for d in found if d.kind == kind):
            lines += [
                f"### {dispute.subject}",
                "",
                "| value | stance | independent | sources |",
                "|---|---|---|---|",
            ]
            for side in dispute.sides:
                sources = ", ".join(f"`{s.id}`" for s in side.sources)
                value = _cell(side.value) + (f" ({side.note})" if side.note else "")
                lines.append(f"| {value} | {side.stance} | {side.independent_sources} | {sources} |")
            if dispute.recommended is not None and kind == "tonnage":
                lines += ["", f"Recommended: **{dispute.recommended}**; {dispute.reason}."]
            lines.append("")
    return "\n".join(lines)


def cli_page() -> str:
    """The help text of every kzfacts command."""
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal's width
    from kzfacts.cli import COMMANDS, parser

    lines = [
        "# Command line",
        "",
        "Generated from the CLI itself by `python tools/generate.py`.",
        "`python -m kzfacts` works the same way.",
        "",
    ]
    top = parser()
    subparsers = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for command in (None, *COMMANDS):
        help_text = top.format_help() if command is None else subparsers.choices[command].format_help()
        lines += [f"## `kzfacts{' ' + command if command else ''}`", ""]
        lines += ["```text", help_text.rstrip(), "```", ""]
    return "\n".join(lines)


def performance_tables(results_file: Path) -> str:
    """docs/performance.md's figures, all of them, from the benchmark's results file."""
    import json

    results = json.loads(results_file.read_text(encoding="utf-8"))
    versions = ", ".join(f"{name} {number}" for name, number in results["versions"].items())
    lines = [
        f"Measured on {results['date']}: {results['machine']}, {results['cpus']} cores, "
        f"CPython {results['python']}, {versions}.",
        "",
        "| case | against | kzfacts | baseline | ratio (median of pairs) | IQR | pairs | goal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case in results["cases"]:
        verdict = "met" if case["met"] else "**missed**"
        times = f"{case['a_s'] * 1000:.0f} ms | {case['b_s'] * 1000:.0f} ms"
        spread = f"{case['ratio_q1']:.2f}–{case['ratio_q3']:.2f}x"
        lines.append(
            f"| {case['case']} | {case['baseline']} | {times} | {case['ratio']:.2f}x | {spread} "
            f"| {case['pairs']} | ≤ {case['goal']}x, {verdict} |"
        )
    lines += ["", *_scaling(results), "", *_goals(results), "", *_profile(results), "", *rule_paths()]
    return "\n".join(lines)


def _scaling(results: dict[str, Any]) -> list[str]:
    lines = [
        "Synthetic packages (the bundled one with `corridor_tonnage` grown to N rows; with defects: "
        "values injected at random rows, of each kind frictionless rejects or accepts though they look "
        "wrong), `kzfacts validate` against `frictionless.Package(p).validate()` and against the floor "
        "(pyarrow reading every data file as strings, and sha256 over it: `READ_FLOOR` in "
        "`benchmarks/run.py`), each in a fresh process, the floor run beside each pair. Peak memory is "
        "the largest resident set of any one process a run starts; kzfacts' validation runs in one "
        "worker process, so its peak is the tree's:",
        "",
        "| rows | defects | kzfacts | frictionless | floor | ratio to frictionless | IQR | ratio to floor "
        "| pairs | kzfacts peak | frictionless peak | floor peak |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["scaling"]:
        lines.append(
            f"| {row['rows']:,} | {row['defects'] or 'none'} | {row['a_s']:.2f} s | {row['b_s']:.2f} s "
            f"| {row['floor_s']:.2f} s | {row['ratio']:.3f}x | {row['ratio_q1']:.3f}–{row['ratio_q3']:.3f}x "
            f"| {row['floor_ratio']:.2f}x | {row['pairs']} | {row['a_peak_mib']:.0f} MiB "
            f"| {row['b_peak_mib']:.0f} MiB | {row['floor_peak_mib']:.0f} MiB |"
        )
    return lines


def _goals(results: dict[str, Any]) -> list[str]:
    small = [
        (f"{case['case']}: ≤ {case['goal']}x {case['baseline']}", f"{case['ratio']:.2f}x", case["met"])
        for case in results["cases"]
    ]
    large = [(goal["goal"], goal["figure"], goal["met"]) for goal in results["goals"]]
    return [
        "Every goal, as measured above:",
        "",
        "| goal | measured | |",
        "|---|---|---|",
        *(f"| {goal} | {figure} | {'met' if met else '**missed**'} |" for goal, figure, met in small + large),
    ]


def _profile(results: dict[str, Any]) -> list[str]:
    return [
        f"Where `kzfacts validate` spends its time on a valid synthetic package of "
        f"{results['profile_rows']:,} rows (one cProfile run of every thread of the columnar engine, so "
        "the shares are of the threads' time together; a built-in's or pyarrow's time counts for the "
        "part that called it, a thread's waiting for nothing):",
        "",
        "| part | share |",
        "|---|---|",
        *(f"| {item['part']} | {item['share']:.0%} |" for item in results["profile"]),
    ]


def rule_paths() -> list[str]:
    """Which of kzfacts' rules the columnar engine runs as column expressions, which on the rows a
    column expression pre-selects, and which row by row (from the engine's own tables)."""
    from kzfacts.validation.columnar.prefilter import FILTERS
    from kzfacts.validation.columnar.stateful import STATEFUL
    from kzfacts.validation.rules import RULES
    from kzfacts.validation.rules.base import PRELOADED
    from kzfacts.validation.rules.tonnage import YearOnYear

    def path(rule: Any) -> str:
        if rule.needs_archive:
            return (
                "row by row, by the exact row engine (it needs `--sources`, and the columnar engine "
                "hands such runs over)"
            )
        if rule is YearOnYear:
            return (
                "column expressions: the base figures from the columns kept from the scan; the rows that "
                "state a change, selected by a column expression, checked by the rule's own code"
            )
        if rule in STATEFUL:
            return "column expressions over the columns kept from the scan (no row is given to the rule)"
        if rule in FILTERS:
            return (
                "pre-filtered: a column expression selects the rows the rule could report, the rule's "
                "own code checks those"
            )
        return "row by row, every row"

    return [
        "How the columnar engine runs each of kzfacts' rules (generated from the engine's tables). In "
        f"the small tables every rule consults ({', '.join(f'`{n}`' for n in PRELOADED)}) every row "
        "is given to every rule, whatever its path:",
        "",
        "| rule | path in the columnar engine |",
        "|---|---|",
        *(f"| `{rule.name}` | {path(rule)} |" for rule in RULES),
    ]
