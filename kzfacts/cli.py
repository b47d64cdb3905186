"""The ``kzfacts`` command line (typer). Heavy libraries load only inside the command that needs them."""

from __future__ import annotations

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


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="datapackage.json or its folder; default: the bundled package."),
    ] = None,
) -> None:
    """Validate a data package with frictionless; exit 0 when valid, 1 when not.

    Examples: kzfacts validate ; kzfacts validate my-fork/datapackage
    """
    from kzfacts.validation import validate as run

    if path is not None and not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    report = run(path)
    for p in report.problems:
        where = p.resource + (f", row {p.row}" if p.row else "") + (f", field {p.field}" if p.field else "")
        typer.echo(f"{where}: [{p.rule}] {p.message}")
    if report.valid:
        typer.echo(f"valid: {report.path}")
        return
    typer.echo(f"invalid: {len(report.problems)} problem(s) in {report.path}")
    raise typer.Exit(1)


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
    from kzfacts.paths import package_path

    target = path if path is not None else package_path()
    if target.is_dir():
        target = target / "datapackage.json"
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
