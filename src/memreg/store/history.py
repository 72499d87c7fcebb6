"""A record's history: every revision that created or changed it.

`record_history` gives all of it, oldest first; `history_page` one page, newest first, read
by keyset (revisions older than a given one), so a record with thousands of revisions costs
a page. `later_revisions` is what a revert walks back through.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, or_, select

from memreg.domain.revisions import LaterRevision
from memreg.store.schema import revision_records, revisions


def _merged_in(conn: Connection, table: Table, pk: int, record_id: str) -> list[tuple[int, str]]:
    """(pk, id) of the records merged into this one, and into those."""
    found: list[tuple[int, str]] = []
    seen, frontier = {record_id}, [pk]
    while frontier:
        merged = conn.execute(
            select(table.c.pk, table.c.id).where(table.c.merged_into_pk.in_(frontier))
        ).all()
        fresh = [(m[0], m[1]) for m in merged if m[1] not in seen]
        seen.update(m[1] for m in fresh)
        found.extend(fresh)
        frontier = [m[0] for m in fresh]
    return found


def _scope(
    conn: Connection, table: Table, record_id: str
) -> tuple[list[str], dict[int, str]] | None:
    """The ids whose revisions a history shows and the revisions that created them."""
    row = conn.execute(
        select(table.c.pk, table.c.created_revision_id).where(table.c.id == record_id)
    ).first()
    if row is None:
        return None
    ids, created = [record_id], {row[1]: record_id}
    merged = _merged_in(conn, table, row[0], record_id)
    if merged:
        for merged_id, created_pk in conn.execute(
            select(table.c.id, table.c.created_revision_id).where(
                table.c.pk.in_([m[0] for m in merged])
            )
        ):
            ids.append(merged_id)
            created[created_pk] = merged_id
    return ids, created


def _entry(revision: Any, created: dict[int, str], record_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "revision": revision["pk"],
        "at": revision["at"],
        "actor": revision["actor"],
        "action": revision["action"],
        "reason": revision["reason"],
    }
    if revision["action"] == "import":
        entry["action"] = "created by import" if revision["pk"] in created else "changed by import"
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
        summary = revision["summary"]
        if isinstance(summary, dict) and isinstance(summary.get("reverted_to"), int):
            entry["reverted_to"] = summary["reverted_to"]
    return entry


def record_history(
    conn: Connection, table: Table, record_type: str, record_id: str
) -> list[dict[str, Any]] | None:
    """None when there is no such record; imports appear as the import's revision.

    A record that others were merged into shows their histories too (both are kept).
    """
    scope = _scope(conn, table, record_id)
    if scope is None:
        return None
    ids, created = scope
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
    return [_entry(revision, created, record_id) for revision in rows]


def history_page(
    conn: Connection,
    table: Table,
    record_type: str,
    record_id: str,
    *,
    older_than: int | None,
    limit: int,
) -> tuple[list[dict[str, Any]], bool] | None:
    """Up to `limit` revisions, newest first, older than revision `older_than` (None: from
    the newest), and whether older ones remain. None when there is no such record."""
    scope = _scope(conn, table, record_id)
    if scope is None:
        return None
    ids, created = scope
    below = [] if older_than is None else [revisions.c.pk < older_than]
    own = select(revisions.c.pk).where(
        revisions.c.record_type == record_type, revisions.c.record_id.in_(ids), *below
    )
    imported = select(revision_records.c.revision_pk).where(
        revision_records.c.record_type == record_type,
        revision_records.c.record_id.in_(ids),
        *([] if older_than is None else [revision_records.c.revision_pk < older_than]),
    )
    wanted: set[int] = set()
    for query, column in ((own, revisions.c.pk), (imported, revision_records.c.revision_pk)):
        wanted.update(conn.execute(query.order_by(column.desc()).limit(limit + 1)).scalars())
    wanted.update(pk for pk in created if older_than is None or pk < older_than)
    newest = sorted(wanted, reverse=True)[: limit + 1]
    rows = conn.execute(
        select(revisions).where(revisions.c.pk.in_(newest)).order_by(revisions.c.pk.desc())
    ).mappings()
    entries = [_entry(revision, created, record_id) for revision in rows]
    return entries[:limit], len(entries) > limit


def later_revisions(
    conn: Connection, record_type: str, record_id: str, after: int
) -> list[LaterRevision]:
    """The record's own revisions newer than revision `after`, newest first, with the
    imports that changed it (which keep no before)."""
    own = conn.execute(
        select(revisions.c.pk, revisions.c.action, revisions.c.before)
        .where(
            revisions.c.record_type == record_type,
            revisions.c.record_id == record_id,
            revisions.c.pk > after,
        )
        .order_by(revisions.c.pk.desc())
    ).all()
    imported = conn.execute(
        select(revision_records.c.revision_pk).where(
            revision_records.c.record_type == record_type,
            revision_records.c.record_id == record_id,
            revision_records.c.revision_pk > after,
        )
    ).scalars()
    later = [LaterRevision(pk, action, before) for pk, action, before in own]
    later.extend(LaterRevision(pk, "import", None, by_import=True) for pk in imported)
    return sorted(later, key=lambda r: -r.pk)


def is_revision_of(conn: Connection, record_type: str, row: dict[str, Any], revision: int) -> bool:
    """Whether the revision created or changed this very record (not one merged into it)."""
    if revision == row["created_revision_id"]:
        return True
    own = conn.execute(
        select(revisions.c.pk).where(
            revisions.c.pk == revision,
            revisions.c.record_type == record_type,
            revisions.c.record_id == row["id"],
        )
    ).first()
    if own is not None:
        return True
    imported = conn.execute(
        select(revision_records.c.revision_pk).where(
            revision_records.c.revision_pk == revision,
            revision_records.c.record_type == record_type,
            revision_records.c.record_id == row["id"],
        )
    ).first()
    return imported is not None
