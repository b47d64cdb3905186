"""``kzfacts cite``."""

from __future__ import annotations

import argparse

from kzfacts.cli.common import (
    choice,
    echo,
    one_of,
    open_package,
    package_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def run(args: argparse.Namespace) -> None:
    """Cite the package's version, and the original sources of the records you used.

    Examples:
      kzfacts cite
      kzfacts cite --format ris --ids titr-2023-masarat,titr-2024-9m-masarat
      kzfacts cite --format cff > CITATION.cff
    """
    from kzfacts.citation.styles import STYLES
    from kzfacts.printable import document

    pkg = open_package(args.package, err=True)
    if args.resource is not None:
        pkg.spec.resource(args.resource)  # an unknown name is still an error
    ids = args.ids
    chosen = [key.strip() for key in ids.split(",") if key.strip()] if ids is not None else None
    echo(document(pkg.cite(style=choice(args.format, STYLES), ids=chosen)), nl=False)


def options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.citation.styles import STYLES

    add = parser.add_argument
    add("--format", default="bibtex", help=f"Citation format. ({one_of(STYLES)})")
    add("--ids", help="Comma-separated ids of the records you used (any resource).")
    add("--resource", help="Deprecated: ids are unique across resources.")
    package_option(parser)
