"""The read API: memorials, persons, statistics, health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from memreg import __version__
from memreg.domain.errors import NotFoundError
from memreg.store.engine import schema_revision
from memreg.store.queries import (
    MemorialFilter,
    get_memorial,
    get_person,
    list_memorials,
    memorial_persons,
    nearest_memorials,
    public,
    register_stats,
)
from memreg.store.schema import memorials
from memreg.web.api.models import (
    Health,
    MapPoints,
    MemorialDetail,
    MemorialPage,
    PersonDetail,
    Stats,
)
from memreg.web.api.params import check_country, check_kind, check_region, parse_bbox, parse_near
from memreg.web.deps import ConnDep, StoreDep

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page (1-1000)")]
Offset = Annotated[int, Query(ge=0, le=100_000_000, description="Items to skip")]


@router.get("/health", response_model=Health, tags=["register"])
def health(store: StoreDep) -> dict[str, Any]:
    """Whether the register answers, on which backend, at which schema revision."""
    return {"status": "ok", "backend": store.backend.name,
            "schema_revision": schema_revision(store), "version": __version__}  # fmt: skip


@router.get("/stats", response_model=Stats, tags=["register"])
def stats(conn: ConnDep) -> dict[str, Any]:
    """Totals of memorials and persons; memorials by country and by kind."""
    return register_stats(conn)


def _filter(
    country: str | None, region: str | None, kind: str | None, bbox: str | None
) -> MemorialFilter:
    return MemorialFilter(
        country=check_country(country),
        region=check_region(region),
        kind=check_kind(kind),
        boxes=parse_bbox(bbox) if bbox else (),
    )


@router.get(
    "/memorials", response_model=MemorialPage, response_model_exclude_none=True, tags=["memorials"]
)
def memorial_list(
    conn: ConnDep,
    store: StoreDep,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2, e.g. BY")] = None,
    region: Annotated[str | None, Query(description="ISO 3166-2, e.g. BY-HM")] = None,
    kind: Annotated[str | None, Query(description="mass_grave, monument, ...")] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat (WGS84)")
    ] = None,
    near: Annotated[
        str | None, Query(description="lat,lon: nearest first, with distance_m")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Memorials ordered by id; or, with `near`, the `limit` nearest with their distance."""
    flt = _filter(country, region, kind, bbox)
    if near is not None:
        lat, lon = parse_near(near)
        items = nearest_memorials(conn, store.backend, flt, lat, lon, limit)
        return {"items": items, "total": len(items), "limit": limit, "offset": 0}
    items, total = list_memorials(conn, store.backend, flt, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/memorials/{memorial_id}", response_model=MemorialDetail, tags=["memorials"])
def memorial_detail(
    memorial_id: str, conn: ConnDep, store: StoreDep, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """One memorial with the persons buried or commemorated there (paginated)."""
    row = get_memorial(conn, memorial_id)
    if row is None:
        raise NotFoundError("memorial", memorial_id)
    people, total = memorial_persons(conn, store.backend, row["pk"], limit, offset)
    return public(row) | {
        "persons": {"items": people, "total": total, "limit": limit, "offset": offset}
    }


@router.get("/persons/{person_id}", response_model=PersonDetail, tags=["persons"])
def person_detail(person_id: str, conn: ConnDep) -> dict[str, Any]:
    """One person with the memorials where they are buried or commemorated."""
    row = get_person(conn, person_id)
    if row is None:
        raise NotFoundError("person", person_id)
    return public(row) | {"memorials": row["memorials"]}


@router.get("/map/points", response_model=MapPoints, tags=["map"])
def map_points(
    conn: ConnDep,
    store: StoreDep,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2")] = None,
    kind: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    """Every located memorial as a compact point, for the map's clusters."""
    flt = _filter(country, None, kind, bbox)
    where: list[Any] = [memorials.c.retired_at.is_(None), memorials.c.lat.is_not(None)]
    if flt.country:
        where.append(memorials.c.country == flt.country)
    if flt.kind:
        where.append(memorials.c.kind == flt.kind)
    if flt.boxes:
        where.append(store.backend.bbox_filter(flt.boxes))
    rows = conn.execute(
        select(memorials.c.id, memorials.c.lat, memorials.c.lon, memorials.c.kind, memorials.c.name)
        .where(*where)
        .order_by(memorials.c.pk)
        .limit(200_000)
    ).all()
    return {"points": [tuple(r) for r in rows]}
