"""Editing through the API: who may, stale versions refused, every change in the history."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from memreg.services.imports import import_csv
from memreg.services.users import create_user
from memreg.store.engine import Store

REGISTRAR = ("registrar.minsk", "correct horse battery")
CONTRIBUTOR = ("volunteer", "another long password")
MEMORIAL_HEADER = ["id", "kind", "name", "lat", "lon", "country", "region", "settlement"]


@pytest.fixture
def editors(store: Store) -> Store:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", *CONTRIBUTOR, role="contributor")
    return store


@pytest.fixture
def imported(editors: Store, write_csv):
    path = write_csv(
        "memorials.csv",
        MEMORIAL_HEADER,
        [
            ["M1", "mass_grave", "Братская могила", "53.9", "27.56", "BY", "BY-HM", "Минск"],
            ["M2", "obelisk", "Обелиск", "54.5", "30.4", "BY", "BY-VI", "Орша"],
        ],
    )
    import_csv(editors, "importer", "memorial", path)
    return path


def test_writes_need_a_signed_in_registrar(client: TestClient, imported):
    anonymous = client.patch("/api/memorials/M1", json={"version": 1, "name": "X"})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    wrong_password = client.patch(
        "/api/memorials/M1",
        json={"version": 1, "name": "X"},
        auth=(REGISTRAR[0], "not the password"),
    )
    assert wrong_password.status_code == 401
    contributor = client.patch(
        "/api/memorials/M1", json={"version": 1, "name": "X"}, auth=CONTRIBUTOR
    )
    assert contributor.status_code == 403
    assert client.get("/api/memorials/M1").json()["name"] == "Братская могила"


def test_update_with_current_version_succeeds_and_stale_version_gets_409(
    client: TestClient, imported
):
    first = client.patch(
        "/api/memorials/M1",
        auth=REGISTRAR,
        json={"version": 1, "buried_total": 120, "reason": "survey 2025"},
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    assert first.json()["buried_total"] == 120
    stale = client.patch(
        "/api/memorials/M1", auth=REGISTRAR, json={"version": 1, "buried_total": 99}
    )
    assert stale.status_code == 409
    problem = stale.json()
    assert problem["type"].endswith("/version-conflict")
    assert problem["current_version"] == 2
    assert client.get("/api/memorials/M1").json()["buried_total"] == 120


def test_invalid_update_names_the_field_and_changes_nothing(client: TestClient, imported):
    response = client.patch("/api/memorials/M1", auth=REGISTRAR, json={"version": 1, "lat": 95})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["lat"]
    after = client.get("/api/memorials/M1").json()
    assert after["lat"] == 53.9 and after["version"] == 1
    assert len(client.get("/api/memorials/M1/history").json()["revisions"]) == 1


def test_unknown_field_in_a_change_is_refused(client: TestClient, imported):
    response = client.patch(
        "/api/memorials/M1", auth=REGISTRAR, json={"version": 1, "colour": "red"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "colour"


def test_history_shows_the_import_then_each_edit(client: TestClient, imported):
    client.patch(
        "/api/memorials/M2",
        auth=REGISTRAR,
        json={"version": 1, "status": "damaged", "reason": "storm"},
    )
    client.post("/api/memorials/M2/retire", auth=REGISTRAR, json={"reason": "duplicate of M1"})
    history = client.get("/api/memorials/M2/history").json()["revisions"]
    assert [h["action"] for h in history] == ["created by import", "update", "retire"]
    assert history[0]["file_name"] == "memorials.csv"
    assert history[0]["file_sha256"] == hashlib.sha256(imported.read_bytes()).hexdigest()
    assert history[1]["before"] == {"status": "standing"}
    assert history[1]["after"] == {"status": "damaged"}
    assert history[1]["actor"] == f"user:{REGISTRAR[0]}" and history[1]["reason"] == "storm"
    assert history[2]["reason"] == "duplicate of M1"
    ids = [m["id"] for m in client.get("/api/memorials").json()["items"]]
    assert ids == ["M1"]  # retired, not deleted: still answers by id
    assert client.get("/api/memorials/M2").json()["retired_reason"] == "duplicate of M1"


def test_create_person_linked_to_a_memorial(client: TestClient, imported):
    created = client.post(
        "/api/persons",
        auth=REGISTRAR,
        json={
            "surname": "Сидоренко",
            "given_name": "Иван",
            "patronymic": "Петрович",
            "birth_date": "1912",
            "memorial_id": "M1",
            "role": "buried_at",
        },
    )
    assert created.status_code == 201, created.text
    person_id = created.json()["id"]
    person = client.get(f"/api/persons/{person_id}").json()
    assert person["memorials"][0]["memorial_id"] == "M1"
    names = client.get("/api/memorials/M1").json()["persons"]["items"]
    assert [p["surname"] for p in names] == ["Сидоренко"]
    missing = client.post(
        "/api/persons", auth=REGISTRAR, json={"surname": "Петров", "memorial_id": "M404"}
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "memorial_id"


LONE_SURROGATE_BODIES = [
    (
        "memorials",
        '{"kind": "obelisk", "name": "Обелиск", "country": "BY", "names": {"ru": "\\ud83d"}}',
        "name_ru",
    ),
    ("memorials", '{"kind": "obelisk", "name": "Обе\\udc00лиск", "country": "BY"}', "name"),
    (
        "memorials",
        '{"kind": "obelisk", "name": "Обелиск", "country": "BY", "address": "\\u0000"}',
        "address",
    ),
    ("persons", '{"surname": "Рыбалко", "name_variants": ["\\ud83d"]}', "name_variants"),
    ("persons", '{"surname": "Рыбалко", "given_name": "\\udfff"}', "given_name"),
]


@pytest.mark.parametrize(("kind", "body", "field"), LONE_SURROGATE_BODIES)
def test_text_that_is_not_unicode_is_refused_naming_the_field(
    client: TestClient, editors: Store, kind: str, body: str, field: str
) -> None:
    answer = client.post(
        f"/api/{kind}",
        content=body.encode(),
        headers={"content-type": "application/json"},
        auth=REGISTRAR,
    )
    assert answer.status_code == 422, answer.text
    assert field in [p["field"] for p in answer.json()["errors"]]
    listing = client.get(f"/api/{kind}" if kind == "memorials" else "/api/memorials")
    assert listing.status_code == 200
    if kind == "memorials":
        assert listing.json()["total"] == 0


def test_edit_with_a_lone_surrogate_is_refused_and_the_record_still_reads(
    client: TestClient, imported
) -> None:
    answer = client.patch(
        "/api/memorials/M1",
        content=b'{"version": 1, "names": {"be": "\\ud800"}}',
        headers={"content-type": "application/json"},
        auth=REGISTRAR,
    )
    assert answer.status_code == 422
    assert client.get("/api/memorials/M1").status_code == 200
    assert client.get("/api/memorials/M1/history").status_code == 200
    assert client.get("/memorials/M1").status_code == 200
