"""A record's history: every revision that created or changed it, oldest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, or_, select

from memreg.store.schema import revision_records, revisions


def record_history(
    conn: Connection, table: Table, record_type: str, record_id: str
) -> list[dict[str, Any]] | None:
    """None when there is no such record; imports appear as the import's revision."""
    row = conn.execute(select(table.c.created_revision_id).where(table.c.id == record_id)).first()
    if row is None:
        return None
    changed_by_import = select(revision_records.c.revision_pk).where(
        revision_records.c.record_type == record_type, revision_records.c.record_id == record_id
    )
    rows = conn.execute(
        select(revisions)
        .where(
            or_(
                (revisions.c.record_type == record_type) & (revisions.c.record_id == record_id),
                revisions.c.pk == row[0],
                revisions.c.pk.in_(changed_by_import),
            )
        )
        .order_by(revisions.c.pk)
    ).mappings()
    history = []
    for revision in rows:
        entry = {
            "revision": revision["pk"],
            "at": revision["at"],
            "actor": revision["actor"],
            "action": revision["action"],
            "reason": revision["reason"],
        }
        if revision["action"] == "import":
            entry["action"] = (
                "created by import" if revision["pk"] == row[0] else "changed by import"
            )
            entry["file_name"] = revision["file_name"]
            entry["file_sha256"] = revision["file_sha256"]
            entry["source_id"] = revision["source_id"]
        else:
            entry["before"] = revision["before"]
            entry["after"] = revision["after"]
        history.append(entry)
    return history
