"""Reading the map: the clusters and single memorials of a view, from the map's index.

A view is one or two boxes (two when it crosses the antimeridian) and a zoom. Its grid level
is the zoom plus two (cells of about 64 screen pixels), made coarser while the view would
span more than MAX_CELLS cells, so an answer never holds more than that many items. Levels
up to MAX_LEVEL are read from map_cells; finer ones are summed from map_points on the fly,
and only when the view holds at most DIRECT_LIMIT memorials (else the finest stored level
answers, with larger clusters). Either way the work is bounded by the size of the view,
never by the size of the register.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from memreg.store.backend import BBox
from memreg.store.map_index import FAMILIES, FAMILY_LEVEL, GRID_BITS, MAX_LEVEL, grid_xy
from memreg.store.schema import MAP_DIMENSIONS, map_points, memorials

MAX_ZOOM = 20
MAX_CELLS = 600
DIRECT_LIMIT = 5000


@dataclass(frozen=True)
class MapFilter:
    """The map's filters; None means any value."""

    kind: str | None = None
    status: str | None = None
    has_names: str | None = None  # "yes" or "no"
    country: str | None = None
    region: str | None = None
    conflict: str | None = None
    condition: str | None = None

    def given(self) -> dict[str, str]:
        return {d: getattr(self, d) for d in MAP_DIMENSIONS if getattr(self, d) is not None}


@dataclass
class Cell:
    cx: int
    cy: int
    n: int = 0
    lat_sum: int = 0
    lon_sum: int = 0
    pk_sum: int = 0
    bounds: list[float] = field(default_factory=lambda: [90e6, 180e6, -90e6, -180e6])
    regions: dict[str, int] = field(default_factory=dict)

    def add(self, row: Sequence[Any]) -> None:
        _, _, country, region, n, lat_sum, lon_sum, pk_sum, s, w, no, e = row
        self.n += int(n)
        self.lat_sum += int(lat_sum)
        self.lon_sum += int(lon_sum)
        self.pk_sum += int(pk_sum)
        b = self.bounds
        self.bounds = [min(b[0], s), min(b[1], w), max(b[2], no), max(b[3], e)]
        key = region or country
        self.regions[key] = self.regions.get(key, 0) + int(n)

    @property
    def lat(self) -> float:
        return self.lat_sum / self.n / 1e6

    @property
    def lon(self) -> float:
        return self.lon_sum / self.n / 1e6


@dataclass
class MapView:
    zoom: int
    level: int
    total: int
    clusters: list[dict[str, Any]]
    markers: list[dict[str, Any]]
    exact: bool  # False when the view was too dense for its zoom and shows coarser clusters


def _ranges(boxes: Sequence[BBox], level: int) -> tuple[list[int], int, int]:
    """The grid columns of the boxes at `level` and the first and last row."""
    columns: set[int] = set()
    first_row, last_row = 1 << level, -1
    for min_lon, min_lat, max_lon, max_lat in boxes:
        x0, y0 = grid_xy(max_lat, min_lon, level)
        x1, y1 = grid_xy(min_lat, max_lon, level)
        columns.update(range(x0, x1 + 1))
        first_row, last_row = min(first_row, y0), max(last_row, y1)
    return sorted(columns), first_row, last_row


def _level_for(boxes: Sequence[BBox], zoom: int) -> int:
    level = min(zoom + 2, MAX_ZOOM + 2)
    while level > 0:
        columns, y0, y1 = _ranges(boxes, level)
        if len(columns) * (y1 - y0 + 1) <= MAX_CELLS:
            break
        level -= 1
    return level


def _family(flt: MapFilter, level: int) -> int:
    """The family whose rows answer these filters with the fewest rows read."""
    others = set(flt.given()) - {"country", "region"}
    if level <= FAMILY_LEVEL and len(others) <= 1:
        wanted = ("country", "region", *others)
        return next(f for f, kept in FAMILIES.items() if f and set(kept) == set(wanted))
    return 0


def _filters(flt: MapFilter) -> tuple[str, dict[str, Any]]:
    given = flt.given()
    clause = "".join(f" AND {d} = :f_{d}" for d in given)
    return clause, {f"f_{d}": v for d, v in given.items()}


_CELL_SUMS = (
    "sum(n), sum(lat_sum), sum(lon_sum), sum(pk_sum), min(min_lat), min(min_lon), "
    "max(max_lat), max(max_lon)"
)


def _stored_cells(
    conn: Connection, boxes: Sequence[BBox], level: int, flt: MapFilter
) -> dict[tuple[int, int], Cell]:
    columns, y0, y1 = _ranges(boxes, level)
    clause, params = _filters(flt)
    query = text(
        f"SELECT cx, cy, country, region, {_CELL_SUMS} FROM map_cells "
        "WHERE level = :level AND family = :family AND cx IN :columns "
        f"AND cy BETWEEN :y0 AND :y1{clause} GROUP BY cx, cy, country, region"
    ).bindparams(bindparam("columns", expanding=True))
    params |= {"level": level, "family": _family(flt, level), "columns": columns,
               "y0": y0, "y1": y1}  # fmt: skip
    cells: dict[tuple[int, int], Cell] = {}
    for row in conn.execute(query, params):
        key = (int(row[0]), int(row[1]))
        cells.setdefault(key, Cell(*key)).add(row)
    return cells


def _direct_cells(
    conn: Connection, boxes: Sequence[BBox], level: int, flt: MapFilter
) -> dict[tuple[int, int], Cell]:
    """Cells at a level finer than MAX_LEVEL, summed from the points of the view."""
    shift = GRID_BITS - level
    clause, params = _filters(flt)
    cells: dict[tuple[int, int], Cell] = {}
    for min_lon, min_lat, max_lon, max_lat in boxes:
        x0, y0 = grid_xy(max_lat, min_lon)
        x1, y1 = grid_xy(min_lat, max_lon)
        query = text(
            f"SELECT x >> {shift}, y >> {shift}, country, region, count(*), sum(lat_e6), "
            "sum(lon_e6), sum(pk), min(lat_e6), min(lon_e6), max(lat_e6), max(lon_e6) "
            "FROM map_points WHERE cx16 IN :columns AND y BETWEEN :y0 AND :y1 "
            f"AND x BETWEEN :x0 AND :x1{clause} "
            f"GROUP BY x >> {shift}, y >> {shift}, country, region"
        ).bindparams(bindparam("columns", expanding=True))
        step = GRID_BITS - MAX_LEVEL
        columns = list(range(x0 >> step, (x1 >> step) + 1))
        bound = params | {"columns": columns, "x0": x0, "x1": x1, "y0": y0, "y1": y1}
        for row in conn.execute(query, bound):
            key = (int(row[0]), int(row[1]))
            cells.setdefault(key, Cell(*key)).add(row)
    return cells


def _inside(boxes: Sequence[BBox], lat: float, lon: float) -> bool:
    return any(w <= lon <= e and s <= lat <= n for w, s, e, n in boxes)


def _markers(conn: Connection, pks: list[int], lang: str | None) -> dict[int, dict[str, Any]]:
    if not pks:
        return {}
    rows = conn.execute(
        select(
            memorials.c.pk, memorials.c.id, memorials.c.name, memorials.c.names,
            memorials.c.kind, memorials.c.lat, memorials.c.lon, map_points.c.names,
        )
        .select_from(memorials.join(map_points, map_points.c.pk == memorials.c.pk))
        .where(memorials.c.pk.in_(bindparam("pks", expanding=True))),
        {"pks": pks},
    ).all()  # fmt: skip
    out = {}
    for pk, memorial_id, name, names, kind, lat, lon, count in rows:
        if isinstance(names, str):
            names = json.loads(names)
        shown = (names or {}).get(lang) if lang else None
        out[pk] = {"id": memorial_id, "name": shown or name, "kind": kind,
                   "lat": round(lat, 6), "lon": round(lon, 6), "names": int(count)}  # fmt: skip
    return out


def map_view(
    conn: Connection,
    boxes: Sequence[BBox],
    zoom: int,
    flt: MapFilter,
    lang: str | None = None,
) -> MapView:
    """The clusters and single memorials of a view, each cluster with its count, centre,
    bounds and main region; only those whose centre lies in the view."""
    level = _level_for(boxes, zoom)
    exact = True
    if level <= MAX_LEVEL:
        cells = _stored_cells(conn, boxes, level, flt)
    else:
        coarse = _stored_cells(conn, boxes, MAX_LEVEL, flt)
        if sum(c.n for c in coarse.values()) <= DIRECT_LIMIT:
            cells = _direct_cells(conn, boxes, level, flt)
        else:
            cells, level, exact = coarse, MAX_LEVEL, False
    shown = [c for c in cells.values() if c.n > 0 and _inside(boxes, c.lat, c.lon)]
    singles = _markers(conn, [c.pk_sum for c in shown if c.n == 1], lang)
    clusters, markers = [], []
    for cell in sorted(shown, key=lambda c: (-c.n, c.cy, c.cx)):
        if cell.n == 1 and cell.pk_sum in singles:
            markers.append(singles[cell.pk_sum])
            continue
        region = max(cell.regions.items(), key=lambda item: (item[1], item[0]))[0]
        s, w, n, e = (round(v / 1e6, 5) for v in cell.bounds)
        clusters.append({"lat": round(cell.lat, 5), "lon": round(cell.lon, 5), "count": cell.n,
                         "bounds": [s, w, n, e], "region": region,
                         "regions": len(cell.regions)})  # fmt: skip
    markers.sort(key=lambda m: (m["name"], m["id"]))
    total = sum(c.n for c in shown)
    return MapView(zoom, level, total, clusters, markers, exact)


def map_facets(conn: Connection) -> dict[str, dict[str, int]]:
    """How many located memorials each value of each filter has, for the map's filter
    lists: one GROUP BY per dimension over level 0 of the index (a few thousand rows)."""
    facets: dict[str, dict[str, int]] = {d: {} for d in MAP_DIMENSIONS}
    for family, kept in FAMILIES.items():
        if not family:
            continue
        for dimension in kept if family == 1 else kept[-1:]:
            rows = conn.execute(
                text(
                    f"SELECT {dimension}, sum(n) FROM map_cells WHERE level = 0 "
                    f"AND family = {family} GROUP BY {dimension}"
                )
            ).all()
            facets[dimension] = {value: int(n) for value, n in rows if value and n}
    return facets


def map_extent(conn: Connection) -> list[float] | None:
    """[south, west, north, east] holding every located memorial, its longitudes made
    continuous across the widest empty stretch of meridians (Chukotka stays beside
    Kamchatka); None for an empty map. Read from the 256 cells of level 4 at most."""
    rows = conn.execute(
        text(
            "SELECT min(min_lat), min(min_lon), max(max_lat), max(max_lon) FROM map_cells "
            "WHERE level = 4 AND family = 1 GROUP BY cx"
        )
    ).all()
    if not rows:
        return None
    south = min(r[0] for r in rows) / 1e6
    north = max(r[2] for r in rows) / 1e6
    spans = sorted((r[1] / 1e6, r[3] / 1e6) for r in rows)
    # The widest gap between the columns' spans, the one round the back of the globe included.
    gap, west, east = (
        spans[0][0] + 360 - max(s[1] for s in spans),
        spans[0][0],
        max(s[1] for s in spans),
    )
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach > gap:
            gap, west, east = start - reach, start, reach + 360
        reach = max(reach, end)
    return [round(south, 4), round(west, 4), round(north, 4), round(east, 4)]
