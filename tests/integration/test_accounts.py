"""Accounts: sign-up and sign-in pages, sessions, CSRF, API tokens, throttling, audit log."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from memreg.services.users import create_user
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.schema import api_tokens, audit_log, sessions, users
from tests.integration.accounts_helpers import csrf_of, sign_in, site_client

REGISTRAR = ("registrar.minsk", "correct horse battery")


def _count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _actions(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [e["action"] for e in audit.entries(conn, limit=100)]


def test_sign_up_opens_a_secure_session_kept_only_as_a_hash(store: Store):
    client = site_client(store)
    token = csrf_of(client, "/sign-up")
    answer = client.post(
        "/sign-up",
        data={
            "username": "anna.k",
            "password": "a long enough secret",
            "csrf_token": token,
            "password_again": "a long enough secret",
            "display_name": "Анна",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    cookie = answer.headers["set-cookie"]
    for flag in ("memreg_session=", "HttpOnly", "Secure", "SameSite=lax"):
        assert flag.lower() in cookie.lower(), cookie
    secret = client.cookies["memreg_session"]
    with store.engine.connect() as conn:
        hashes = conn.execute(select(sessions.c.token_hash)).scalars().all()
        role = conn.execute(select(users.c.role).where(users.c.username == "anna.k")).scalar()
    assert hashes == [hashlib.sha256(secret.encode()).hexdigest()]
    assert role == "contributor"
    page = client.get("/account")
    assert page.status_code == 200 and 'data-user="anna.k"' in page.text
    assert page.headers["cache-control"] == "private, no-store"
    assert "sign-up" in _actions(store)


def test_sign_up_refusals_name_the_field_and_create_nothing(store: Store):
    client = site_client(store)
    token = csrf_of(client, "/sign-up")
    short = client.post(
        "/sign-up",
        data={
            "username": "Bad Name!",
            "password": "short",
            "password_again": "short",
            "csrf_token": token,
        },
    )
    assert short.status_code == 422
    assert 'data-field="username"' in short.text and 'data-field="password"' in short.text
    differ = client.post(
        "/sign-up",
        data={
            "username": "anna",
            "password": "a long secret 1",
            "password_again": "a long secret 2",
            "csrf_token": token,
        },
    )
    assert differ.status_code == 422 and 'data-field="password_again"' in differ.text
    assert _count(store, users) == 0


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(store: Store):
    create_user(store, "test", *REGISTRAR, role="registrar")
    client = site_client(store)
    csrf_of(client, "/sign-in")  # the anonymous CSRF cookie is set
    for token in (None, "", "0" * 64):
        data = {"username": REGISTRAR[0], "password": REGISTRAR[1]}
        if token is not None:
            data["csrf_token"] = token
        answer = client.post("/sign-in", data=data, follow_redirects=False)
        assert answer.status_code == 403, answer.text
    other = site_client(store)  # another visitor's token does not fit this visitor's cookie
    stolen = csrf_of(other, "/sign-in")
    answer = client.post(
        "/sign-in",
        data={"username": REGISTRAR[0], "password": REGISTRAR[1], "csrf_token": stolen},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    sign_up = client.post(
        "/sign-up", data={"username": "mallory", "password": "x" * 20, "password_again": "x" * 20}
    )
    assert sign_up.status_code == 403
    assert _count(store, sessions) == 0
    assert _count(store, users) == 1


def test_sign_in_and_out(store: Store):
    create_user(store, "test", *REGISTRAR, role="registrar")
    client = site_client(store)
    token = csrf_of(client, "/sign-in")
    wrong = client.post(
        "/sign-in", data={"username": REGISTRAR[0], "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401 and 'data-error="wrong-password"' in wrong.text
    answer = client.post(
        "/sign-in",
        data={
            "username": REGISTRAR[0],
            "password": REGISTRAR[1],
            "csrf_token": token,
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/account"
    secret = client.cookies["memreg_session"]
    assert 'data-user="registrar.minsk"' in client.get("/").text
    signed_in_token = csrf_of(client, "/account")
    out = client.post("/sign-out", data={"csrf_token": signed_in_token}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set("memreg_session", secret)  # an old cookie opens nothing
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert _actions(store)[:3] == ["sign-out", "sign-in", "sign-in-failed"]


def test_failed_sign_ins_on_the_form_are_throttled(store: Store):
    create_user(store, "test", *REGISTRAR, role="registrar")
    client = site_client(store, signin_failures_per_account=3)
    token = csrf_of(client, "/sign-in")
    for _ in range(3):
        data = {"username": REGISTRAR[0], "password": "guess", "csrf_token": token}
        assert client.post("/sign-in", data=data).status_code == 401
    right = {"username": REGISTRAR[0], "password": REGISTRAR[1], "csrf_token": token}
    throttled = client.post("/sign-in", data=right, follow_redirects=False)
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert _count(store, sessions) == 0


def test_api_tokens_are_shown_once_kept_as_hashes_scoped_and_revocable(store: Store, write_csv):
    from memreg.services.imports import import_csv

    create_user(store, "test", *REGISTRAR, role="registrar")
    path = write_csv(
        "m.csv",
        ["id", "kind", "name", "country", "region"],
        [["M1", "mass_grave", "Братская могила", "BY", "BY-HM"]],
    )
    import_csv(store, "importer", "memorial", path)
    client = site_client(store)
    sign_in(client, *REGISTRAR)
    token = csrf_of(client, "/account")
    made = client.post("/account/tokens", data={"name": "loader", "csrf_token": token})
    assert made.status_code == 201
    secret = made.text.split('data-token="')[1].split(">")[1].split("<")[0]
    assert secret.startswith("mrt_")
    assert secret not in client.get("/account").text  # shown once
    with store.engine.connect() as conn:
        stored = conn.execute(select(api_tokens.c.token_hash)).scalar_one()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()

    api = site_client(store)
    bearer = {"Authorization": f"Bearer {secret}"}
    change = api.patch("/api/memorials/M1", headers=bearer, json={"version": 1, "buried_total": 12})
    assert change.status_code == 200, change.text

    narrow = client.post(
        "/account/tokens", data={"name": "proposals only", "scopes": "propose", "csrf_token": token}
    )
    narrow_secret = narrow.text.split('data-token="')[1].split(">")[1].split("<")[0]
    refused = api.patch(
        "/api/memorials/M1",
        headers={"Authorization": f"Bearer {narrow_secret}"},
        json={"version": 2, "buried_total": 13},
    )
    assert refused.status_code == 403

    token_id = made.text.split('data-token="')[1].split('"')[0]
    revoked = client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": token}, follow_redirects=False
    )
    assert revoked.status_code == 303
    after = api.patch("/api/memorials/M1", headers=bearer, json={"version": 2, "buried_total": 9})
    assert after.status_code == 401
    assert after.headers["content-type"] == "application/problem+json"
    assert {"token-created", "token-used", "token-revoked"} <= set(_actions(store))


def test_script_on_the_site_writes_with_its_session_and_the_csrf_header(store: Store, write_csv):
    from memreg.services.imports import import_csv

    create_user(store, "test", *REGISTRAR, role="registrar")
    path = write_csv(
        "m.csv", ["id", "kind", "name", "country"], [["M1", "mass_grave", "Братская могила", "BY"]]
    )
    import_csv(store, "importer", "memorial", path)
    client = site_client(store)
    sign_in(client, *REGISTRAR)
    body = {"version": 1, "buried_total": 12}
    assert client.patch("/api/memorials/M1", json=body).status_code == 403  # no CSRF header
    token = csrf_of(client, "/account")
    answer = client.patch("/api/memorials/M1", json=body, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.text


def test_the_audit_log_refuses_updates_and_deletes(store: Store):
    create_user(store, "test", *REGISTRAR, role="registrar")
    client = site_client(store)
    sign_in(client, *REGISTRAR)
    assert _count(store, audit_log) == 1
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert _actions(store) == ["sign-in"]


def test_admins_read_the_audit_log_and_nobody_else(store: Store):
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", "chief", "the admin's long password", role="admin")
    anonymous = site_client(store)
    assert anonymous.get("/admin/audit", follow_redirects=False).status_code == 303
    registrar = site_client(store)
    sign_in(registrar, *REGISTRAR)
    assert registrar.get("/admin/audit", headers={"Accept": "text/html"}).status_code == 403
    admin = site_client(store)
    sign_in(admin, "chief", "the admin's long password")
    page = admin.get("/admin/audit")
    assert page.status_code == 200
    assert page.text.count('data-action="sign-in"') == 2
    only = admin.get("/admin/audit", params={"action": "sign-in", "before": "2"})
    assert only.text.count('data-action="sign-in"') == 1
    assert admin.get("/admin/audit", params={"before": "-1"}).status_code == 400
