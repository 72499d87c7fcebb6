"""The condition dashboard in a real browser: on a small register like the demo's, the
region's list puts the critical memorial first, and its link opens that memorial's page
with its last inspection and open task."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from memreg.domain.inspections import due_on
from memreg.domain.vocabulary import Role
from memreg.services.editing import create_memorial
from memreg.services.inspections import create_task, record_inspection
from memreg.services.register import init_register
from memreg.services.users import User
from memreg.store.engine import Store
from tests.e2e.conftest import Browser, _watched
from tests.e2e.harness import REQUIRE_BROWSER, chromium, missing_browser, serve

pytestmark = pytest.mark.e2e
REGISTRAR = User("registrar", Role.REGISTRAR, ())


def _years_ago(years: int) -> str:
    today = datetime.now(UTC).date()
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


@pytest.fixture(scope="module")
def small_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    reason = missing_browser()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"MEMREG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    store, _ = init_register(f"sqlite:///{Path(tmp_path_factory.mktemp('insp')) / 'r.db'}")
    memorials = [
        ("BY-MI-1", "Обелиск воинам-освободителям", "good", _years_ago(1)),
        ("BY-MI-2", "Братская могила партизан", "satisfactory", _years_ago(7)),
        ("BY-MI-3", "Могила неизвестного солдата", "critical", _years_ago(2)),
        ("BY-MI-4", "Памятник землякам", None, None),
        ("BY-HM-1", "Братская могила советских воинов", "poor", _years_ago(8)),
    ]
    for memorial_id, name, grade, day in memorials:  # fmt: skip
        create_memorial(store, "test", {"id": memorial_id, "kind": "mass_grave", "name": name,
                                        "country": "BY", "region": memorial_id[:5],
                                        "lat": 53.9, "lon": 27.5})  # fmt: skip
        if grade:
            made = record_inspection(store, REGISTRAR, memorial_id,
                                     {"inspected_on": day, "inspector": "Районный музей",
                                      "grade": grade, "issues": ["cracks"]})  # fmt: skip
            if grade == "critical":
                create_task(store, REGISTRAR, made["id"], {"title": "Укрепить постамент"})
    yield store
    store.dispose()


@pytest.fixture
def browser(small_register: Store) -> Iterator[Browser]:
    with serve(small_register) as url, chromium() as page:
        yield _watched(page, url)


def test_dashboard_lists_the_critical_memorial_first_and_links_to_it(browser: Browser):
    page = browser.page
    browser.goto("/inspections?lang=en")
    row = page.locator("tr[data-region=BY-MI]")
    row.wait_for()
    assert row.locator("td").nth(2).inner_text() == "1"  # critical
    row.locator("a").click()
    page.wait_for_url("**/inspections/BY-MI")
    first = page.locator("ol.inspection-queue > li").first
    first.wait_for()
    assert first.get_attribute("data-priority") == "critical"
    assert "Могила неизвестного солдата" in first.inner_text()
    listed = page.locator("ol.inspection-queue > li").evaluate_all(
        "items => items.map(i => i.dataset.priority)"
    )
    assert listed == ["critical", "never_inspected", "overdue"]  # BY-MI-1 is not due yet
    first.locator("a").first.click()
    page.wait_for_url("**/memorials/BY-MI-3")
    condition = page.locator("section.condition-section")
    condition.wait_for()
    assert "Critical" in condition.locator(".grade").inner_text()
    assert "Укрепить постамент" in condition.locator("ul.tasks").inner_text()
    assert due_on(_years_ago(2), 3) in condition.locator(".next-due").inner_text()
    assert browser.errors == []
