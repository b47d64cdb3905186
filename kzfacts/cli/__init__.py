"""The ``kzfacts`` command line: argparse, so that starting it costs almost nothing.

Every command that reads data takes the package the same way (``--package PATH``; ``validate`` and
``build`` also take it as an argument). With none given, a command reads ``./datapackage.json`` or
``./datapackage/datapackage.json`` when the working directory has one, else the bundled package,
and says which it read, so nobody validates the installed copy believing it is their fork.

One module per command (:data:`COMMANDS`), each with ``run(args)``, whose docstring is the
command's help, and ``options(parser)``. A command's options (and the format registries its help
lists) are built only when that command runs or shows its help, so ``kzfacts --help`` imports
argparse and the command line's own small modules alone; heavy libraries load only inside the
command that needs them. Exit status: 0 done, 1 a data error (or invalid data), 2 a usage error,
each error as one ``error:`` line.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kzfacts.cli.common import USAGE_ERRORS, Exit, echo, unencodable
from kzfacts.errors import KzfactsError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs a tenth of the help's time
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

HELP = "kzfacts: sourced facts on Kazakhstan's diplomacy, as a validated data package."

COMMANDS: dict[str, str] = {
    "info": "kzfacts.cli.info",
    "validate": "kzfacts.cli.validate",
    "cite": "kzfacts.cli.cite",
    "export": "kzfacts.cli.export",
    "show": "kzfacts.cli.show",
    "diff": "kzfacts.cli.diff",
    "rules": "kzfacts.cli.rules",
    "build": "kzfacts.cli.build",
    "init": "kzfacts.cli.init",
}
"""Command name -> its module, in the order the help lists them: a new command is one module with
``run`` and ``options``, plus one line here."""


def command(name: str) -> ModuleType:
    """The module of command ``name``."""
    return importlib.import_module(COMMANDS[name])


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from kzfacts.contract.locate import installed_version

        echo(f"kzfacts {installed_version()}")
        parser.exit()


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line: one sub-parser per command, each command's docstring its help.

    With ``only``, just that command gets its arguments; the others are listed, not built. The
    top-level help then needs no registry, and one command's parse imports only its own.
    """
    top = argparse.ArgumentParser(
        prog="kzfacts", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    top.add_argument("--version", action=_Version, nargs=0, help="Print the version and exit.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = command(name)
        summary, _, rest = _cleaned(module.run.__doc__ or "").partition("\n\n")
        made = commands.add_parser(
            name,
            help=" ".join(summary.split()),
            description=summary + ("\n\n" + rest if rest else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if only is None or only == name:
            module.options(made)
    return top


def _cleaned(doc: str) -> str:
    """A docstring without its indentation, the same on every Python (3.13 strips it when compiling;
    ``inspect.cleandoc`` would cost the start-up this module saves)."""
    import textwrap

    first, _, rest = doc.strip("\n").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


def _unknown(asked: str) -> str:
    """What to say about a command that does not exist: the nearest one, if any is near."""
    import difflib

    from kzfacts.printable import printable

    near = difflib.get_close_matches(asked, list(COMMANDS), n=1, cutoff=0.6)
    guess = f"; did you mean {near[0]!r}?" if near else "."
    return printable(
        f"{asked!r} is not a kzfacts command{guess} Commands: {', '.join(COMMANDS)} (kzfacts --help)"
    )


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process' arguments); return the exit status.

    Usage errors exit 2 (argparse's, and kzfacts' own), data errors 1, each as one ``error:`` line.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    asked = next((a for a in arguments if not a.startswith("-")), "")
    if asked == "validate" and not {"-h", "--help"} & set(arguments):
        from kzfacts.validation.prestart import warm

        warm()  # the worker imports on the other core while this process parses (see prestart)
    top = parser(asked if asked in COMMANDS else "")
    if not arguments:
        top.print_help()
        return 0
    before = arguments[: arguments.index(asked)] if asked else []
    if asked and asked not in COMMANDS and not {"-h", "--help", "--version"} & set(before):
        echo(f"error: {_unknown(asked)}", err=True)
        return 2
    try:
        args = top.parse_args(arguments)
    except SystemExit as exc:  # --help, --version, or argparse's usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 0
    try:
        command(args.command).run(args)
    except Exit as done:
        return done.code
    except USAGE_ERRORS as exc:
        echo(f"error: {exc}", err=True)
        return 2
    except KzfactsError as exc:
        echo(f"error: {exc}", err=True)
        return 1
    except UnicodeEncodeError as exc:
        echo(f"error: {unencodable(exc)}", err=True)
        return 1
    except BrokenPipeError:  # the reader (head, less) has gone: stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file the command had to read or write: say which, and why
        where = f"{exc.filename}: " if exc.filename else ""
        from kzfacts.printable import printable

        echo(printable(f"error: {where}{exc.strerror or exc}"), err=True)
        return 1
    return 0


def main() -> None:
    """Entry point of the ``kzfacts`` command and ``python -m kzfacts``."""
    raise SystemExit(run())
