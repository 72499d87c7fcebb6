"""The history and duplicates pages in a real browser: the diff of each revision, stored markup
that never runs, both records of a pair side by side, and no serious axe violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from memreg.services.duplicates import find_duplicates
from memreg.services.editing import create_memorial, create_person, update_record
from memreg.services.register import init_register
from memreg.store.engine import Store
from tests.e2e.harness import REQUIRE_BROWSER, chromium, missing_browser, serve
from tests.e2e.test_pages import _axe

pytestmark = pytest.mark.e2e
XSS = (
    '<img src=x onerror="document.body.dataset.pwned=1">'
    "<script>document.body.dataset.pwned=2</script>"
)


def build_register(store: Store) -> None:
    """Two memorials alike (a duplicates pair), one edited with markup in its fields."""
    place = {"kind": "mass_grave", "country": "BY", "settlement": "Орша", "lat": 54.5,
             "lon": 30.4, "name": "Братская могила советских воинов"}  # fmt: skip
    create_memorial(store, "registrar:anna", {"id": "M1", **place}, reason="from the 1957 list")
    create_memorial(store, "registrar:anna", {"id": "M2", **place, "lat": 54.50002})
    update_record(store, XSS, "memorial", "M1", {"custodian": XSS, "address": XSS}, 1, reason=XSS)
    create_person(store, "registrar:anna", {"id": "P1", "surname": "Сидоренко",
                                            "given_name": "Иван", "memorial_id": "M1"})  # fmt: skip
    update_record(store, "registrar:boris", "person", "P1", {"surname": "Кузнецов"}, 1,
                  reason="misread the list")  # fmt: skip
    find_duplicates(store, "test", "memorial")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = missing_browser()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"MEMREG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    folder: Path = tmp_path_factory.mktemp("history-e2e")
    store, _ = init_register(f"sqlite:///{folder / 'register.db'}")
    build_register(store)
    with serve(store) as url:
        yield url
    store.dispose()


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    with chromium() as opened:
        opened.set_default_timeout(30_000)
        errors: list[str] = []
        opened.on("pageerror", lambda exc: errors.append(str(exc)))
        opened.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        opened.errors = errors
        opened.site = site
        yield opened


def test_the_history_shows_each_change_and_no_stored_markup_runs(page: Any) -> None:
    page.goto(page.site + "/memorials/M1/history?lang=en")
    newest = page.locator("li.revision").first
    newest.wait_for()
    row = newest.locator('tr[data-field="custodian"]')
    assert row.locator("th").inner_text() == "Custodian"
    assert row.locator("td.after").inner_text() == XSS  # shown as text
    assert newest.locator(".reason").inner_text() == f"Why: {XSS}"
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.body.dataset.pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert page.errors == []


def test_the_person_history_reads_before_and_after(page: Any) -> None:
    page.goto(page.site + "/persons/P1/history?lang=ru")
    row = page.locator("li.revision").first.locator('tr[data-field="surname"]')
    assert row.locator("th").inner_text() == "Фамилия"
    assert row.locator("td.before").inner_text() == "Сидоренко"
    assert row.locator("td.after").inner_text() == "Кузнецов"


def test_a_pair_shows_both_records_side_by_side(page: Any) -> None:
    page.goto(page.site + "/duplicates?lang=en")
    page.locator("a.review").first.click()
    page.wait_for_url("**/duplicates/*")
    table = page.locator("table.side-by-side")
    assert "M1" in table.locator("thead").inner_text() and "M2" in table.inner_text()
    assert page.locator('tr.differs[data-field="custodian"]').count() == 1
    assert page.evaluate("() => document.body.dataset.pwned") is None


@pytest.mark.parametrize("lang", ["ru", "be", "en"])
def test_the_new_pages_pass_axe(page: Any, lang: str) -> None:
    page.goto(page.site + "/duplicates")
    pair = page.locator("a.review").first.get_attribute("href")
    for path in ("/memorials/M1/history", "/persons/P1/history", "/duplicates", pair):
        page.goto(f"{page.site}{path}?lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        assert _axe(page) == [], path
