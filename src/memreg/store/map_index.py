"""The map's index, kept current inside every write's unit of work.

Each live, located memorial has a row in `map_points` (its place on the Web Mercator grid
and the values the map filters by). `map_cells` counts those points per grid cell for every
zoom level from 0 to MAX_LEVEL, with the sums that give each cluster's centre and the bounds
to zoom into; `map_places` counts them per settlement. A map view reads a few hundred cells,
whatever the size of the register.

Every change goes the same way, set-based: the old points of the memorials concerned go into
a scratch table with sign -1 and their new points with sign +1; the scratch points are summed
into cells at the finest level, each coarser level is summed from the one below, and the
result is added to `map_cells` and `map_places` in one statement each. Cells left empty are
deleted. The same path serves one edit and an import of a million memorials.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text

from memreg.domain.folding import fold
from memreg.store.backend import Backend
from memreg.store.schema import (
    MAP_DIMENSIONS,
    inspections,
    map_cells,
    map_places,
    map_points,
    memorials,
)

GRID_BITS = 24  # map_points.x and .y: cells of the grid at level 24
MAX_LEVEL = 16  # finest level kept in map_cells
FAMILY_LEVEL = 10  # levels 0..10 also keep the families that roll dimensions up
ANY = "*"
MAX_LAT = 85.0511287798  # Web Mercator's edge
CHUNK = 5000
RANGE_CHUNK = 100_000
FEW = 50  # up to this many memorials, the sums are made in Python

# Family 0 keeps every dimension. The others keep country and region and at most one more,
# so that a view with no filter, or with one, reads one row per cell and region.
FAMILIES: dict[int, tuple[str, ...]] = {
    0: MAP_DIMENSIONS,
    1: ("country", "region"),
    2: ("country", "region", "kind"),
    3: ("country", "region", "status"),
    4: ("country", "region", "has_names"),
    5: ("country", "region", "conflict"),
    6: ("country", "region", "condition"),
}
_DIMS = ", ".join(MAP_DIMENSIONS)
_POINT_COLUMNS = ("pk", "x", "y", "cx16", "lat_e6", "lon_e6", "names", *MAP_DIMENSIONS,
                  "settlement")  # fmt: skip


def grid_xy(lat: float, lon: float, bits: int = GRID_BITS) -> tuple[int, int]:
    """The Web Mercator cell (x from the antimeridian eastwards, y from the north) at 2**bits."""
    size = 1 << bits
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    sin = math.sin(math.radians(lat))
    x = int((lon + 180.0) / 360.0 * size)
    y = int((0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size)
    return min(max(x, 0), size - 1), min(max(y, 0), size - 1)


def _chunks(values: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- what a memorial looks like on the map ---------------------------------------------------


# Which memorials a change concerns: a range of keys, or the keys in map_scratch_keys.
Selection = tuple[str, dict[str, Any]]  # SQL with {key} for the column, and its parameters


def _where(selection: Selection, column: str) -> str:
    return selection[0].format(key=column)


def _name_counts(conn: Connection, selection: Selection) -> dict[int, int]:
    """Live persons linked to each memorial (a person linked twice counts once)."""
    query = text(
        "SELECT l.memorial_pk, count(DISTINCT l.person_pk) FROM person_memorials l "
        "JOIN persons p ON p.pk = l.person_pk "
        f"WHERE {_where(selection, 'l.memorial_pk')} AND p.retired_at IS NULL "
        "GROUP BY l.memorial_pk"
    )
    return {pk: int(n) for pk, n in conn.execute(query, selection[1])}


def _conditions(conn: Connection, selection: Selection) -> dict[int, str]:
    """The condition found by each memorial's latest inspection."""
    query = text(
        "SELECT memorial_pk, condition FROM inspections "
        f"WHERE {_where(selection, 'memorial_pk')} AND retired_at IS NULL "
        "ORDER BY memorial_pk, inspected_on, pk"
    )
    return {pk: condition for pk, condition in conn.execute(query, selection[1])}


def _points(
    conn: Connection, selection: Selection, names: Mapping[int, int] | None = None
) -> list[tuple[Any, ...]]:
    """map_points rows, in _POINT_COLUMNS order, of the selected live located memorials;
    `names` their live persons when the caller knows them (else they are counted)."""
    rows = conn.execute(
        text(
            "SELECT pk, lat, lon, kind, status, country, region, commemorates, settlement "
            f"FROM memorials WHERE {_where(selection, 'pk')} AND lat IS NOT NULL "
            "AND lon IS NOT NULL AND retired_at IS NULL AND merged_into_pk IS NULL"
        ),
        selection[1],
    ).all()
    if not rows:
        return []
    if names is None:
        names = _name_counts(conn, selection)
    conditions = _conditions(conn, selection) if _has_inspections(conn) else {}
    points = []
    for pk, lat, lon, kind, status, country, region, conflict, settlement in rows:
        x, y = grid_xy(lat, lon)
        count = names.get(pk, 0)
        points.append((
            pk, x, y, x >> (GRID_BITS - MAX_LEVEL), round(lat * 1e6), round(lon * 1e6), count,
            kind, status, "yes" if count else "no", country, region or "",
            (conflict or "").strip()[:100], conditions.get(pk, ""), (settlement or "").strip(),
        ))  # fmt: skip
    return points


def _has_inspections(conn: Connection) -> bool:
    return conn.execute(select(inspections.c.pk).limit(1)).first() is not None


# --- the scratch tables and the one way of applying a change ---------------------------------

_SCRATCH_POINTS = f"""CREATE TEMPORARY TABLE IF NOT EXISTS map_scratch_points (
    sign INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, lat INTEGER NOT NULL,
    lon INTEGER NOT NULL, pk BIGINT NOT NULL, {
    ", ".join(f"{d} TEXT NOT NULL" for d in MAP_DIMENSIONS)
}, settlement TEXT NOT NULL){{suffix}}"""
_SCRATCH_CELLS = f"""CREATE TEMPORARY TABLE IF NOT EXISTS map_scratch_cells (
    level INTEGER NOT NULL, family INTEGER NOT NULL, cx INTEGER NOT NULL, cy INTEGER NOT NULL,
    {", ".join(f"{d} TEXT NOT NULL" for d in MAP_DIMENSIONS)}, n BIGINT NOT NULL,
    lat_sum BIGINT NOT NULL, lon_sum BIGINT NOT NULL, pk_sum BIGINT NOT NULL,
    min_lat INTEGER, min_lon INTEGER, max_lat INTEGER, max_lon INTEGER){{suffix}}"""
_SUMS = "sum(n), sum(lat_sum), sum(lon_sum), sum(pk_sum), min(min_lat), min(min_lon), " \
    "max(max_lat), max(max_lon)"  # fmt: skip
_FINEST = f"""INSERT INTO map_scratch_cells
SELECT {MAX_LEVEL}, 0, x >> {GRID_BITS - MAX_LEVEL}, y >> {GRID_BITS - MAX_LEVEL}, {_DIMS},
    sum(sign), sum(sign * lat), sum(sign * lon), sum(sign * pk),
    min(CASE WHEN sign > 0 THEN lat END), min(CASE WHEN sign > 0 THEN lon END),
    max(CASE WHEN sign > 0 THEN lat END), max(CASE WHEN sign > 0 THEN lon END)
FROM map_scratch_points
GROUP BY x >> {GRID_BITS - MAX_LEVEL}, y >> {GRID_BITS - MAX_LEVEL}, {_DIMS}"""
_COARSER = f"""INSERT INTO map_scratch_cells
SELECT :level, 0, cx / 2, cy / 2, {_DIMS}, {_SUMS}
FROM map_scratch_cells WHERE level = :finer AND family = 0
GROUP BY cx / 2, cy / 2, {_DIMS}"""
_CELL_COLUMNS = f"level, family, cx, cy, {_DIMS}, n, lat_sum, lon_sum, pk_sum, min_lat, " \
    "min_lon, max_lat, max_lon"  # fmt: skip
_ADD_TO_CELL = f"""ON CONFLICT (level, family, cx, cy, {_DIMS}) DO UPDATE SET
    n = map_cells.n + excluded.n,
    lat_sum = map_cells.lat_sum + excluded.lat_sum,
    lon_sum = map_cells.lon_sum + excluded.lon_sum,
    pk_sum = map_cells.pk_sum + excluded.pk_sum,
    {", ".join(
        f"{b} = CASE WHEN excluded.{b} IS NULL OR excluded.{b} {op} map_cells.{b} "
        f"THEN map_cells.{b} ELSE excluded.{b} END"
        for b, op in (("min_lat", ">"), ("min_lon", ">"), ("max_lat", "<"), ("max_lon", "<"))
    )}"""  # fmt: skip
_MERGE_CELLS = f"""INSERT INTO map_cells ({_CELL_COLUMNS})
SELECT {_CELL_COLUMNS} FROM map_scratch_cells
WHERE n <> 0 OR lat_sum <> 0 OR lon_sum <> 0 OR pk_sum <> 0
ORDER BY level, family, cx, cy, {_DIMS}
{_ADD_TO_CELL}"""
_MERGE_CELL_VALUES = f"""INSERT INTO map_cells ({_CELL_COLUMNS})
VALUES ({", ".join(":" + c.strip() for c in _CELL_COLUMNS.split(","))})
{_ADD_TO_CELL}"""
_DROP_EMPTY_CELL = f"""DELETE FROM map_cells WHERE n = 0 AND level = :level AND family = :family
    AND cx = :cx AND cy = :cy{"".join(f" AND {d} = :{d}" for d in MAP_DIMENSIONS)}"""
# One key per cell that lost points (the scratch holds a row per point and level).
_DROP_EMPTY_CELLS = f"""DELETE FROM map_cells WHERE n = 0 AND (level, family, cx, cy, {_DIMS}) IN
    (SELECT DISTINCT level, family, cx, cy, {_DIMS} FROM map_scratch_cells WHERE n < 0)"""
_MERGE_PLACES = """INSERT INTO map_places (country, region, settlement, folded, n, lat_sum, lon_sum)
VALUES (:country, :region, :settlement, :folded, :n, :lat_sum, :lon_sum)
ON CONFLICT (country, region, settlement) DO UPDATE SET
    n = map_places.n + excluded.n,
    lat_sum = map_places.lat_sum + excluded.lat_sum,
    lon_sum = map_places.lon_sum + excluded.lon_sum"""


def _family_select(level: int, family: int) -> str:
    kept = FAMILIES[family]
    dims = ", ".join(d if d in kept else f"'{ANY}'" for d in MAP_DIMENSIONS)
    return f"""INSERT INTO map_scratch_cells
SELECT {level}, {family}, cx, cy, {dims}, {_SUMS}
FROM map_scratch_cells WHERE level = {level} AND family = 0
GROUP BY cx, cy, {", ".join(kept)}"""


def _open_scratch(conn: Connection) -> None:
    suffix = " ON COMMIT DELETE ROWS" if conn.dialect.name == "postgresql" else ""
    conn.execute(text(_SCRATCH_POINTS.format(suffix=suffix)))
    conn.execute(text(_SCRATCH_CELLS.format(suffix=suffix)))
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_map_scratch_cells_level "
            "ON map_scratch_cells (level, family)"
        )
    )
    conn.execute(
        text(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS map_scratch_keys (pk BIGINT PRIMARY KEY){suffix}"
        )
    )
    conn.execute(text("DELETE FROM map_scratch_points"))
    conn.execute(text("DELETE FROM map_scratch_cells"))


def _scratch_from_index(conn: Connection, sign: int, where: str, params: dict[str, Any]) -> None:
    conn.execute(
        text(
            f"INSERT INTO map_scratch_points (sign, x, y, lat, lon, pk, {_DIMS}, settlement) "
            f"SELECT {sign}, x, y, lat_e6, lon_e6, pk, {_DIMS}, settlement FROM map_points "
            f"WHERE {where}"
        ),
        params,
    )


def _apply_scratch(conn: Connection) -> None:
    """Add the signed scratch points to map_cells and map_places."""
    conn.execute(text(_FINEST))
    for level in range(MAX_LEVEL - 1, -1, -1):
        conn.execute(text(_COARSER), {"level": level, "finer": level + 1})
    for level in range(FAMILY_LEVEL + 1):
        for family in FAMILIES:
            if family:
                conn.execute(text(_family_select(level, family)))
    conn.execute(text(_MERGE_CELLS))
    conn.execute(text(_DROP_EMPTY_CELLS))


_PLACE_SUMS = """SELECT country, region, settlement, sum(sign), sum(sign * lat), sum(sign * lon)
FROM map_scratch_points WHERE settlement <> '' GROUP BY country, region, settlement"""


def _apply_places(conn: Connection) -> None:
    """Add the scratch points' signed counts and sums to their settlements in map_places."""
    _apply_place_changes(conn, [tuple(row) for row in conn.execute(text(_PLACE_SUMS))])


def _apply_place_changes(conn: Connection, sums: Sequence[Sequence[Any]]) -> None:
    changes = [
        {"country": c, "region": r, "settlement": s, "folded": fold(s), "n": int(n),
         "lat_sum": int(lat), "lon_sum": int(lon)}
        for c, r, s, n, lat, lon in sums
        if n or lat or lon
    ]  # fmt: skip
    if not changes:
        return
    conn.execute(text(_MERGE_PLACES), changes)
    emptied = [c for c in changes if c["n"] < 0]
    if emptied:
        conn.execute(
            delete(map_places).where(
                map_places.c.n == 0,
                map_places.c.country == bindparam("country"),
                map_places.c.region == bindparam("region"),
                map_places.c.settlement == bindparam("settlement"),
            ),
            [{"country": c["country"], "region": c["region"], "settlement": c["settlement"]}
             for c in emptied],
        )  # fmt: skip


def _replace(
    conn: Connection, backend: Backend, selection: Selection, names: Mapping[int, int] | None
) -> None:
    """Swap the indexed points of the selected memorials for what they are now, in SQL."""
    new = _points(conn, selection, names)
    where, params = _where(selection, "pk"), selection[1]
    _scratch_from_index(conn, -1, where, params)
    conn.execute(text(f"DELETE FROM map_points WHERE {where}"), params)
    backend.bulk_insert(conn, map_points, _POINT_COLUMNS, new)
    _scratch_from_index(conn, +1, where, params)
    _apply_scratch(conn)
    _apply_places(conn)


def _cell_deltas(
    old: list[tuple[Any, ...]], new: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], list[Any]]:
    """What _apply_scratch adds, computed here: for a few points, cheaper than 90 queries."""
    deltas: dict[tuple[Any, ...], list[Any]] = {}
    for sign, points in ((-1, old), (1, new)):
        for point in points:
            pk, x, y, lat, lon, dims = point[0], point[1], point[2], point[4], point[5], point[7:14]
            rolled = {
                family: tuple(
                    v if d in kept else ANY for d, v in zip(MAP_DIMENSIONS, dims, strict=True)
                )
                for family, kept in FAMILIES.items()
            }
            for level in range(MAX_LEVEL + 1):
                shift = GRID_BITS - level
                for family, values in rolled.items():
                    if family and level > FAMILY_LEVEL:
                        continue
                    key = (level, family, x >> shift, y >> shift, *values)
                    delta = deltas.setdefault(key, [0, 0, 0, 0, None, None, None, None])
                    delta[0] += sign
                    delta[1] += sign * lat
                    delta[2] += sign * lon
                    delta[3] += sign * pk
                    if sign > 0:
                        delta[4] = lat if delta[4] is None else min(delta[4], lat)
                        delta[5] = lon if delta[5] is None else min(delta[5], lon)
                        delta[6] = lat if delta[6] is None else max(delta[6], lat)
                        delta[7] = lon if delta[7] is None else max(delta[7], lon)
    return deltas


def _replace_few(conn: Connection, pks: Sequence[int], names: Mapping[int, int] | None) -> None:
    """_replace for a handful of memorials, summed here and written in three statements."""
    marks = ", ".join(f":k{i}" for i in range(len(pks)))
    selection = ("{key} IN (" + marks + ")", {f"k{i}": pk for i, pk in enumerate(pks)})
    columns = ", ".join(_POINT_COLUMNS)
    old = [
        tuple(row)
        for row in conn.execute(
            text(f"SELECT {columns} FROM map_points WHERE {_where(selection, 'pk')}"),
            selection[1],
        )
    ]
    new = _points(conn, selection, names)
    conn.execute(text(f"DELETE FROM map_points WHERE {_where(selection, 'pk')}"), selection[1])
    if new:
        conn.execute(insert(map_points), [dict(zip(_POINT_COLUMNS, p, strict=True)) for p in new])
    keys = ["level", "family", "cx", "cy", *MAP_DIMENSIONS]
    sums = ["n", "lat_sum", "lon_sum", "pk_sum", "min_lat", "min_lon", "max_lat", "max_lon"]
    changes = [
        dict(zip(keys, key, strict=True)) | dict(zip(sums, delta, strict=True))
        for key, delta in sorted(_cell_deltas(old, new).items())
        if any(v for v in delta[:4]) or delta[4] is not None
    ]
    if changes:
        conn.execute(text(_MERGE_CELL_VALUES), changes)
    emptied = [{k: c[k] for k in keys} for c in changes if c["n"] < 0]
    if emptied:
        conn.execute(text(_DROP_EMPTY_CELL), emptied)
    _apply_place_changes(conn, _place_deltas(old, new))


def _place_deltas(
    old: list[tuple[Any, ...]], new: list[tuple[Any, ...]]
) -> list[tuple[str, str, str, int, int, int]]:
    deltas: dict[tuple[str, str, str], list[int]] = {}
    for sign, points in ((-1, old), (1, new)):
        for p in points:
            if p[14]:
                delta = deltas.setdefault((p[10], p[11], p[14]), [0, 0, 0])
                delta[0] += sign
                delta[1] += sign * p[4]
                delta[2] += sign * p[5]
    return [(*key, *delta) for key, delta in sorted(deltas.items())]  # type: ignore[misc]


# --- what services call ----------------------------------------------------------------------


def reindex_memorials(
    conn: Connection,
    pks: Iterable[int],
    backend: Backend | None = None,
    names: Mapping[int, int] | None = None,
) -> None:
    """Bring the map up to date for these memorials: created, changed, moved or retired.

    `backend` makes the inserts of many points fast; single writes need none. `names`, when
    given, holds each memorial's live persons (just counted by the caller)."""
    wanted = sorted(set(pks))
    if len(wanted) <= FEW or backend is None:
        for chunk in _chunks(wanted, FEW):
            _replace_few(conn, chunk, names)
        return
    for chunk in _chunks(wanted, RANGE_CHUNK):
        _open_scratch(conn)
        conn.execute(text("DELETE FROM map_scratch_keys"))
        conn.execute(text("INSERT INTO map_scratch_keys (pk) VALUES (:pk)"),
                     [{"pk": pk} for pk in chunk])  # fmt: skip
        _replace(conn, backend, ("{key} IN (SELECT pk FROM map_scratch_keys)", {}), names)


def reindex_memorial_range(conn: Connection, backend: Backend, first: int, last: int) -> None:
    """reindex_memorials for the keys first..last (an import's new memorials)."""
    for start in range(first, last + 1, RANGE_CHUNK):
        _open_scratch(conn)
        params = {"first": start, "last": min(last, start + RANGE_CHUNK - 1)}
        _replace(conn, backend, ("{key} BETWEEN :first AND :last", params), None)


def refresh_names(
    conn: Connection, memorial_pks: Iterable[int], backend: Backend | None = None
) -> None:
    """Recount the live names of these memorials; those gaining their first name or losing
    their last one move between the map's "has names" and "no names" counts."""
    flipped: dict[int, int] = {}
    for chunk in _chunks(sorted(set(memorial_pks))):
        marks = ", ".join(f":k{i}" for i in range(len(chunk)))
        counts = _name_counts(
            conn, ("{key} IN (" + marks + ")", {f"k{i}": pk for i, pk in enumerate(chunk)})
        )
        for pk in _set_names(conn, counts, _indexed_names(conn, chunk)):
            flipped[pk] = counts.get(pk, 0)
    if flipped:
        reindex_memorials(conn, flipped, backend, flipped)


def add_names(conn: Connection, added: Mapping[int, int], backend: Backend | None = None) -> None:
    """refresh_names when the change is known: these memorials gained so many live persons
    who had no link to them before (an import's new persons). No count over their links:
    at millions of links that count reads every person of every memorial again."""
    flipped: dict[int, int] = {}
    for chunk in _chunks(sorted(added)):
        indexed = _indexed_names(conn, chunk)
        counts = {pk: names + added[pk] for pk, names in indexed}
        for pk in _set_names(conn, counts, indexed):
            flipped[pk] = counts[pk]
    if flipped:
        reindex_memorials(conn, flipped, backend, flipped)


def _indexed_names(conn: Connection, pks: Sequence[int]) -> list[tuple[int, int]]:
    rows = conn.execute(
        select(map_points.c.pk, map_points.c.names).where(
            map_points.c.pk.in_(bindparam("pks", expanding=True))
        ),
        {"pks": list(pks)},
    )
    return [(pk, names) for pk, names in rows]


def _set_names(
    conn: Connection, counts: Mapping[int, int], indexed: list[tuple[int, int]]
) -> list[int]:
    """Write the new counts of indexed points; return those that gained their first name or
    lost their last one."""
    changed = [(pk, counts.get(pk, 0)) for pk, names in indexed if counts.get(pk, 0) != names]
    if changed:
        conn.execute(
            map_points.update()
            .where(map_points.c.pk == bindparam("key"))
            .values(names=bindparam("count")),
            [{"key": pk, "count": count} for pk, count in changed],
        )
    return [pk for pk, names in indexed if bool(counts.get(pk, 0)) != bool(names)]


def rebuild_map_index(conn: Connection, backend: Backend) -> int:
    """Empty the map's index and build it again from the memorials; return the points."""
    conn.execute(delete(map_cells))
    conn.execute(delete(map_places))
    conn.execute(delete(map_points))
    last = conn.execute(select(func.max(memorials.c.pk))).scalar()
    if last:
        reindex_memorial_range(conn, backend, 1, int(last))
    return int(conn.execute(select(func.count()).select_from(map_points)).scalar_one())
