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
    """Settlements whose name begins with `query` (folded), most memorials first."""
    folded = fold(query)
    if not folded:
        return []
    column = backend.text_order(map_places.c.folded)
    rows = conn.execute(
        select(*_COLUMNS)
        .where(column >= folded, column < folded + _PREFIX_END)
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
    for place in places:
        place["distance_m"] = round(haversine_m(lat, lon, place["lat"], place["lon"]), 1)
    places.sort(key=lambda p: (p["distance_m"], p["name"]))
    return places[:limit]
