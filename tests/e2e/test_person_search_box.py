"""The map page's person search in a real browser: a name typed in Latin letters finds a
person recorded in Cyrillic, and the hit links to the person and to the memorial where the
person lies."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from memreg.store.engine import Store
from tests.e2e.conftest import Browser

pytestmark = pytest.mark.e2e

# A plain English-style romanisation, as a relative abroad might type a name.
LATIN = "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
ROMAN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", LATIN.split(), strict=True))


def romanised(name: str) -> str:
    latin = "".join(ROMAN.get(ch, ch) for ch in name.lower()).replace("-", "")
    return latin.capitalize()


def _linked_person(store: Store) -> dict[str, object]:
    with store.engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT p.id, p.surname, p.given_name, p.birth_year, m.id AS memorial_id "
                    "FROM persons p JOIN person_memorials l ON l.person_pk = p.pk "
                    "JOIN memorials m ON m.pk = l.memorial_pk WHERE p.given_name IS NOT NULL "
                    "AND p.birth_year IS NOT NULL AND p.surname GLOB '[А-Я]*' "
                    "AND p.retired_at IS NULL ORDER BY p.pk LIMIT 1 OFFSET 40"
                )
            )
            .mappings()
            .one()
        )
    return dict(row)


def test_a_person_found_from_the_map_links_to_the_memorial(browser: Browser, demo_register: Store):
    person = _linked_person(demo_register)
    query = f"{romanised(str(person['surname']))} {romanised(str(person['given_name']))} " + str(
        person["birth_year"]
    )
    page = browser.page
    browser.goto("/map")
    browser.map_ready()
    page.fill("#person-query", query)
    page.press("#person-query", "Enter")
    page.wait_for_selector(f"#person-results[data-state=ready][data-query='{query}']")
    hit = page.locator("#person-results .person-hit").filter(
        has=page.locator(f"a.person-link[href='/persons/{person['id']}']")
    )
    assert hit.count() == 1, page.locator("#person-results").inner_text()
    assert str(person["surname"]) in hit.locator(".person-link").inner_text()
    assert hit.locator(".why").inner_text()
    hit.locator(f"a.memorial-link[href='/memorials/{person['memorial_id']}']").click()
    page.wait_for_url(f"**/memorials/{person['memorial_id']}")
    assert page.locator("h1").count() == 1
    assert browser.errors == []


def test_the_search_page_lists_persons_without_javascript_help(
    browser: Browser, demo_register: Store
):
    person = _linked_person(demo_register)
    browser.goto(f"/search?q={person['surname']}+{person['given_name']}")
    link = browser.page.locator(f"#person-hits a.person-link[href='/persons/{person['id']}']")
    link.wait_for()
    link.click()
    browser.page.wait_for_url(f"**/persons/{person['id']}")
    assert str(person["surname"]) in browser.page.locator("h1").inner_text()
    assert browser.errors == []
