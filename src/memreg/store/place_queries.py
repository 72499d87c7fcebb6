"""The register's own settlements (map_places): by the beginning of their name in any script,
or nearest a point. Reads are sized by the answer: a prefix range of an index, or the
memorials nearest the point through the spatial index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from memreg.domain.folding import fold
from memreg.domain.places import haversine_m
from memreg.store.backend import Backend
from memreg.store.queries import MemorialFilter, nearest_memorials
from memreg.store.schema import map_places

_PREFIX_END = "\x7f"  # folded names hold only a-z, 0-9 and spaces


def _place(row: Any) -> dict[str, Any]:
    country, region, settlement, n, lat_sum, lon_sum = row
    return {"name": settlement, "country": country, "region": region or None,
            "memorials": int(n), "lat": round(int(lat_sum) / n / 1e6, 5),
            "lon": round(int(lon_sum) / n / 1e6, 5)}  # fmt: skip


_COLUMNS = (map_places.c.country, map_places.c.region, map_places.c.settlement, map_places.c.n,
            map_places.c.lat_sum, map_places.c.lon_sum)  # fmt: skip


def search_places(
    conn: Connection, backend: Backend, query: str, limit: int
) -> list[dict[str, Any]]:
    """Settlements whose name begins with `query` (folded), most memorials first; with an
    empty query, the settlements with most memorials."""
    folded = fold(query)
    column = backend.text_order(map_places.c.folded)
    where = [column >= folded, column < folded + _PREFIX_END] if folded else []
    rows = conn.execute(
        select(*_COLUMNS)
        .where(*where)
        .order_by(map_places.c.n.desc(), map_places.c.settlement, map_places.c.country)
        .limit(limit)
    ).all()
    return [_place(r) for r in rows]


def nearest_places(
    conn: Connection, backend: Backend, lat: float, lon: float, limit: int
) -> list[dict[str, Any]]:
    """Settlements of the memorials nearest the point, nearest settlement first."""
    near = nearest_memorials(conn, backend, MemorialFilter(), lat, lon, limit * 5)
    keys = []
    for memorial in near:
        key = (
            memorial["country"],
            memorial["region"] or "",
            (memorial["settlement"] or "").strip(),
        )
        if key[2] and key not in keys:
            keys.append(key)
    if not keys:
        return []
    wanted = or_(*(
        and_(map_places.c.country == c, map_places.c.region == r, map_places.c.settlement == s)
        for c, r, s in keys[: limit * 2]
    ))  # fmt: skip
    places = [_place(r) for r in conn.execute(select(*_COLUMNS).where(wanted))]
    return with_distances(places, lat, lon)[:limit]


def with_distances(places: list[dict[str, Any]], lat: float, lon: float) -> list[dict[str, Any]]:
    """The places with their distance from the point, nearest first."""
    for place in places:
        place["distance_m"] = round(haversine_m(lat, lon, place["lat"], place["lon"]), 1)
    return sorted(places, key=lambda p: (p["distance_m"], p["name"]))
