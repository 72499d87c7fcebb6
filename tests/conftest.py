"""Fixtures: a real register on SQLite and, when MEMREG_TEST_POSTGRES_URL is set, on PostgreSQL.

Each backend's register is migrated once per test session; every test starts from empty
tables. Tests taking `store` run on both backends; `sqlite_store` only on SQLite.
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from memreg.services.register import init_register
from memreg.settings import Settings
from memreg.store.engine import Store, normalise_url
from memreg.store.schema import TABLE_ORDER
from memreg.web.app import create_app

POSTGRES_ADMIN_URL = os.environ.get("MEMREG_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("MEMREG_REQUIRE_POSTGRES") == "1"
# The published data sets beside the repository (../shared/data/real), or MEMREG_REAL_DATA.
REAL_DATA = Path(
    os.environ.get("MEMREG_REAL_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
)
_postgres_tests_passed = 0


def _admin_engine():
    return create_engine(normalise_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT")


def _missing_postgres_part() -> str | None:
    """What keeps the PostgreSQL half from running here, in one line; None when nothing."""
    try:
        admin = _admin_engine()
        with admin.connect() as conn:
            postgis = conn.execute(
                text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
            ).first()
        admin.dispose()
    except Exception as exc:  # any failure to connect, said in one line
        return f"cannot connect to {POSTGRES_ADMIN_URL} ({type(exc).__name__})"
    if postgis is None:
        return (
            "the server has no PostGIS; install it (Debian: apt-get install "
            "postgresql-15-postgis-3) or unset MEMREG_TEST_POSTGRES_URL"
        )
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    if not POSTGRES_ADMIN_URL:
        message = "PostgreSQL tests skipped: set MEMREG_TEST_POSTGRES_URL to run them"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    missing = _missing_postgres_part()
    if missing:
        message = f"PostgreSQL tests skipped: {missing}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    name = f"memreg_test_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = normalise_url(POSTGRES_ADMIN_URL).rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('register') / 'memreg.db'}"


def _migrated(url: str) -> Store:
    store, _ = init_register(url)
    return store


@pytest.fixture(scope="session")
def _sqlite_session_store(sqlite_url: str) -> Iterator[Store]:
    store = _migrated(sqlite_url)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def _postgres_session_store(postgres_url: str) -> Iterator[Store]:
    store = _migrated(postgres_url)
    yield store
    store.dispose()


def _emptied(store: Store) -> Store:
    with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
        store.backend.clear_all(conn, TABLE_ORDER)
    return store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Store:
    """An empty register, once on each backend."""
    session_store = request.getfixturevalue(f"_{request.param}_session_store")
    return _emptied(session_store)


@pytest.fixture
def sqlite_store(_sqlite_session_store: Store) -> Store:
    return _emptied(_sqlite_session_store)


@pytest.fixture
def postgres_store(_postgres_session_store: Store) -> Store:
    return _emptied(_postgres_session_store)


def make_client(store: Store) -> TestClient:
    settings = Settings(database_url=store.url, tile_url="", rate_limit_per_minute=0)
    return TestClient(create_app(settings, store=store), raise_server_exceptions=False)


@pytest.fixture
def client(store: Store) -> TestClient:
    return make_client(store)


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows to a CSV file as a spreadsheet would (delimiter, BOM, line ends chosen)."""

    def write(
        name: str,
        header: list[str],
        rows: list[list[object]],
        *,
        delimiter: str = ",",
        bom: bool = False,
        crlf: bool = False,
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(
                handle, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n"
            )
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


_POSTGRES_FIXTURES = {"postgres_url", "postgres_store", "_postgres_session_store"}
_postgres_unavailable: list[str] = []  # why, once, when the PostgreSQL half cannot run


def _uses_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "postgres" in callspec.params.values():
        return True
    return bool(_POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a usable PostgreSQL (no URL, no server, no PostGIS) its half is left out,
    said once in the summary; with MEMREG_REQUIRE_POSTGRES=1 that is an error instead."""
    missing = (
        "set MEMREG_TEST_POSTGRES_URL to run them"
        if not POSTGRES_ADMIN_URL
        else _missing_postgres_part()
    )
    if missing is None:
        return
    if REQUIRE_POSTGRES:
        raise pytest.UsageError(f"MEMREG_REQUIRE_POSTGRES=1 but {missing}")
    left_out = [item for item in items if _uses_postgres(item)]
    if left_out:
        items[:] = [item for item in items if not _uses_postgres(item)]
        config.hook.pytest_deselected(items=left_out)
        _postgres_unavailable.append(f"{len(left_out)} PostgreSQL tests skipped: {missing}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in _postgres_unavailable:
        terminalreporter.write_line(line, yellow=True)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _postgres_tests_passed
    if report.when == "call" and report.passed and "postgres" in report.nodeid:
        _postgres_tests_passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_POSTGRES and _postgres_tests_passed == 0 and session.testscollected:
        print("\nMEMREG_REQUIRE_POSTGRES=1 but no PostgreSQL test passed")
        session.exitstatus = 1
