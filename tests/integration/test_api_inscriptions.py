"""Names as inscribed through the JSON API: who may write, the stone's list paged by cursor
with its link state and totals, corrections with the version seen, suggestions, and
problem+json naming the parameter for every bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial, create_person
from memreg.services.inscriptions import add_inscriptions
from memreg.services.users import create_user
from memreg.store.engine import Store

REGISTRAR = ("registrar.minsk", "correct horse battery")
CONTRIBUTOR = ("volunteer", "another long password")


@pytest.fixture
def register(store: Store) -> Store:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", *CONTRIBUTOR, role="contributor")
    for memorial_id in ("M-1", "M-2"):
        create_memorial(store, "test", {"id": memorial_id, "kind": "mass_grave",
                                        "name": f"Братская могила {memorial_id}",
                                        "country": "BY"})  # fmt: skip
    people = [("P-1", "Иванов", "Иван", "Петрович"), ("P-2", "Серов", "Алексей", "Николаевич"),
              ("P-3", "Кузнецова", "Анна", None)]  # fmt: skip
    for person_id, surname, given, patronymic in people:
        create_person(store, "test", {"id": person_id, "surname": surname, "given_name": given,
                                      "patronymic": patronymic, "memorial_id": "M-1"})  # fmt: skip
    create_person(store, "test", {"id": "P-9", "surname": "Петров", "memorial_id": "M-2"})
    return store


def post(client: TestClient, memorial_id: str, body: Any, auth: Any = REGISTRAR):
    return client.post(f"/api/memorials/{memorial_id}/inscriptions", json=body, auth=auth)


def test_writes_need_a_registrar_and_change_nothing_otherwise(client: TestClient, register):
    body = {"items": [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1}]}
    anonymous = client.post("/api/memorials/M-1/inscriptions", json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert post(client, "M-1", body, CONTRIBUTOR).status_code == 403
    assert client.get("/api/memorials/M-1/inscriptions").json()["total"] == 0


def test_a_panel_is_posted_at_once_and_listed_in_place_order(client: TestClient, register):
    body = {"items": [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1, "person_id": "P-1"},
                      {"text": "СѢРОВЪ А.Н.", "panel": 1, "row": 1},
                      {"text": "<script>alert(1)</script>", "panel": 1, "row": 2}],
            "reason": "Photos of May 2025"}  # fmt: skip
    response = post(client, "M-1", body)
    assert response.status_code == 201, response.text
    added = response.json()["items"]
    assert [(a["row"], a["position"]) for a in added] == [(1, 1), (1, 2), (2, 1)]
    assert added[1]["text"] == "СѢРОВЪ А.Н."
    page = client.get("/api/memorials/M-1/inscriptions").json()
    assert [i["text"] for i in page["items"]] == [b["text"] for b in body["items"]]
    assert [i["identified"] for i in page["items"]] == [True, False, False]
    assert page["items"][0]["person"] == {
        "id": "P-1",
        "surname": "Иванов",
        "given_name": "Иван",
        "patronymic": "Петрович",
    }
    assert (page["total"], page["unidentified"], page["names"], page["names_not_on_stone"]) == (
        3, 2, 3, 2)  # fmt: skip
    history = client.get(f"/api/inscriptions/{added[0]['id']}").json()
    assert history["memorial_id"] == "M-1" and history["person_id"] == "P-1"


def test_the_stone_is_paged_by_cursor(client: TestClient, register):
    items = [{"text": f"ИМЯ {n}", "panel": 1 + n // 10, "row": 1} for n in range(25)]
    assert post(client, "M-1", {"items": items}).status_code == 201
    seen, url = [], "/api/memorials/M-1/inscriptions?limit=10"
    while url:
        page = client.get(url).json()
        seen += [i["text"] for i in page["items"]]
        url = page["next"]
    assert seen == [i["text"] for i in items]
    bad = client.get("/api/memorials/M-1/inscriptions?cursor=not-a-cursor")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "cursor"
    assert client.get("/api/memorials/M-1/inscriptions?limit=0").status_code == 400
    assert client.get("/api/memorials/M-404/inscriptions").status_code == 404


def test_patch_links_unlinks_and_needs_the_current_version(client: TestClient, register):
    (added,) = post(client, "M-1", {"items": [{"text": "СЕРОВ А.Н.", "panel": 1, "row": 1}]}
                    ).json()["items"]  # fmt: skip
    url = f"/api/inscriptions/{added['id']}"
    linked = client.patch(url, auth=REGISTRAR, json={"version": 1, "person_id": "P-2"})
    assert linked.status_code == 200, linked.text
    assert linked.json()["person_id"] == "P-2" and linked.json()["version"] == 2
    stale = client.patch(url, auth=REGISTRAR, json={"version": 1, "text": "X"})
    assert stale.status_code == 409
    unlinked = client.patch(url, auth=REGISTRAR, json={"version": 2, "person_id": None})
    assert unlinked.json()["person_id"] is None
    elsewhere = client.patch(url, auth=REGISTRAR, json={"version": 3, "person_id": "P-9"})
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"][0]["field"] == "person_id"
    assert "not linked to memorial M-1" in elsewhere.json()["errors"][0]["message"]
    assert client.patch(url, json={"version": 3, "text": "X"}).status_code == 401
    assert client.patch(url, auth=CONTRIBUTOR, json={"version": 3, "text": "X"}).status_code == 403
    assert client.get(url).json()["text"] == "СЕРОВ А.Н."


# Malformed by the schema: 400; well formed but against the register's rules: 422.
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"items": []}, 400, "items"),
        ({"items": [{"panel": 1, "row": 1}]}, 400, "items.0.text"),
        ({"items": [{"text": "", "panel": 1, "row": 1}]}, 400, "items.0.text"),
        ({"items": [{"text": "   ", "panel": 1, "row": 1}]}, 422, "items.0.text"),
        ({"items": [{"text": "A\u0000B", "panel": 1, "row": 1}]}, 422, "items.0.text"),
        ({"items": [{"text": "ok", "panel": 0, "row": 1}]}, 400, "items.0.panel"),
        ({"items": [{"text": "ok", "panel": 1, "row": "one"}]}, 400, "items.0.row"),
        ({"items": [{"text": "ok", "panel": 1, "row": 1, "status": "hidden"}]}, 400,
         "items.0.status"),
        ({"items": [{"text": "ok", "panel": 1, "row": 1, "person_id": "P-9"}]}, 422,
         "items.0.person_id"),
        ({"items": [{"text": "ok", "panel": 1, "row": 1, "media_id": "X-1"}]}, 422,
         "items.0.media_id"),
        ({"items": [{"text": "ok", "panel": 1, "row": 1, "colour": "red"}]}, 400,
         "items.0.colour"),
        ({"items": [{"text": "ok", "panel": 1, "row": 1}], "reason": "a\u0000"}, 422, "reason"),
    ],
)  # fmt: skip
def test_bad_bodies_get_problem_json_naming_the_field(
    client: TestClient, register, body: dict[str, Any], status: int, field: str
):
    response = post(client, "M-1", body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert client.get("/api/memorials/M-1/inscriptions").json()["total"] == 0


def test_a_lone_surrogate_in_the_text_is_refused(client: TestClient, register):
    raw = b'{"items": [{"text": "\\ud83d", "panel": 1, "row": 1}]}'
    response = client.post("/api/memorials/M-1/inscriptions", content=raw, auth=REGISTRAR,
                           headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"].startswith("items.0.text")


def test_unknown_parameters_and_ids_are_refused(client: TestClient, register):
    bad = client.get("/api/memorials/M-1/inscriptions?panel=1")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "panel"
    assert client.get("/api/inscriptions/I-none").status_code == 404
    assert client.get("/api/inscriptions/I-none/suggestions").status_code == 404
    assert client.get("/api/inscriptions/%00/suggestions").status_code == 404


def test_suggestions_rank_the_memorials_persons_for_a_carved_name(client: TestClient, register):
    (added,) = post(client, "M-1", {"items": [{"text": "ИВАНОВЪ І.П.", "panel": 1, "row": 1}]}
                    ).json()["items"]  # fmt: skip
    answer = client.get(f"/api/inscriptions/{added['id']}/suggestions")
    assert answer.status_code == 200, answer.text
    best = answer.json()["items"][0]
    assert best["person_id"] == "P-1"
    assert "old orthography" in best["why"]["text"]
    assert [m["how"] for m in best["why"]["matches"]] == ["old spelling", "initial", "initial"]
    too_many = client.get(f"/api/inscriptions/{added['id']}/suggestions?limit=500")
    assert too_many.status_code == 400 and too_many.json()["errors"][0]["field"] == "limit"


def test_proposed_inscriptions_are_hidden_from_public_reads(client: TestClient, register):
    (proposed,) = add_inscriptions(
        register, "volunteer", "M-1", [{"text": "ИВАНОВ", "panel": 1, "row": 1}], status="proposed"
    )
    assert client.get("/api/memorials/M-1/inscriptions").json()["items"] == []
    assert client.get(f"/api/inscriptions/{proposed['id']}").status_code == 404
    assert client.get(f"/api/inscriptions/{proposed['id']}/suggestions").status_code == 404
