"""What every `memreg` command shares: consoles, options, settings, friendly errors."""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError as SettingsError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from memreg.domain.errors import FieldProblem, MemregError, StoreError, ValidationError
from memreg.domain.validation import ID_PATTERN, text_fault
from memreg.services import register
from memreg.settings import Settings
from memreg.store.engine import Store

# soft_wrap: a line is never broken to fit 80 columns when the output goes to a file or pipe
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="Database URL (default: MEMREG_DATABASE_URL or sqlite:///./memreg.db)",
        show_default=False,
    ),
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who the revision names (default: cli:<user>)")
]


def one_line(text: str) -> str:
    return " ".join(text.split())


def database_error_text(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return one_line(str(orig if orig is not None else exc).split("[SQL:")[0])


def fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(1)


def friendly_errors(command: F) -> F:
    """Errors meant for people print as `error: ...` and exit 1; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MemregError as exc:
            # a report of bad rows keeps its lines; any other error is one line
            raise fail(exc.message if exc.problems else one_line(exc.message)) from None
        except SQLAlchemyError as exc:
            raise fail(f"database: {database_error_text(exc)}") from None

    return wrapper  # type: ignore[return-value]


def option_text(option: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    fault = text_fault(value)
    if fault:
        raise ValidationError([FieldProblem(field=option, message=fault)])
    if len(value) > limit:
        raise ValidationError(
            [FieldProblem(field=option, message=f"longer than {limit} characters")]
        )
    return value


def source_option(source: str | None) -> str | None:
    if source is not None and not ID_PATTERN.match(source):
        raise ValidationError(
            [
                FieldProblem(
                    field="--source",
                    message="use 1-64 letters, digits, '.', '_', ':' or '-'",
                    value=source,
                )
            ]
        )
    return source


def load_settings() -> Settings:
    try:
        return Settings()
    except SettingsError as exc:
        raise MemregError(f"settings: {exc.errors()[0]['msg']}", code="bad-settings") from exc


def database_url(database: str | None) -> str:
    return database or load_settings().database_url


def open_existing(database: str | None) -> Store:
    """Open an existing register; a SQLite path that does not exist is not created."""
    url = database_url(database)
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None  # open_register explains what is wrong with the URL
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if path and path != ":memory:" and not Path(path).expanduser().exists():
            raise StoreError(f"there is no register at {path}: run memreg init to create one")
    return register.open_register(url, load_settings().store_options())


def actor_name(actor: str | None) -> str:
    return option_text("--actor", actor, 200) or f"cli:{getpass.getuser()}"


@contextmanager
def row_progress(label: str, total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not err.is_terminal:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)
