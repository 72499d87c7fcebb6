"""Revert and restore through the JSON API: registrars only, problem+json naming the field,
the revert in the record's history."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from memreg.services.duplicates import merge_records
from memreg.services.editing import create_memorial, create_person
from memreg.services.users import create_user
from memreg.store.engine import Store

REGISTRAR = ("registrar.minsk", "correct horse battery")
CONTRIBUTOR = ("volunteer", "another long password")


@pytest.fixture
def register(store: Store) -> Store:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", *CONTRIBUTOR, role="contributor")
    create_memorial(store, "test", {"id": "M1", "kind": "obelisk", "name": "Обелиск",
                                    "country": "BY", "lat": 53.9, "lon": 27.5})  # fmt: skip
    create_person(store, "test", {"id": "P1", "surname": "Сидоренко", "given_name": "Иван",
                                  "birth_date": "1912", "memorial_id": "M1"})  # fmt: skip
    return store


def first_revision(client: TestClient, path: str) -> int:
    return int(client.get(f"/api/{path}/history").json()["revisions"][0]["revision"])


def test_a_registrar_reverts_a_memorial_and_the_history_names_the_revision(
    client: TestClient, register: Store
) -> None:
    created = first_revision(client, "memorials/M1")
    changed = client.patch("/api/memorials/M1", auth=REGISTRAR,
                           json={"version": 1, "name": "Памятник"})  # fmt: skip
    assert changed.status_code == 200, changed.text
    body = {"revision": created, "reason": "wrong name", "version": 2}
    reverted = client.post("/api/memorials/M1/revert", auth=REGISTRAR, json=body)
    assert reverted.status_code == 200, reverted.text
    assert (reverted.json()["name"], reverted.json()["version"]) == ("Обелиск", 3)
    last = client.get("/api/memorials/M1/history").json()["revisions"][-1]
    assert last["action"] == "revert"
    assert last["reverted_to"] == created
    assert last["reason"] == "wrong name"
    assert last["actor"] == f"user:{REGISTRAR[0]}"
    assert (last["before"], last["after"]) == ({"name": "Памятник"}, {"name": "Обелиск"})


def test_a_person_reverted_through_the_api_is_found_by_the_old_name(
    client: TestClient, register: Store
) -> None:
    created = first_revision(client, "persons/P1")
    client.patch("/api/persons/P1", auth=REGISTRAR, json={"version": 1, "surname": "Кузнецов"})
    answer = client.post("/api/persons/P1/revert", auth=REGISTRAR,
                         json={"revision": created, "reason": "undo", "version": 2})  # fmt: skip
    assert answer.status_code == 200, answer.text
    hits = client.get("/api/persons/search", params={"q": "Сидоренко Иван 1912"}).json()
    assert [hit["id"] for hit in hits["items"]] == ["P1"]


def test_a_stale_version_gets_409_and_changes_nothing(client: TestClient, register: Store) -> None:
    created = first_revision(client, "memorials/M1")
    client.patch("/api/memorials/M1", auth=REGISTRAR, json={"version": 1, "name": "Памятник"})
    stale = client.post("/api/memorials/M1/revert", auth=REGISTRAR,
                        json={"revision": created, "reason": "undo", "version": 1})  # fmt: skip
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.json()["current_version"] == 2
    assert client.get("/api/memorials/M1").json()["name"] == "Памятник"


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"revision": 1, "version": 1}, "reason", 400),
        ({"revision": 1, "reason": "   ", "version": 1}, "reason", 422),
        ({"revision": 99999, "reason": "undo", "version": 1}, "revision", 422),
        ({"reason": "undo", "version": 1}, "revision", 400),
        ({"revision": 1, "reason": "undo"}, "version", 400),
        ({"revision": "one", "reason": "undo", "version": 1}, "revision", 400),
        ({"revision": 0, "reason": "undo", "version": 1}, "revision", 400),
        ({"revision": 1, "reason": "undo", "version": 1, "name": "X"}, "name", 400),
    ],
)
def test_bad_revert_bodies_name_the_field(
    client: TestClient, register: Store, body: dict, field: str, status: int
) -> None:
    answer = client.post("/api/memorials/M1/revert", auth=REGISTRAR, json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert field in [error["field"].split(".")[-1] for error in answer.json()["errors"]]
    assert client.get("/api/memorials/M1").json()["version"] == 1


def test_revert_and_restore_need_a_registrar(client: TestClient, register: Store) -> None:
    body = {"revision": 1, "reason": "undo", "version": 1}
    for path, payload in (("revert", body), ("restore", {"reason": "back"})):
        assert client.post(f"/api/memorials/M1/{path}", json=payload).status_code == 401
        denied = client.post(f"/api/persons/P1/{path}", auth=CONTRIBUTOR, json=payload)
        assert denied.status_code == 403
        assert denied.headers["content-type"] == "application/problem+json"


def test_restore_brings_a_retired_person_back(client: TestClient, register: Store) -> None:
    client.post("/api/persons/P1/retire", auth=REGISTRAR, json={"reason": "duplicate"})
    hits = client.get("/api/persons/search", params={"q": "Сидоренко"}).json()["items"]
    assert hits == []
    restored = client.post("/api/persons/P1/restore", auth=REGISTRAR,
                           json={"reason": "not a duplicate", "version": 2})  # fmt: skip
    assert restored.status_code == 200, restored.text
    assert restored.json()["retired_at"] is None
    hits = client.get("/api/persons/search", params={"q": "Сидоренко"}).json()["items"]
    assert [hit["id"] for hit in hits] == ["P1"]
    history = client.get("/api/persons/P1/history").json()["revisions"]
    assert [h["action"] for h in history] == ["create", "retire", "restore"]


def test_restore_without_a_reason_names_it(client: TestClient, register: Store) -> None:
    client.post("/api/memorials/M1/retire", auth=REGISTRAR, json={"reason": "duplicate"})
    answer = client.post("/api/memorials/M1/restore", auth=REGISTRAR, json={"reason": " "})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].endswith("reason")
    assert client.get("/api/memorials/M1").json()["retired_at"] is not None


def test_a_merged_away_record_is_refused_with_a_clear_message(
    client: TestClient, register: Store
) -> None:
    create_memorial(register, "test", {"id": "M2", "kind": "obelisk", "name": "Обелиск",
                                       "country": "BY"})  # fmt: skip
    merge_records(register, "test", "memorial", "M1", "M2", "the same")
    answer = client.post("/api/memorials/M2/restore", auth=REGISTRAR, json={"reason": "back"})
    assert answer.status_code == 409
    problem = answer.json()
    assert problem["type"].endswith("/merged-record")
    assert problem["merged_into"] == "M1"
    assert "merged into 'M1'" in problem["detail"]


def test_revert_of_a_missing_record_is_404(client: TestClient, register: Store) -> None:
    answer = client.post("/api/persons/P-NONE/revert", auth=REGISTRAR,
                         json={"revision": 1, "reason": "undo", "version": 1})  # fmt: skip
    assert answer.status_code == 404
