"""The register's point (and outline) for a source's geometry, in WGS84 lon/lat.

A point is kept as it is; a polygon gives its area-weighted centroid as the point and is
kept whole as the memorial's outline; a line or several points give the middle of their
vertices. Coordinates outside WGS84's range say the geometry was not reprojected.
"""

from __future__ import annotations

from typing import Any

OUTLINE_TYPES = ("Polygon", "MultiPolygon")
MAX_OUTLINE_VERTICES = 20_000


def _ring_centroid(ring: list[Any]) -> tuple[float, float, float]:
    """(signed area, x, y) of a ring by the shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def _polygons(geometry: dict[str, Any]) -> list[list[list[Any]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _vertices(coords: Any) -> list[tuple[float, float]]:
    if coords and isinstance(coords[0], (int, float)):
        return [(float(coords[0]), float(coords[1]))]
    out: list[tuple[float, float]] = []
    for part in coords or ():
        out.extend(_vertices(part))
    return out


def point_of(geometry: dict[str, Any] | None) -> tuple[float, float] | None:
    """(lon, lat) standing for the geometry, or None for an empty one."""
    if not geometry:
        return None
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        for part in geometry.get("geometries") or ():
            found = point_of(part)
            if found:
                return found
        return None
    coords = geometry.get("coordinates")
    if not coords:
        return None
    if kind == "Point":
        return float(coords[0]), float(coords[1])
    if kind in OUTLINE_TYPES:
        total = sx = sy = 0.0
        for polygon in _polygons(geometry):
            for index, ring in enumerate(polygon):
                if len(ring) < 3:
                    continue
                area, x, y = _ring_centroid([tuple(p) for p in ring])
                weight = abs(area) if index == 0 else -abs(area)
                total += weight
                sx += x * weight
                sy += y * weight
        if total:
            return sx / total, sy / total
    vertices = _vertices(coords)
    if not vertices:
        return None
    return sum(v[0] for v in vertices) / len(vertices), sum(v[1] for v in vertices) / len(vertices)


def outline_of(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The polygon to keep as the memorial's outline (rounded to 7 decimals), or None."""
    if not geometry or geometry.get("type") not in OUTLINE_TYPES:
        return None
    if len(_vertices(geometry["coordinates"])) > MAX_OUTLINE_VERTICES:
        return None

    def rounded(coords: Any) -> Any:
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(coords[0]), 7), round(float(coords[1]), 7)]
        return [rounded(part) for part in coords]

    return {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}
