"""``kzfacts show``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import choice, echo, one_of, open_package, package_option


def run(args: argparse.Namespace) -> None:
    """Show a table's rows, one line per record (Arabic shown as written), or as CSV/JSON for pipes.

    Examples:
      kzfacts show corridor_tonnage --where source_id=masarat-2025
      kzfacts show organizations --columns id,acronym,name_en --limit 3
      kzfacts show events --where series_id=astana-process --format csv
    """
    from kzfacts.cli.render import FORMATS, columns, render, rows

    output = choice(args.format, FORMATS)
    pkg = open_package(args.package, err=output != "table")
    spec = pkg.spec.resource(args.resource)
    shown = columns(spec, "all" if args.columns is None and output != "table" else args.columns)
    echo(render(spec, rows(pkg, args.resource, args.where, args.limit), output, shown), nl=False)
    if output == "table" and args.columns is None:  # the default view: say what else there is
        import shutil
        import textwrap

        others = [f.name for i, f in enumerate(spec.fields) if i not in shown]
        if others:
            hint = f"more fields: {', '.join(others)} (--columns NAME,... or --columns all)"
            width = shutil.get_terminal_size((120, 24)).columns
            echo(textwrap.fill(hint, width=max(width - 1, 40), subsequent_indent="  "))


def options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.cli.render import FORMATS

    add = parser.add_argument
    add("resource", metavar="RESOURCE", help="Resource name, e.g. corridor_tonnage.")
    add("--where", action="append", metavar="FIELD=VALUE", help="FIELD=VALUE; repeat to require several.")
    add(
        "--columns",
        help="Comma-separated fields, or 'all'; every one is shown, cut to fit the terminal. "
        "Default: the key, the value or role, its status and dates.",
    )
    add("--limit", type=int, metavar="N", help="Show at most N rows.")
    add(
        "--format",
        default="table",
        help=f"table for people; csv or json (typed values) for pipes ({one_of(FORMATS)}).",
    )
    package_option(parser)
