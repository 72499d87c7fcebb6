"""The permission matrix: every write endpoint of the API, for every role, a custodian inside
and outside its area, and anonymous, gets exactly the allowed outcome (and a refused write
changes nothing). A new write endpoint must be added here: the test reads them from the
OpenAPI document and fails on one it does not know."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from memreg.services.accounts import create_token
from memreg.services.duplicates import find_duplicates
from memreg.services.editing import create_memorial, create_person
from memreg.services.users import create_user
from memreg.store.engine import Store
from tests.integration.accounts_helpers import site_client

AREA, ELSEWHERE = "BY-HM", "BY-VI"
CALLERS = ("anonymous", "contributor", "custodian-in", "custodian-out", "registrar", "admin")
EDITORS = {"custodian-in", "registrar", "admin"}
MERGERS = {"registrar", "admin"}
INSPECTORS = EDITORS
_serial = itertools.count(1)


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any]
    files: dict[str, Any] | None = None  # a multipart upload: body holds its form fields


def _memorial(
    store: Store, region: str = AREA, name: str | None = None, lat: float = 53.9, lon: float = 27.5
):
    n = next(_serial)
    return create_memorial(store, "test", {
        "kind": "mass_grave", "name": name or f"Братская могила {n}", "country": "BY",
        "region": region, "lat": lat, "lon": lon,
    })  # fmt: skip


def _person(store: Store) -> dict[str, Any]:
    memorial = _memorial(store)
    return create_person(store, "test", {"surname": "Сидоренко", "given_name": "Иван",
                                         "memorial_id": memorial["id"]})  # fmt: skip


def _pair(store: Store) -> tuple[int, str]:
    """A fresh pair in the duplicates queue (two records of one grave, far from the others)
    and the id of the one to keep."""
    from sqlalchemy import select

    from memreg.store.schema import duplicate_pairs

    n = next(_serial)
    lat, lon = 40 + (n % 40) * 0.5, 30 + (n // 40 % 40) * 0.5
    name = f"Обелиск воинам {n}"
    keep, other = (_memorial(store, name=name, lat=lat, lon=lon) for _ in range(2))
    find_duplicates(store, "test", "memorial")
    with store.engine.connect() as conn:
        pk = conn.execute(
            select(duplicate_pairs.c.pk).where(
                duplicate_pairs.c.a_pk.in_([keep["pk"], other["pk"]]),
                duplicate_pairs.c.b_pk.in_([keep["pk"], other["pk"]]),
            )
        ).scalar_one()
    return pk, keep["id"]


CASES: dict[tuple[str, str], tuple[set[str], Callable[[Store], Call]]] = {
    ("post", "/api/memorials"): (EDITORS, lambda s: Call("POST", "/api/memorials", {
        "kind": "obelisk", "name": "Новый обелиск", "country": "BY", "region": AREA})),
    ("patch", "/api/memorials/{memorial_id}"): (EDITORS, lambda s: (
        lambda m: Call("PATCH", f"/api/memorials/{m['id']}", {"version": 1, "buried_total": 5})
    )(_memorial(s))),
    ("post", "/api/memorials/{memorial_id}/retire"): (EDITORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/retire", {"reason": "duplicate"})
    )(_memorial(s))),
    ("post", "/api/persons"): (EDITORS, lambda s: (
        lambda m: Call("POST", "/api/persons", {"surname": "Ковалёв", "memorial_id": m["id"]})
    )(_memorial(s))),
    ("patch", "/api/persons/{person_id}"): (EDITORS, lambda s: (
        lambda p: Call("PATCH", f"/api/persons/{p['id']}", {"version": 1, "birth_date": "1912"})
    )(_person(s))),
    ("post", "/api/persons/{person_id}/retire"): (EDITORS, lambda s: (
        lambda p: Call("POST", f"/api/persons/{p['id']}/retire", {"reason": "duplicate"})
    )(_person(s))),
    ("post", "/api/duplicates/{pair}/merge"): (MERGERS, lambda s: (
        lambda pair: Call("POST", f"/api/duplicates/{pair[0]}/merge", {"keep": pair[1]})
    )(_pair(s))),
    ("post", "/api/duplicates/{pair}/distinct"): (MERGERS, lambda s: (
        lambda pair: Call("POST", f"/api/duplicates/{pair[0]}/distinct", {"reason": "two graves"})
    )(_pair(s))),
    ("post", "/api/memorials/{memorial_id}/inscriptions"): (EDITORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/inscriptions",
                       {"items": [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1}]})
    )(_memorial(s))),
    ("patch", "/api/inscriptions/{inscription_id}"): (EDITORS, lambda s: (
        lambda i: Call("PATCH", f"/api/inscriptions/{i}", {"version": 1, "note": "left panel"})
    )(_inscription(s))),
    ("post", "/api/memorials/{memorial_id}/inspections"): (INSPECTORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/inspections", INSPECTION)
    )(_memorial(s))),
    ("post", "/api/inspections/{inspection_id}/tasks"): (INSPECTORS, lambda s: (
        lambda i: Call("POST", f"/api/inspections/{i}/tasks", {"title": "Clear the shrubs"})
    )(_inspection(s)["id"])),
    ("patch", "/api/tasks/{task_id}"): (INSPECTORS, lambda s: (
        lambda t: Call("PATCH", f"/api/tasks/{t}", {"state": "in_progress", "version": 1})
    )(_task(s))),
    ("post", "/api/memorials/{memorial_id}/revert"): (EDITORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/revert",
                       {"revision": m["created_revision_id"], "reason": "undo", "version": 2})
    )(_changed_memorial(s))),
    ("post", "/api/memorials/{memorial_id}/restore"): (EDITORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/restore", {"reason": "found again"})
    )(_retired(s, "memorial"))),
    ("post", "/api/persons/{person_id}/revert"): (EDITORS, lambda s: (
        lambda p: Call("POST", f"/api/persons/{p['id']}/revert",
                       {"revision": p["created_revision_id"], "reason": "undo", "version": 2})
    )(_changed_person(s))),
    ("post", "/api/persons/{person_id}/restore"): (EDITORS, lambda s: (
        lambda p: Call("POST", f"/api/persons/{p['id']}/restore", {"reason": "found again"})
    )(_retired(s, "person"))),
    ("post", "/api/memorials/{memorial_id}/photos"): (EDITORS, lambda s: (
        lambda m: Call("POST", f"/api/memorials/{m['id']}/photos",
                       {"author": "A. Ivanova", "taken_on": "2025-05-09", "licence": "CC-BY-4.0"},
                       {"file": ("plaque.png", _png(), "image/png")})
    )(_memorial(s))),
}  # fmt: skip


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "PNG")
    return out.getvalue()


def _changed_memorial(store: Store) -> dict[str, Any]:
    from memreg.services.editing import update_record

    return update_record(store, "test", "memorial", _memorial(store)["id"], {"buried_total": 9}, 1)


def _changed_person(store: Store) -> dict[str, Any]:
    from memreg.services.editing import update_record

    return update_record(store, "test", "person", _person(store)["id"], {"birth_date": "1910"}, 1)


def _retired(store: Store, record_type: str) -> dict[str, Any]:
    from memreg.services.editing import retire_record

    record = _memorial(store) if record_type == "memorial" else _person(store)
    return retire_record(store, "test", record_type, record["id"], "a duplicate")


INSPECTION = {"inspected_on": "2026-05-09", "inspector": "Ivanova A. P.", "grade": "poor",
              "issues": ["cracks"]}  # fmt: skip


def _inspection(store: Store) -> dict[str, Any]:
    from memreg.domain.vocabulary import Role
    from memreg.services.inspections import record_inspection
    from memreg.services.users import User

    admin = User("matrix-admin", Role.ADMIN, ())
    return record_inspection(store, admin, _memorial(store)["id"], dict(INSPECTION))


def _task(store: Store) -> str:
    from memreg.domain.vocabulary import Role
    from memreg.services.inspections import create_task
    from memreg.services.users import User

    admin = User("matrix-admin", Role.ADMIN, ())
    return str(create_task(store, admin, _inspection(store)["id"], {"title": "Fix"})["id"])


def _inscription(store: Store) -> str:
    from memreg.services.inscriptions import add_inscriptions

    memorial = _memorial(store)
    [added] = add_inscriptions(store, "test", memorial["id"],
                               [{"text": "СИДОРЕНКО И.П.", "panel": 1, "row": 1}])  # fmt: skip
    return str(added["id"])


def _headers(store: Store) -> dict[str, dict[str, str]]:
    people = {
        "contributor": ("contributor", []), "custodian-in": ("custodian", [AREA]),
        "custodian-out": ("custodian", [ELSEWHERE]), "registrar": ("registrar", []),
        "admin": ("admin", []),
    }  # fmt: skip
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for caller, (role, regions) in people.items():
        user = create_user(store, "test", caller, "a long enough password", role, regions)
        _, secret = create_token(store, user, "matrix", None)
        headers[caller] = {"Authorization": f"Bearer {secret}"}
    return headers


def _expected(caller: str, allowed: set[str]) -> int:
    if caller == "anonymous":
        return 401
    return 200 if caller in allowed else 403


def test_every_write_endpoint_is_in_the_matrix(store: Store):
    document = site_client(store).get("/api/openapi.json").json()
    writes = {
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    public_posts = {("post", "/api/reconcile")}  # queries, not writes
    assert writes - public_posts - set(CASES) == set()


@pytest.mark.parametrize("endpoint", sorted(CASES), ids=lambda e: f"{e[0]} {e[1]}")
def test_each_caller_gets_exactly_the_allowed_outcome(store: Store, endpoint):
    allowed, make = CASES[endpoint]
    client: TestClient = site_client(store)
    headers = _headers(store)
    for caller in CALLERS:
        call = make(store)
        if call.files is not None:
            answer = client.request(call.method, call.path, data=call.body, files=call.files,
                                    headers=headers[caller])  # fmt: skip
        else:
            answer = client.request(call.method, call.path, json=call.body,
                                    headers=headers[caller])  # fmt: skip
        expected = _expected(caller, allowed)
        got = 200 if answer.status_code in (200, 201) else answer.status_code
        assert got == expected, f"{caller} {call.method} {call.path}: {answer.text}"
        if expected != 200:
            assert answer.headers["content-type"] == "application/problem+json"
            if call.method == "PATCH":  # nothing changed
                record = client.get(call.path).json()  # where the record can be read
                assert record.get("version", 1) == 1, caller
