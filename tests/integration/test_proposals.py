"""Proposals and direct editing through the site's forms, and their moderation."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from memreg.services.editing import create_memorial, update_record
from memreg.services.users import create_user
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.schema import proposals, revisions
from tests.integration.accounts_helpers import csrf_of, sign_in, site_client

PASSWORD = "a long enough password"
PEOPLE = {
    "volunteer": ("contributor", []),
    "keeper": ("custodian", ["BY-HM"]),
    "elsewhere": ("custodian", ["BY-VI"]),
    "registrar": ("registrar", []),
    "chief": ("admin", []),
}


@pytest.fixture
def register(store: Store) -> dict:
    for name, (role, regions) in PEOPLE.items():
        create_user(store, "test", name, PASSWORD, role, regions)
    memorial = create_memorial(store, "test", {
        "kind": "mass_grave", "name": "Братская могила", "country": "BY", "region": "BY-HM",
        "lat": 53.9, "lon": 27.56, "buried_total": 40,
    })  # fmt: skip
    return memorial


def _client(store: Store, name: str | None, **settings) -> TestClient:
    client = site_client(store, **settings)
    if name:
        sign_in(client, name, PASSWORD)
    return client


def _memorial(client: TestClient, memorial_id: str) -> dict:
    return client.get(f"/api/memorials/{memorial_id}").json()


def _post_edit(client: TestClient, memorial_id: str, **fields) -> object:
    page = client.get(f"/memorials/{memorial_id}/edit")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    values = dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', page.text))
    values.update({k: str(v) for k, v in fields.items()})
    values.update({"csrf_token": token, "version": version, "kind": "mass_grave",
                   "status": "standing"})  # fmt: skip
    return client.post(f"/memorials/{memorial_id}/edit", data=values, follow_redirects=False)


def _pending(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(proposals).where(proposals.c.status == "pending"))
        return [dict(r) for r in rows.mappings()]


def test_a_proposal_reaches_the_record_only_through_approval(store: Store, register):
    mid = register["id"]
    volunteer = _client(store, "volunteer")
    sent = _post_edit(volunteer, mid, buried_total=41, note="Книга памяти, т. 3")
    assert sent.status_code == 303 and sent.headers["location"].startswith("/proposals/mine")
    assert _memorial(volunteer, mid)["buried_total"] == 40  # not yet
    [proposal] = _pending(store)
    mine = volunteer.get("/proposals/mine")
    assert f'data-proposal="{proposal["id"]}" data-status="pending"' in mine.text

    elsewhere = _client(store, "elsewhere")
    assert proposal["id"] not in elsewhere.get("/moderation").text
    assert elsewhere.get(f"/moderation/{proposal['id']}").status_code == 403
    keeper = _client(store, "keeper")
    review = keeper.get(f"/moderation/{proposal['id']}")
    assert 'data-field="buried_total"' in review.text and "<ins>41</ins>" in review.text
    token = csrf_of(keeper, f"/moderation/{proposal['id']}")
    approved = keeper.post(f"/moderation/{proposal['id']}/approve", data={"csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    assert approved.status_code == 303
    assert _memorial(keeper, mid)["buried_total"] == 41
    with store.engine.connect() as conn:
        last = conn.execute(select(revisions).order_by(revisions.c.pk.desc()).limit(1)).first()
        approvals = audit.entries(conn, limit=5, action="approve")
    assert last.actor == "user:volunteer" and last.record_id == mid  # credited to the proposer
    assert proposal["id"] in last.reason and "keeper" in last.reason
    assert approvals[0]["actor"] == "keeper"
    assert 'data-status="approved"' in volunteer.get("/proposals/mine").text


def test_a_rejection_needs_a_reason_and_the_proposer_reads_it(store: Store, register):
    volunteer = _client(store, "volunteer")
    _post_edit(volunteer, register["id"], settlement="Минск")
    [proposal] = _pending(store)
    registrar = _client(store, "registrar")
    token = csrf_of(registrar, f"/moderation/{proposal['id']}")
    empty = registrar.post(f"/moderation/{proposal['id']}/reject", data={"csrf_token": token})
    assert empty.status_code == 422 and 'data-field="reason"' in empty.text
    registrar.post(f"/moderation/{proposal['id']}/reject",
                   data={"csrf_token": token, "reason": "нет источника"})  # fmt: skip
    page = volunteer.get("/proposals/mine").text
    assert 'data-status="rejected"' in page and "нет источника" in page
    assert _memorial(volunteer, register["id"]).get("settlement") is None


def test_a_proposal_against_a_record_changed_since_is_a_conflict(store: Store, register):
    mid = register["id"]
    volunteer = _client(store, "volunteer")
    _post_edit(volunteer, mid, buried_total=41)
    [proposal] = _pending(store)
    update_record(store, "test", "memorial", mid, {"buried_total": 45}, 1)
    registrar = _client(store, "registrar")
    review = registrar.get(f"/moderation/{proposal['id']}")
    assert 'data-conflict="yes"' in review.text and 'data-changed-since="1"' in review.text
    token = csrf_of(registrar, "/account")
    refused = registrar.post(f"/moderation/{proposal['id']}/approve", data={"csrf_token": token})
    assert refused.status_code == 409
    assert _memorial(registrar, mid)["buried_total"] == 45
    assert _pending(store)[0]["id"] == proposal["id"]


def test_a_new_memorial_needs_its_pin_and_is_created_on_approval(store: Store, register):
    volunteer = _client(store, "volunteer")
    token = csrf_of(volunteer, "/memorials/new")
    fields = {"csrf_token": token, "name": "Обелиск землякам", "kind": "obelisk",
              "country": "BY", "region": "BY-HM", "status": "standing"}  # fmt: skip
    no_pin = volunteer.post("/memorials/new", data=fields)
    assert no_pin.status_code == 422 and 'data-field="lat"' in no_pin.text
    assert _pending(store) == []
    sent = volunteer.post("/memorials/new", data={**fields, "lat": "53.5", "lon": "27.1"},
                          follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    [proposal] = _pending(store)
    registrar = _client(store, "registrar")
    token = csrf_of(registrar, "/account")
    registrar.post(f"/moderation/{proposal['id']}/approve", data={"csrf_token": token})
    with store.engine.connect() as conn:
        decided = conn.execute(select(proposals)).mappings().one()
    created = _memorial(registrar, decided["applied_record_id"])
    assert created["name"] == "Обелиск землякам" and created["lat"] == 53.5


def test_a_name_proposed_for_a_memorial_is_linked_on_approval(store: Store, register):
    volunteer = _client(store, "volunteer")
    path = f"/memorials/{register['id']}/names/new"
    token = csrf_of(volunteer, path)
    sent = volunteer.post(path, data={"csrf_token": token, "surname": "Сидоренко",
                                      "given_name": "Иван", "birth_date": "1912"},
                          follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    [proposal] = _pending(store)
    registrar = _client(store, "registrar")
    registrar.post(f"/moderation/{proposal['id']}/approve",
                   data={"csrf_token": csrf_of(registrar, "/account")})  # fmt: skip
    found = registrar.get("/api/persons/search", params={"q": "Sidorenko Ivan 1912"}).json()
    assert register["id"] in str(found["items"][0])


def test_editors_change_directly_and_see_errors_beside_fields_in_their_language(
    store: Store, register
):
    registrar = _client(store, "registrar")
    saved = _post_edit(registrar, register["id"], buried_total=42)
    assert saved.status_code == 303 and saved.headers["location"] == f"/memorials/{register['id']}"
    assert _memorial(registrar, register["id"])["buried_total"] == 42
    registrar.cookies.set("lang", "ru")
    bad = _post_edit(registrar, register["id"], buried_total="сорок", lat="95")
    assert bad.status_code == 422
    assert 'data-field="buried_total"' in bad.text and "целым числом" in bad.text
    assert 'data-field="lat"' in bad.text
    assert _memorial(registrar, register["id"])["buried_total"] == 42


FORM_OUTCOMES = {  # who posts the edit form of a memorial in BY-HM, and what happens
    None: "sign-in", "volunteer": "proposed", "keeper": "edited", "elsewhere": "proposed",
    "registrar": "edited", "chief": "edited",
}  # fmt: skip


@pytest.mark.parametrize("who", list(FORM_OUTCOMES), ids=str)
def test_the_edit_form_for_each_role(store: Store, register, who):
    client = _client(store, who)
    if who is None:
        token = csrf_of(client, "/sign-in")
        answer = client.post(f"/memorials/{register['id']}/edit",
                             data={"csrf_token": token, "buried_total": "1"},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
        assert _memorial(client, register["id"])["buried_total"] == 40
        return
    answer = _post_edit(client, register["id"], buried_total=7)
    assert answer.status_code == 303
    outcome = "proposed" if answer.headers["location"].startswith("/proposals") else "edited"
    assert outcome == FORM_OUTCOMES[who]
    assert _memorial(client, register["id"])["buried_total"] == (7 if outcome == "edited" else 40)


@pytest.mark.parametrize("who", ["volunteer", "elsewhere"])
def test_those_who_may_not_moderate_cannot_approve(store: Store, register, who):
    _post_edit(_client(store, "volunteer"), register["id"], buried_total=41)
    [proposal] = _pending(store)
    client = _client(store, who)
    token = csrf_of(client, "/account")
    answer = client.post(f"/moderation/{proposal['id']}/approve", data={"csrf_token": token})
    assert answer.status_code == 403
    assert _pending(store)[0]["id"] == proposal["id"]


def test_forms_without_the_csrf_token_change_nothing(store: Store, register):
    registrar = _client(store, "registrar")
    answer = registrar.post(f"/memorials/{register['id']}/edit",
                            data={"buried_total": "1", "version": "1"})  # fmt: skip
    assert answer.status_code == 403
    volunteer = _client(store, "volunteer")
    assert volunteer.post("/memorials/new", data={"name": "x"}).status_code == 403
    assert _memorial(registrar, register["id"])["buried_total"] == 40 and _pending(store) == []


def test_proposals_are_throttled_per_account(store: Store, register):
    volunteer = _client(store, "volunteer", proposals_per_hour=2)
    assert _post_edit(volunteer, register["id"], buried_total=41).status_code == 303
    assert _post_edit(volunteer, register["id"], buried_total=42).status_code == 303
    third = _post_edit(volunteer, register["id"], buried_total=43)
    assert third.status_code == 429 and int(third.headers["retry-after"]) > 0
    assert len(_pending(store)) == 2
