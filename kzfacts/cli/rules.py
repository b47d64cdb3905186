"""``kzfacts rules``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import choice, echo, one_of

FORMATS = ("text", "markdown")
"""Output formats: text for a terminal, markdown (the table docs/validation.md shows) for a page."""


def run(args: argparse.Namespace) -> None:
    """List kzfacts' validation rules: name, severity, what each checks and what to do.

    In a terminal, one readable block per rule; piped, or with --format markdown, the Markdown
    table the documentation shows.

    Examples:
      kzfacts rules
      kzfacts rules --format markdown > rules.md
    """
    import sys

    fmt = args.format or ("text" if sys.stdout.isatty() else "markdown")
    choice(fmt, FORMATS)
    if fmt == "markdown":
        from kzfacts.validation.report import rules_table

        echo(rules_table())
        return
    echo(_text(), nl=False)


def _text() -> str:
    """Each rule as a block: its name and severity, then what it checks and the fix, wrapped to the
    terminal's width, without the Markdown (backticks, pipes) a terminal would show raw."""
    import shutil
    import textwrap

    from kzfacts.validation.kinds import Kind
    from kzfacts.validation.rules import RULES

    entries = [(kind.value, kind.severity, kind.description, kind.fix) for kind in Kind]
    for rule in RULES:
        only = rule.needs_archive and "--sources" not in rule.description
        entries.append(
            (
                rule.name,
                rule.severity,
                rule.description + (" Only with --sources DIR." if only else ""),
                rule.fix,
            )
        )
    width = max(min(shutil.get_terminal_size((100, 24)).columns, 100) - 1, 40)

    def wrapped(label: str, text: str) -> str:
        plain = " ".join(text.replace("`", "").split())
        return textwrap.fill(f"{label}{plain}", width=width, initial_indent="  ", subsequent_indent="  ")

    blocks = [f"{len(entries)} rules; errors make data invalid, warnings fail only --strict.\n"]
    for name, severity, checks, fix in entries:
        blocks.append(f"{name} ({severity})\n{wrapped('', checks)}\n{wrapped('Fix: ', fix)}\n")
    return "\n".join(blocks)


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        default=None,
        help=f"text for a terminal, markdown for a page ({one_of(FORMATS)}); "
        "default: text in a terminal, markdown when piped.",
    )
