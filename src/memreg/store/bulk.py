"""Bulk writes for imports: many rows per statement, keys reserved up front.

Works inside the import's unit of work; the backend decides how rows travel
(executemany on SQLite, COPY on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import count as count_from
from itertools import repeat
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, select, update

from memreg.store.backend import Backend
from memreg.store.schema import person_memorials


class BulkWriter:
    """Inserts new records and updates changed ones for one table and one revision."""

    def __init__(
        self,
        conn: Connection,
        backend: Backend,
        table: Table,
        fields: Sequence[str],
        revision_pk: int,
    ) -> None:
        self.conn = conn
        self.backend = backend
        self.table = table
        self.fields = list(fields)
        self.revision_pk = revision_pk
        self.columns = ["pk", *self.fields, "version", "created_revision_id", "revision_id"]
        self._json_positions = [
            i for i, f in enumerate(self.fields) if isinstance(table.c[f].type, JSON)
        ]
        self.next_pk = backend.reserve_keys(conn, table, 0)
        self.inserted = 0

    def insert(self, columns: Sequence[Sequence[Any]]) -> range:
        """Insert rows given column by column, in `fields` order; return their new keys.

        Rows are put together by zip, in C: the per-row cost that matters at millions.
        """
        count = len(columns[0]) if columns else 0
        if not count:
            return range(self.next_pk, self.next_pk)
        columns = list(columns)
        for i in self._json_positions:
            columns[i] = [
                None if value is None else json.dumps(value, ensure_ascii=False)
                for value in columns[i]
            ]
        first, revision = self.next_pk, self.revision_pk
        rows = list(zip(count_from(first), *columns, repeat(1), repeat(revision), repeat(revision)))
        self.backend.bulk_insert(self.conn, self.table, self.columns, rows)
        self.next_pk += count
        self.inserted += count
        return range(first, self.next_pk)

    def update(self, changes: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """Apply (current row, changed fields) pairs; the import holds the write lock."""
        for current, diff in changes:
            self.conn.execute(
                update(self.table)
                .where(self.table.c.pk == current["pk"])
                .values(**diff, version=current["version"] + 1, revision_id=self.revision_pk)
            )

    def finish(self) -> None:
        if self.inserted:
            self.backend.after_bulk_insert(self.conn, self.table)


class LinkWriter:
    """Adds person-memorial links that are not there yet."""

    def __init__(self, conn: Connection, backend: Backend, revision_pk: int) -> None:
        self.conn = conn
        self.backend = backend
        self.revision_pk = revision_pk
        self.next_pk = backend.reserve_keys(conn, person_memorials, 0)
        self.inserted = 0

    def existing(self, person_pks: Sequence[int]) -> set[tuple[int, int, str]]:
        table = person_memorials
        query = select(table.c.person_pk, table.c.memorial_pk, table.c.role).where(
            table.c.person_pk.in_(bindparam("pks", expanding=True))
        )
        found: set[tuple[int, int, str]] = set()
        for start in range(0, len(person_pks), 5000):
            rows = self.conn.execute(query, {"pks": list(person_pks[start : start + 5000])})
            found.update((r[0], r[1], r[2]) for r in rows)
        return found

    def insert(
        self,
        person_pks: Iterable[int],
        memorial_pks: Iterable[int],
        roles: Iterable[str],
        sort_keys: Iterable[str],
        birth_sorts: Iterable[int],
    ) -> int:
        """Insert the links person_pks[i] -> memorial_pks[i] as roles[i]; return how many."""
        revision = self.revision_pk
        rows = list(
            zip(
                count_from(self.next_pk),
                person_pks,
                memorial_pks,
                roles,
                repeat(revision),
                sort_keys,
                birth_sorts,
            )
        )
        columns = [
            "pk",
            "person_pk",
            "memorial_pk",
            "role",
            "revision_id",
            "sort_key",
            "birth_sort",
        ]
        self.backend.bulk_insert(self.conn, person_memorials, columns, rows)
        self.next_pk += len(rows)
        self.inserted += len(rows)
        return len(rows)

    def finish(self) -> None:
        if self.inserted:
            self.backend.after_bulk_insert(self.conn, person_memorials)
