"""The ``kzfacts`` command line (typer). Heavy libraries load only inside the command that needs them.

Every command that reads data takes the package the same way (``--package PATH``; ``validate`` and
``build`` also take it as an argument). With none given, a command reads ``./datapackage.json`` or
``./datapackage/datapackage.json`` when the working directory has one, else the bundled package,
and says which it read, so nobody validates the installed copy believing it is their fork.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer

from kzfacts.citation.styles import STYLES
from kzfacts.cli.show import FORMATS as SHOW_FORMATS
from kzfacts.diff.render import FORMATS as DIFF_FORMATS
from kzfacts.errors import (
    InvalidArgumentError,
    KzfactsError,
    PackageNotFoundError,
    RecordNotFoundError,
    UnknownResourceError,
)
from kzfacts.exports import FORMATS as EXPORT_FORMATS
from kzfacts.printable import printable
from kzfacts.schema import (
    bundled_path,
    containing_descriptor,
    descriptor_of,
    installed_version,
    local_descriptor,
    shown_folder,
)
from kzfacts.validation import ENGINES
from kzfacts.validation.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS
from kzfacts.validation.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from kzfacts.package import Package

P = ParamSpec("P")
USAGE_ERRORS = (InvalidArgumentError, UnknownResourceError, RecordNotFoundError, PackageNotFoundError)
"""Errors that mean the command was asked for something impossible: exit 2, like click's usage errors."""


def _choice(value: str, registry: Iterable[str], option: str = "--format") -> str:
    """``value`` if it is a key of the format registry, else a usage error listing the keys."""
    names = list(registry)
    if value not in names:
        raise InvalidArgumentError(f"{option} {value!r} is not one of: {', '.join(names)}")
    return value


def _one_of(registry: Iterable[str]) -> str:
    return "one of: " + ", ".join(registry)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kzfacts {installed_version()}")
        raise typer.Exit()


app = typer.Typer(
    help="kzfacts: sourced facts on Kazakhstan's diplomacy, as a validated data package.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def command(func: Callable[P, None]) -> Callable[P, None]:
    """Register a command whose kzfacts errors become one ``error:`` line and an exit code: 2 for a
    usage error, 1 for a data error, the same whether run from a shell or from typer's CliRunner."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except USAGE_ERRORS as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except KzfactsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        except UnicodeEncodeError as exc:
            typer.echo(f"error: {_unencodable(exc)}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:  # a file the command had to read or write: say which, and why
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(printable(f"error: {where}{exc.strerror or exc}"), err=True)
            raise typer.Exit(1) from None

    app.command()(run)
    return run


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


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """kzfacts: sourced facts on Kazakhstan's diplomacy, as a validated data package."""


PackageOption = Annotated[
    Path | None,
    typer.Option(
        "--package",
        help="datapackage.json or its folder; default: ./datapackage.json, ./datapackage/, else the bundled.",
    ),
]


def _chosen(path: Path | None) -> tuple[Path, str]:
    """The descriptor a command reads, and why: given, found in the working directory, or bundled."""
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
    typer.echo(printable(f"package: {descriptor} ({why})"), err=err)


def _open(path: Path | None, *, err: bool = False) -> Package:
    """The package a command reads, announced on its first line (on stderr for machine formats)."""
    from kzfacts.package import Package

    descriptor, why = _chosen(path)
    _announce(descriptor, why, err=err)
    return Package() if why == "bundled with kzfacts" else Package(descriptor)


@command
def info(package: PackageOption = None) -> None:
    """Show the package read, its version, tables, row counts and data fingerprint.

    Example: kzfacts info
    """
    pkg = _open(package)
    typer.echo(f"kzfacts {installed_version()} (data package version {pkg.version})")
    for name in pkg.resource_names:
        typer.echo(f"  {name:<18} {len(pkg.table(name)):>6} rows")
    typer.echo(f"fingerprint: {pkg.fingerprint()}")


def _targets(paths: list[Path], package: Path | None) -> list[tuple[Path, str]]:
    """The packages to validate: those holding the given files (pre-commit passes changed files),
    or the one ``--package`` names, or the default one."""
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


@command
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="datapackage.json, its folder, or files inside packages; default: see --package."
        ),
    ] = None,
    package: PackageOption = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"text for people, json for programs, github for Actions ({_one_of(REPORT_FORMATS)}).",
        ),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of archived source texts: check evidence phrases in them."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds the check may take; running out is reported."),
    ] = DEFAULT_SECONDS,
    max_memory: Annotated[
        float,
        typer.Option("--max-memory", min=1, help="MB of resident memory the check may use."),
    ] = DEFAULT_MEGABYTES,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="kzfacts: run frictionless only when kzfacts cannot vouch for the tables; "
            f"frictionless: always run it. Same report. ({_one_of(ENGINES)})",
        ),
    ] = "kzfacts",
) -> None:
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

    from kzfacts.validation import validate as run
    from kzfacts.validation.report import FORMATS

    fmt = _choice(output, REPORT_FORMATS)
    try:
        _choice(engine, ENGINES, "--engine")
        if sources is not None and not sources.is_dir():
            raise InvalidArgumentError(f"--sources {sources} is not a folder")
        targets = _targets(paths or [], package)
    except USAGE_ERRORS as exc:
        if fmt != "json":
            raise
        # A program reading --format json gets JSON on every path, usage errors included.
        typer.echo(json.dumps({"valid": False, "passes": False, "error": str(exc), "exit_code": 2}))
        raise typer.Exit(2) from None
    failed = False
    documents = []
    for descriptor, why in targets:
        report = run(
            None if why == "bundled with kzfacts" else descriptor,
            sources=sources,
            timeout=timeout,
            max_memory=max_memory,
            engine=engine,
        )
        failed = failed or not report.passes(strict=strict)
        if fmt == "json":
            documents.append(json.loads(FORMATS["json"](report, strict=strict)))
        else:
            _announce(descriptor, why)
            typer.echo(FORMATS[fmt](report, strict=strict))
    if fmt == "json":
        typer.echo(
            json.dumps(documents[0] if len(documents) == 1 else documents, ensure_ascii=False, indent=2)
        )
    if failed:
        raise typer.Exit(1)


@command
def cite(
    output: Annotated[str, typer.Option("--format", help=f"Citation format. ({_one_of(STYLES)})")] = "bibtex",
    ids: Annotated[
        str | None, typer.Option("--ids", help="Comma-separated ids of the records you used (any resource).")
    ] = None,
    resource: Annotated[
        str | None, typer.Option("--resource", help="Deprecated: ids are unique across resources.")
    ] = None,
    package: PackageOption = None,
) -> None:
    """Cite the package's version, and the original sources of the records you used.

    Examples:
      kzfacts cite
      kzfacts cite --format ris --ids titr-2023-masarat,titr-2024-9m-masarat
      kzfacts cite --format cff > CITATION.cff
    """
    pkg = _open(package, err=True)
    if resource is not None:
        pkg.spec.resource(resource)  # an unknown name is still an error
    chosen = [key.strip() for key in ids.split(",") if key.strip()] if ids is not None else None
    typer.echo(pkg.cite(style=_choice(output, STYLES), ids=chosen), nl=False)


@command
def export(
    outdir: Annotated[Path, typer.Argument(help="Folder to create; it must not exist unless --force.")],
    output: Annotated[
        str, typer.Option("--format", help=f"Export format. ({_one_of(EXPORT_FORMATS)})")
    ] = "sqlite",
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier kzfacts export in OUTDIR.")
    ] = False,
    package: PackageOption = None,
) -> None:
    """Export every table with its types, keys, version, fingerprint and citation.

    Examples:
      kzfacts export --format sqlite out/   (then: datasette out/kzfacts.db -m out/metadata.json)
      kzfacts export --format parquet out/  (then: duckdb -c "select * from 'out/corridor_tonnage.parquet'")
      kzfacts export --format xlsx out/ --force
    """
    fmt = _choice(output, EXPORT_FORMATS)
    pkg = _open(package, err=True)
    for path in pkg.export(outdir, fmt, force=force):
        typer.echo(str(path))


@command
def show(
    resource: Annotated[str, typer.Argument(help="Resource name, e.g. corridor_tonnage.")],
    where: Annotated[
        list[str] | None, typer.Option("--where", help="FIELD=VALUE; repeat to require several.")
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns", help="Comma-separated fields, or 'all'; default: the key and required fields."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most N rows.")] = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"table for people; csv or json (typed values) for pipes ({_one_of(SHOW_FORMATS)}).",
        ),
    ] = "table",
    package: PackageOption = None,
) -> None:
    """Show a table's rows, one line per record (Arabic shown as written), or as CSV/JSON for pipes.

    Examples:
      kzfacts show corridor_tonnage --where source_id=masarat-2025
      kzfacts show organizations --columns id,acronym,name_en --limit 3
      kzfacts show events --where series_id=astana-process --format csv
    """
    from kzfacts.cli.show import columns as chosen_columns
    from kzfacts.cli.show import render, rows

    _choice(output, SHOW_FORMATS)
    pkg = _open(package, err=output != "table")
    spec = pkg.spec.resource(resource)
    shown = chosen_columns(spec, "all" if columns is None and output != "table" else columns)
    typer.echo(render(spec, rows(pkg, resource, where, limit), output, shown), nl=False)


@command
def diff(
    old: Annotated[
        str, typer.Argument(help="The package before: datapackage.json, its folder, or 'bundled'.")
    ],
    new: Annotated[
        str, typer.Argument(help="The package after: datapackage.json, its folder, or 'bundled'.")
    ],
    output: Annotated[
        str,
        typer.Option(
            "--format", help=f"text for people, markdown for a PR comment, json ({_one_of(DIFF_FORMATS)})."
        ),
    ] = "text",
) -> None:
    """Show what changed between two copies of the data: records by id, schema, metadata, and the
    recommended values, disputes and citations analyses depend on.

    Exit 0 when identical, 1 when they differ, 2 on bad arguments or a package that does not load.

    Examples:
      kzfacts diff bundled datapackage
      kzfacts diff old-release/datapackage datapackage --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from kzfacts.package import Package

    fmt = _choice(output, DIFF_FORMATS)
    sides = []
    for given in (old, new):
        if given == "bundled":
            sides.append(Package())
            continue
        descriptor, _ = _chosen(Path(given))
        sides.append(Package(descriptor))
    try:
        found = sides[0].diff(sides[1])
    except KzfactsError as exc:
        raise InvalidArgumentError(f"{exc} (check it with: kzfacts validate)") from None
    typer.echo(DIFF_FORMATS[fmt](found), nl=False)
    if not found.identical:
        raise typer.Exit(1)


@command
def rules() -> None:
    """List kzfacts' validation rules (name, severity, what each checks) as a Markdown table.

    Example: kzfacts rules
    """
    from kzfacts.validation.report import rules_table

    typer.echo(rules_table())


@command
def build(
    path: Annotated[
        Path | None,
        typer.Argument(help="datapackage.json or its folder; default: see --package."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only report stale bytes/hash; exit 1 when any are.")
    ] = False,
    package: PackageOption = None,
) -> None:
    """Recompute each resource's bytes and sha256 hash in datapackage.json after editing data.

    Examples: kzfacts build datapackage ; kzfacts build --check datapackage
    """
    from kzfacts import build as builder

    if path is not None and package is not None:
        raise InvalidArgumentError("give the package as an argument or with --package, not both")
    target, why = _chosen(path if path is not None else package)
    _announce(target, why)
    shown = shown_folder(target)
    if check:
        stale = builder.stale_resources(target)
        if stale:
            typer.echo(f"stale bytes/hash in {shown}: {', '.join(stale)}; run: kzfacts build {shown}")
            raise typer.Exit(1)
        typer.echo(f"up to date: {shown}")
        return
    changed = builder.write(target)
    typer.echo(f"{'updated' if changed else 'unchanged'}: {shown}")


def main() -> None:
    """Entry point: run the app; a usage error exits 2, a data error 1, each as one clear line."""
    try:
        app()
    except USAGE_ERRORS as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    except KzfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
