"""The `memreg` command: thin wrappers that call services and print their results."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from memreg import __version__
from memreg.cli.cards import card
from memreg.cli.common import (
    DatabaseOption,
    database_error_text,
    database_url,
    err,
    friendly_errors,
    is_database_error,
    load_settings,
    open_existing,
    out,
    row_progress,
)
from memreg.cli.dumps import dump, restore
from memreg.cli.duplicates import duplicates_app
from memreg.cli.exports import export_app
from memreg.cli.ingest import import_app
from memreg.cli.inspections import inspections_app
from memreg.cli.search import search_app
from memreg.cli.users import user_app
from memreg.domain.errors import MemregError

if TYPE_CHECKING:
    from memreg.services.imports import ImportReport

app = typer.Typer(
    help="memreg: the register of memorial heritage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(import_app, name="import")
app.add_typer(user_app, name="user")
app.add_typer(duplicates_app, name="duplicates")
app.add_typer(export_app, name="export")
app.add_typer(search_app, name="search")
app.add_typer(inspections_app, name="inspections")
app.command()(dump)
app.command()(restore)
app.command()(card)


def _show_version(value: bool) -> None:
    if value:
        out.print(f"memreg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """memreg: the register of memorial heritage."""


@app.command()
@friendly_errors
def init(database: DatabaseOption = None) -> None:
    """Create the register (or migrate it to the newest schema)."""
    from memreg.services import register

    url = database_url(database)
    store, revision = register.init_register(url, load_settings().store_options())
    store.dispose()
    out.print(f"register ready at {url} (schema {revision})")


def _print_report(report: ImportReport) -> None:
    rate = report.rows_read / report.seconds if report.seconds else 0
    out.print(
        f"{report.file_name}: {report.rows_read} rows read, {report.created} created, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.rejected} rejected"
        + (f", {report.links_added} links added" if report.links_added else "")
        + (f", {report.duplicate_rows} duplicate rows skipped" if report.duplicate_rows else "")
        + f" ({report.seconds:.1f} s, {rate:,.0f} rows/s)"
    )
    if report.revision_id is None:
        out.print("nothing changed: no revision written")
    else:
        out.print(f"revision {report.revision_id}")
    if report.rejected_file:
        out.print(f"rejected rows with reasons: {report.rejected_file}")


@app.command()
@friendly_errors
def demo(
    database: DatabaseOption = None,
    seed: Annotated[int, typer.Option(help="Same seed, same register")] = 1945,
    memorials: Annotated[int, typer.Option(min=1, max=1_000_000)] = 2000,
    persons: Annotated[int, typer.Option(min=0, max=50_000_000)] = 100_000,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if the register already has memorials")
    ] = False,
) -> None:
    """Build a realistic demo register (creating the database if needed)."""
    from memreg.services import register
    from memreg.services.demo import load_demo

    url = database_url(database)
    store, _ = register.init_register(url, load_settings().store_options())
    try:
        if if_empty and register.stats(store)["memorials"] > 0:
            out.print(f"{url} already holds a register; demo not loaded")
            return
        with row_progress("loading demo persons", persons) as progress:
            reports = load_demo(
                store, seed=seed, memorials=memorials, persons=persons, progress=progress
            )
    finally:
        store.dispose()
    for report in reports:
        _print_report(report)


@app.command()
@friendly_errors
def serve(
    database: DatabaseOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Serve the register's web pages and API."""
    import uvicorn  # the web stack loads only for this command: the others start fast

    from memreg.web.app import create_app

    settings = load_settings()
    if database:
        settings = settings.model_copy(update={"database_url": database})
    open_existing(settings.database_url).dispose()  # refuse early, with a clear message
    out.print(f"serving {settings.database_url} on http://{host}:{port}")
    from memreg.web.server import PROTOCOL

    if workers == 1:
        app = create_app(settings)
        uvicorn.run(app, host=host, port=port, log_level="info", http=PROTOCOL)
        return
    # Worker processes build their own app from the environment; they share one rate limit.
    os.environ["MEMREG_DATABASE_URL"] = settings.database_url
    state = tempfile.NamedTemporaryFile(prefix="memreg-rate-limit-", delete=False)  # noqa: SIM115
    state.close()
    os.environ.setdefault("MEMREG_RATE_LIMIT_STATE_FILE", state.name)
    uvicorn.run(
        "memreg.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        http=PROTOCOL,
    )
    Path(state.name).unlink(missing_ok=True)


@app.command()
@friendly_errors
def stats(
    database: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Totals of memorials and persons, by country and by kind."""
    from memreg.services import register

    store = open_existing(database)
    try:
        figures = register.stats(store)
    finally:
        store.dispose()
    if as_json:
        out.print_json(json.dumps(figures))
        return
    out.print(f"memorials: {figures['memorials']}\npersons: {figures['persons']}")
    for title, key in (("by country", "memorials_by_country"), ("by kind", "memorials_by_kind")):
        out.print(title + ": " + ", ".join(f"{k} {v}" for k, v in figures[key].items()))


@app.command()
@friendly_errors
def check(database: DatabaseOption = None) -> None:
    """Verify the register: references, revisions, totals, indexes. Exit 1 on any problem."""
    from memreg.services import register

    store = open_existing(database)
    try:
        problems = register.check(store)
    finally:
        store.dispose()
    for problem in problems:
        err.print(f"problem: {problem}")
    if problems:
        raise typer.Exit(1)
    out.print("register is sound")


@app.command()
@friendly_errors
def reindex(database: DatabaseOption = None) -> None:
    """Rebuild what the register derives from its records (totals, sort keys of names, the
    map's index, the person-search index)."""
    from memreg.services import register

    store = open_existing(database)
    try:
        rebuilt = register.reindex(store)
    finally:
        store.dispose()
    out.print(
        f"rebuilt {rebuilt['totals']} running totals; {rebuilt['links']} links sorted anew; "
        f"{rebuilt['map']} memorials on the map; {rebuilt['person_names']} person-search "
        "entries"
    )


@app.command("copy")
@friendly_errors
def copy_command(
    source: Annotated[str, typer.Option("--from", help="URL of the register to copy")],
    target: Annotated[str, typer.Option("--to", help="URL of the empty register to fill")],
) -> None:
    """Copy a whole register to another database (e.g. SQLite to PostgreSQL) and verify it."""
    from memreg.services import register

    from_store = open_existing(source)
    to_store, _ = register.init_register(target, load_settings().store_options())
    try:
        copied = _copy_with_progress(from_store, to_store)
        problems = register.check(to_store)
        same = register.stats(from_store) == register.stats(to_store)
    finally:
        from_store.dispose()
        to_store.dispose()
    for problem in problems:
        err.print(f"problem: {problem}")
    if problems or not same:
        err.print("copy is NOT identical to its source")
        raise typer.Exit(1)
    out.print(f"copied {copied} rows; memreg check passes and stats are identical")


def _copy_with_progress(source: Any, target: Any) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from memreg.services import register

    if not err.is_terminal:
        return register.copy_register(source, target)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done)

        return register.copy_register(source, target, progress)


def main() -> None:
    try:
        app()
    except MemregError as exc:  # commands handle their own; this is the last resort
        err.print(f"error: {exc.message}", markup=False, highlight=False)
        sys.exit(1)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        err.print(f"error: database: {database_error_text(exc)}", markup=False, highlight=False)
        sys.exit(1)
