"""A record's history: every revision that created or changed it, oldest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, or_, select

from memreg.store.schema import revision_records, revisions


def record_history(
    conn: Connection, table: Table, record_type: str, record_id: str
) -> list[dict[str, Any]] | None:
    """None when there is no such record; imports appear as the import's revision.

    A record that others were merged into shows their histories too (both are kept).
    """
    row = conn.execute(
        select(table.c.pk, table.c.created_revision_id).where(table.c.id == record_id)
    ).first()
    if row is None:
        return None
    ids, created = [record_id], {row[1]: record_id}
    frontier = [row[0]]
    while frontier:  # records merged into this one, and into those
        merged = conn.execute(
            select(table.c.pk, table.c.id, table.c.created_revision_id).where(
                table.c.merged_into_pk.in_(frontier)
            )
        ).all()
        frontier = [m[0] for m in merged if m[1] not in ids]
        for _, merged_id, created_pk in merged:
            if merged_id not in ids:
                ids.append(merged_id)
                created[created_pk] = merged_id
    changed_by_import = select(revision_records.c.revision_pk).where(
        revision_records.c.record_type == record_type, revision_records.c.record_id.in_(ids)
    )
    rows = conn.execute(
        select(revisions)
        .where(
            or_(
                (revisions.c.record_type == record_type) & (revisions.c.record_id.in_(ids)),
                revisions.c.pk.in_(list(created)),
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
                "created by import" if revision["pk"] in created else "changed by import"
            )
            if created.get(revision["pk"], record_id) != record_id:
                entry["record_id"] = created[revision["pk"]]
            entry["file_name"] = revision["file_name"]
            entry["file_sha256"] = revision["file_sha256"]
            entry["source_id"] = revision["source_id"]
        else:
            entry["before"] = revision["before"]
            entry["after"] = revision["after"]
            if revision["record_id"] and revision["record_id"] != record_id:
                entry["record_id"] = revision["record_id"]  # a record merged into this one
        history.append(entry)
    return history
