"""What a database backend must provide; store/sqlite.py and store/postgres.py implement it.

Nothing above the store knows which backend runs: services and queries call these methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.sql.elements import ColumnElement

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


class Backend(Protocol):
    name: str

    def create_engine(self, url: str, *, pool_size: int) -> Engine: ...

    def text_order(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        """The column sorted by code point, the same on every backend."""
        ...

    def bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        """A WHERE clause on `memorials` keeping points inside any of the boxes."""
        ...

    def bbox_is_dense(self, conn: Connection, boxes: Sequence[BBox], points: int) -> bool:
        """True when the boxes hold more than `points` points: a list ordered by id then
        reads faster by scanning ids and testing each point than through the spatial
        index (whose candidates would all have to be sorted)."""
        ...

    def dense_bbox_filter(self, boxes: Sequence[BBox]) -> ColumnElement[bool]:
        """The bbox filter for dense boxes: tested row by row, in whatever order is read."""
        ...

    def bulk_insert(
        self, conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows fast (COPY, executemany); values in the order of `columns`."""
        ...

    def reserve_keys(self, conn: Connection, table: Table, count: int) -> int:
        """Reserve `count` consecutive `pk` values for a bulk insert; return the first."""
        ...

    def after_bulk_insert(self, conn: Connection, table: Table) -> None:
        """Bring sequences and statistics up to date after a bulk insert."""
        ...

    def is_busy_error(self, exc: BaseException) -> bool:
        """True when a write failed only because another writer held the lock."""
        ...

    def integrity_problems(self, conn: Connection) -> list[str]:
        """What only this backend can check (its spatial index, its own consistency)."""
        ...

    def clear_all(self, conn: Connection, tables: Sequence[Table]) -> None:
        """Empty every table (tests and `memreg copy` into a fresh register)."""
        ...
