"""The public site's pages on SQLite and PostgreSQL: persons, search in any script, honours,
statistics and their CSV, languages, JSON-LD, and hostile input that must not break a page."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from memreg.ingest.place_honours import read_honour_sources, read_place_honours
from memreg.services.editing import create_memorial, create_person, retire_record
from memreg.services.honours import record_place_honours
from memreg.services.register import check
from memreg.store.engine import Store

BROWSER = {"accept": "text/html"}


@pytest.fixture
def register(store: Store) -> Store:
    create_memorial(store, "test", {"id": "BY-1", "kind": "mass_grave", "country": "BY",
                                    "region": "BY-HM", "settlement": "Мінск",
                                    "name": "Брацкая магіла савецкіх воінаў",
                                    "names": {"ru": "Братская могила советских воинов",
                                              "en": "Mass grave of Soviet soldiers"},
                                    "lat": 53.9, "lon": 27.56, "erected": "1957",
                                    "buried_total": 10, "buried_known": 3,
                                    "protection_level": "national",
                                    "wikidata": "Q123"})  # fmt: skip
    create_memorial(store, "test", {"id": "RU-1", "kind": "obelisk", "country": "RU",
                                    "region": "RU-SMO", "settlement": "Смоленск",
                                    "name": "Обелиск", "lat": 54.78, "lon": 32.04})  # fmt: skip
    for n, (surname, year) in enumerate([("Сидоренко", 1912), ("Сидоренко", 1912),
                                         ("Абрамов", 1920)]):  # fmt: skip
        create_person(store, "test", {"id": f"P-{n}", "surname": surname, "given_name": "Иван",
                                      "birth_date": str(year), "memorial_id": "BY-1"})  # fmt: skip
    record_place_honours(store, "test", read_place_honours(), read_honour_sources(),
                         only_known_settlements=True)  # fmt: skip
    return store


def _html(client: TestClient, url: str, **headers: str) -> str:
    response = client.get(url, headers={**BROWSER, **headers})
    assert response.status_code == 200, (url, response.text[:300])
    return response.text


def test_the_honours_of_a_settlement_show_on_its_memorials_and_on_honours(
    register: Store, client: TestClient
):
    assert check(register) == []
    memorial = _html(client, "/memorials/BY-1")
    assert "Hero City" in memorial and "1974-06-26" in memorial
    honours = _html(client, "/honours")
    assert "Мінск" in honours and "Смоленск" in honours  # only the register's settlements
    assert "Москва" not in honours
    assert "Decrees of the Presidium of the Supreme Soviet" in honours
    russian = _html(client, "/honours?lang=ru")
    assert "Город-герой" in russian and '<html lang="ru">' in russian


def test_a_memorial_page_carries_json_ld_and_its_names_link_to_person_pages(
    register: Store, client: TestClient
):
    html = _html(client, "/memorials/BY-1?lang=en")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "LandmarksOrHistoricalBuildings"
    assert data["name"] == "Mass grave of Soviet soldiers"  # the page's language
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 53.9, "longitude": 27.56}
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q123"]
    assert '<a href="/persons/P-0">' in html
    assert "Minsk" in html and "National significance" in html  # region and vocabulary named
    assert "BY-HM" not in html.split("<main")[1].split("ld+json")[0]
    belarusian = _html(client, "/memorials/BY-1?lang=be")
    assert "<h1>Брацкая магіла савецкіх воінаў</h1>" in belarusian  # no be name: primary
    assert "Мінск, Мінск, Беларусь" in belarusian


def test_names_on_a_memorial_are_found_by_the_beginning_of_a_surname(
    register: Store, client: TestClient
):
    html = _html(client, "/memorials/BY-1?surname=сид")
    assert 'Names <span class="count">(2)</span>' in html
    assert "Абрамов" not in html.split('id="names"')[1]
    by_birth = _html(client, "/memorials/BY-1?order=birth")
    names = by_birth.split('class="names"')[1]
    assert names.index("Сидоренко") < names.index("Абрамов")  # 1912 before 1920


def test_a_person_page_shows_where_they_lie_and_records_that_may_be_the_same(
    register: Store, client: TestClient
):
    html = _html(client, "/persons/P-0")
    assert "<h1>Сидоренко Иван</h1>" in html
    assert '<a href="/memorials/BY-1">Mass grave of Soviet soldiers</a>' in html
    assert "Buried here" in html
    assert '<a href="/persons/P-1">' in html  # same surname, name and year of birth
    assert '"@type": "Person"' in html
    retire_record(register, "test", "person", "P-1", "duplicate of P-0")
    assert '<a href="/persons/P-1">' not in _html(client, "/persons/P-0")
    assert client.get("/persons/NOBODY", headers=BROWSER).status_code == 404


@pytest.mark.parametrize("query", ["minsk", "Минск", "МІНСК", "bratskaia mogila", "soviet"])
def test_search_finds_memorials_and_places_in_any_script(
    register: Store, client: TestClient, query: str
):
    html = _html(client, f"/search?q={query}")
    assert '<a href="/memorials/BY-1">' in html or "Мінск" in html.split('id="place-hits"')[1]
    assert "RU-1" not in html


def test_search_after_a_rename_and_a_retirement_finds_what_the_register_holds(
    register: Store, client: TestClient
):
    from memreg.services.editing import update_record

    update_record(register, "test", "memorial", "RU-1", {"name": "Обелиск героям Смоленщины"}, None)
    assert '<a href="/memorials/RU-1">' in _html(client, "/search?q=geroiam")
    retire_record(register, "test", "memorial", "RU-1", "duplicate")
    assert '<a href="/memorials/RU-1">' not in _html(client, "/search?q=geroiam")
    assert check(register) == []


def test_statistics_show_every_figure_and_give_it_as_csv(register: Store, client: TestClient):
    html = _html(client, "/stats")
    for name in ("country", "region", "kind", "status", "protection", "decade", "buried"):
        assert f'id="{name}"' in html and f'href="/stats/{name}.csv"' in html
    assert "<svg" in html and "<table>" in html
    rows = list(csv.reader(io.StringIO(client.get("/stats/region.csv?lang=ru").text)))
    assert rows[0] == ["code", "label", "count"]
    assert ["BY-HM", "Минск", "1"] in rows and ["RU-SMO", "Смоленская область", "1"] in rows
    buried = list(csv.reader(io.StringIO(client.get("/stats/buried.csv").text)))
    assert buried[1:] == [["known", "Known by name", "3"], ["unknown", "Unknown", "7"]]
    assert client.get("/stats/nothing.csv").status_code == 404


@pytest.mark.parametrize(
    ("headers", "url", "lang"),
    [({"accept-language": "be-BY,be;q=0.9"}, "/stats", "be"),
     ({"accept-language": "ru"}, "/stats?lang=en", "en"),
     ({"accept-language": "de, fr;q=0.5"}, "/stats", "en"),
     ({"cookie": "lang=ru"}, "/stats", "ru"),
     ({}, "/stats?lang=xx", "en")],
)  # fmt: skip
def test_the_language_comes_from_the_parameter_cookie_or_browser(
    register: Store, client: TestClient, headers: dict[str, str], url: str, lang: str
):
    response = client.get(url, headers={**BROWSER, **headers})
    assert f'<html lang="{lang}">' in response.text
    assert response.headers["content-language"] == lang


@pytest.mark.parametrize(
    "url",
    ["/search?q=%00", "/search?q=" + "ы" * 200, "/search?q=*", "/search?q=%22%20OR%201",
     "/search?q=a%20AND%20NOT", "/search?q=%27);DROP", "/memorials/BY-1?surname=%25",
     "/memorials/BY-1?surname=%F0%9F%98%80", "/map?kind=castle&region=%3Cb%3E",
     "/search?q=minsk&kind=castle&country=%3Cx"],
)  # fmt: skip
def test_hostile_input_gives_a_page_not_an_error(register: Store, client: TestClient, url: str):
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, response.text[:500]
    assert "<script>" not in response.text.split("</head>")[1].split("<script src")[0]


@pytest.mark.parametrize(
    "url",
    ["/search?q=" + "x" * 201, "/memorials/BY-1?order=age", "/map?z=99", "/map?lat=north"],
)
def test_impossible_parameters_are_a_400_page_naming_them(client: TestClient, url: str):
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 400
    assert "Bad parameter" in response.text


def test_the_api_docs_page_uses_no_outside_asset(client: TestClient):
    html = _html(client, "/api/docs")
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in assets
    for asset in (a for a in assets if not a.startswith("#")):
        assert asset.startswith("/"), asset
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset
    assert "<script>" not in html  # no inline script: a strict CSP can hold
