"""Read-only queries that feed the API and the pages (no repositories, no unit of work).

Ordering rules, the same on every backend: memorials by public id, persons of a memorial by
surname, given name, patronymic and id (text compared by code point); nearest memorials by
distance, then id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from memreg.domain.places import bbox_around, haversine_m
from memreg.store.backend import Backend, BBox
from memreg.store.records import BOOKKEEPING
from memreg.store.schema import memorials, person_memorials, persons

HIDDEN = frozenset(BOOKKEEPING) - {"version"}


@dataclass(frozen=True)
class MemorialFilter:
    country: str | None = None
    region: str | None = None
    kind: str | None = None
    boxes: tuple[BBox, ...] = ()
    include_retired: bool = False


def public(row: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(row).items() if k not in HIDDEN}


def _memorial_where(backend: Backend, flt: MemorialFilter) -> list[Any]:
    where: list[Any] = []
    if not flt.include_retired:
        where.append(memorials.c.retired_at.is_(None))
    if flt.country:
        where.append(memorials.c.country == flt.country)
    if flt.region:
        where.append(memorials.c.region == flt.region)
    if flt.kind:
        where.append(memorials.c.kind == flt.kind)
    if flt.boxes:
        where.append(backend.bbox_filter(flt.boxes))
    return where


def list_memorials(
    conn: Connection, backend: Backend, flt: MemorialFilter, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    where = _memorial_where(backend, flt)
    total = conn.execute(select(func.count()).select_from(memorials).where(*where)).scalar_one()
    rows = conn.execute(
        select(memorials)
        .where(*where)
        .order_by(backend.text_order(memorials.c.id))
        .limit(limit)
        .offset(offset)
    ).mappings()
    return [public(r) for r in rows], int(total)


def nearest_memorials(
    conn: Connection, backend: Backend, flt: MemorialFilter, lat: float, lon: float, limit: int
) -> list[dict[str, Any]]:
    """The `limit` memorials closest to a point by great-circle distance, nearest first.

    Searches boxes of doubling radius through the spatial index; a hit counts only once it
    lies inside the circle the box was drawn around, so the answer is exact.
    """
    radius = 2_000.0
    base = _memorial_where(backend, flt)
    while True:
        boxes = bbox_around(lat, lon, radius)
        rows = (
            conn.execute(select(memorials).where(*base, backend.bbox_filter(boxes)))
            .mappings()
            .all()
        )
        found = []
        for row in rows:
            distance = haversine_m(lat, lon, row["lat"], row["lon"])
            if distance <= radius:
                found.append((round(distance, 1), row["id"], row))
        if len(found) >= limit or radius >= 20_100_000:
            found.sort(key=lambda item: (item[0], item[1]))
            return [public(row) | {"distance_m": d} for d, _, row in found[:limit]]
        radius *= 4 if len(found) == 0 else 2


def get_memorial(conn: Connection, memorial_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(memorials).where(memorials.c.id == memorial_id)).mappings().first()
    return dict(row) if row else None


def memorial_persons(
    conn: Connection, backend: Backend, memorial_pk: int, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    link = person_memorials
    where = [link.c.memorial_pk == memorial_pk, persons.c.retired_at.is_(None)]
    joined = persons.join(link, link.c.person_pk == persons.c.pk)
    total = conn.execute(select(func.count()).select_from(joined).where(*where)).scalar_one()
    # NULLS FIRST: a missing given name sorts before any name, on both backends.
    order = [
        backend.text_order(persons.c[c]).nulls_first()
        for c in ("surname", "given_name", "patronymic", "id")
    ]
    rows = conn.execute(
        select(persons, link.c.role)
        .select_from(joined)
        .where(*where)
        .order_by(*order, link.c.role)
        .limit(limit)
        .offset(offset)
    ).mappings()
    return [public(r) for r in rows], int(total)


def get_person(conn: Connection, person_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(persons).where(persons.c.id == person_id)).mappings().first()
    if row is None:
        return None
    person = dict(row)
    links = conn.execute(
        select(
            memorials.c.id,
            memorials.c.name,
            memorials.c.kind,
            memorials.c.country,
            memorials.c.settlement,
            person_memorials.c.role,
        )
        .select_from(
            person_memorials.join(memorials, memorials.c.pk == person_memorials.c.memorial_pk)
        )
        .where(person_memorials.c.person_pk == person["pk"])
        .order_by(memorials.c.pk, person_memorials.c.role)
    ).mappings()
    person["memorials"] = [
        {"memorial_id": m["id"], "name": m["name"], "kind": m["kind"], "country": m["country"],
         "settlement": m["settlement"], "role": m["role"]}
        for m in links
    ]  # fmt: skip
    return person


def register_stats(conn: Connection) -> dict[str, Any]:
    live_memorials = memorials.c.retired_at.is_(None)
    by_country = conn.execute(
        select(memorials.c.country, func.count())
        .where(live_memorials)
        .group_by(memorials.c.country)
    ).all()
    by_kind = conn.execute(
        select(memorials.c.kind, func.count()).where(live_memorials).group_by(memorials.c.kind)
    ).all()
    memorial_count = conn.execute(select(func.count()).where(live_memorials)).scalar_one()
    person_count = conn.execute(
        select(func.count()).select_from(persons).where(persons.c.retired_at.is_(None))
    ).scalar_one()
    return {
        "memorials": int(memorial_count),
        "persons": int(person_count),
        "memorials_by_country": {c: int(n) for c, n in sorted(by_country)},
        "memorials_by_kind": {k: int(n) for k, n in sorted(by_kind)},
    }
