"""The public API answers 429 with Retry-After to a client that asks too fast."""

from __future__ import annotations

from fastapi.testclient import TestClient

from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.app import create_app


def test_a_client_over_its_burst_gets_429_and_pages_are_not_limited(sqlite_store: Store):
    settings = Settings(
        database_url=sqlite_store.url, rate_limit_per_minute=60, rate_limit_burst=5, tile_url=""
    )
    client = TestClient(create_app(settings, store=sqlite_store))
    statuses = [client.get("/api/health").status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 3
    limited = client.get("/api/stats")
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.json()["type"].endswith("/rate-limited")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert client.get("/").status_code == 200
