"""The API's response shapes (they make /api/openapi.json precise)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class MemorialOut(BaseModel):
    id: str
    register_number: str | None = None
    kind: str
    name: str
    names: dict[str, str] = Field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    country: str
    region: str | None = None
    settlement: str | None = None
    commemorates: str | None = None
    erected: str | None = None
    buried_total: int | None = None
    buried_known: int | None = None
    buried_unknown: int | None = None
    protection_level: str | None = None
    protection_number: str | None = None
    protection_date: str | None = None
    custodian: str | None = None
    status: str
    osm_id: str | None = None
    wikidata: str | None = None
    external_ids: dict[str, Any] | None = None
    outline: dict[str, Any] | None = Field(
        None, description="GeoJSON Polygon or MultiPolygon (WGS84) of the site, when known"
    )
    version: int
    retired_at: str | None = None
    retired_reason: str | None = None


class MemorialItem(MemorialOut):
    """A memorial in a list; fields without a value are left out."""

    distance_m: float | None = Field(
        None, description="Only with near: great-circle metres from the point (mean Earth radius)"
    )


class PersonOut(BaseModel):
    id: str
    surname: str
    given_name: str | None = None
    patronymic: str | None = None
    name_variants: list[str] | None = None
    birth_date: str | None = Field(None, description="EDTF, e.g. 1912, 1912-03?, 1910/1913")
    death_date: str | None = None
    birthplace: str | None = None
    rank: str | None = None
    rank_variants: list[str] | None = None
    unit: str | None = None
    fate: str | None = None
    version: int
    retired_at: str | None = None
    retired_reason: str | None = None


class PersonInMemorial(PersonOut):
    role: str


class PersonLink(BaseModel):
    memorial_id: str
    name: str
    kind: str
    country: str
    settlement: str | None = None
    role: str


MergedFrom = Field(
    None, description="Set when the id asked for was merged: the id asked for; this is the survivor"
)


class PersonDetail(PersonOut):
    memorials: list[PersonLink]
    merged_from: str | None = MergedFrom


class MemorialPage(BaseModel):
    items: list[MemorialItem]
    total: int = Field(description="Memorials that match (a lower bound unless total_exact)")
    total_exact: bool = Field(description="False when `total` is only a lower bound")
    limit: int
    offset: int
    next: str | None = Field(None, description="The next page (path and query), if any")


class PersonPage(BaseModel):
    items: list[PersonInMemorial]
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="The next page (path and query), if any")


class MemorialDetail(MemorialOut):
    persons: PersonPage
    merged_from: str | None = MergedFrom


class Stats(BaseModel):
    memorials: int
    persons: int
    memorials_by_country: dict[str, int]
    memorials_by_kind: dict[str, int]


class Health(BaseModel):
    status: str
    backend: str
    schema_revision: str | None
    version: str


class MapCluster(BaseModel):
    """Several memorials drawn as one: zoom to `bounds` to see them apart."""

    lat: float = Field(description="Mean latitude of its memorials")
    lon: float
    count: int
    bounds: list[float] = Field(
        description="south, west, north, east: every one of its memorials lies inside",
        min_length=4,
        max_length=4,
    )
    region: str = Field(description="ISO 3166-2 region (or country) holding most of them")
    regions: int = Field(description="How many regions its memorials lie in")


class MapMarker(BaseModel):
    """A single memorial."""

    id: str
    name: str = Field(description="In the language asked for, else the primary name")
    kind: str
    lat: float
    lon: float
    names: int = Field(description="Persons recorded at this memorial")


class MapView(BaseModel):
    zoom: int
    level: int = Field(description="The grid level the clusters were counted at")
    total: int = Field(description="Memorials in the clusters and markers listed")
    exact: bool = Field(description="False when the view is too dense for its zoom and shows "
                        "coarser clusters")  # fmt: skip
    clusters: list[MapCluster]
    markers: list[MapMarker]


class Place(BaseModel):
    """A settlement with located memorials in the register."""

    name: str
    country: str
    region: str | None = None
    memorials: int
    lat: float = Field(description="Mean position of its memorials")
    lon: float
    distance_m: float | None = Field(None, description="Only with near: metres from the point")


class PlaceList(BaseModel):
    items: list[Place]


class FieldError(BaseModel):
    """One thing wrong with one parameter, field or row."""

    field: str = Field(description="The parameter or field concerned, e.g. bbox")
    message: str
    line: int | None = Field(None, description="The line of a file, for imports")
    value: str | None = Field(None, description="The offending value, shortened")


class Problem(BaseModel):
    """An error as RFC 9457 problem details (media type application/problem+json)."""

    type: str = Field(
        description="A stable URI naming the kind of problem",
        examples=["https://memreg.org/problems/bad-parameter"],
    )
    title: str = Field(description="A short summary of the kind of problem")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong this time, for people")
    instance: str = Field(description="The path of the request that failed")
    errors: list[FieldError] | None = Field(
        None, description="Each parameter or field that was wrong"
    )


PROBLEM_MEDIA_TYPE = "application/problem+json"


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def problem_schema() -> dict[str, Any]:
    """The Problem schema with its parts written inline (it sits inside responses, not in
    components, where a `$defs` reference would not resolve)."""
    schema = Problem.model_json_schema()
    defs = schema.pop("$defs", {})
    inlined: dict[str, Any] = _inline(schema, defs)
    return inlined


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for errors: each status, 429 (the rate limit applies to every
    /api path), and 4XX for any other client error."""
    reasons = {
        400: "A parameter is malformed or out of range; `errors` names it",
        401: "Not signed in (HTTP Basic)",
        403: "Signed in, but this role may not do this",
        404: "No record has this id",
        409: "The record changed since the version you sent, or the id is taken",
        422: "The record would be invalid; `errors` names each field",
        429: "Too many requests from this client; try again after Retry-After seconds",
    }
    content = {PROBLEM_MEDIA_TYPE: {"schema": problem_schema()}}
    out: dict[int | str, dict[str, Any]] = {
        status: {"description": reasons[status], "content": content} for status in statuses
    }
    out[429] = {"description": reasons[429], "content": content,
                "headers": {"Retry-After": {"description": "Seconds to wait",
                                            "schema": {"type": "integer"}}}}  # fmt: skip
    out["4XX"] = {"description": "Another client error, e.g. 405 for a wrong method",
                  "content": content}  # fmt: skip
    return out
