"""The read API over HTTP, on SQLite and on PostgreSQL: filters, order, pages, errors."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient

import memreg.store
from memreg.services.editing import retire_record
from memreg.services.imports import import_csv
from memreg.settings import Settings
from memreg.store import queries
from memreg.store.engine import Store
from memreg.web.app import create_app
from tests.conftest import WriteCsv

PROBLEMS = "https://memreg.org/problems/"
MEMORIAL_HEADER = ["id", "kind", "name", "lat", "lon", "country", "region", "settlement"]
# Deliberately not in id order: the API must sort, not echo the order of loading.
MEMORIALS = [
    ["RU-002", "mass_grave", "Smolensk mass grave", 54.7826, 32.0453, "RU", "RU-SMO", "Smolensk"],
    ["BY-003", "mass_grave", "Hrodna mass grave", 53.6694, 23.8131, "BY", "BY-HR", "Hrodna"],
    ["UA-001", "war_cemetery", "Kyiv war cemetery", 50.4501, 30.5234, "UA", "", "Kyiv"],
    ["RU-CHU-W", "obelisk", "Obelisk west of 180", 66.0, -175.0, "RU", "RU-CHU", "Lorino"],
    ["BY-001", "mass_grave", "Minsk mass grave", 53.9023, 27.5619, "BY", "BY-HM", "Minsk"],
    ["KZ-001", "plaque", "Almaty plaque (no location)", "", "", "KZ", "", "Almaty"],
    ["RU-001", "memorial_complex", "Moscow memorial", 55.7558, 37.6173, "RU", "RU-MOW", "Moscow"],
    ["RU-CHU-E", "monument", "Monument east of 180", 65.0, 175.0, "RU", "RU-CHU", "Anadyr"],
    ["BY-002", "obelisk", "Brest obelisk", 52.0976, 23.7341, "BY", "BY-BR", "Brest"],
    ["RU-X", "mass_grave", "Retired duplicate", 55.75, 37.62, "RU", "RU-MOW", "Moscow"],
]
LIVE_IDS = sorted(row[0] for row in MEMORIALS if row[0] != "RU-X")
LOCATED = {row[0]: (float(row[3]), float(row[4])) for row in MEMORIALS if row[3] != ""}
PERSON_HEADER = ["id", "surname", "given_name", "patronymic", "birth_date", "memorial_id", "role"]
# At BY-001, in the order the API must give (surname, given name, patronymic, id; text by
# code point, so Latin before Cyrillic and upper case before lower; a missing part first).
BY_001_ORDER = [
    ["P-10", "Abramov", "Ivan", "", "1915", "BY-001", "buried_at"],
    ["P-04", "Ivanov", "", "", "", "BY-001", "buried_at"],
    ["P-07", "Ivanov", "Ivan", "", "1912", "BY-001", "buried_at"],
    ["P-02", "Ivanov", "Ivan", "Petrovich", "1912", "BY-001", "buried_at"],
    ["P-09", "Ivanov", "Ivan", "Petrovich", "1913", "BY-001", "commemorated_at"],
    ["P-01", "Ivanov", "Pyotr", "", "1920", "BY-001", "buried_at"],
    ["P-03", "ivanova", "Anna", "", "1922", "BY-001", "buried_at"],
    ["P-06", "Иванов", "Иван", "Иванович", "1911", "BY-001", "buried_at"],
    ["P-05", "Сидоренко", "Иван", "Петрович", "1912", "BY-001", "buried_at"],
]
OTHER_PERSONS = [
    ["P-20", "Petrov", "Semyon", "", "1918", "RU-001", "buried_at"],
    ["P-21", "Retired", "Record", "", "", "BY-001", "buried_at"],
]


def _load(store: Store, write_csv: WriteCsv) -> None:
    memorial_file = write_csv("memorials.csv", MEMORIAL_HEADER, MEMORIALS)
    import_csv(store, "test", "memorial", memorial_file)
    persons = [BY_001_ORDER[i] for i in (5, 0, 8, 2, 4, 6, 1, 7, 3)] + OTHER_PERSONS
    import_csv(store, "test", "person", write_csv("persons.csv", PERSON_HEADER, persons))
    # P-20 is also commemorated at the Moscow complex: a second link from a second file.
    second = [["P-20", "Petrov", "Semyon", "", "1918", "RU-002", "commemorated_at"]]
    import_csv(store, "test", "person", write_csv("more-links.csv", PERSON_HEADER, second))
    retire_record(store, "test", "memorial", "RU-X", "duplicate of RU-001")
    retire_record(store, "test", "person", "P-21", "not a real person")


@pytest.fixture
def api(store: Store, write_csv: WriteCsv, client: TestClient) -> TestClient:
    """A client of a small register: ten memorials (one retired), a dozen persons."""
    _load(store, write_csv)
    return client


def _ok(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text)
    assert response.headers["content-type"] == "application/json"
    return response.json()


def _ids(client: TestClient, url: str) -> list[str]:
    return [item["id"] for item in _ok(client, url)["items"]]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean Earth sphere (IUGG radius), written out here."""
    r = 6_371_008.8
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * r * math.atan2(math.sqrt(a), math.sqrt(1 - a))


# --- listing and filters -------------------------------------------------------------------


def test_memorials_are_listed_by_id_and_retired_ones_are_left_out(api: TestClient):
    page = _ok(api, "/api/memorials")
    assert [item["id"] for item in page["items"]] == LIVE_IDS
    assert (page["total"], page["limit"], page["offset"]) == (len(LIVE_IDS), 50, 0)
    minsk = page["items"][LIVE_IDS.index("BY-001")]
    assert minsk["name"] == "Minsk mass grave"
    assert (minsk["lat"], minsk["lon"], minsk["region"]) == (53.9023, 27.5619, "BY-HM")
    assert "distance_m" not in minsk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=BY", ["BY-001", "BY-002", "BY-003"]),
        ("country=by", ["BY-001", "BY-002", "BY-003"]),
        ("country=RU", ["RU-001", "RU-002", "RU-CHU-E", "RU-CHU-W"]),
        ("country=KZ", ["KZ-001"]),
        ("country=DE", []),
        ("region=BY-HM", ["BY-001"]),
        ("region=ru-chu", ["RU-CHU-E", "RU-CHU-W"]),
        ("region=RU-MOW", ["RU-001"]),
        ("kind=mass_grave", ["BY-001", "BY-003", "RU-002"]),
        ("kind=obelisk", ["BY-002", "RU-CHU-W"]),
        ("kind=sculpture", []),
        ("country=RU&kind=mass_grave", ["RU-002"]),
        ("region=RU-CHU&kind=obelisk", ["RU-CHU-W"]),
        ("country=RU&region=RU-CHU", ["RU-CHU-E", "RU-CHU-W"]),
        ("country=BY&region=RU-CHU", []),
        ("country=BY&region=BY-HM&kind=mass_grave", ["BY-001"]),
        ("bbox=23,51,33,56.5", ["BY-001", "BY-002", "BY-003", "RU-002"]),
        ("bbox=23,51,33,56.5&country=BY&kind=obelisk", ["BY-002"]),
        ("bbox=27.5619,53.9023,27.5619,53.9023", ["BY-001"]),  # a box that is a point
        ("bbox=-10,-60,10,-50", []),
    ],
)
def test_memorials_are_filtered(api: TestClient, query: str, expected: list[str]):
    page = _ok(api, f"/api/memorials?{query}")
    assert [item["id"] for item in page["items"]] == expected
    assert page["total"] == len(expected)
    assert page["total_exact"] is True  # small counts are exact, from totals or counted


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ("170,60,-170,70", ["RU-CHU-E", "RU-CHU-W"]),  # min_lon > max_lon: across 180
        ("174,64,-174,67", ["RU-CHU-E", "RU-CHU-W"]),
        ("170,60,180,70", ["RU-CHU-E"]),
        ("-180,60,-170,70", ["RU-CHU-W"]),
        ("176,60,-176,70", []),  # across 180, but narrower than both points
        ("170,66.5,-170,70", []),
    ],
)
def test_a_bbox_may_cross_the_antimeridian(api: TestClient, bbox: str, expected: list[str]):
    assert _ids(api, f"/api/memorials?bbox={bbox}") == expected


def test_pages_follow_one_another_in_id_order(store: Store, write_csv: WriteCsv, client):
    # Mixed case and digits: the order is by code point on both backends (B < a < b).
    ids = [f"{prefix}-{n:02d}" for prefix in ("b", "B", "a", "A", "Z", "0") for n in (7, 3)]
    ids += ["a", "A", "a-", "a.1", "a:1", "a_1", "B-3"]
    rows = [[i, "obelisk", f"Obelisk {i}", "", "", "BY", "", ""] for i in reversed(ids)]
    import_csv(store, "test", "memorial", write_csv("many.csv", MEMORIAL_HEADER, rows))
    expected = sorted(ids)  # Python compares str by code point
    seen: list[str] = []
    for offset in range(0, len(ids) + 5, 5):
        page = _ok(client, f"/api/memorials?limit=5&offset={offset}")
        assert (page["total"], page["limit"], page["offset"]) == (len(ids), 5, offset)
        assert len(page["items"]) == min(5, max(0, len(ids) - offset))
        seen += [item["id"] for item in page["items"]]
    assert seen == expected
    assert _ids(client, f"/api/memorials?limit=1000&offset={len(ids)}") == []
    assert _ids(client, "/api/memorials?limit=1&offset=1") == expected[1:2]


# --- near ----------------------------------------------------------------------------------


def test_near_lists_the_nearest_first_with_their_distance(api: TestClient):
    lat, lon = 53.9, 27.56  # central Minsk
    page = _ok(api, f"/api/memorials?near={lat},{lon}&limit=4")
    by_distance = sorted(LOCATED, key=lambda i: haversine_m(lat, lon, *LOCATED[i]))
    expected = [i for i in by_distance if i != "RU-X"][:4]
    assert [item["id"] for item in page["items"]] == expected
    assert (page["total"], page["limit"], page["offset"]) == (4, 4, 0)
    distances = [item["distance_m"] for item in page["items"]]
    assert distances == sorted(distances)
    minsk = page["items"][0]
    assert minsk["id"] == "BY-001"
    assert minsk["distance_m"] == pytest.approx(haversine_m(lat, lon, 53.9023, 27.5619), abs=0.1)
    assert minsk["distance_m"] == pytest.approx(283.6, abs=1.0)  # about 280 m, by any map
    moscow = _ok(api, f"/api/memorials?near={lat},{lon}&limit=10&country=RU")["items"]
    assert [m["id"] for m in moscow][:2] == ["RU-002", "RU-001"]
    assert moscow[1]["distance_m"] == pytest.approx(
        haversine_m(lat, lon, 55.7558, 37.6173), abs=0.1
    )
    assert moscow[1]["distance_m"] == pytest.approx(675_000, rel=0.01)


def test_near_leaves_out_memorials_without_a_location_and_retired_ones(api: TestClient):
    page = _ok(api, "/api/memorials?near=43.24,76.89&limit=1000")  # Almaty
    ids = [item["id"] for item in page["items"]]
    assert sorted(ids) == sorted(set(LOCATED) - {"RU-X"})
    assert page["total"] == len(ids)


def test_near_finds_neighbours_across_the_antimeridian(api: TestClient):
    page = _ok(api, "/api/memorials?near=65.5,-178&limit=2")
    assert [item["id"] for item in page["items"]] == ["RU-CHU-W", "RU-CHU-E"]
    east = page["items"][1]  # at lon 175, 7 degrees away across 180, not 353
    assert east["distance_m"] == pytest.approx(haversine_m(65.5, -178, 65.0, 175.0), abs=0.1)
    assert east["distance_m"] < 400_000


# --- one memorial, one person --------------------------------------------------------------


def test_a_memorial_lists_its_persons_by_name_then_id(
    api: TestClient,
):
    detail = _ok(api, "/api/memorials/BY-001")
    assert detail["id"] == "BY-001" and detail["kind"] == "mass_grave"
    persons = detail["persons"]
    assert (persons["total"], persons["limit"], persons["offset"]) == (len(BY_001_ORDER), 100, 0)
    assert [p["id"] for p in persons["items"]] == [row[0] for row in BY_001_ORDER]
    first = persons["items"][0]
    assert (first["surname"], first["given_name"], first["birth_date"]) == (
        "Abramov", "Ivan", "1915",
    )  # fmt: skip
    roles = {p["id"]: p["role"] for p in persons["items"]}
    assert roles["P-09"] == "commemorated_at" and roles["P-02"] == "buried_at"


def test_a_memorials_persons_come_in_pages(
    api: TestClient,
):
    order = [row[0] for row in BY_001_ORDER]
    seen = []
    for offset in range(0, len(order), 4):
        page = _ok(api, f"/api/memorials/BY-001?limit=4&offset={offset}")["persons"]
        assert (page["total"], page["limit"], page["offset"]) == (len(order), 4, offset)
        seen += [p["id"] for p in page["items"]]
    assert seen == order
    assert _ok(api, "/api/memorials/BY-001?offset=500")["persons"]["items"] == []


def test_a_memorial_without_persons_has_an_empty_list(api: TestClient):
    persons = _ok(api, "/api/memorials/KZ-001")["persons"]
    assert persons == {"items": [], "total": 0, "limit": 100, "offset": 0, "next": None}


def test_a_retired_memorial_still_answers_and_says_it_is_retired(api: TestClient):
    detail = _ok(api, "/api/memorials/RU-X")
    assert detail["retired_reason"] == "duplicate of RU-001"
    assert detail["retired_at"]


def test_a_person_lists_the_memorials_that_hold_them(api: TestClient):
    person = _ok(api, "/api/persons/P-20")
    assert (person["surname"], person["given_name"], person["birth_date"]) == (
        "Petrov", "Semyon", "1918",
    )  # fmt: skip
    links = {(m["memorial_id"], m["role"]) for m in person["memorials"]}
    assert links == {("RU-001", "buried_at"), ("RU-002", "commemorated_at")}
    moscow = next(m for m in person["memorials"] if m["memorial_id"] == "RU-001")
    assert moscow == {
        "memorial_id": "RU-001", "name": "Moscow memorial", "role": "buried_at",
        "kind": "memorial_complex", "country": "RU", "settlement": "Moscow",
    }  # fmt: skip


# --- register ------------------------------------------------------------------------------


def test_stats_count_live_records_by_country_and_kind(api: TestClient):
    stats = _ok(api, "/api/stats")
    assert stats == {
        "memorials": 9,
        "persons": len(BY_001_ORDER) + 1,  # P-21 is retired
        "memorials_by_country": {"BY": 3, "KZ": 1, "RU": 4, "UA": 1},
        "memorials_by_kind": {"mass_grave": 3, "memorial_complex": 1, "monument": 1,
                              "obelisk": 2, "plaque": 1, "war_cemetery": 1},
    }  # fmt: skip


def test_stats_of_an_empty_register_are_zero(client: TestClient):
    assert _ok(client, "/api/stats") == {
        "memorials": 0, "persons": 0, "memorials_by_country": {}, "memorials_by_kind": {},
    }  # fmt: skip


def test_health_names_the_backend_and_the_schema_revision(client: TestClient, store: Store):
    health = _ok(client, "/api/health")
    migrations = Path(memreg.store.__file__).parent / "migrations"
    head = ScriptDirectory(str(migrations)).get_current_head()
    assert health["status"] == "ok"
    assert health["backend"] == store.backend.name
    assert health["backend"] in {"sqlite", "postgresql"}
    assert health["schema_revision"] == head
    assert health["version"]


def test_the_openapi_document_describes_every_read(client: TestClient):
    document = _ok(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "memreg"
    for path in ["/api/health", "/api/stats", "/api/memorials", "/api/memorials/{memorial_id}",
                 "/api/persons/{person_id}", "/api/map/clusters", "/api/places"]:  # fmt: skip
        assert "get" in document["paths"][path], path
    names = {p["name"] for p in document["paths"]["/api/memorials"]["get"]["parameters"]}
    assert names == {"country", "region", "kind", "bbox", "near", "limit", "offset", "cursor"}


# --- errors --------------------------------------------------------------------------------


def test_an_error_is_rfc9457_problem_json(api: TestClient):
    response = api.get("/api/memorials?bbox=30,50,20")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) == {"type", "title", "status", "detail", "instance", "errors"}
    assert problem["type"] == "https://memreg.org/problems/bad-parameter"
    assert problem["title"] == "Bad parameter"
    assert problem["status"] == 400
    assert problem["detail"] == "bbox: needs 4 comma-separated numbers"
    assert problem["instance"] == "/api/memorials"
    assert problem["errors"] == [{"field": "bbox", "message": "needs 4 comma-separated numbers"}]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/memorials?bbox=30,50,20", "bbox"),
        ("/api/memorials?bbox=a,b,c,d", "bbox"),
        ("/api/memorials?bbox=nan,50,20,60", "bbox"),
        ("/api/memorials?bbox=1e999,50,20,60", "bbox"),
        ("/api/memorials?bbox=-190,50,20,60", "bbox"),
        ("/api/memorials?bbox=20,60,30,1e2", "bbox"),  # a positive exponent
        ("/api/memorials?bbox=20,-95,30,50", "bbox"),
        ("/api/memorials?bbox=", "bbox"),
        ("/api/map/clusters?bbox=1,2,3&zoom=3", "bbox"),
        ("/api/map/clusters?zoom=3", "bbox"),
        ("/api/map/clusters?bbox=20,50,30,60", "zoom"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=21", "zoom"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&status=ruined", "status"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&has_names=maybe", "has_names"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&lang=Russian", "lang"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&condition=Bad!", "condition"),
        ("/api/places?q=%00", "q"),
        ("/api/places?near=95,27.5", "near"),
        ("/api/places?q=Minsk&limit=51", "limit"),
        ("/api/memorials?near=53.9", "near"),
        ("/api/memorials?near=53.9,27.5,1", "near"),
        ("/api/memorials?near=north,east", "near"),
        ("/api/memorials?near=91,27.5", "near"),
        ("/api/memorials?near=53.9,181", "near"),
        ("/api/memorials?near=53.9,27.5&offset=10", "offset"),
        ("/api/memorials?limit=0", "limit"),
        ("/api/memorials?limit=100000", "limit"),
        ("/api/memorials?limit=ten", "limit"),
        ("/api/memorials?offset=-1", "offset"),
        ("/api/memorials/BY-001?limit=0", "limit"),
        ("/api/memorials/BY-001?limit=1001", "limit"),
        ("/api/memorials?country=XX", "country"),
        ("/api/memorials?country=Belarus", "country"),
        ("/api/memorials?country=", "country"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&country=XX", "country"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&region=BY-ZZ", "region"),
        ("/api/memorials?region=BY-ZZ", "region"),
        ("/api/memorials?kind=castle", "kind"),
        ("/api/memorials?kind=Mass_Grave", "kind"),
        ("/api/map/clusters?bbox=20,50,30,60&zoom=3&kind=castle", "kind"),
    ],
)
def test_a_bad_parameter_gets_400_naming_it(api: TestClient, url: str, parameter: str):
    response = api.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEMS + "bad-parameter"
    assert problem["status"] == 400
    assert [e["field"] for e in problem["errors"]] == [parameter]
    assert problem["detail"].startswith(f"{parameter}: ")


def test_the_largest_page_is_the_configured_one(api: TestClient, store: Store):
    settings = Settings(database_url=store.url, tile_url="", rate_limit_per_minute=0,
                        page_size_max=20)  # fmt: skip
    small = TestClient(create_app(settings, store=store), raise_server_exceptions=False)
    assert _ok(small, "/api/memorials?limit=20")["limit"] == 20
    assert _ok(small, "/api/memorials/BY-001?limit=20")["persons"]["limit"] == 20
    for url in ["/api/memorials?limit=21", "/api/memorials/BY-001?limit=21",
                "/api/memorials?near=53.9,27.5&limit=21"]:  # fmt: skip
        response = small.get(url)
        assert response.status_code == 400, url
        assert response.json()["errors"] == [
            {"field": "limit", "message": "must be between 1 and 20"}
        ]


@pytest.mark.parametrize(
    ("url", "record_type", "shown"),
    [
        ("/api/memorials/NO-SUCH", "memorial", "NO-SUCH"),
        ("/api/persons/NO-SUCH", "person", "NO-SUCH"),
        ("/api/persons/BY-001", "person", "BY-001"),  # a memorial's id is no person's
        ("/api/memorials/%00", "memorial", "\x00"),  # PostgreSQL refuses NUL in text
        ("/api/persons/P%0001", "person", "P\x0001"),
        ("/api/memorials/%00/history", "memorial", "\x00"),
        ("/api/persons/NO-SUCH/history", "person", "NO-SUCH"),
        ("/api/memorials/" + "x" * 3000, "memorial", "x" * 77 + "..."),
        ("/api/memorials/%D0%98%D0%B2", "memorial", "Ив"),
    ],
)
def test_an_unknown_id_gets_404(api: TestClient, url: str, record_type: str, shown: str):
    response = api.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEMS + "not-found"
    assert problem["title"] == "Not found"
    assert problem["detail"] == f"No {record_type} with id {shown!r}"
    assert (problem["record_type"], problem["id"]) == (record_type, shown)


@pytest.mark.parametrize("accept", ["application/json", "text/html,*/*"])
def test_an_unknown_route_gets_404_problem_json(client: TestClient, accept: str):
    response = client.get("/api/no-such-thing", headers={"accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == PROBLEMS + "not-found"
    assert problem["instance"] == "/api/no-such-thing"
    assert "/api/no-such-thing" in problem["detail"]


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/api/memorials", "GET, POST"),
        ("PUT", "/api/memorials/BY-001", "GET, PATCH"),
        ("POST", "/api/stats", "GET"),
        ("DELETE", "/api/persons/P-01", "GET, PATCH"),
    ],
)
def test_a_wrong_method_gets_405_with_the_allowed_ones(
    api: TestClient, method: str, url: str, allowed: str
):
    response = api.request(method, url)
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == allowed
    problem = response.json()
    assert problem["type"] == PROBLEMS + "method-not-allowed"
    assert problem["status"] == 405
    assert method in problem["detail"] and allowed in problem["detail"]


def test_a_box_between_two_parallels_is_the_same_box_either_way(api: TestClient):
    south_first = _ok(api, "/api/memorials?bbox=23,51,33,56.5")
    north_first = _ok(api, "/api/memorials?bbox=23,56.5,33,51")
    assert north_first["items"] == south_first["items"] and south_first["items"]


@pytest.mark.parametrize(
    ("path", "message"),
    [("/api/memorials?limit=0", "must be at least 1"),
     ("/api/memorials?limit=ten", "must be a whole number"),
     ("/api/memorials?offset=20000", "must be at most 10000"),
     ("/api/memorials/M-1?order=age", "must be one of 'name' or 'birth'")],
)  # fmt: skip
def test_parameter_errors_speak_the_registers_words(api: TestClient, path: str, message: str):
    problem = api.get(path).json()
    assert problem["errors"][0]["message"] == message
    assert "Input should" not in problem["detail"]


def test_a_bbox_count_past_the_cap_says_it_is_a_lower_bound(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    page = _ok(api, "/api/memorials?bbox=23,51,33,56.5")
    assert (page["total"], page["total_exact"]) == (2, False)
    assert len(page["items"]) == 4  # the list itself is whole


def test_a_dense_box_lists_the_same_memorials_as_the_spatial_index_does(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
):
    boxes = [
        "23,51,33,56.5",
        "170,60,-170,70",
        "27.5619,53.9023,27.5619,53.9023",
        "-180,-90,180,90",
    ]
    by_index = [_ok(api, f"/api/memorials?bbox={b}&limit=3")["items"] for b in boxes]
    monkeypatch.setattr(queries, "DENSE_POINTS", 0)  # every box counts as dense
    assert [_ok(api, f"/api/memorials?bbox={b}&limit=3")["items"] for b in boxes] == by_index
