"""The history pages on SQLite and PostgreSQL: revisions newest first with who, when, why and
each field before and after, paged by keyset, in three languages, with stored markup shown as
text; linked from the record's own page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.services.revert import restore_record, revert_record
from memreg.store.engine import Store
from memreg.web.pages.history_page import PAGE_SIZE

BROWSER = {"accept": "text/html"}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def register(store: Store) -> Store:
    create_memorial(store, "registrar:anna", {"id": "M1", "kind": "mass_grave", "country": "BY",
                                              "name": "Братская могила", "region": "BY-HM",
                                              "names": {"be": "Брацкая магіла"},
                                              "lat": 53.9, "lon": 27.56},
                    reason="from the 1957 list")  # fmt: skip
    create_person(store, "registrar:anna", {"id": "P1", "surname": "Сидоренко",
                                            "given_name": "Иван", "birth_date": "1912",
                                            "name_variants": ["Сідарэнка"],
                                            "memorial_id": "M1"})  # fmt: skip
    return store


def html(client: TestClient, url: str) -> str:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, (url, response.text[:300])
    return response.text


def revision_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-revision="(\d+)"', page)]


def test_the_history_shows_who_when_why_and_each_field_before_and_after(
    register: Store, client: TestClient
) -> None:
    update_record(register, "registrar:boris", "memorial", "M1",
                  {"kind": "obelisk", "names": {"be": "Абеліск", "ru": "Обелиск"}}, 1,
                  reason="as surveyed in 2025")  # fmt: skip
    page = html(client, "/memorials/M1/history?lang=en")
    first = page.index('data-revision="')
    newest = page[first : page.index("</li>", first)]
    assert "registrar:boris" in newest and "as surveyed in 2025" in newest
    assert "Changed" in newest
    assert re.search(r'data-field="kind">\s*<th scope="row">Kind</th>\s*'
                     r'<td class="before"><del>Mass grave</del></td>\s*'
                     r'<td class="after"><ins>Obelisk or stele</ins></td>', newest)  # fmt: skip
    assert "<del>Belarusian: Брацкая магіла</del>" in newest
    assert "<ins>Russian: Обелиск; Belarusian: Абеліск</ins>" in newest
    assert "registrar:anna" in page and "from the 1957 list" in page  # the create, below


def test_the_history_is_in_the_three_languages(register: Store, client: TestClient) -> None:
    update_record(register, "a", "person", "P1", {"surname": "Кузнецов"}, 1)
    assert ">Surname</th>" in html(client, "/persons/P1/history?lang=en")
    assert ">Фамилия</th>" in html(client, "/persons/P1/history?lang=ru")
    assert ">Прозвішча</th>" in html(client, "/persons/P1/history?lang=be")


def test_a_revert_and_a_restore_show_in_the_history(register: Store, client: TestClient) -> None:
    created = revision_numbers(html(client, "/persons/P1/history"))[-1]
    update_record(register, "a", "person", "P1", {"surname": "Кузнецов"}, 1)
    revert_record(register, "b", "person", "P1", created, "vandalism", 2)
    retire_record(register, "b", "person", "P1", "duplicate")
    restore_record(register, "b", "person", "P1", "not a duplicate")
    page = html(client, "/persons/P1/history?lang=en")
    assert "Reverted" in page and f'href="#revision-{created}"' in page
    assert "Restored" in page and "not a duplicate" in page
    assert "<del>Кузнецов</del>" in page and "<ins>Сидоренко</ins>" in page


def test_a_long_history_is_paged_newest_first_by_keyset(
    register: Store, client: TestClient
) -> None:
    for n in range(PAGE_SIZE + 5):
        update_record(register, "a", "memorial", "M1", {"buried_total": 100 + n}, n + 1)
    first = html(client, "/memorials/M1/history")
    numbers = revision_numbers(first)
    assert len(numbers) == PAGE_SIZE and numbers == sorted(numbers, reverse=True)
    older = re.search(r'href="(/memorials/M1/history\?older_than=\d+)" rel="next"', first)
    assert older is not None
    second = html(client, older.group(1))
    rest = revision_numbers(second)
    assert rest and max(rest) < min(numbers)
    assert len(numbers) + len(rest) == PAGE_SIZE + 5 + 1  # every update and the create
    assert 'rel="next"' not in second


def test_stored_markup_in_fields_shows_as_text(register: Store, client: TestClient) -> None:
    update_record(register, XSS, "memorial", "M1", {"name": XSS, "custodian": XSS}, 1,
                  reason=XSS)  # fmt: skip
    update_record(register, "a", "person", "P1", {"surname": XSS, "name_variants": [XSS]}, 1)
    for url in ("/memorials/M1/history", "/persons/P1/history"):
        page = html(client, url)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_record_pages_link_to_their_history(register: Store, client: TestClient) -> None:
    assert 'href="/memorials/M1/history"' in html(client, "/memorials/M1")
    assert 'href="/persons/P1/history"' in html(client, "/persons/P1")


@pytest.mark.parametrize(
    ("url", "status"),
    [("/memorials/NO-SUCH/history", 404), ("/persons/NO-SUCH/history", 404),
     ("/memorials/M1/history?older_than=0", 400), ("/memorials/M1/history?older_than=x", 400),
     ("/memorials/M1/history?older_than=99999999999", 400)],
)  # fmt: skip
def test_bad_history_urls_are_a_page_naming_the_problem(
    register: Store, client: TestClient, url: str, status: int
) -> None:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
