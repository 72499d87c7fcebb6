"""Read-only queries that feed the API and the pages (no repositories, no unit of work).

Ordering rules, the same on every backend: memorials by public id, persons of a memorial by
surname, given name, patronymic and id (text compared by code point); nearest memorials by
distance, then id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_

from memreg.domain.places import bbox_around, haversine_m
from memreg.domain.tallies import MEMORIALS, NAMES_AT, PERSONS
from memreg.store.backend import Backend, BBox
from memreg.store.paging import decode_cursor, encode_cursor
from memreg.store.records import BOOKKEEPING, rows_by_id
from memreg.store.schema import memorials, person_memorials, persons
from memreg.store.tallies import read_total, read_totals

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


def _memorial_where(backend: Backend, flt: MemorialFilter, *, dense: bool = False) -> list[Any]:
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
        where.append(
            backend.dense_bbox_filter(flt.boxes) if dense else backend.bbox_filter(flt.boxes)
        )
    return where


COUNT_CAP = 5_000  # a count that would read more rows than this is given as "at least"
DENSE_POINTS = 2_000  # a box with more points is listed by scanning ids, not the index


def list_memorials(
    conn: Connection,
    backend: Backend,
    flt: MemorialFilter,
    limit: int,
    *,
    offset: int = 0,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], int, bool, str | None]:
    """A page of memorials by id: the items, the total (exact or a lower bound, and which),
    and the cursor of the next page. Each page reads about as many rows as it returns."""
    dense = bool(flt.boxes) and backend.bbox_is_dense(conn, flt.boxes, DENSE_POINTS)
    where = _memorial_where(backend, flt, dense=dense)
    order = backend.text_order(memorials.c.id)
    if cursor is not None:
        _, (after,) = decode_cursor(cursor, {"id": (str,)})
        where.append(order > after)
    rows = (
        conn.execute(
            select(memorials).where(*where).order_by(order).limit(limit + 1).offset(offset)
        )
        .mappings()
        .all()
    )
    following = encode_cursor("id", [rows[limit - 1]["id"]]) if len(rows) > limit else None
    total, exact = count_memorials(conn, backend, flt, dense=dense)
    return [public(r) for r in rows[:limit]], total, exact, following


def _counted_exactly(conn: Connection, flt: MemorialFilter) -> int:
    """The running total kept for these filters of country, region and kind."""
    country, region, kind = flt.country, flt.region, flt.kind
    if country and region:
        if not region.startswith(country + "-"):
            return 0  # a region of another country
        country = None  # the region says it
    if region and kind:
        return read_total(conn, "memorials.region.kind", f"{region}|{kind}")
    if country and kind:
        return read_total(conn, "memorials.country.kind", f"{country}|{kind}")
    if region:
        return read_total(conn, "memorials.region", region)
    if country:
        return read_total(conn, "memorials.country", country)
    if kind:
        return read_total(conn, "memorials.kind", kind)
    return read_total(conn, MEMORIALS)


def count_memorials(
    conn: Connection, backend: Backend, flt: MemorialFilter, *, dense: bool | None = None
) -> tuple[int, bool]:
    """How many memorials match, and whether that is exact.

    The running totals answer any filter on country, region and kind exactly; a bbox is
    counted through the spatial index up to COUNT_CAP and said to be "at least" that many
    beyond, so no count reads the whole register.
    """
    if not flt.boxes and not flt.include_retired:
        return _counted_exactly(conn, flt), True
    if dense is None:
        dense = bool(flt.boxes) and backend.bbox_is_dense(conn, flt.boxes, DENSE_POINTS)
    where = _memorial_where(backend, flt, dense=dense)
    capped = select(memorials.c.pk).where(*where).limit(COUNT_CAP + 1)
    found = conn.execute(select(func.count()).select_from(capped.subquery())).scalar_one()
    return min(int(found), COUNT_CAP), int(found) <= COUNT_CAP


def nearest_memorials(
    conn: Connection, backend: Backend, flt: MemorialFilter, lat: float, lon: float, limit: int
) -> list[dict[str, Any]]:
    """The `limit` memorials closest to a point by great-circle distance, nearest first.

    Searches boxes of doubling radius through the spatial index, from 250 m, reading only
    ids and coordinates; a hit counts only once it lies inside the circle the box was drawn
    around, so the answer is exact. Only the nearest are then read whole.
    """
    radius = 250.0
    base = _memorial_where(backend, flt)
    while True:
        boxes = bbox_around(lat, lon, radius)
        points = conn.execute(
            select(memorials.c.id, memorials.c.lat, memorials.c.lon).where(
                *base, backend.bbox_filter(boxes)
            )
        ).all()
        found = []
        for memorial_id, point_lat, point_lon in points:
            distance = haversine_m(lat, lon, point_lat, point_lon)
            if distance <= radius:
                found.append((round(distance, 1), memorial_id))
        if len(found) >= limit or radius >= 20_100_000:
            nearest = sorted(found)[:limit]
            rows = rows_by_id(conn, memorials, [i for _, i in nearest])
            return [public(rows[i]) | {"distance_m": d} for d, i in nearest]
        radius *= 4 if not found else 2


def follow_merges(conn: Connection, table: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The record a merged one now lives in (merges of merges followed), else the row itself."""
    seen = {row["pk"]}
    while row.get("merged_into_pk") is not None:
        found = conn.execute(select(table).where(table.c.pk == row["merged_into_pk"])).mappings()
        survivor = found.first()
        if survivor is None or survivor["pk"] in seen:
            break
        row = dict(survivor)
        seen.add(row["pk"])
    return row


def get_memorial(conn: Connection, memorial_id: str) -> dict[str, Any] | None:
    """The memorial with this id; for a merged id, the surviving one with `merged_from`."""
    row = conn.execute(select(memorials).where(memorials.c.id == memorial_id)).mappings().first()
    if row is None:
        return None
    found = follow_merges(conn, memorials, dict(row))
    if found["id"] != memorial_id:
        found["merged_from"] = memorial_id
    return found


NAME_ORDERS = ("name", "birth")
NAME_CURSORS: dict[str, tuple[type, ...]] = {"name": (str, str), "birth": (int, str, str)}


def memorial_persons(
    conn: Connection,
    memorial: dict[str, Any],
    limit: int,
    *,
    offset: int = 0,
    cursor: str | None = None,
    order: str = "name",
    surname: str | None = None,
) -> tuple[list[dict[str, Any]], int, str | None]:
    """A page of a memorial's live persons, its total, and the cursor of the next page.

    With `surname`, only the persons whose surname begins with it (as written, or with a
    capital first letter), and the total of those: a range of the same index.

    Ordered by name (surname, given name, patronymic, id, role; by code point, a missing
    name first) or by birth year (unknown last), then name. Each page is a range of one
    index: page 5,000 of 200,000 names costs what page 1 does.
    """
    link = person_memorials
    after: list[Any] | None = None
    if cursor is not None:  # a cursor continues the order it was made in
        order, after = decode_cursor(cursor, NAME_CURSORS)
    keys = [link.c.sort_key, link.c.role]
    if order == "birth":
        keys.insert(0, link.c.birth_sort)
    where = [link.c.memorial_pk == memorial["pk"], persons.c.retired_at.is_(None)]
    if surname:
        where.append(_surname_prefix(surname))
    if after is not None:
        where.append(tuple_(*keys) > tuple_(*after))
    rows = (
        conn.execute(
            select(persons, *keys)
            .select_from(link.join(persons, persons.c.pk == link.c.person_pk))
            .where(*where)
            .order_by(*keys)
            .limit(limit + 1)
            .offset(offset)
        )
        .mappings()
        .all()
    )
    following = None
    if len(rows) > limit:
        last = rows[limit - 1]
        following = encode_cursor(order, [last[k.name] for k in keys])
    if surname:
        total = conn.execute(
            select(func.count())
            .select_from(link.join(persons, persons.c.pk == link.c.person_pk))
            .where(*where[:3])
        ).scalar_one()
    else:
        total = read_total(conn, NAMES_AT, memorial["id"])
    people = [
        {k: v for k, v in public(r).items() if k not in ("sort_key", "birth_sort")}
        for r in rows[:limit]
    ]
    return people, total, following


def _surname_prefix(surname: str) -> Any:
    """Links whose sort key (surname first) begins with the surname as typed or capitalised."""
    key = person_memorials.c.sort_key
    spellings = {surname, surname[:1].upper() + surname[1:]}
    return or_(*(and_(key >= s, key < s + "\U0010ffff") for s in sorted(spellings)))


def get_person(conn: Connection, person_id: str) -> dict[str, Any] | None:
    """The person with this id, with links; for a merged id, the survivor with `merged_from`."""
    row = conn.execute(select(persons).where(persons.c.id == person_id)).mappings().first()
    if row is None:
        return None
    person = follow_merges(conn, persons, dict(row))
    if person["id"] != person_id:
        person["merged_from"] = person_id
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
    """Totals of the live register, read from the running totals (a few rows, any size)."""
    totals = read_totals(conn, (MEMORIALS, PERSONS, "memorials.country", "memorials.kind"))
    return {
        "memorials": totals[MEMORIALS].get("", 0),
        "persons": totals[PERSONS].get("", 0),
        "memorials_by_country": dict(sorted(totals["memorials.country"].items())),
        "memorials_by_kind": dict(sorted(totals["memorials.kind"].items())),
    }
