"""The public HTML pages, on SQLite and on PostgreSQL: the map page and a memorial's names."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial, create_person, retire_record
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from tests.conftest import WriteCsv

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PERSON_HEADER = ["id", "surname", "given_name", "patronymic", "birth_date", "memorial_id"]


class _Names(HTMLParser):
    """The names listed on a memorial page: (person id, text) per <li>, and <ol start>."""

    def __init__(self) -> None:
        super().__init__()
        self.start: int | None = None
        self.names: list[tuple[str, str]] = []
        self._in_list = self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "ol" and attributes.get("class") == "names":
            self._in_list = True
            self.start = int(attributes.get("start") or 1)
        elif tag == "a" and self._in_list:
            href = attributes.get("href") or ""
            self.names.append((href.rsplit("/", 1)[-1], ""))
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._in_list = False
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            person_id, text = self.names[-1]
            self.names[-1] = (person_id, " ".join((text + " " + data).split()))


def _names(html: str) -> _Names:
    parser = _Names()
    parser.feed(html)
    return parser


def _page(client: TestClient, url: str) -> str:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, (url, response.text[:500])
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


@pytest.fixture
def minsk(store: Store) -> Store:
    create_memorial(store, "test", {"id": "BY-001", "kind": "mass_grave",
                                    "name": "Mass grave of Soviet soldiers",
                                    "names": {"ru": "Братская могила советских воинов"},
                                    "lat": 53.9023, "lon": 27.5619, "country": "BY",
                                    "region": "BY-HM", "settlement": "Minsk",
                                    "buried_total": 250, "buried_known": 250})  # fmt: skip
    return store


def test_the_map_page_shows_the_counts(store: Store, write_csv: WriteCsv, client: TestClient):
    rows = [[f"M-{n:04d}", "obelisk", f"Obelisk {n}", 50 + n / 100, 30, "BY"] for n in range(1234)]
    header = ["id", "kind", "name", "lat", "lon", "country"]
    import_csv(store, "test", "memorial", write_csv("memorials.csv", header, rows))
    people = [[f"P-{n}", "Ivanov", "", "", "", "M-0001"] for n in range(5)]
    import_csv(store, "test", "person", write_csv("persons.csv", PERSON_HEADER, people))
    retire_record(store, "test", "memorial", "M-0002", "duplicate")
    html = _page(client, "/")
    assert '<strong id="memorial-count">1,233</strong>' in html
    assert '<strong id="person-count">5</strong>' in html
    assert '<div id="map" class="map"' in html
    assert '"tileUrl": ""' in html  # the test app has no tiles: the offline layer only
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset
    assert "/static/app/map.js" in html


def test_pages_answer_head_as_link_checkers_send_it(minsk: Store, client: TestClient):
    assert client.head("/").status_code == 200
    assert client.head("/memorials/BY-001").status_code == 200
    assert client.head("/memorials/NO-SUCH").status_code == 404


def test_the_map_page_of_an_empty_register(client: TestClient):
    html = _page(client, "/")
    assert '<strong id="memorial-count">0</strong>' in html


def test_a_memorial_page_lists_its_names_a_page_at_a_time(minsk: Store, client: TestClient):
    people = [{"id": f"P-{n:03d}", "surname": f"Surname{n % 7}", "given_name": f"Name{n:03d}",
               "memorial_id": "BY-001"} for n in range(250)]  # fmt: skip
    for person in people:
        create_person(minsk, "test", person)
    expected = sorted(people, key=lambda p: (p["surname"], p["given_name"], p["id"]))
    html = _page(client, "/memorials/BY-001")
    assert "<h1>Mass grave of Soviet soldiers</h1>" in html
    assert '<dd lang="ru">Братская могила советских воинов</dd>' in html
    assert 'Names <span class="count">(250)</span>' in html
    assert "page 1 of 3" in html and re.search(
        r'rel="next" href="\?page=2&amp;cursor=[^"]+#names"', html
    )
    assert 'rel="prev"' not in html
    first = _names(html)
    assert first.start == 1
    assert [i for i, _ in first.names] == [p["id"] for p in expected[:100]]
    assert first.names[0][1] == f"{expected[0]['surname']} {expected[0]['given_name']}"
    last = _names(_page(client, "/memorials/BY-001?page=3"))
    assert last.start == 201
    assert [i for i, _ in last.names] == [p["id"] for p in expected[200:]]
    following = re.search(r'rel="next" href="\?page=2&amp;cursor=([^"#]+)#names"', html)
    assert following is not None
    by_cursor = _names(_page(client, f"/memorials/BY-001?page=2&cursor={following[1]}"))
    assert by_cursor.start == 101
    assert [i for i, _ in by_cursor.names] == [p["id"] for p in expected[100:200]]
    html = _page(client, "/memorials/BY-001?page=3")
    assert "page 3 of 3" in html and 'rel="prev" href="?page=2#names"' in html
    assert 'rel="next"' not in html
    api = client.get("/api/memorials/BY-001?limit=100&offset=100").json()["persons"]["items"]
    assert [i for i, _ in _names(_page(client, "/memorials/BY-001?page=2")).names] == [
        p["id"] for p in api
    ]


def test_a_page_past_the_end_of_the_names_says_so(minsk: Store, client: TestClient):
    create_person(minsk, "test", {"id": "P-1", "surname": "Ivanov", "memorial_id": "BY-001"})
    html = _page(client, "/memorials/BY-001?page=7")
    assert "Page 7 is past the end of the list, which has 1 page." in html
    assert _names(html).names == []


def test_a_memorial_without_names_says_so(minsk: Store, client: TestClient):
    assert "No names are recorded for this memorial yet." in _page(client, "/memorials/BY-001")


def test_a_retired_memorial_page_says_why(minsk: Store, client: TestClient):
    retire_record(minsk, "test", "memorial", "BY-001", "merged into BY-002")
    assert "Retired from the register: merged into BY-002" in _page(client, "/memorials/BY-001")


def test_names_are_shown_as_text_not_markup(minsk: Store, client: TestClient):
    create_person(minsk, "test", {"id": "P-x", "surname": "<script>alert(1)</script>",
                                  "given_name": '"><img src=x onerror=alert(2)>',
                                  "memorial_id": "BY-001"})  # fmt: skip
    create_memorial(minsk, "test", {"id": "BY-666", "kind": "plaque", "country": "BY",
                                    "name": "<b>Bold</b> & <i>brave</i>"})  # fmt: skip
    html = _page(client, "/memorials/BY-001")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert _names(html).names == [
        ("P-x", '<script>alert(1)</script> "><img src=x onerror=alert(2)>')
    ]
    other = _page(client, "/memorials/BY-666")
    assert "<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;i&gt;brave&lt;/i&gt;</h1>" in other


def test_an_unknown_memorial_page_is_a_404_page_for_a_browser(client: TestClient):
    response = client.get("/memorials/NO-SUCH", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>404 · Not found · Register of memorial heritage</title>" in response.text
    assert "No memorial with id &#39;NO-SUCH&#39;" in response.text
    assert 'data-type="https://memreg.org/problems/not-found"' in response.text
    assert '<a href="/">Back to the map</a>' in response.text


def test_a_memorial_page_for_an_impossible_id_is_a_404(client: TestClient):
    for path in ["/memorials/%00", "/memorials/a%20b", "/memorials/" + "x" * 500]:
        assert client.get(path, headers=BROWSER).status_code == 404, path


def test_an_unknown_memorial_page_is_problem_json_for_a_program(client: TestClient):
    response = client.get("/memorials/NO-SUCH", headers={"accept": "*/*"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://memreg.org/problems/not-found"


def test_an_error_page_shows_the_request_as_text(client: TestClient):
    response = client.get("/memorials/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers=BROWSER)
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("GET", "/no-such-page", 404), ("GET", "/memorials/BY-001?page=0", 400),
     ("POST", "/", 405)],
)  # fmt: skip
def test_other_errors_are_html_pages_for_a_browser(
    minsk: Store, client: TestClient, method: str, url: str, status: int
):
    response = client.request(method, url, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f"<h1>{status} · " in response.text
    if status == 400:
        assert "<code>page</code>" in response.text
    if status == 405:
        assert response.headers["allow"] == "GET, HEAD"
