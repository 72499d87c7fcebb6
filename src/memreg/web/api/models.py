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
    version: int
    retired_at: str | None = None
    retired_reason: str | None = None
    distance_m: float | None = Field(None, description="Only with near=: metres from the point")


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


class PersonDetail(PersonOut):
    memorials: list[PersonLink]


class MemorialPage(BaseModel):
    items: list[MemorialOut]
    total: int
    limit: int
    offset: int


class PersonPage(BaseModel):
    items: list[PersonInMemorial]
    total: int
    limit: int
    offset: int


class MemorialDetail(MemorialOut):
    persons: PersonPage


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


class MapPoints(BaseModel):
    """Compact points for the map: [id, lat, lon, kind, name] per memorial."""

    points: list[tuple[str, float, float, str, str]]
