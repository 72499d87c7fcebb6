"""Opening a register: the URL picks the backend; `migrate` brings the schema to head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from memreg.domain.errors import StoreError
from memreg.store.backend import Backend
from memreg.store.options import StoreOptions
from memreg.store.schema import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


@dataclass
class Store:
    """An open register: its engine and the backend that knows the dialect's ways."""

    url: str
    engine: Engine
    backend: Backend

    def dispose(self) -> None:
        self.engine.dispose()


def normalise_url(url: str) -> str:
    """Accept the URLs people write (postgresql://, postgres://) and pick psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_store(url: str, options: StoreOptions | None = None) -> Store:
    options = options or StoreOptions()
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not a valid URL") from exc
    backend: Backend
    if parsed.get_backend_name() == "sqlite":
        from memreg.store.sqlite import SqliteBackend  # each backend loads only when used

        backend = SqliteBackend(
            synchronous=options.sqlite_synchronous,
            busy_timeout_ms=options.sqlite_busy_timeout_ms,
            cache_mb=options.sqlite_cache_mb,
        )
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise StoreError("a register needs a file: use sqlite:///path/to/memreg.db")
        if database:
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"database folder {folder} does not exist")
    elif parsed.get_backend_name() == "postgresql":
        from memreg.store.postgres import PostgresBackend  # psycopg takes a while to load

        backend = PostgresBackend()
    else:
        raise StoreError(
            f"database URL must start with sqlite:/// or postgresql://, not {url.split(':')[0]}:"
        )
    engine = backend.create_engine(url, pool_size=options.pool_size)
    return Store(url=url, engine=engine, backend=backend)


def _alembic_config() -> Config:
    from alembic.config import Config  # Alembic loads only to migrate: commands start fast

    return Config(str(ALEMBIC_INI))


def head_revision() -> str:
    """The newest migration this memreg has (tests check it is Alembic's head)."""
    return SCHEMA_HEAD


def schema_revision(store: Store) -> str | None:
    """The migration the database is at, or None for an empty database."""
    try:
        with store.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        raise StoreError(f"cannot open the database: {exc.orig}") from exc


def migrate(store: Store) -> str:
    """Create or upgrade the schema to the newest migration; return its revision."""
    from alembic import command

    config = _alembic_config()
    try:
        with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(f"cannot migrate the database: {exc.orig}") from exc
    return head_revision()


def alembic_head() -> str:
    """Alembic's own head, read from the migration scripts (slow: for tests and init)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def require_current_schema(store: Store) -> None:
    """Refuse to work on a database that `memreg init` has not brought up to date."""
    current = schema_revision(store)
    if current is None:
        has_tables = bool(inspect(store.engine).get_table_names())
        hint = "it is not a memreg register" if has_tables else "it is empty"
        raise StoreError(f"the database at {store.url} has no register ({hint}): run memreg init")
    if current != head_revision():
        raise StoreError(
            f"the register's schema is at {current}, this memreg needs {head_revision()}: "
            "run memreg init to upgrade"
        )
