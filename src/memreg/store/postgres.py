"""The server backend: PostgreSQL 15+ with PostGIS (psycopg 3), bulk loads through COPY."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    create_engine,
    func,
    literal_column,
    or_,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from memreg.store.audit import empty_audit_log
from memreg.store.backend import BBox
from memreg.store.postgres_copy import copy_rows
from memreg.store.schema import memorials


class PostgresBackend:
    name = "postgresql"

    def create_engine(self, url: str, *, pool_size: int) -> Engine:
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size * 2,
            pool_pre_ping=True,
            connect_args={"application_name": "memreg"},
        )

    def text_order(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.collate("C")

    def bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        geom: ColumnElement[Any] = literal_column(
            "memorials.geom"
        )  # generated column, not in the metadata
        clauses = []
        for min_lon, min_lat, max_lon, max_lat in boxes:
            envelope = func.ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326)
            clauses.append(
                and_(
                    geom.op("&&")(envelope),
                    memorials.c.lon.between(min_lon, max_lon),
                    memorials.c.lat.between(min_lat, max_lat),
                )
            )
        return or_(*clauses)

    def bbox_is_dense(self, conn: Connection, boxes: Sequence[BBox], points: int) -> bool:
        return False  # PostgreSQL's planner weighs the GiST index against the id order itself

    def dense_bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        return self.bbox_filter(boxes)

    def bulk_insert(
        self, conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        copy_rows(raw, table.name, columns, rows)

    def reserve_keys(self, conn: Connection, table: Table, count: int) -> int:
        # Other writers may insert one record at a time meanwhile: lock out only them.
        conn.execute(text(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE"))
        current = conn.execute(text(f"SELECT coalesce(max(pk), 0) FROM {table.name}")).scalar()
        return int(current or 0) + 1

    def after_bulk_insert(self, conn: Connection, table: Table) -> None:
        if "pk" in table.c:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'pk'), "
                    f"coalesce((SELECT max(pk) FROM {table.name}), 0) + 1, false)"
                )
            )
        conn.execute(text(f"ANALYZE {table.name}"))  # the planner sees the new rows at once

    def is_busy_error(self, exc: BaseException) -> bool:
        code = getattr(getattr(exc, "orig", None), "sqlstate", None)
        return code in ("40001", "40P01")  # serialization failure, deadlock

    def integrity_problems(self, conn: Connection) -> list[str]:
        located = conn.execute(
            text("SELECT count(*) FROM memorials WHERE lat IS NOT NULL AND lon IS NOT NULL")
        ).scalar()
        with_geometry = conn.execute(
            text("SELECT count(*) FROM memorials WHERE geom IS NOT NULL")
        ).scalar()
        if located != with_geometry:
            return [f"{with_geometry} geometries for {located} located memorials"]
        return []

    def clear_all(self, conn: Connection, tables: Sequence[Table]) -> None:
        # DELETE is much cheaper than TRUNCATE for the small tables tests leave behind.
        conn.execute(text("DELETE FROM memorial_words"))
        for table in reversed(tables):
            if table.name == "audit_log":  # append-only: emptied only with the register
                empty_audit_log(conn)
            else:
                conn.execute(table.delete())
        for table in tables:
            if "pk" in table.c:
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'pk'), 1, false)")
                )
