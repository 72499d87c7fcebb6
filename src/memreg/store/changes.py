"""The change feed's reads: revisions of public records, oldest first, after a cursor.

The cursor is a revision's key: a client that keeps the last one it saw asks for what
came after it. Only revisions of memorials and persons are public (user accounts and
other bookkeeping are not).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, func, or_, select

from memreg.store.schema import memorials, persons, revision_records, revisions

PUBLIC_TYPES = {"memorial": memorials, "person": persons}


def _record_clause(conn: Connection, record_type: str, record_id: str) -> Any | None:
    """Revisions of one record: its own edits, the import that made it, imports that
    changed it. None when there is no such record."""
    table: Table = PUBLIC_TYPES[record_type]
    created = conn.execute(
        select(table.c.created_revision_id).where(table.c.id == record_id)
    ).scalar_one_or_none()
    if created is None:
        return None
    changed_by_import = select(revision_records.c.revision_pk).where(
        revision_records.c.record_type == record_type, revision_records.c.record_id == record_id
    )
    return or_(
        (revisions.c.record_type == record_type) & (revisions.c.record_id == record_id),
        revisions.c.pk == created,
        revisions.c.pk.in_(changed_by_import),
    )


def changes_page(
    conn: Connection, after: int, limit: int, record: tuple[str, str] | None = None
) -> tuple[list[dict[str, Any]], int] | None:
    """Up to `limit` revisions after `after`, and how many there are in all; None when
    `record` names no record."""
    where: list[Any] = [revisions.c.record_type.in_(PUBLIC_TYPES)]
    if record is not None:
        clause = _record_clause(conn, *record)
        if clause is None:
            return None
        where.append(clause)
    total = conn.execute(select(func.count()).select_from(revisions).where(*where)).scalar_one()
    rows = conn.execute(
        select(revisions)
        .where(*where, revisions.c.pk > after)
        .order_by(revisions.c.pk)
        .limit(limit)
    ).mappings()
    return [dict(r) for r in rows], int(total)
