"""The ``kzfacts`` command line (typer). Heavy libraries load only inside the command that needs them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kzfacts.errors import KzfactsError

app = typer.Typer(
    help="kzfacts: sourced facts on Kazakhstan's diplomacy, as a validated data package.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def info() -> None:
    """Show the version, tables, row counts and data fingerprint.

    Example: kzfacts info
    """
    import kzfacts
    from kzfacts import accessors
    from kzfacts.descriptor import bundled
    from kzfacts.hashing import fingerprint

    package = bundled()
    typer.echo(f"kzfacts {kzfacts.__version__} (data package version {package.version})")
    typer.echo(f"package: {package.path}")
    for name in package.resource_names:
        typer.echo(f"  {name:<18} {len(accessors.table(name)):>6} rows")
    typer.echo(f"fingerprint: {fingerprint(package)}")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="datapackage.json or its folder; default: the bundled package."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for programs, github for Actions.")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of archived source texts: check evidence phrases in them."),
    ] = None,
) -> None:
    """Check a data package against frictionless and every kzfacts rule.

    Exit 0 when valid (warnings allowed), 1 when invalid (or warnings under --strict), 2 on bad arguments.

    Examples:
      kzfacts validate
      kzfacts validate my-fork/datapackage --strict
      kzfacts validate datapackage --format github
      kzfacts validate --sources ../shared/sources
    """
    from kzfacts.paths import resolve_descriptor
    from kzfacts.reporting import FORMATS
    from kzfacts.validation import validate as run

    if path is not None and not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    if path is not None and path.is_dir() and not resolve_descriptor(path).exists():
        typer.echo(f"error: {path} has no datapackage.json", err=True)
        raise typer.Exit(2)
    if sources is not None and not sources.is_dir():
        typer.echo(f"error: --sources {sources} is not a folder", err=True)
        raise typer.Exit(2)
    report = run(path, sources=sources)
    typer.echo(FORMATS[output.value](report, strict=strict))
    if not report.passes(strict=strict):
        raise typer.Exit(1)


class CiteFormat(str, Enum):
    bibtex = "bibtex"
    csl_json = "csl-json"
    ris = "ris"
    apa = "apa"
    cff = "cff"


@app.command()
def cite(
    output: Annotated[CiteFormat, typer.Option("--format", help="Citation format.")] = CiteFormat.bibtex,
    resource: Annotated[
        str | None,
        typer.Option("--resource", help="Resource of the records you used, e.g. corridor_tonnage."),
    ] = None,
    ids: Annotated[
        str | None, typer.Option("--ids", help="Comma-separated ids of the records you used.")
    ] = None,
) -> None:
    """Cite this version of kzfacts, and the original sources of the records you used.

    Examples:
      kzfacts cite
      kzfacts cite --format ris --resource corridor_tonnage --ids titr-2023-masarat,titr-2024-9m-masarat
      kzfacts cite --format cff > CITATION.cff
    """
    from kzfacts import accessors
    from kzfacts.citation import citation
    from kzfacts.citation_formats import render

    if (resource is None) != (ids is None):
        typer.echo("error: give --resource and --ids together", err=True)
        raise typer.Exit(2)
    selection = None
    if resource is not None and ids is not None:
        table = accessors.table(resource)
        selection = [table.get(key.strip()) for key in ids.split(",") if key.strip()]
    typer.echo(render(citation(selection), output.value), nl=False)


class ExportFormat(str, Enum):
    parquet = "parquet"
    sqlite = "sqlite"
    json = "json"
    xlsx = "xlsx"
    csv = "csv"


@app.command()
def export(
    outdir: Annotated[Path, typer.Argument(help="Folder to create; it must not exist unless --force.")],
    output: Annotated[ExportFormat, typer.Option("--format", help="Export format.")] = ExportFormat.sqlite,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier kzfacts export in OUTDIR.")
    ] = False,
) -> None:
    """Export every table with its types, keys, version, fingerprint and citation.

    Examples:
      kzfacts export --format sqlite out/   (then: datasette out/kzfacts.db -m out/metadata.json)
      kzfacts export --format parquet out/  (then: duckdb -c "select * from 'out/corridor_tonnage.parquet'")
      kzfacts export --format xlsx out/ --force
    """
    from kzfacts.exports import export as run

    for path in run(outdir, output.value, force=force):
        typer.echo(str(path))


class ShowFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def show(
    resource: Annotated[str, typer.Argument(help="Resource name, e.g. corridor_tonnage.")],
    where: Annotated[
        list[str] | None, typer.Option("--where", help="FIELD=VALUE; repeat to require several.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most N rows.")] = None,
    output: Annotated[
        ShowFormat, typer.Option("--format", help="table for people; csv or json for pipes.")
    ] = (ShowFormat.table),
) -> None:
    """Show a table's rows in the terminal (Arabic shown as written), or as CSV/JSON for pipes.

    Examples:
      kzfacts show corridor_tonnage --where source_id=masarat-2025
      kzfacts show organizations --limit 3
      kzfacts show events --where series_id=astana-process --format csv
    """
    from kzfacts.show import render, rows

    typer.echo(render(resource, rows(resource, where, limit), output.value), nl=False)


@app.command()
def rules() -> None:
    """List kzfacts' own validation rules (name, severity, what each checks) as a Markdown table.

    Example: kzfacts rules
    """
    from kzfacts.reporting import rules_table

    typer.echo(rules_table())


@app.command()
def build(
    path: Annotated[
        Path | None,
        typer.Argument(help="datapackage.json or its folder; default: the bundled package."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only report stale bytes/hash; exit 1 when any are.")
    ] = False,
) -> None:
    """Recompute each resource's bytes and sha256 hash in datapackage.json after editing data.

    Examples: kzfacts build datapackage ; kzfacts build --check datapackage
    """
    from kzfacts import build as builder
    from kzfacts.paths import resolve_descriptor

    target = resolve_descriptor(path)
    if not target.is_file():
        typer.echo(f"error: {target} does not exist", err=True)
        raise typer.Exit(2)
    if check:
        stale = builder.stale_resources(target)
        if stale:
            typer.echo(f"stale bytes/hash in {target}: {', '.join(stale)}; run: kzfacts build {target}")
            raise typer.Exit(1)
        typer.echo(f"up to date: {target}")
        return
    changed = builder.write(target)
    typer.echo(f"{'updated' if changed else 'unchanged'}: {target}")


def main() -> None:
    """Entry point: run the app, turning kzfacts errors into one clear line and exit 1."""
    try:
        app()
    except KzfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
