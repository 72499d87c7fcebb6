"""A memorial's page shows the stone's list beside the register's, on SQLite and PostgreSQL:
the inscribed names with no identified person and the register's persons not on the stone
are marked, both lists page by cursor, carved text comes back escaped, in three languages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial, create_person
from memreg.services.inscriptions import add_inscriptions
from memreg.store.engine import Store

BROWSER = {"accept": "text/html"}


class _Lists(HTMLParser):
    """Per list item of the page: which list, its classes and marks, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.register: list[dict[str, object]] = []
        self.stone: list[dict[str, object]] = []
        self._list: list[dict[str, object]] | None = None
        self._item: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "ol" and "names" in classes:
            self._list = self.stone if "carved" in classes else self.register
        elif tag == "li" and self._list is not None:
            self._item = {"classes": classes, "marks": [], "text": "", "links": []}
            self._list.append(self._item)
        elif self._item is not None and tag == "span" and "mark" in classes:
            marks = self._item["marks"]
            assert isinstance(marks, list)
            marks.append(classes[-1])
        elif self._item is not None and tag == "a":
            links = self._item["links"]
            assert isinstance(links, list)
            links.append(attributes.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._list = None
        elif tag == "li":
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item["text"] = " ".join((str(self._item["text"]) + " " + data).split())


def lists(html: str) -> _Lists:
    parser = _Lists()
    parser.feed(html)
    return parser


@pytest.fixture
def memorial(store: Store) -> Store:
    create_memorial(store, "test", {"id": "M-1", "kind": "mass_grave", "name": "Братская могила",
                                    "country": "BY"})  # fmt: skip
    for person_id, surname, given in (("P-1", "Иванов", "Иван"), ("P-2", "Серов", "Алексей"),
                                      ("P-3", "Кузнецов", "Пётр")):  # fmt: skip
        create_person(store, "test", {"id": person_id, "surname": surname, "given_name": given,
                                      "memorial_id": "M-1"})  # fmt: skip
    return store


def test_the_stone_is_listed_beside_the_register_with_the_unmatched_marked(
    client: TestClient, memorial: Store
):
    add_inscriptions(memorial, "test", "M-1", [
        {"text": "ИВАНОВ И.", "panel": 1, "row": 1, "person_id": "P-1"},
        {"text": "СѢРОВЪ А.", "panel": 1, "row": 1},
        {"text": "ПЕТРОВ П.", "panel": 2, "row": 1},
    ])  # fmt: skip
    response = client.get("/memorials/M-1?lang=en", headers=BROWSER)
    assert response.status_code == 200
    page = lists(response.text)
    assert [i["text"] for i in page.stone] == [
        "1·1·1 ИВАНОВ И. Иванов Иван", "1·1·2 СѢРОВЪ А. not identified yet",
        "2·1·1 ПЕТРОВ П. not identified yet",
    ]  # fmt: skip
    assert [i["marks"] for i in page.stone] == [[], ["unidentified"], ["unidentified"]]
    assert page.stone[0]["links"] == ["/persons/P-1"]
    marks = {str(i["links"][0]).rsplit("/", 1)[-1]: i["marks"] for i in page.register}
    assert marks == {"P-1": [], "P-2": ["not-on-stone"], "P-3": ["not-on-stone"]}
    assert "On the stone" in response.text and "(3)" in response.text
    assert "2 inscribed names have no identified person yet." in response.text
    assert "2 names of the register are not on the stone." in response.text


def test_a_memorial_without_a_transcribed_stone_marks_nothing(client: TestClient, memorial):
    response = client.get("/memorials/M-1?lang=en", headers=BROWSER)
    page = lists(response.text)
    assert page.stone == [] and all(i["marks"] == [] for i in page.register)
    assert "On the stone" not in response.text


@pytest.mark.parametrize(
    ("lang", "heading", "mark"),
    [("ru", "На камне", "нет на камне"), ("be", "На камені", "няма на камені"),
     ("en", "On the stone", "not on the stone")],
)  # fmt: skip
def test_the_stone_speaks_the_pages_language(
    client: TestClient, memorial: Store, lang: str, heading: str, mark: str
):
    add_inscriptions(memorial, "test", "M-1", [{"text": "ИВАНОВ И.", "panel": 1, "row": 1}])
    html = client.get(f"/memorials/M-1?lang={lang}", headers=BROWSER).text
    assert heading in html and mark in html


def test_the_stone_pages_by_its_own_cursor_keeping_the_register_where_it_is(
    client: TestClient, memorial: Store
):
    items = [{"text": f"ИМЯ {n:03d}", "panel": 1, "row": 1 + n // 20} for n in range(230)]
    add_inscriptions(memorial, "test", "M-1", items)
    seen, url = [], "/memorials/M-1?order=birth&lang=en"
    while url:
        response = client.get(url, headers=BROWSER)
        assert response.status_code == 200
        page = lists(response.text)
        assert len(page.register) == 3  # the register's list stays, in its order
        seen += [str(i["text"]).split(" ")[1:3] for i in page.stone]
        stone = response.text.split('id="stone"')[1]
        following = (
            stone.split('rel="next" href="')[1].split('"')[0] if 'rel="next"' in stone else ""
        )
        assert not following or "order=birth" in following
        url = "/memorials/M-1" + following.replace("&amp;", "&") if following else ""
    assert [" ".join(words) for words in seen] == [i["text"] for i in items]
    bad = client.get("/memorials/M-1?stone=nonsense", headers=BROWSER)
    assert bad.status_code == 400 and "cursor" in bad.text


def test_carved_text_with_markup_comes_back_escaped(client: TestClient, memorial: Store):
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    add_inscriptions(memorial, "test", "M-1", [
        {"text": hostile, "panel": 1, "row": 1, "note": "<b onmouseover=alert(3)>worn</b>"},
    ])  # fmt: skip
    html = client.get("/memorials/M-1", headers=BROWSER).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert lists(html).stone[0]["text"].startswith("1·1·1 " + hostile)  # type: ignore[union-attr]
