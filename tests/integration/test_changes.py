"""GET /api/changes: the revisions of memorials and persons as an Activity Streams 2.0
ordered collection, paged, resumable from a cursor, narrowed to one record."""

from __future__ import annotations

from pathlib import Path

from memreg.services.editing import update_record
from memreg.store.engine import Store
from tests.conftest import make_client
from tests.register_builder import build_register


def _all(client, **params) -> list[dict]:
    items, params = [], {"limit": 3, **params}
    while True:
        page = client.get("/api/changes", params=params).json()
        items += page["orderedItems"]
        if "next" not in page:
            return items
        params = {**params, "after": page["memreg:cursor"]}


def test_feed_lists_every_public_revision_in_order(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    client = make_client(store)
    response = client.get("/api/changes")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/activity+json"
    page = response.json()
    assert page["@context"][0] == "https://www.w3.org/ns/activitystreams"
    assert page["type"] == "OrderedCollectionPage"
    assert page["partOf"]["type"] == "OrderedCollection"
    items = page["orderedItems"]
    assert page["partOf"]["totalItems"] == len(items) == 8  # 4 imports, 4 edits; no user
    kinds = [(i["type"], i["memreg:action"]) for i in items]
    assert kinds == [("Add", "import")] * 4 + [
        ("Create", "create"),
        ("Update", "update"),
        ("Remove", "retire"),
        ("Remove", "retire"),
    ]
    update = items[5]
    assert update["object"]["memreg:id"] == "BY-BR-0002"
    assert update["memreg:after"] == {"buried_total": 15, "buried_known": 3, "buried_unknown": 12}
    assert update["summary"] == "count from the 2023 survey"
    assert update["actor"] == {"type": "Person", "name": "test:editor"}
    revisions = [i["memreg:revision"] for i in items]
    assert revisions == sorted(revisions)


def test_cursor_resumes_where_the_client_stopped(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    client = make_client(store)
    first = client.get("/api/changes", params={"limit": 4}).json()
    cursor = first["memreg:cursor"]
    assert "next" in first
    rest = _all(client, after=cursor)
    whole = _all(client)
    assert [i["id"] for i in first["orderedItems"] + rest] == [i["id"] for i in whole]
    # Nothing new: an empty page, the same cursor to poll with later.
    end = client.get("/api/changes", params={"after": whole[-1]["memreg:revision"]}).json()
    assert end["orderedItems"] == [] and "next" not in end
    assert end["memreg:cursor"] == str(whole[-1]["memreg:revision"])
    update_record(store, "test", "memorial", "KZ-0004", {"settlement": "Алма-Ата"}, None)
    polled = client.get("/api/changes", params={"after": end["memreg:cursor"]}).json()
    assert [i["object"]["memreg:id"] for i in polled["orderedItems"]] == ["KZ-0004"]


def test_record_narrows_the_feed_to_one_record(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    client = make_client(store)
    items = _all(client, record="memorial/BY-BR-0002")
    assert [i["memreg:action"] for i in items] == ["import", "update"]
    items = _all(client, record="memorial/RU-MOW-0003")
    assert [i["object"].get("name") for i in items] == ["m.csv", "m2.csv"]  # created, changed
    assert [i["memreg:action"] for i in _all(client, record="person/obd-5")] == ["import", "retire"]


def test_bad_feed_requests_name_the_parameter(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    client = make_client(store)
    for params, field in (({"record": "BY-BR-0002"}, "record"), ({"record": "user/x"}, "record"),
                          ({"after": "-1"}, "after"), ({"limit": "0"}, "limit")):  # fmt: skip
        response = client.get("/api/changes", params=params)
        assert response.status_code == 400, params
        assert response.json()["errors"][0]["field"] == field
    assert client.get("/api/changes", params={"record": "memorial/NOPE"}).status_code == 404
