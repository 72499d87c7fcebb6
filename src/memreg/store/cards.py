"""What a memorial's record card needs besides the memorial: its latest inspection, a
photo, the memorials around it for the locator map, and its names a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from memreg.store.backend import Backend
from memreg.store.queries import memorial_persons
from memreg.store.schema import inspections, media, memorials

NAMES_CHUNK = 2000


def latest_inspection(conn: Connection, memorial_pk: int) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(inspections)
            .where(inspections.c.memorial_pk == memorial_pk, inspections.c.retired_at.is_(None))
            .order_by(inspections.c.inspected_on.desc(), inspections.c.pk.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def photos(conn: Connection, memorial_pk: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(media)
        .where(media.c.memorial_pk == memorial_pk, media.c.retired_at.is_(None))
        .order_by(media.c.pk)
        .limit(20)
    ).mappings()
    return [dict(r) for r in rows if (r["media_type"] or "").startswith("image/")]


def neighbours(
    conn: Connection, backend: Backend, lat: float, lon: float, half: float, limit: int = 500
) -> list[tuple[float, float]]:
    """Located live memorials within `half` degrees of a point (for the locator map)."""
    box = (max(-180.0, lon - half), max(-90.0, lat - half),
           min(180.0, lon + half), min(90.0, lat + half))  # fmt: skip
    rows = conn.execute(
        select(memorials.c.lat, memorials.c.lon)
        .where(memorials.c.retired_at.is_(None), backend.bbox_filter([box]))
        .limit(limit)
    )
    return [(float(a), float(b)) for a, b in rows]


def card_names(conn: Connection, memorial: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The memorial's live persons in the register's order (surname, given name ...)."""
    cursor = None
    while True:
        rows, _, cursor = memorial_persons(conn, memorial, NAMES_CHUNK, cursor=cursor)
        yield from rows
        if cursor is None:
            return
