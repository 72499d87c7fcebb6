"""The public shape of a record, shared by every writer: exports, OGC, OAI, linked data.

A stored row carries bookkeeping (keys, revisions) that never leaves the register. What
is published is the record's own fields, in one order, and for a memorial its geometry.
`memorial_geometry` is the one place that decides that geometry: the memorial's outline
when it has one, else its point.
"""

from __future__ import annotations

import json
from typing import Any

MEMORIAL_FIELDS = (
    "id", "register_number", "kind", "name", "names", "lat", "lon", "address", "country",
    "region", "settlement", "commemorates", "erected", "buried_total", "buried_known",
    "buried_unknown", "protection_level", "protection_number", "protection_date", "custodian",
    "status", "osm_id", "wikidata", "external_ids", "version",
)  # fmt: skip
PERSON_FIELDS = (
    "id", "surname", "given_name", "patronymic", "name_variants", "birth_date", "birth_year",
    "death_date", "death_year", "birthplace", "rank", "unit", "fate", "version",
)  # fmt: skip
# Fields holding lists or mappings: writers of flat tables store them as JSON text.
NESTED_FIELDS = frozenset({"names", "external_ids", "name_variants", "memorials"})
INTEGER_FIELDS = frozenset(
    {"buried_total", "buried_known", "buried_unknown", "version", "birth_year", "death_year"}
)
REAL_FIELDS = frozenset({"lat", "lon"})
# The geometry type a memorial layer declares: POINT until outlines are published.
MEMORIAL_GEOMETRY_TYPE = "POINT"


def memorial_properties(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name in MEMORIAL_FIELDS}


def person_properties(row: dict[str, Any], links: list[dict[str, Any]]) -> dict[str, Any]:
    """A person's fields and the memorials it is linked to ({memorial_id, role})."""
    out = {name: row.get(name) for name in PERSON_FIELDS}
    out["memorials"] = links
    return out


def memorial_geometry(row: dict[str, Any]) -> dict[str, Any] | None:
    """GeoJSON geometry (RFC 7946, lon/lat): the outline where there is one, else the point."""
    outline = row.get("outline")
    if isinstance(outline, str) and outline:
        outline = json.loads(outline)
    if isinstance(outline, dict) and outline.get("type"):
        return outline
    if row.get("lat") is None or row.get("lon") is None:
        return None
    return {"type": "Point", "coordinates": [row["lon"], row["lat"]]}


def geometry_bounds(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """min_lon, min_lat, max_lon, max_lat of a GeoJSON geometry."""
    if geometry is None:
        return None
    xs: list[float] = []
    ys: list[float] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], int | float):
            xs.append(float(value[0]))
            ys.append(float(value[1]))
        else:
            for item in value:
                walk(item)

    walk(geometry.get("coordinates") or [])
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def flat_value(name: str, value: Any) -> Any:
    """A value as a flat table (CSV, GeoPackage) holds it: nested ones as JSON text."""
    if name in NESTED_FIELDS:
        return None if value in (None, [], {}) else json.dumps(value, ensure_ascii=False)
    return value
