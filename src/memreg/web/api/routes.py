"""The read API: memorials, persons, statistics, health."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request

from memreg import __version__
from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.settings import Settings
from memreg.store.engine import schema_revision
from memreg.store.paging import MAX_OFFSET, check_offset
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
from memreg.web.api.models import (
    Health,
    MemorialDetail,
    MemorialPage,
    PersonDetail,
    Stats,
    problem_responses,
)
from memreg.web.api.params import (
    BBOX_PATTERN,
    KINDS,
    NEAR_PATTERN,
    check_country,
    check_kind,
    check_record_id,
    check_region,
    country_choices,
    parse_bbox,
    parse_near,
    region_choices,
)
from memreg.web.deps import ConnDep, SettingsDep, StoreDep, next_link

router = APIRouter(prefix="/api")

Limit = Annotated[
    int, Query(ge=1, description="Items per page: 1 to MEMREG_PAGE_SIZE_MAX (1000 by default)")
]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="Items to skip; past 10,000 follow `next`")
]
Country = Annotated[
    str | None,
    Query(description="ISO 3166-1 alpha-2 code, e.g. BY (upper or lower case)",
          json_schema_extra={"enum": country_choices()}),
]  # fmt: skip
Region = Annotated[
    str | None,
    Query(description="ISO 3166-2 code, e.g. BY-HM (upper or lower case)",
          json_schema_extra={"enum": region_choices()}),
]  # fmt: skip
Kind = Annotated[
    str | None, Query(description="Kind of memorial", json_schema_extra={"enum": KINDS})
]
BBoxParam = Annotated[
    str | None,
    Query(description="min_lon,min_lat,max_lon,max_lat in WGS84 degrees; min_lon > max_lon "
          "means the box crosses the antimeridian (e.g. 170,60,-170,70)",
          json_schema_extra={"pattern": BBOX_PATTERN}),
]  # fmt: skip
Near = Annotated[
    str | None,
    Query(description="lat,lon in WGS84 degrees: the `limit` nearest memorials, nearest "
          "first, each with distance_m", json_schema_extra={"pattern": NEAR_PATTERN}),
]  # fmt: skip
Cursor = Annotated[
    str | None,
    Query(description="Where the page starts: the cursor in the previous page's `next` link",
          max_length=2000, json_schema_extra={"format": "memreg-list-cursor"}),
]  # fmt: skip
NamesCursor = Annotated[
    str | None,
    Query(description="Where the page of persons starts: the cursor in `persons.next`; it "
          "continues the order it was made in", max_length=2000,
          json_schema_extra={"format": "memreg-names-cursor"}),
]  # fmt: skip
NameOrder = Annotated[
    Literal["name", "birth"],
    Query(description="Order of the persons: by name, or by birth year and then name"),
]
MemorialId = Annotated[str, Path(description="The memorial's public id")]
PersonId = Annotated[str, Path(description="The person's public id")]


@router.get("/health", response_model=Health, tags=["register"], responses=problem_responses())
def health(store: StoreDep) -> dict[str, Any]:
    """Whether the register answers, on which backend, at which schema revision."""
    return {"status": "ok", "backend": store.backend.name,
            "schema_revision": schema_revision(store), "version": __version__}  # fmt: skip


@router.get("/stats", response_model=Stats, tags=["register"], responses=problem_responses())
def stats(conn: ConnDep) -> dict[str, Any]:
    """Totals of memorials and persons; memorials by country and by kind."""
    return register_stats(conn)


def _check_limit(limit: int, settings: Settings) -> int:
    if limit > settings.page_size_max:
        raise BadRequestError("limit", f"must be between 1 and {settings.page_size_max}")
    return limit


def _filter(
    country: str | None, region: str | None, kind: str | None, bbox: str | None
) -> MemorialFilter:
    return MemorialFilter(
        country=check_country(country),
        region=check_region(region),
        kind=check_kind(kind),
        boxes=parse_bbox(bbox) if bbox is not None else (),
    )


@router.get(
    "/memorials",
    response_model=MemorialPage,
    response_model_exclude_none=True,
    tags=["memorials"],
    responses=problem_responses(400),
)
def memorial_list(
    request: Request,
    conn: ConnDep,
    store: StoreDep,
    settings: SettingsDep,
    country: Country = None,
    region: Region = None,
    kind: Kind = None,
    bbox: BBoxParam = None,
    near: Near = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Memorials ordered by id, `limit` at a time, with the `total` that match.

    Follow `next` (a cursor) for the next page; `offset` skips up to 10,000 items. `total`
    is exact when `total_exact` is true: the running totals answer any filter of country,
    region and kind; a bbox is counted up to 5,000 and `total_exact` is false beyond.

    With `near`: the `limit` memorials nearest the point (after the other filters), nearest
    first (ties by id), each with `distance_m`; `total` is then the number returned and
    `offset` must be 0.
    """
    flt = _filter(country, region, kind, bbox)
    limit = _check_limit(limit, settings)
    offset = check_offset(offset)
    if near is not None:
        lat, lon = parse_near(near)
        if offset or cursor:
            raise BadRequestError(
                "offset" if offset else "cursor", "cannot be used with near; ask for a larger limit"
            )
        items = nearest_memorials(conn, store.backend, flt, lat, lon, limit)
        return {"items": items, "total": len(items), "total_exact": True, "limit": limit,
                "offset": 0}  # fmt: skip
    items, total, exact, following = list_memorials(
        conn, store.backend, flt, limit, offset=offset, cursor=cursor
    )
    return {"items": items, "total": total, "total_exact": exact, "limit": limit,
            "offset": offset, "next": next_link(request, following)}  # fmt: skip


@router.get(
    "/memorials/{memorial_id}",
    response_model=MemorialDetail,
    tags=["memorials"],
    responses=problem_responses(400, 404),
)
def memorial_detail(
    request: Request,
    memorial_id: MemorialId,
    conn: ConnDep,
    settings: SettingsDep,
    limit: Limit = 100,
    offset: Offset = 0,
    cursor: NamesCursor = None,
    order: NameOrder = "name",
) -> dict[str, Any]:
    """One memorial with the persons buried or commemorated there, `limit` at a time.

    Persons are ordered by surname, given name, patronymic and id (by code point), or with
    `order=birth` by birth year (unknown last) and then so; retired persons are left out.
    Follow `persons.next` for the next page. A retired memorial still answers, with
    `retired_at` and its reason.
    """
    limit = _check_limit(limit, settings)
    offset = check_offset(offset)
    row = get_memorial(conn, check_record_id("memorial", memorial_id))
    if row is None:
        raise NotFoundError("memorial", memorial_id)
    people, total, following = memorial_persons(
        conn, row, limit, offset=offset, cursor=cursor, order=order
    )
    page = {"items": people, "total": total, "limit": limit, "offset": offset,
            "next": next_link(request, following)}  # fmt: skip
    return public(row) | {"persons": page}


@router.get(
    "/persons/{person_id}",
    response_model=PersonDetail,
    tags=["persons"],
    responses=problem_responses(404),
)
def person_detail(person_id: PersonId, conn: ConnDep) -> dict[str, Any]:
    """One person with the memorials where they are buried or commemorated."""
    row = get_person(conn, check_record_id("person", person_id))
    if row is None:
        raise NotFoundError("person", person_id)
    return public(row) | {"memorials": row["memorials"]}
