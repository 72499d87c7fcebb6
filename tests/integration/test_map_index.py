"""The map's index on both backends: every answer equals a naive count of the memorials, after
edits, moves, retirements, imports and person links; `memreg check` agrees; a rebuild gives
the same rows as the incremental upkeep."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.services.register import check, reindex
from memreg.store.engine import Store
from memreg.store.map_index import grid_xy
from memreg.store.map_queries import MapFilter, map_view
from memreg.store.schema import map_cells, map_places
from tests.conftest import WriteCsv

WORLD = ((-180.0, -85.0, 180.0, 85.0),)
KINDS = ["mass_grave", "obelisk", "monument", "plaque"]
STATUSES = ["standing", "damaged", "lost"]


def _naive(store: Store, boxes: Any, level: int, **filters: str) -> dict[tuple[int, int], int]:
    """Counts per grid cell straight from the memorials and their live names."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT m.pk, m.lat, m.lon, m.kind, m.status, m.country, coalesce(m.region, ''), "
                "(SELECT count(*) FROM person_memorials l JOIN persons p ON p.pk = l.person_pk "
                "WHERE l.memorial_pk = m.pk AND p.retired_at IS NULL) FROM memorials m "
                "WHERE m.lat IS NOT NULL AND m.retired_at IS NULL"
            )
        ).all()
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for _, lat, lon, kind, status, country, region, names in rows:
        values = {"kind": kind, "status": status, "country": country, "region": region,
                  "has_names": "yes" if names else "no"}  # fmt: skip
        if any(values[k] != v for k, v in filters.items()):
            continue
        cells.setdefault(grid_xy(lat, lon, level), []).append((lat, lon))
    out = {}
    for key, points in cells.items():
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        if any(w <= lon <= e and s <= lat <= n for w, s, e, n in boxes):
            out[key] = len(points)
    return out


def _answer(store: Store, boxes: Any, zoom: int, **filters: str) -> dict[tuple[int, int], int]:
    with store.engine.connect() as conn:
        view = map_view(conn, boxes, zoom, MapFilter(**filters))
    level = view.level
    got: dict[tuple[int, int], int] = {}
    for item in view.clusters + view.markers:
        count = item.get("count", 1)
        # A cluster's mean lies inside its own cell: the cell is found from it.
        got[grid_xy(item["lat"], item["lon"], level)] = count
    assert view.total == sum(got.values())
    return got


def _assert_matches_naive(store: Store, zoom: int, boxes: Any = WORLD, **filters: str) -> None:
    with store.engine.connect() as conn:
        level = map_view(conn, boxes, zoom, MapFilter(**filters)).level
    assert _answer(store, boxes, zoom, **filters) == _naive(store, boxes, level, **filters)


def _memorial(n: int, rng: random.Random) -> dict[str, Any]:
    country, region, lat, lon = rng.choice(
        [("BY", "BY-HM", 53.9, 27.56), ("BY", "BY-BR", 52.1, 23.7), ("RU", "RU-MOW", 55.75, 37.6),
         ("RU", "RU-CHU", 65.0, 179.9), ("RU", "RU-CHU", 66.0, -179.8)]
    )  # fmt: skip
    return {"id": f"M-{n}", "kind": rng.choice(KINDS), "name": f"Memorial {n}",
            "country": country, "region": region, "status": rng.choice(STATUSES),
            "lat": round(lat + rng.uniform(-0.3, 0.3), 6),
            "lon": max(-180, min(180, round(lon + rng.uniform(-0.3, 0.3), 6))),
            "settlement": rng.choice(["Minsk", "Мінск", "Брэст", "Moscow"])}  # fmt: skip


@pytest.fixture
def edited(store: Store) -> Store:
    """A register built by a random run of edits of every kind."""
    rng = random.Random(7)
    for n in range(40):
        create_memorial(store, "test", _memorial(n, rng))
    for n in range(30):
        create_person(store, "test", {"id": f"P-{n}", "surname": "Ivanov",
                                      "memorial_id": f"M-{rng.randrange(40)}"})  # fmt: skip
    for n in rng.sample(range(40), 10):  # moves, new kinds, new statuses
        new = _memorial(100 + n, rng)
        changes = {k: new[k] for k in ("lat", "lon", "kind", "status")}
        update_record(store, "test", "memorial", f"M-{n}", changes, None)
    for n in rng.sample(range(40), 5):
        retire_record(store, "test", "memorial", f"M-{n}", "duplicate")
    for n in rng.sample(range(30), 8):
        retire_record(store, "test", "person", f"P-{n}", "not buried here")
    return store


FILTERS: list[dict[str, str]] = [
    {}, {"kind": "obelisk"}, {"status": "standing"}, {"has_names": "yes"}, {"has_names": "no"},
    {"country": "BY"}, {"region": "RU-CHU"}, {"kind": "mass_grave", "status": "damaged"},
    {"country": "RU", "has_names": "yes", "kind": "plaque"},
]  # fmt: skip


def test_every_zoom_and_filter_counts_what_a_naive_scan_counts(edited: Store):
    for zoom in (0, 3, 6, 9, 12, 15, 18):
        for filters in FILTERS:
            _assert_matches_naive(edited, zoom, **filters)


def test_a_view_across_the_antimeridian_holds_both_sides(edited: Store):
    boxes = ((179.0, 60.0, 180.0, 70.0), (-180.0, 60.0, -179.0, 70.0))
    _assert_matches_naive(edited, 7, boxes)
    assert sum(_answer(edited, boxes, 7).values()) == sum(_naive(edited, boxes, 9).values()) > 0


def test_the_index_is_sound_and_a_rebuild_changes_nothing(edited: Store):
    assert check(edited) == []

    def rows() -> tuple[list[Any], list[Any]]:
        with edited.engine.connect() as conn:
            cells = conn.execute(select(map_cells).order_by(*map_cells.primary_key)).all()
            places = conn.execute(select(map_places).order_by(*map_places.primary_key)).all()
        # bounds may be wider after removals; counts and sums must be identical
        return [tuple(r)[:15] for r in cells], [tuple(r) for r in places]

    before = rows()
    rebuilt = reindex(edited)
    assert (rebuilt["map"], rebuilt["words"]) == (35, 35)
    assert rows() == before
    assert check(edited) == []


def test_imports_keep_the_index(store: Store, write_csv: WriteCsv):
    header = ["id", "kind", "name", "lat", "lon", "country", "region", "status", "settlement"]
    rows = [[f"I-{n}", KINDS[n % 4], f"Obelisk {n}", 50 + n / 100, 30 + n / 50, "UA", "UA-32",
             STATUSES[n % 3], f"Village {n % 7}"] for n in range(300)]  # fmt: skip
    import_csv(store, "test", "memorial", write_csv("m.csv", header, rows))
    rows[5][3], rows[6][7] = 45.0, "lost"  # a move and a new status on re-import
    import_csv(store, "test", "memorial", write_csv("m2.csv", header, rows))
    people = [[f"P-{n}", "Petrenko", f"I-{n % 40}"] for n in range(120)]
    import_csv(
        store, "test", "person", write_csv("p.csv", ["id", "surname", "memorial_id"], people)
    )
    assert check(store) == []
    for zoom in (1, 9, 16):
        _assert_matches_naive(store, zoom)
        _assert_matches_naive(store, zoom, has_names="yes")
    assert sum(_answer(store, WORLD, 3, has_names="yes").values()) == 40
    # Existing persons linked to more memorials beside new persons: counted both ways
    more = [[f"P-{n}", "Petrenko", f"I-{100 + n}"] for n in range(10)]
    more += [[f"P-{n}", "Petrenko", f"I-{n % 40}"] for n in range(10, 15)]  # links it has
    more += [[f"N-{n}", "Sydorenko", f"I-{20 + n}"] for n in range(30)]  # I-40..I-49 new
    import_csv(store, "test", "person", write_csv("p2.csv", ["id", "surname", "memorial_id"], more))
    assert check(store) == []
    for zoom in (1, 9, 16):
        _assert_matches_naive(store, zoom, has_names="yes")
        _assert_matches_naive(store, zoom, has_names="no")
    assert sum(_answer(store, WORLD, 3, has_names="yes").values()) == 60


def test_markers_carry_the_name_in_the_language_asked_and_the_count_of_names(store: Store):
    create_memorial(store, "test", {"id": "BY-1", "kind": "mass_grave", "name": "Брацкая магіла",
                                    "names": {"ru": "Братская могила", "en": "Mass grave"},
                                    "country": "BY", "lat": 53.9, "lon": 27.56})  # fmt: skip
    for n in range(3):
        create_person(store, "test", {"id": f"P-{n}", "surname": "Ivanov", "memorial_id": "BY-1"})
    with store.engine.connect() as conn:
        english = map_view(conn, WORLD, 5, MapFilter(), "en")
        unknown = map_view(conn, WORLD, 5, MapFilter(), "kk")
    assert english.clusters == []
    assert english.markers == [{"id": "BY-1", "name": "Mass grave", "kind": "mass_grave",
                                "lat": 53.9, "lon": 27.56, "names": 3}]  # fmt: skip
    assert unknown.markers[0]["name"] == "Брацкая магіла"


def test_a_cluster_gives_bounds_that_hold_its_memorials_and_its_main_region(store: Store):
    for n, (lat, lon, region) in enumerate([(53.8, 27.5, "BY-HM"), (53.95, 27.7, "BY-HM"),
                                            (54.0, 27.6, "BY-MI")]):  # fmt: skip
        create_memorial(store, "test", {"id": f"M-{n}", "kind": "obelisk", "name": f"O {n}",
                                        "country": "BY", "region": region, "lat": lat,
                                        "lon": lon})  # fmt: skip
    with store.engine.connect() as conn:
        view = map_view(conn, WORLD, 2, MapFilter())
    assert view.markers == []
    (cluster,) = view.clusters
    assert cluster["count"] == 3
    assert cluster["bounds"] == [53.8, 27.5, 54.0, 27.7]
    assert (cluster["region"], cluster["regions"]) == ("BY-HM", 2)
    assert cluster["lat"] == pytest.approx((53.8 + 53.95 + 54.0) / 3, abs=1e-5)


def test_a_huge_view_never_holds_more_than_the_cell_limit(store: Store, write_csv: WriteCsv):
    rows = [[f"G-{x}-{y}", "obelisk", "O", -60 + y * 2.4, -170 + x * 3.4, "RU"]
            for x in range(100) for y in range(50)]  # fmt: skip
    header = ["id", "kind", "name", "lat", "lon", "country"]
    import_csv(store, "test", "memorial", write_csv("grid.csv", header, rows))
    with store.engine.connect() as conn:
        view = map_view(conn, WORLD, 6, MapFilter())
    assert len(view.clusters) + len(view.markers) <= 600
    assert view.total == 5000


def test_the_api_answers_a_view_and_places_by_name_and_distance(store: Store, client: TestClient):
    rng = random.Random(3)
    for n in range(12):
        create_memorial(store, "test", _memorial(n, rng))
    answer = client.get("/api/map/clusters", params={"bbox": "-180,-85,180,85", "zoom": 3})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == 12 and body["exact"] is True
    places = client.get("/api/places", params={"q": "минск"}).json()["items"]
    assert [p["name"] for p in places][:2] in (["Minsk", "Мінск"], ["Мінск", "Minsk"])
    near = client.get("/api/places", params={"near": "52.1,23.7"}).json()["items"]
    assert near and near[0]["distance_m"] < 60_000
    assert near == sorted(near, key=lambda p: p["distance_m"])
