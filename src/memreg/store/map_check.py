"""`memreg check` for the map's index: every derived row agrees with the rows it comes from.

map_points against the memorials and their live names; level MAX_LEVEL of map_cells against
map_points; each coarser level against the one below; each family against family 0 of its
level; map_places against map_points. `memreg reindex` repairs whatever this finds.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from memreg.store.map_index import ANY, FAMILIES, FAMILY_LEVEL, GRID_BITS, MAX_LEVEL, grid_xy
from memreg.store.schema import MAP_DIMENSIONS

_DIMS = ", ".join(MAP_DIMENSIONS)
_KEY_SUMS = "n, lat_sum, lon_sum, pk_sum"


def _stored(level: int, family: int) -> str:
    return (
        f"SELECT level, family, cx, cy, {_DIMS}, {_KEY_SUMS} FROM map_cells "
        f"WHERE level = {level} AND family = {family}"
    )


def _expected(level: int, family: int) -> str:
    if level == MAX_LEVEL and family == 0:
        shift = GRID_BITS - MAX_LEVEL
        return (
            f"SELECT {level}, 0, x >> {shift}, y >> {shift}, {_DIMS}, count(*), sum(lat_e6), "
            f"sum(lon_e6), sum(pk) FROM map_points "
            f"GROUP BY x >> {shift}, y >> {shift}, {_DIMS}"
        )
    sums = "sum(n), sum(lat_sum), sum(lon_sum), sum(pk_sum)"
    if family == 0:
        return (
            f"SELECT {level}, 0, cx / 2, cy / 2, {_DIMS}, {sums} FROM map_cells "
            f"WHERE level = {level + 1} AND family = 0 GROUP BY cx / 2, cy / 2, {_DIMS}"
        )
    kept = FAMILIES[family]
    dims = ", ".join(d if d in kept else f"'{ANY}'" for d in MAP_DIMENSIONS)
    return (
        f"SELECT {level}, {family}, cx, cy, {dims}, {sums} FROM map_cells "
        f"WHERE level = {level} AND family = 0 GROUP BY cx, cy, {', '.join(kept)}"
    )


def _differences(conn: Connection, one: str, other: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM ({one} EXCEPT {other}) d")).scalar_one())


def _cell_problems(conn: Connection) -> list[str]:
    problems = []
    for level in range(MAX_LEVEL, -1, -1):
        for family in FAMILIES:
            if family and level > FAMILY_LEVEL:
                continue
            expected, stored = _expected(level, family), _stored(level, family)
            missing = _differences(conn, expected, stored)
            extra = _differences(conn, stored, expected)
            if missing or extra:
                problems.append(
                    f"map index: level {level} family {family} has {extra} wrong or extra "
                    f"cell(s) and lacks {missing} (run memreg reindex)"
                )
    loose = conn.execute(
        text(
            "SELECT count(*) FROM map_points p JOIN map_cells c ON c.level = :level "
            f"AND c.family = 0 AND c.cx = p.x >> {GRID_BITS - MAX_LEVEL} "
            f"AND c.cy = p.y >> {GRID_BITS - MAX_LEVEL} "
            + "".join(f"AND c.{d} = p.{d} " for d in MAP_DIMENSIONS)
            + "WHERE p.lat_e6 < c.min_lat OR p.lat_e6 > c.max_lat "
            "OR p.lon_e6 < c.min_lon OR p.lon_e6 > c.max_lon"
        ),
        {"level": MAX_LEVEL},
    ).scalar_one()
    if loose:
        problems.append(f"map index: {loose} point(s) lie outside their cell's bounds")
    return problems


def _point_problems(conn: Connection) -> list[str]:
    problems = []
    live = (
        "m.lat IS NOT NULL AND m.lon IS NOT NULL AND m.retired_at IS NULL "
        "AND m.merged_into_pk IS NULL"
    )
    unindexed = conn.execute(
        text(
            f"SELECT count(*) FROM memorials m WHERE {live} "
            "AND NOT EXISTS (SELECT 1 FROM map_points p WHERE p.pk = m.pk)"
        )
    ).scalar_one()
    if unindexed:
        problems.append(f"map index: {unindexed} located memorial(s) are not on the map")
    stale = conn.execute(
        text(
            "SELECT count(*) FROM map_points p LEFT JOIN memorials m ON m.pk = p.pk "
            f"WHERE m.pk IS NULL OR NOT ({live}) OR p.kind <> m.kind OR p.status <> m.status "
            "OR p.country <> m.country OR p.region <> coalesce(m.region, '') "
            "OR abs(p.lat_e6 - m.lat * 1000000) > 1 OR abs(p.lon_e6 - m.lon * 1000000) > 1"
        )
    ).scalar_one()
    if stale:
        problems.append(f"map index: {stale} point(s) disagree with their memorial")
    names = conn.execute(
        text(
            "SELECT count(*) FROM map_points p LEFT JOIN (SELECT l.memorial_pk AS pk, "
            "count(DISTINCT l.person_pk) AS n FROM person_memorials l JOIN persons s "
            "ON s.pk = l.person_pk WHERE s.retired_at IS NULL GROUP BY l.memorial_pk) c "
            "ON c.pk = p.pk WHERE p.names <> coalesce(c.n, 0) "
            "OR p.has_names <> CASE WHEN coalesce(c.n, 0) > 0 THEN 'yes' ELSE 'no' END"
        )
    ).scalar_one()
    if names:
        problems.append(f"map index: {names} point(s) have a wrong count of names")
    sample = conn.execute(text("SELECT x, y, lat_e6, lon_e6 FROM map_points LIMIT 1000")).all()
    misplaced = 0
    for x, y, lat, lon in sample:  # microdegrees may round across a cell's edge: one cell
        gx, gy = grid_xy(lat / 1e6, lon / 1e6)
        misplaced += abs(gx - x) > 1 or abs(gy - y) > 1
    if misplaced:
        problems.append(f"map index: {misplaced} point(s) sit in the wrong grid cell")
    return problems


def _place_problems(conn: Connection) -> list[str]:
    expected = (
        "SELECT country, region, settlement, count(*), sum(lat_e6), sum(lon_e6) "
        "FROM map_points WHERE settlement <> '' GROUP BY country, region, settlement"
    )
    stored = "SELECT country, region, settlement, n, lat_sum, lon_sum FROM map_places"
    wrong = _differences(conn, expected, stored) + _differences(conn, stored, expected)
    return [f"map index: {wrong} settlement count(s) are wrong"] if wrong else []


def map_index_problems(conn: Connection) -> list[str]:
    return [*_point_problems(conn), *_cell_problems(conn), *_place_problems(conn)]
