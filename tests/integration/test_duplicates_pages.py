"""The duplicates review pages on SQLite and PostgreSQL: open pairs best first and paged, one
pair side by side with the differing fields marked and the reasons, in three languages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from memreg.services.duplicates import find_duplicates, mark_distinct
from memreg.services.editing import create_memorial, create_person
from memreg.store.engine import Store
from memreg.web.pages import duplicates_page

BROWSER = {"accept": "text/html"}
XSS = "<script>alert(1)</script>"


def pair_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-pair="(\d+)"', page)]


def html(client: TestClient, url: str) -> str:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, (url, response.text[:300])
    return response.text


@pytest.fixture
def register(store: Store) -> Store:
    create_memorial(store, "test", {"id": "M1", "kind": "mass_grave", "country": "BY",
                                    "name": "Братская могила советских воинов",
                                    "settlement": "Орша", "lat": 54.5, "lon": 30.4})  # fmt: skip
    create_memorial(store, "test", {"id": "M2", "kind": "mass_grave", "country": "BY",
                                    "name": "Братская могила советских воинов",
                                    "settlement": "Орша", "lat": 54.50002, "lon": 30.40001,
                                    "custodian": XSS})  # fmt: skip
    for n, given in enumerate(("Иван", "Иван", "Пётр", "Пётр")):
        create_person(store, "test", {"id": f"P{n}", "surname": "Сидоренко", "given_name": given,
                                      "patronymic": "Петрович", "birth_date": "1912",
                                      "birthplace": "Орша" if n % 2 else None})  # fmt: skip
    find_duplicates(store, "test", "memorial")
    find_duplicates(store, "test", "person")
    return store


def test_the_list_shows_open_pairs_best_first_with_why(register: Store, client: TestClient):
    page = html(client, "/duplicates?lang=en")
    assert len(pair_numbers(page)) == 1
    assert "M1" in page and "M2" in page and "m apart" in page and "same kind" in page
    persons = html(client, "/duplicates?record_type=person&lang=en")
    scores = [float(s) for s in re.findall(r'<td class="score">([\d.]+)%</td>', persons)]
    assert len(scores) >= 2 and scores == sorted(scores, reverse=True)
    assert "surnames 100% alike" in persons


def test_the_list_is_paged_by_keyset(
    register: Store, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duplicates_page, "PAGE_SIZE", 1)
    first = html(client, "/duplicates?record_type=person")
    following = re.search(r'href="([^"]+)" rel="next"', first)
    assert following is not None
    second = html(client, following.group(1).replace("&amp;", "&"))
    assert pair_numbers(first) and pair_numbers(second)
    assert set(pair_numbers(first)).isdisjoint(pair_numbers(second))


def test_a_pair_is_shown_side_by_side_with_the_differences_marked(
    register: Store, client: TestClient
) -> None:
    (pair,) = pair_numbers(html(client, "/duplicates"))
    page = html(client, f"/duplicates/{pair}?lang=en")
    assert re.search(r'<tr data-field="custodian" class="differs">', page)
    assert re.search(r'<tr data-field="name">', page)  # the same name is not marked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and XSS not in page
    assert 'href="/memorials/M1"' in page and 'href="/memorials/M2"' in page
    assert "m apart" in page


def test_the_reasons_read_in_the_page_language(register: Store, client: TestClient) -> None:
    (pair,) = pair_numbers(html(client, "/duplicates"))
    assert "тот же вид" in html(client, f"/duplicates/{pair}?lang=ru")
    assert "той жа від" in html(client, f"/duplicates/{pair}?lang=be")


def test_a_decided_pair_leaves_the_list_and_says_so(register: Store, client: TestClient):
    (pair,) = pair_numbers(html(client, "/duplicates"))
    mark_distinct(register, "test", pair, "two graves")
    assert pair_numbers(html(client, "/duplicates")) == []
    assert "marked as two different records" in html(client, f"/duplicates/{pair}?lang=en")


@pytest.mark.parametrize(
    "cursor",  # NaN, Infinity, -Infinity, a huge score, a negative pair number
    ["WyJwYWlyIiwgTmFOLCAxXQ", "WyJwYWlyIiwgSW5maW5pdHksIDFd", "WyJwYWlyIiwgLUluZmluaXR5LCAzXQ",
     "WyJwYWlyIiwgMWUzMDgsIDIxNDc0ODM2NDdd", "WyJwYWlyIiwgMC41LCAtNV0"],
)  # fmt: skip
def test_odd_cursors_give_a_page_not_an_error(
    register: Store, client: TestClient, cursor: str
) -> None:
    response = client.get(f"/duplicates?record_type=person&cursor={cursor}", headers=BROWSER)
    assert response.status_code in (200, 400), response.text[:300]


@pytest.mark.parametrize(
    ("url", "status"),
    [("/duplicates/99999", 404), ("/duplicates/0", 400), ("/duplicates/x", 400),
     ("/duplicates?record_type=castle", 400), ("/duplicates?cursor=nonsense", 400)],
)  # fmt: skip
def test_bad_duplicates_urls_are_a_page_naming_the_problem(
    register: Store, client: TestClient, url: str, status: int
) -> None:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
