"""The audit log: rows are appended, read newest first, and never changed.

Triggers on both backends refuse UPDATE and DELETE of its rows, so no code path (nor a
mistaken one-off statement) can rewrite what happened. Only emptying a whole register
(tests, `copy` targets) takes them off for that transaction and puts them back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, text

from memreg.store.schema import audit_log

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
]


def install_append_only(conn: Connection) -> None:
    statements = _POSTGRES_TRIGGERS if conn.dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in statements:
        conn.execute(text(statement))


def drop_append_only(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))


def empty_audit_log(conn: Connection) -> None:
    """Only for emptying a whole register: the triggers come back in the same transaction."""
    drop_append_only(conn)
    conn.execute(audit_log.delete())
    install_append_only(conn)


def append(
    conn: Connection,
    at: str,
    action: str,
    actor: str,
    *,
    subject: str | None = None,
    address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(audit_log).values(
            at=at,
            action=action,
            actor=actor[:200],
            subject=subject[:300] if subject else None,
            address=address[:100] if address else None,
            detail=detail,
        )
    )


def entries(
    conn: Connection, *, limit: int, before: int | None = None, action: str | None = None
) -> list[dict[str, Any]]:
    """Newest first, `limit` rows, older than the row `before` (keyset)."""
    query = select(audit_log).order_by(audit_log.c.pk.desc()).limit(limit)
    if before is not None:
        query = query.where(audit_log.c.pk < before)
    if action is not None:
        query = query.where(audit_log.c.action == action)
    rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        if isinstance(row["detail"], str):  # some drivers hand JSON back as text
            row["detail"] = json.loads(row["detail"])
    return rows
