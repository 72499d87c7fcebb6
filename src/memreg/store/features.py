"""Pages of live records for OGC API - Features: filters, key order, counts, last change.

A page is read by key (`pk`) order with limit and offset, and each row carries `updated`,
the time of the revision that last changed it (the collections' temporal property).
Persons have no geometry: a bbox keeps the persons linked to a memorial inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, exists, func, select

from memreg.domain.tallies import PERSONS
from memreg.store.backend import Backend, BBox
from memreg.store.queries import COUNT_CAP, MemorialFilter, count_memorials
from memreg.store.schema import memorials, person_memorials, persons, revisions
from memreg.store.tallies import read_total


@dataclass(frozen=True)
class FeatureQuery:
    boxes: tuple[BBox, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)  # column -> value (equality)
    updated_from: str | None = None  # ISO UTC timestamps, both ends included
    updated_until: str | None = None


TABLES: dict[str, Table] = {"memorials": memorials, "persons": persons}


def _where(backend: Backend, collection: str, query: FeatureQuery) -> list[Any]:
    table = TABLES[collection]
    where: list[Any] = [table.c.retired_at.is_(None)]
    for name, value in query.properties.items():
        where.append(table.c[name] == value)
    if query.boxes:
        if collection == "memorials":
            where.append(backend.bbox_filter(query.boxes))
        else:
            link = person_memorials
            where.append(
                exists(
                    select(link.c.pk)
                    .select_from(link.join(memorials, memorials.c.pk == link.c.memorial_pk))
                    .where(link.c.person_pk == persons.c.pk, backend.bbox_filter(query.boxes))
                )
            )
    if query.updated_from is not None:
        where.append(revisions.c.at >= query.updated_from)
    if query.updated_until is not None:
        where.append(revisions.c.at <= query.updated_until)
    return where


def _joined(table: Table) -> Any:
    return table.join(revisions, revisions.c.pk == table.c.revision_id)


def _matched(
    conn: Connection, backend: Backend, collection: str, query: FeatureQuery
) -> int | None:
    """How many features match, when that can be known without reading the register:
    from the running totals, or by an index count up to COUNT_CAP; else None."""
    simple = not query.updated_from and not query.updated_until
    if simple and collection == "persons" and not query.properties and not query.boxes:
        return read_total(conn, PERSONS)
    if (
        simple
        and collection == "memorials"
        and set(query.properties) <= {"country", "region", "kind"}
    ):
        flt = MemorialFilter(boxes=query.boxes, **query.properties)
        total, exact = count_memorials(conn, backend, flt)
        if exact:
            return total
    capped = (
        select(TABLES[collection].c.pk)
        .select_from(_joined(TABLES[collection]))
        .where(*_where(backend, collection, query))
        .limit(COUNT_CAP + 1)
    )
    found = int(conn.execute(select(func.count()).select_from(capped.subquery())).scalar_one())
    return found if found <= COUNT_CAP else None


def feature_page(
    conn: Connection,
    backend: Backend,
    collection: str,
    query: FeatureQuery,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], bool, int | None]:
    """Rows of one page (with `updated`), whether more follow, and how many match in all
    (None when counting them would read too much)."""
    table = TABLES[collection]
    where = _where(backend, collection, query)
    rows = [
        dict(r)
        for r in conn.execute(
            select(table, revisions.c.at.label("updated"))
            .select_from(_joined(table))
            .where(*where)
            .order_by(table.c.pk)
            .limit(limit + 1)
            .offset(offset)
        ).mappings()
    ]
    more = len(rows) > limit
    return rows[:limit], more, _matched(conn, backend, collection, query)


def feature_by_id(conn: Connection, collection: str, record_id: str) -> dict[str, Any] | None:
    """One live record with `updated`; None when there is none (or it is retired)."""
    table = TABLES[collection]
    row = (
        conn.execute(
            select(table, revisions.c.at.label("updated"))
            .select_from(_joined(table))
            .where(table.c.id == record_id, table.c.retired_at.is_(None))
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def links_of(conn: Connection, person_pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The memorial links of some persons: {person_pk: [{memorial_id, role}]}."""
    if not person_pks:
        return {}
    link = person_memorials
    rows = conn.execute(
        select(link.c.person_pk, memorials.c.id, link.c.role)
        .select_from(link.join(memorials, memorials.c.pk == link.c.memorial_pk))
        .where(link.c.person_pk.in_(person_pks))
        .order_by(link.c.person_pk, link.c.pk)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for person_pk, memorial_id, role in rows:
        found.setdefault(person_pk, []).append({"memorial_id": memorial_id, "role": role})
    return found


def collection_extent(conn: Connection, collection: str) -> dict[str, Any]:
    """Bounding box of the live located memorials (None for persons, or when there is no
    location) and the first and last revision times of the register."""
    first, last = conn.execute(select(func.min(revisions.c.at), func.max(revisions.c.at))).one()
    box = None
    if collection == "memorials":
        live = memorials.c.retired_at.is_(None)
        found = conn.execute(
            select(
                func.min(memorials.c.lon),
                func.min(memorials.c.lat),
                func.max(memorials.c.lon),
                func.max(memorials.c.lat),
            ).where(live)  # fmt: skip
        ).one()
        box = tuple(found) if found[0] is not None else None
    return {"bbox": box, "interval": (first, last)}
