"""Reading and writing one register record at a time, with optimistic locking.

Only services call the writing functions, inside a unit of work that has already written
the revision the record will point to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from memreg.domain.errors import ConflictError, NotFoundError

BOOKKEEPING = ("pk", "version", "created_revision_id", "revision_id", "merged_into_pk")


def get_row(conn: Connection, table: Table, record_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return dict(row) if row is not None else None


def require_row(conn: Connection, table: Table, record_type: str, record_id: str) -> dict[str, Any]:
    row = get_row(conn, table, record_id)
    if row is None:
        raise NotFoundError(record_type, record_id)
    return row


def rows_by_id(conn: Connection, table: Table, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Rows for many public ids at once, by id (chunked to stay under parameter limits)."""
    wanted = list(ids)
    found: dict[str, dict[str, Any]] = {}
    query = select(table).where(table.c.id.in_(bindparam("ids", expanding=True)))
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        for row in conn.execute(query, {"ids": chunk}).mappings():
            found[row["id"]] = dict(row)
    return found


def pks_by_id(conn: Connection, table: Table, ids: Iterable[str]) -> dict[str, int]:
    wanted = list(ids)
    found: dict[str, int] = {}
    query = select(table.c.id, table.c.pk).where(table.c.id.in_(bindparam("ids", expanding=True)))
    for start in range(0, len(wanted), 5000):
        for record_id, pk in conn.execute(query, {"ids": wanted[start : start + 5000]}):
            found[record_id] = pk
    return found


def public_values(row: dict[str, Any]) -> dict[str, Any]:
    """A row without the store's bookkeeping: what revisions keep as before/after."""
    return {k: v for k, v in row.items() if k not in BOOKKEEPING}


def insert_row(conn: Connection, table: Table, values: dict[str, Any], revision_pk: int) -> int:
    result = conn.execute(
        insert(table).values(
            **values, version=1, created_revision_id=revision_pk, revision_id=revision_pk
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def update_row(
    conn: Connection,
    table: Table,
    record_type: str,
    current: dict[str, Any],
    changes: dict[str, Any],
    expected_version: int | None,
    revision_pk: int,
) -> dict[str, Any]:
    """Apply changes if the record is still at the version the editor saw."""
    if expected_version is not None and expected_version != current["version"]:
        raise ConflictError(record_type, current["id"], expected_version, current["version"])
    result = conn.execute(
        update(table)
        .where(table.c.pk == current["pk"], table.c.version == current["version"])
        .values(**changes, version=current["version"] + 1, revision_id=revision_pk)
    )
    if result.rowcount != 1:  # changed between our read and our write
        fresh = get_row(conn, table, current["id"]) or current
        raise ConflictError(record_type, current["id"], current["version"], fresh["version"])
    return {**current, **changes, "version": current["version"] + 1, "revision_id": revision_pk}
