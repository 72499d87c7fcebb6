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
from memreg.store.records import BOOKKEEPING
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


COUNT_CAP = 10_000  # a count that would read more rows than this is given as "at least"


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
    where = _memorial_where(backend, flt)
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
    total, exact = count_memorials(conn, backend, flt)
    return [public(r) for r in rows[:limit]], total, exact, following


def count_memorials(conn: Connection, backend: Backend, flt: MemorialFilter) -> tuple[int, bool]:
    """How many memorials match, and whether that is exact.

    The running totals answer a filter on one of country, region, kind (or none) exactly;
    any other filter is counted through its indexes up to COUNT_CAP and said to be "at
    least" that many beyond, so no count reads the whole register.
    """
    dimensions = {
        "memorials.country": flt.country,
        "memorials.region": flt.region,
        "memorials.kind": flt.kind,
    }
    given = {d: v for d, v in dimensions.items() if v}
    if not flt.boxes and not flt.include_retired:
        if flt.country and flt.region:
            if not flt.region.startswith(flt.country + "-"):
                return 0, True  # a region of another country
            given.pop("memorials.country")
        if not given:
            return read_total(conn, MEMORIALS), True
        if len(given) == 1:
            ((dimension, value),) = given.items()
            return read_total(conn, dimension, value), True
    capped = select(memorials.c.pk).where(*_memorial_where(backend, flt)).limit(COUNT_CAP + 1)
    found = conn.execute(select(func.count()).select_from(capped.subquery())).scalar_one()
    return min(int(found), COUNT_CAP), int(found) <= COUNT_CAP


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
    """Totals of the live register, read from the running totals (a few rows, any size)."""
    totals = read_totals(conn, (MEMORIALS, PERSONS, "memorials.country", "memorials.kind"))
    return {
        "memorials": totals[MEMORIALS].get("", 0),
        "persons": totals[PERSONS].get("", 0),
        "memorials_by_country": dict(sorted(totals["memorials.country"].items())),
        "memorials_by_kind": dict(sorted(totals["memorials.kind"].items())),
    }
