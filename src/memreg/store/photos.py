"""Reads of photos (the media table): a memorial's published photos, one photo by id.

Each read is sized by what it returns: at most MAX_PHOTOS photos of one memorial, by the
index on (memorial_pk, published, pk).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, true

from memreg.store.schema import media, memorials, persons

MAX_PHOTOS = 200

_COLUMNS = (
    media,
    memorials.c.id.label("memorial_id"),
    persons.c.id.label("person_id"),
)


def _joined() -> Any:
    return media.outerjoin(memorials, memorials.c.pk == media.c.memorial_pk).outerjoin(
        persons, persons.c.pk == media.c.person_pk
    )


def published_photos(
    conn: Connection, memorial_pk: int, limit: int = MAX_PHOTOS
) -> list[dict[str, Any]]:
    """The memorial's live, published photos that have a stored image, oldest first."""
    rows = conn.execute(
        select(*_COLUMNS)
        .select_from(_joined())
        .where(
            media.c.memorial_pk == memorial_pk,
            media.c.published == true(),
            media.c.retired_at.is_(None),
            media.c.blob_key.is_not(None),
        )
        .order_by(media.c.pk)
        .limit(min(limit, MAX_PHOTOS))
    ).mappings()
    return [dict(r) for r in rows]


def get_photo(conn: Connection, photo_id: str) -> dict[str, Any] | None:
    """A photo by its public id, published or not, with its memorial's and person's ids."""
    row = (
        conn.execute(select(*_COLUMNS).select_from(_joined()).where(media.c.id == photo_id))
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def public_photo(conn: Connection, photo_id: str) -> dict[str, Any] | None:
    """The photo if the public may see it (published, not retired, with an image)."""
    row = get_photo(conn, photo_id)
    if row is None or not row["published"] or row["retired_at"] or not row["blob_key"]:
        return None
    return row
