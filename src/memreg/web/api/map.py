"""The map's API: the clusters of a view, and the register's settlements by name or distance."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query

from memreg.domain.errors import BadRequestError
from memreg.domain.text import text_fault
from memreg.domain.vocabulary import LifecycleStatus
from memreg.store.map_queries import MAX_ZOOM, MapFilter, map_view
from memreg.store.place_queries import nearest_places, search_places, with_distances
from memreg.web.api.models import MapView, PlaceList, problem_responses
from memreg.web.api.params import (
    BBOX_PATTERN,
    KINDS,
    NEAR_PATTERN,
    check_country,
    check_kind,
    check_region,
    country_choices,
    parse_bbox,
    parse_near,
    region_choices,
)
from memreg.web.deps import ConnDep, StoreDep

router = APIRouter(prefix="/api", tags=["map"])
STATUSES = [s.value for s in LifecycleStatus]
CONDITION_PATTERN = "^[a-z_]{1,20}$"
LANGUAGE_PATTERN = "^[a-z]{2,3}$"
MAX_CONFLICT = 100

BBoxRequired = Annotated[
    str,
    Query(description="min_lon,min_lat,max_lon,max_lat of the view in WGS84 degrees; "
          "min_lon > max_lon when it crosses the antimeridian",
          json_schema_extra={"pattern": BBOX_PATTERN}),
]  # fmt: skip
Zoom = Annotated[int, Query(ge=0, le=MAX_ZOOM, description="The map's zoom level (0-20)")]
Kind = Annotated[
    str | None, Query(description="Kind of memorial", json_schema_extra={"enum": KINDS})
]
Status = Annotated[
    str | None, Query(description="Lifecycle status", json_schema_extra={"enum": STATUSES})
]
HasNames = Annotated[
    str | None,
    Query(
        description="yes: only memorials with names in the register; no: only those without",
        json_schema_extra={"enum": ["yes", "no"]},
    ),
]
Country = Annotated[
    str | None,
    Query(description="ISO 3166-1 alpha-2 code", json_schema_extra={"enum": country_choices()}),
]
Region = Annotated[
    str | None,
    Query(description="ISO 3166-2 code", json_schema_extra={"enum": region_choices()}),
]
Conflict = Annotated[
    str | None,
    Query(description="What the memorial commemorates, as recorded", max_length=MAX_CONFLICT),
]
Condition = Annotated[
    str | None,
    Query(description="Condition found by the latest inspection",
          json_schema_extra={"pattern": CONDITION_PATTERN}),
]  # fmt: skip
Language = Annotated[
    str | None,
    Query(description="Language of the names shown (ru, be, en...); the primary name when a "
          "memorial has none in it", json_schema_extra={"pattern": LANGUAGE_PATTERN}),
]  # fmt: skip


def map_filter(
    kind: str | None = None,
    status: str | None = None,
    has_names: str | None = None,
    country: str | None = None,
    region: str | None = None,
    conflict: str | None = None,
    condition: str | None = None,
) -> MapFilter:
    """The map's filters checked, each error naming its parameter."""
    if status is not None and status not in STATUSES:
        raise BadRequestError("status", "must be one of " + ", ".join(STATUSES))
    if has_names is not None and has_names not in ("yes", "no"):
        raise BadRequestError("has_names", "must be yes or no")
    if condition is not None and not re.fullmatch(CONDITION_PATTERN, condition):
        raise BadRequestError("condition", "must be a condition code such as good or poor")
    if conflict is not None:
        conflict = conflict.strip() or None  # blank: no filter
        if conflict and (text_fault(conflict) or len(conflict) > MAX_CONFLICT):
            raise BadRequestError("conflict", f"must be 1 to {MAX_CONFLICT} characters of text")
    region = check_region(region)
    country = check_country(country)
    if region and not country:
        country = region.split("-", 1)[0]
    return MapFilter(
        kind=check_kind(kind), status=status, has_names=has_names, country=country,
        region=region, conflict=conflict, condition=condition,
    )  # fmt: skip


def check_language(lang: str | None) -> str | None:
    if lang is not None and not re.fullmatch(LANGUAGE_PATTERN, lang):
        raise BadRequestError("lang", "must be a language code such as ru, be or en")
    return lang


@router.get("/map/clusters", response_model=MapView, responses=problem_responses(400))
def map_clusters(
    conn: ConnDep,
    bbox: BBoxRequired,
    zoom: Zoom,
    kind: Kind = None,
    status: Status = None,
    has_names: HasNames = None,
    country: Country = None,
    region: Region = None,
    conflict: Conflict = None,
    condition: Condition = None,
    lang: Language = None,
) -> dict[str, Any]:
    """The memorials of a map view: clusters counted on the server, and single memorials.

    Each cluster has its count, its centre (the mean of its memorials), the bounds of its
    memorials (zoom there to see them apart) and its main region. Only clusters and
    memorials whose centre is inside the view are listed; `total` adds them up. At most a
    few hundred items, whatever the size of the register; `exact` is false when a view
    too dense for its zoom is shown with coarser clusters.
    """
    flt = map_filter(kind, status, has_names, country, region, conflict, condition)
    view = map_view(conn, parse_bbox(bbox), zoom, flt, check_language(lang))
    return {"zoom": view.zoom, "level": view.level, "total": view.total, "exact": view.exact,
            "clusters": view.clusters, "markers": view.markers}  # fmt: skip


@router.get("/places", response_model=PlaceList, responses=problem_responses(400))
def places(
    conn: ConnDep,
    store: StoreDep,
    q: Annotated[
        str | None,
        Query(description="A settlement's name, or its beginning, in any script", max_length=200),
    ] = None,
    near: Annotated[
        str | None,
        Query(
            description="lat,lon: the register's settlements nearest this point",
            json_schema_extra={"pattern": NEAR_PATTERN},
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50, description="Settlements to return")] = 10,
) -> dict[str, Any]:
    """The register's own settlements (those with a located memorial), with the number of
    memorials and their centre: found by the beginning of their name (`q`, most memorials
    first), nearest a point (`near`), both (the matches nearest first), or neither (those
    with most memorials)."""
    if q is not None and text_fault(q):
        raise BadRequestError("q", "must be text (no NUL or lone surrogate)")
    point = parse_near(near) if near is not None else None
    name = (q or "").strip()
    if name and point:
        found = search_places(conn, store.backend, name, 50)
        return {"items": with_distances(found, *point)[:limit]}
    if point:
        return {"items": nearest_places(conn, store.backend, *point, limit)}
    return {"items": search_places(conn, store.backend, name, limit)}
