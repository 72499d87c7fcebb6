"""Bulk writes for imports: many rows per statement, keys reserved up front.

Works inside the import's unit of work; the backend decides how rows travel
(executemany on SQLite, COPY on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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

    def insert(self, records: Sequence[dict[str, Any]]) -> list[int]:
        """Insert records (dicts with every field); return their new keys in order."""
        rows = []
        keys = []
        revision = self.revision_pk
        for record in records:
            values = [record[f] for f in self.fields]
            for i in self._json_positions:
                if values[i] is not None:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
            pk = self.next_pk
            self.next_pk += 1
            keys.append(pk)
            rows.append((pk, *values, 1, revision, revision))
        self.backend.bulk_insert(self.conn, self.table, self.columns, rows)
        self.inserted += len(rows)
        return keys

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

    def insert(self, links: Sequence[tuple[int, int, str]]) -> None:
        rows = []
        for person_pk, memorial_pk, role in links:
            rows.append((self.next_pk, person_pk, memorial_pk, role, self.revision_pk))
            self.next_pk += 1
        columns = ["pk", "person_pk", "memorial_pk", "role", "revision_id"]
        self.backend.bulk_insert(self.conn, person_memorials, columns, rows)
        self.inserted += len(rows)

    def finish(self) -> None:
        if self.inserted:
            self.backend.after_bulk_insert(self.conn, person_memorials)
