"""The public API answers 429 with Retry-After to a client that asks too fast."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.app import create_app
from memreg.web.ratelimit import SharedBuckets


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


def test_worker_processes_share_one_limit_through_the_state_file(
    sqlite_store: Store, tmp_path: Path
):
    """Two apps over one state file stand for two workers: together they allow one burst."""
    settings = Settings(
        database_url=sqlite_store.url, rate_limit_per_minute=60, rate_limit_burst=6,
        tile_url="", rate_limit_state_file=str(tmp_path / "limit"),
    )  # fmt: skip
    workers = [TestClient(create_app(settings, store=sqlite_store)) for _ in range(2)]
    statuses = [workers[n % 2].get("/api/health").status_code for n in range(10)]
    assert statuses == [200] * 6 + [429] * 4


def test_each_client_has_its_own_bucket_in_the_shared_table(tmp_path: Path):
    buckets = SharedBuckets(tmp_path / "limit")
    first = [buckets.take("10.0.0.1", rate=1.0, burst=3) for _ in range(4)]
    other = [buckets.take("10.0.0.2", rate=1.0, burst=3) for _ in range(3)]
    assert first[:3] == [0.0, 0.0, 0.0] and first[3] > 0
    assert other == [0.0, 0.0, 0.0]
