"""The ``kzfacts`` command line: argparse, so that starting it costs almost nothing.

Every command that reads data takes the package the same way (``--package PATH``; ``validate`` and
``build`` also take it as an argument). With none given, a command reads ``./datapackage.json`` or
``./datapackage/datapackage.json`` when the working directory has one, else the bundled package,
and says which it read, so nobody validates the installed copy believing it is their fork.

Each command's options (and the format registries its help lists) are built only when that
command runs or shows its help, so ``kzfacts --help`` imports argparse and ``kzfacts.errors`` alone;
heavy libraries load only inside the command that needs them. Exit status: 0 done, 1 a data error
(or invalid data), 2 a usage error, each error as one ``error:`` line.
"""

from __future__ import annotations

import argparse
import sys

from kzfacts.errors import (
    InvalidArgumentError,
    KzfactsError,
    PackageNotFoundError,
    RecordNotFoundError,
    UnknownResourceError,
)

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs a tenth of the help's time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

    from kzfacts.package import Package

USAGE_ERRORS = (InvalidArgumentError, UnknownResourceError, RecordNotFoundError, PackageNotFoundError)
"""Errors that mean the command was asked for something impossible: exit 2, like argparse's own."""
HELP = "kzfacts: sourced facts on Kazakhstan's diplomacy, as a validated data package."


class Exit(Exception):
    """End a command with this exit status (after it has printed what it had to say)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))


def _choice(value: str, registry: Iterable[str], option: str = "--format") -> str:
    """``value`` if it is a key of the format registry, else a usage error listing the keys."""
    names = list(registry)
    if value not in names:
        raise InvalidArgumentError(f"{option} {value!r} is not one of: {', '.join(names)}")
    return value


def _one_of(registry: Iterable[str]) -> str:
    return "one of: " + ", ".join(registry)


def _unencodable(exc: UnicodeEncodeError) -> str:
    """What could not be written, and how to fix it: usually a terminal or pipe that is not UTF-8."""
    import codecs
    import sys

    def codec(name: str) -> str:
        try:
            return codecs.lookup(name).name
        except LookupError:
            return name

    char = exc.object[exc.start : exc.start + 1]
    stdout = getattr(sys.stdout, "encoding", None) or "unknown"
    what = f"U+{ord(char):04X}" if char else "a character"
    if codec(exc.encoding) == codec(stdout):
        return (
            f"stdout's encoding ({stdout}) cannot write {what}, which the output holds; "
            "set PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1) and run again"
        )
    return f"cannot encode {what} as {exc.encoding} ({exc.reason})"


def _chosen(path: Path | None) -> tuple[Path, str]:
    """The descriptor a command reads, and why: given, found in the working directory, or bundled."""
    from kzfacts.contract.locate import bundled_path, descriptor_of, local_descriptor

    if path is not None:
        if not path.exists():
            raise PackageNotFoundError(f"{path} does not exist")
        descriptor = descriptor_of(path)
        if not descriptor.is_file():
            raise PackageNotFoundError(f"{path} has no datapackage.json")
        return descriptor, "given"
    local = local_descriptor()
    if local is not None:
        return local, "found in the working directory"
    return bundled_path(), "bundled with kzfacts"


def _announce(descriptor: Path, why: str, *, err: bool = False) -> None:
    from kzfacts.printable import printable

    _echo(printable(f"package: {descriptor} ({why})"), err=err)


def _open(path: Path | None, *, err: bool = False) -> Package:
    """The package a command reads, announced on its first line (on stderr for machine formats)."""
    from kzfacts.package import Package

    descriptor, why = _chosen(path)
    _announce(descriptor, why, err=err)
    return Package() if why == "bundled with kzfacts" else Package(descriptor)


def info(args: argparse.Namespace) -> None:
    """Show the package read, its version, tables, row counts and data fingerprint.

    Example: kzfacts info
    """
    from kzfacts.contract.locate import installed_version

    pkg = _open(args.package)
    _echo(f"kzfacts {installed_version()} (data package version {pkg.version})")
    for name in pkg.resource_names:
        _echo(f"  {name:<18} {len(pkg.table(name)):>6} rows")
    _echo(f"fingerprint: {pkg.fingerprint()}")


def _targets(paths: list[Path], package: Path | None) -> list[tuple[Path, str]]:
    """The packages to validate: those holding the given files (pre-commit passes changed files),
    or the one ``--package`` names, or the default one."""
    from kzfacts.contract.locate import containing_descriptor

    if package is not None:
        return [_chosen(package)]
    if not paths:
        return [_chosen(None)]
    found: dict[Path, str] = {}
    for path in paths:
        if not path.exists():
            raise PackageNotFoundError(f"{path} does not exist")
        descriptor = containing_descriptor(path)
        if descriptor is None:
            raise PackageNotFoundError(
                f"{path} is in no data package (no datapackage.json in it or above it)"
            )
        found.setdefault(
            descriptor, "given" if path.resolve() in (descriptor, descriptor.parent) else f"holds {path}"
        )
    return list(found.items())


def validate(args: argparse.Namespace) -> None:
    """Check data packages against frictionless and every kzfacts rule.

    Given files (as pre-commit passes them), each package holding one is checked once. Exit 0
    when valid (warnings allowed), 1 when invalid (or warnings under --strict), 2 on bad arguments.

    Examples:
      kzfacts validate
      kzfacts validate my-fork/datapackage --strict
      kzfacts validate datapackage --format github
      kzfacts validate --sources ../shared/sources
    """
    import json

    from kzfacts.validation import ENGINES
    from kzfacts.validation import validate as run
    from kzfacts.validation.report import FORMATS

    fmt = _choice(args.format, FORMATS)
    try:
        _choice(args.engine, ENGINES, "--engine")
        if args.sources is not None and not args.sources.is_dir():
            raise InvalidArgumentError(f"--sources {args.sources} is not a folder")
        targets = _targets(args.paths or [], args.package)
    except USAGE_ERRORS as exc:
        if fmt != "json":
            raise
        # A program reading --format json gets JSON on every path, usage errors included.
        _echo(json.dumps({"valid": False, "passes": False, "error": str(exc), "exit_code": 2}))
        raise Exit(2) from None
    failed = False
    documents = []
    for descriptor, why in targets:
        report = run(
            None if why == "bundled with kzfacts" else descriptor,
            sources=args.sources,
            timeout=args.timeout,
            max_memory=args.max_memory,
            engine=args.engine,
        )
        failed = failed or not report.passes(strict=args.strict)
        if fmt == "json":
            documents.append(json.loads(FORMATS["json"](report, strict=args.strict)))
        else:
            _announce(descriptor, why)
            _echo(FORMATS[fmt](report, strict=args.strict))
    if fmt == "json":
        _echo(json.dumps(documents[0] if len(documents) == 1 else documents, ensure_ascii=False, indent=2))
    if failed:
        raise Exit(1)


def cite(args: argparse.Namespace) -> None:
    """Cite the package's version, and the original sources of the records you used.

    Examples:
      kzfacts cite
      kzfacts cite --format ris --ids titr-2023-masarat,titr-2024-9m-masarat
      kzfacts cite --format cff > CITATION.cff
    """
    from kzfacts.citation.styles import STYLES

    pkg = _open(args.package, err=True)
    if args.resource is not None:
        pkg.spec.resource(args.resource)  # an unknown name is still an error
    ids = args.ids
    chosen = [key.strip() for key in ids.split(",") if key.strip()] if ids is not None else None
    _echo(pkg.cite(style=_choice(args.format, STYLES), ids=chosen), nl=False)


def export(args: argparse.Namespace) -> None:
    """Export every table with its types, keys, version, fingerprint and citation.

    Examples:
      kzfacts export --format sqlite out/   (then: datasette out/kzfacts.db -m out/metadata.json)
      kzfacts export --format parquet out/  (then: duckdb -c "select * from 'out/corridor_tonnage.parquet'")
      kzfacts export --format xlsx out/ --force
    """
    from kzfacts.exports import FORMATS

    fmt = _choice(args.format, FORMATS)
    pkg = _open(args.package, err=True)
    for path in pkg.export(args.outdir, fmt, force=args.force):
        _echo(str(path))


def show(args: argparse.Namespace) -> None:
    """Show a table's rows, one line per record (Arabic shown as written), or as CSV/JSON for pipes.

    Examples:
      kzfacts show corridor_tonnage --where source_id=masarat-2025
      kzfacts show organizations --columns id,acronym,name_en --limit 3
      kzfacts show events --where series_id=astana-process --format csv
    """
    from kzfacts.cli.show import FORMATS, render, rows
    from kzfacts.cli.show import columns as chosen_columns

    output = _choice(args.format, FORMATS)
    pkg = _open(args.package, err=output != "table")
    spec = pkg.spec.resource(args.resource)
    shown = chosen_columns(spec, "all" if args.columns is None and output != "table" else args.columns)
    _echo(render(spec, rows(pkg, args.resource, args.where, args.limit), output, shown), nl=False)


def diff(args: argparse.Namespace) -> None:
    """Show what changed between two copies of the data: records by id, schema, metadata, and the
    recommended values, disputes and citations analyses depend on.

    Exit 0 when identical, 1 when they differ, 2 on bad arguments or a package that does not load.

    Examples:
      kzfacts diff bundled datapackage
      kzfacts diff old-release/datapackage datapackage --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from pathlib import Path

    from kzfacts.diff.render import FORMATS
    from kzfacts.package import Package

    fmt = _choice(args.format, FORMATS)
    sides = []
    for given in (args.old, args.new):
        if given == "bundled":
            sides.append(Package())
            continue
        descriptor, _ = _chosen(Path(given))
        sides.append(Package(descriptor))
    try:
        found = sides[0].diff(sides[1])
    except KzfactsError as exc:
        raise InvalidArgumentError(f"{exc} (check it with: kzfacts validate)") from None
    _echo(FORMATS[fmt](found), nl=False)
    if not found.identical:
        raise Exit(1)


def rules(args: argparse.Namespace) -> None:
    """List kzfacts' validation rules (name, severity, what each checks) as a Markdown table.

    Example: kzfacts rules
    """
    from kzfacts.validation.report import rules_table

    _echo(rules_table())


def build(args: argparse.Namespace) -> None:
    """Recompute each resource's bytes and sha256 hash in datapackage.json after editing data.

    Examples: kzfacts build datapackage ; kzfacts build --check datapackage
    """
    from kzfacts.contract.locate import shown_folder
    from kzfacts.reading import build as builder

    if args.path is not None and args.package is not None:
        raise InvalidArgumentError("give the package as an argument or with --package, not both")
    target, why = _chosen(args.path if args.path is not None else args.package)
    _announce(target, why)
    shown = shown_folder(target)
    if args.check:
        stale = builder.stale_resources(target)
        if stale:
            _echo(f"stale bytes/hash in {shown}: {', '.join(stale)}; run: kzfacts build {shown}")
            raise Exit(1)
        _echo(f"up to date: {shown}")
        return
    changed = builder.write(target)
    _echo(f"{'updated' if changed else 'unchanged'}: {shown}")


# --- the parser ----------------------------------------------------------------------------


def _at_least(minimum: float) -> Callable[[str], float]:
    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value >= minimum:
            raise argparse.ArgumentTypeError(f"{text} is below the minimum of {minimum:g}")
        return value

    return number


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from kzfacts.contract.locate import installed_version

        _echo(f"kzfacts {installed_version()}")
        parser.exit()


def _package_option(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument(
        "--package",
        type=Path,
        metavar="PATH",
        help="datapackage.json or its folder; default: ./datapackage.json, ./datapackage/, else the bundled.",
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "info": info,
    "validate": validate,
    "cite": cite,
    "export": export,
    "show": show,
    "diff": diff,
    "rules": rules,
    "build": build,
}
"""Command name -> function, in the order the help lists them."""


def _info_options(parser: argparse.ArgumentParser) -> None:
    _package_option(parser)


def _validate_options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from kzfacts.validation import ENGINES
    from kzfacts.validation.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS
    from kzfacts.validation.report import FORMATS

    add = parser.add_argument
    add(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="datapackage.json, its folder, or files inside packages; default: see --package.",
    )
    _package_option(parser)
    add(
        "--format",
        default="text",
        help=f"text for people, json for programs, github for Actions ({_one_of(FORMATS)}).",
    )
    add("--strict", action="store_true", help="Fail on warnings too.")
    add(
        "--sources",
        type=Path,
        metavar="DIR",
        help="Folder of archived source texts: check evidence phrases in them.",
    )
    add(
        "--timeout",
        type=_at_least(0.1),
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"Seconds the check may take; running out is reported (default {DEFAULT_SECONDS:g}).",
    )
    add(
        "--max-memory",
        type=_at_least(1),
        default=DEFAULT_MEGABYTES,
        metavar="MB",
        help=f"MB of resident memory the check may use (default {DEFAULT_MEGABYTES}).",
    )
    add(
        "--engine",
        default="kzfacts",
        help="kzfacts: run frictionless only when kzfacts cannot vouch for the tables; "
        f"frictionless: always run it. Same report. ({_one_of(ENGINES)})",
    )


def _cite_options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.citation.styles import STYLES

    add = parser.add_argument
    add("--format", default="bibtex", help=f"Citation format. ({_one_of(STYLES)})")
    add("--ids", help="Comma-separated ids of the records you used (any resource).")
    add("--resource", help="Deprecated: ids are unique across resources.")
    _package_option(parser)


def _export_options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from kzfacts.exports import FORMATS

    add = parser.add_argument
    add("outdir", type=Path, metavar="OUTDIR", help="Folder to create; it must not exist unless --force.")
    add("--format", default="sqlite", help=f"Export format. ({_one_of(FORMATS)})")
    add("--force", action="store_true", help="Replace an earlier kzfacts export in OUTDIR.")
    _package_option(parser)


def _show_options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.cli.show import FORMATS

    add = parser.add_argument
    add("resource", metavar="RESOURCE", help="Resource name, e.g. corridor_tonnage.")
    add("--where", action="append", metavar="FIELD=VALUE", help="FIELD=VALUE; repeat to require several.")
    add("--columns", help="Comma-separated fields, or 'all'; default: the key and required fields.")
    add("--limit", type=int, metavar="N", help="Show at most N rows.")
    add(
        "--format",
        default="table",
        help=f"table for people; csv or json (typed values) for pipes ({_one_of(FORMATS)}).",
    )
    _package_option(parser)


def _diff_options(parser: argparse.ArgumentParser) -> None:
    from kzfacts.diff.render import FORMATS

    add = parser.add_argument
    add("old", metavar="OLD", help="The package before: datapackage.json, its folder, or 'bundled'.")
    add("new", metavar="NEW", help="The package after: datapackage.json, its folder, or 'bundled'.")
    add(
        "--format",
        default="text",
        help=f"text for people, markdown for a PR comment, json ({_one_of(FORMATS)}).",
    )


def _rules_options(parser: argparse.ArgumentParser) -> None:
    """``rules`` takes no options."""


def _build_options(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    add = parser.add_argument
    add(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="datapackage.json or its folder; default: see --package.",
    )
    add("--check", action="store_true", help="Only report stale bytes/hash; exit 1 when any are.")
    _package_option(parser)


OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "info": _info_options,
    "validate": _validate_options,
    "cite": _cite_options,
    "export": _export_options,
    "show": _show_options,
    "diff": _diff_options,
    "rules": _rules_options,
    "build": _build_options,
}
"""Command name -> the function that adds its arguments (and imports what their help lists)."""


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
    for name, function in COMMANDS.items():
        summary, _, rest = _cleaned(function.__doc__ or "").partition("\n\n")
        made = commands.add_parser(
            name,
            help=" ".join(summary.split()),
            description=summary + ("\n\n" + rest if rest else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if only is None or only == name:
            OPTIONS[name](made)
    return top


def _cleaned(doc: str) -> str:
    """A docstring without its indentation, the same on every Python (3.13 strips it when compiling;
    ``inspect.cleandoc`` would cost the start-up this module saves)."""
    import textwrap

    first, _, rest = doc.strip("\n").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process' arguments); return the exit status.

    Usage errors exit 2 (argparse's, and kzfacts' own), data errors 1, each as one ``error:`` line.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in arguments if not a.startswith("-")), "")
    top = parser(command if command in COMMANDS else "")
    if not arguments:
        top.print_help()
        return 0
    try:
        args = top.parse_args(arguments)
    except SystemExit as exc:  # --help, --version, or argparse's usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 0
    try:
        COMMANDS[args.command](args)
    except Exit as done:
        return done.code
    except USAGE_ERRORS as exc:
        _echo(f"error: {exc}", err=True)
        return 2
    except KzfactsError as exc:
        _echo(f"error: {exc}", err=True)
        return 1
    except UnicodeEncodeError as exc:
        _echo(f"error: {_unencodable(exc)}", err=True)
        return 1
    except BrokenPipeError:  # the reader (head, less) has gone: stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file the command had to read or write: say which, and why
        where = f"{exc.filename}: " if exc.filename else ""
        from kzfacts.printable import printable

        _echo(printable(f"error: {where}{exc.strerror or exc}"), err=True)
        return 1
    return 0


def main() -> None:
    """Entry point of the ``kzfacts`` command and ``python -m kzfacts``."""
    raise SystemExit(run())
