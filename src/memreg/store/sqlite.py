"""The embedded backend: one SQLite file, WAL, foreign keys on, R*Tree for geography.

Writes open with BEGIN IMMEDIATE so that a second writer waits on the busy timeout at the
start of its transaction instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, create_engine, event, or_, text
from sqlalchemy.sql.elements import ColumnElement

from memreg.store.audit import empty_audit_log
from memreg.store.backend import BBox
from memreg.store.schema import memorials

WRITE_OPTION = "memreg_write"
SYNCHRONOUS = ("full", "normal")


class SqliteBackend:
    name = "sqlite"

    def __init__(
        self, *, synchronous: str = "full", busy_timeout_ms: int = 15_000, cache_mb: int = 64
    ) -> None:
        if synchronous not in SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {SYNCHRONOUS}")
        self.synchronous = synchronous
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.cache_kib = int(cache_mb) * 1024

    def create_engine(self, url: str, *, pool_size: int) -> Engine:
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size * 2)
        busy_timeout, synchronous = self.busy_timeout_ms, self.synchronous.upper()
        cache_kib = self.cache_kib

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            # Take over transaction control from the driver so BEGIN IMMEDIATE is ours.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA synchronous = {synchronous}")
            cursor.execute(f"PRAGMA cache_size = -{cache_kib}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def text_order(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column  # SQLite compares text by code point already

    def bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        clauses = []
        for box in boxes:
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in box)  # safe to put in SQL
            # The R*Tree narrows by index; the exact test on the float64 columns decides,
            # since R*Tree keeps 32-bit bounds rounded outwards.
            candidates = text(
                "memorials.pk IN (SELECT pk FROM memorials_rtree WHERE "
                f"max_lon >= {min_lon!r} AND min_lon <= {max_lon!r} AND "
                f"max_lat >= {min_lat!r} AND min_lat <= {max_lat!r})"
            )
            clauses.append(
                and_(
                    candidates,
                    memorials.c.lon.between(min_lon, max_lon),
                    memorials.c.lat.between(min_lat, max_lat),
                )
            )
        return or_(*clauses)

    def bbox_is_dense(self, conn: Connection, boxes: Sequence[BBox], points: int) -> bool:
        found = 0
        for min_lon, min_lat, max_lon, max_lat in ((float(v) for v in b) for b in boxes):
            found += conn.exec_driver_sql(
                "SELECT count(*) FROM (SELECT 1 FROM memorials_rtree WHERE "
                f"max_lon >= {min_lon!r} AND min_lon <= {max_lon!r} AND "
                f"max_lat >= {min_lat!r} AND min_lat <= {max_lat!r} LIMIT {int(points) + 1})"
            ).scalar_one()
        return found > points

    def dense_bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        return or_(
            *(
                and_(memorials.c.lon.between(b[0], b[2]), memorials.c.lat.between(b[1], b[3]))
                for b in boxes
            )
        )

    def bulk_insert(
        self, conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        if table is memorials:
            self._defer_spatial_index(conn, int(rows[0][columns.index("pk")]))
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany(sql, rows)

    def reserve_keys(self, conn: Connection, table: Table, count: int) -> int:
        # The write transaction holds the database lock, so max(pk) cannot move under us.
        current = conn.execute(text(f"SELECT coalesce(max(pk), 0) FROM {table.name}")).scalar()
        return int(current or 0) + 1

    def after_bulk_insert(self, conn: Connection, table: Table) -> None:
        if table is memorials:
            self._fill_spatial_index(conn)
        # Statistics for the planner, from a bounded sample: a few milliseconds at any size.
        conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
        conn.exec_driver_sql(f"ANALYZE {table.name}")

    # Inserting each point into the R*Tree as its row is written (the trigger) costs about
    # three times what one pass over the new rows costs, as the two compete for the page
    # cache. A bulk insert drops the trigger inside its own transaction and indexes the new
    # rows in one statement before it commits; a failed import rolls the drop back too.
    _DEFERRED = "memreg_spatial_index_deferred"

    def _defer_spatial_index(self, conn: Connection, first_pk: int) -> None:
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
            "name = 'memorials_rtree_insert'"
        ).scalar()
        if trigger is None:
            return  # already deferred by this transaction
        conn.info[self._DEFERRED] = (trigger, first_pk)
        conn.exec_driver_sql("DROP TRIGGER memorials_rtree_insert")

    def _fill_spatial_index(self, conn: Connection) -> None:
        deferred = conn.info.pop(self._DEFERRED, None)
        if deferred is None:
            return
        trigger, first_pk = deferred
        present = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'memorials_rtree_insert'"
        ).scalar()
        if present:
            return  # left over from a transaction that rolled back: nothing was deferred
        conn.exec_driver_sql(
            "INSERT INTO memorials_rtree SELECT pk, lon, lon, lat, lat FROM memorials "
            f"WHERE pk >= {int(first_pk)} AND lat IS NOT NULL AND lon IS NOT NULL"
        )
        conn.exec_driver_sql(trigger)

    def is_busy_error(self, exc: BaseException) -> bool:
        message = str(getattr(exc, "orig", exc)).lower()
        return "database is locked" in message or "database is busy" in message

    def integrity_problems(self, conn: Connection) -> list[str]:
        problems = []
        quick = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if quick != "ok":
            problems.append(f"SQLite quick_check: {quick}")
        located = conn.exec_driver_sql(
            "SELECT count(*) FROM memorials WHERE lat IS NOT NULL AND lon IS NOT NULL"
        ).scalar()
        indexed = conn.exec_driver_sql("SELECT count(*) FROM memorials_rtree").scalar()
        if located != indexed:
            problems.append(f"spatial index holds {indexed} points for {located} located memorials")
        return problems

    def clear_all(self, conn: Connection, tables: Sequence[Table]) -> None:
        conn.exec_driver_sql("DELETE FROM memorial_words")
        for table in reversed(tables):
            if table.name == "audit_log":  # append-only: emptied only with the register
                empty_audit_log(conn)
            else:
                conn.execute(table.delete())
        conn.exec_driver_sql("DELETE FROM memorials_rtree")
