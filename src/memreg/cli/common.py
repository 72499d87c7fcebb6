"""What every `memreg` command shares: consoles, options, settings, friendly errors.

The command must start fast (`memreg --help` in well under half a second), so this module
and every command module import only Typer at the top; the register, the settings and the
consoles are loaded when a command first needs them.
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from memreg.domain.errors import FieldProblem, MemregError, StoreError, ValidationError

if TYPE_CHECKING:
    from rich.console import Console

    from memreg.settings import Settings
    from memreg.store.engine import Store

F = TypeVar("F", bound=Callable[..., Any])


class _LazyConsole:
    """A rich Console made on first use (rich costs tens of milliseconds to import)."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            # soft_wrap: a line is never broken to fit 80 columns in a file or pipe
            self._console = Console(stderr=self._stderr, soft_wrap=True)
        return getattr(self._console, name)


err: Any = _LazyConsole(stderr=True)
out: Any = _LazyConsole(stderr=False)

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


def database_error_text(exc: Exception) -> str:
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
        except Exception as exc:
            if is_database_error(exc):
                raise fail(f"database: {database_error_text(exc)}") from None
            raise

    return wrapper  # type: ignore[return-value]


def is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import SQLAlchemyError  # loaded only when something failed

    return isinstance(exc, SQLAlchemyError)


def option_text(option: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    from memreg.domain.text import text_fault

    fault = text_fault(value)
    if fault:
        raise ValidationError([FieldProblem(field=option, message=fault)])
    if len(value) > limit:
        raise ValidationError(
            [FieldProblem(field=option, message=f"longer than {limit} characters")]
        )
    return value


def source_option(source: str | None) -> str | None:
    from memreg.domain.validation import ID_PATTERN

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
    from pydantic import ValidationError as SettingsError

    from memreg.settings import Settings

    try:
        return Settings()
    except SettingsError as exc:
        raise MemregError(f"settings: {exc.errors()[0]['msg']}", code="bad-settings") from exc


def database_url(database: str | None) -> str:
    return database or load_settings().database_url


def open_existing(database: str | None) -> Store:
    """Open an existing register; a SQLite path that does not exist is not created."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from memreg.services import register

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
def row_progress(label: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)
