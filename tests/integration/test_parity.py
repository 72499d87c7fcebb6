"""SQLite and PostgreSQL give the same answers to every API question on the same data."""

from __future__ import annotations

import pytest

from memreg.services.demo import load_demo
from memreg.services.register import check, copy_register, stats
from memreg.store.engine import Store
from tests.conftest import make_client

SEED = 7
PROBES = [
    "/api/stats",
    "/api/memorials?limit=1000",
    "/api/memorials?limit=20&offset=40",
    "/api/memorials?country=BY&limit=1000",
    "/api/memorials?country=RU&kind=mass_grave&limit=1000",
    "/api/memorials?region=BY-HM&limit=1000",
    "/api/memorials?kind=obelisk&limit=1000",
    "/api/memorials?bbox=23,51,33,56.5&limit=1000",
    "/api/memorials?bbox=30,50,60,70&kind=mass_grave&limit=1000",
    "/api/memorials?bbox=170,40,-170,80&limit=1000",
    "/api/memorials?near=53.9,27.56&limit=25",
    "/api/memorials?near=55.75,37.62&limit=10&country=RU",
    "/api/memorials?near=43.24,76.89&limit=5",
    "/api/memorials?near=-33.9,151.2&limit=3",
    "/api/map/clusters?bbox=-180,-85,180,85&zoom=2",
    "/api/map/clusters?bbox=23,51,33,56.5&zoom=7&kind=mass_grave",
    "/api/map/clusters?bbox=23,51,33,56.5&zoom=9&status=standing&has_names=yes",
    "/api/map/clusters?bbox=27.4,53.8,27.7,54&zoom=17&lang=en",
    "/api/map/clusters?bbox=170,40,-170,80&zoom=4",
    "/api/places?q=min",
    "/api/places?near=53.9,27.56",
]


def _load(store: Store) -> None:
    load_demo(store, seed=SEED, memorials=400, persons=6000)


def _answers(store: Store) -> dict[str, object]:
    client = make_client(store)
    answers: dict[str, object] = {}
    for url in PROBES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text)
        answers[url] = response.json()
    listing = client.get("/api/memorials?limit=1000").json()["items"]
    for memorial in listing[::37]:
        url = f"/api/memorials/{memorial['id']}?limit=1000"
        answers[url] = client.get(url).json()
        for person in answers[url]["persons"]["items"][:3]:  # type: ignore[index]
            person_url = f"/api/persons/{person['id']}"
            answers[person_url] = client.get(person_url).json()
    return answers


@pytest.mark.postgres
def test_both_backends_answer_every_question_alike(sqlite_store: Store, postgres_store: Store):
    _load(sqlite_store)
    _load(postgres_store)
    on_sqlite = _answers(sqlite_store)
    on_postgres = _answers(postgres_store)
    assert on_sqlite.keys() == on_postgres.keys()
    for url in on_sqlite:
        assert on_sqlite[url] == on_postgres[url], url
    near = on_sqlite["/api/memorials?near=53.9,27.56&limit=25"]["items"]  # type: ignore[index]
    distances = [item["distance_m"] for item in near]
    assert distances == sorted(distances) and len(distances) == 25


@pytest.mark.postgres
def test_copy_moves_a_register_from_sqlite_to_postgres_unchanged(
    sqlite_store: Store, postgres_store: Store
):
    _load(sqlite_store)
    copied = copy_register(sqlite_store, postgres_store)
    assert copied > 6400
    assert check(postgres_store) == []
    assert stats(postgres_store) == stats(sqlite_store)
    assert _answers(postgres_store) == _answers(sqlite_store)


@pytest.mark.postgres
def test_copy_refuses_a_target_that_is_not_empty(sqlite_store: Store, postgres_store: Store):
    _load(sqlite_store)
    _load(postgres_store)
    with pytest.raises(Exception, match="not empty"):
        copy_register(sqlite_store, postgres_store)
