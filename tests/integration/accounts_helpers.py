"""A browser-like client of the site's forms: HTTPS (the session cookie is Secure), with
the CSRF token read from each form as a browser would send it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.app import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def site_client(store: Store, **settings: object) -> TestClient:
    options = {"database_url": store.url, "tile_url": "", "rate_limit_per_minute": 0, **settings}
    app = create_app(Settings(**options), store=store)  # type: ignore[arg-type]
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


def csrf_of(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str) -> None:
    token = csrf_of(client, "/sign-in")
    answer = client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
