"""Every public page in a real browser, in Russian, Belarusian and English: no serious or
critical axe-core violation, usable by keyboard alone and on a 375 px screen; a screenshot of
each page goes to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from memreg.web.pages import i18n
from tests.e2e.conftest import Browser

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _pages(browser: Browser) -> dict[str, str]:
    """One URL of each kind of page, in the demo register."""
    memorials = browser.get_json("/api/memorials?limit=200")["items"]
    largest = max(memorials, key=lambda m: m.get("buried_known") or 0)
    person = browser.get_json(f"/api/memorials/{largest['id']}?limit=1")["persons"]["items"][0]
    word = largest["name"].split()[0]
    regions = browser.get_json("/api/inspections/dashboard")["regions"]
    busiest = max(regions, key=lambda r: r["memorials"])["region"]
    return {"map": "/map", "memorial": f"/memorials/{largest['id']}",
            "person": f"/persons/{person['id']}", "search": f"/search?q={word}",
            "honours": "/honours", "stats": "/stats", "api": "/api/docs",
            "inspections": "/inspections",
            "inspections_region": f"/inspections/{busiest}"}  # fmt: skip


def _settled(browser: Browser, kind: str) -> None:
    page = browser.page
    if kind == "map":
        browser.map_ready()
    elif kind == "api":
        page.wait_for_selector("#swagger-ui[data-state=ready]")
    elif page.locator("#map").count():
        page.wait_for_selector("#map[data-state=ready]")


def _axe(page: Any) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run make install (npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # not a script tag: CSP applies
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_page_in_each_language_passes_axe(browser: Browser, lang: str):
    page = browser.page
    for kind, path in _pages(browser).items():
        browser.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        _settled(browser, kind)
        assert page.get_attribute("html", "lang") == lang, path
        assert page.locator("h1").count() == 1, path
        nav = page.locator("nav.main-nav a").first.inner_text()
        assert nav == i18n.gettext(lang, "Map"), (path, nav)
        assert _axe(page) == [], (lang, path)
        if lang == "en" or kind in ("map", "memorial"):
            browser.screenshot(kind if lang == "en" else f"{kind}-{lang}")
    assert browser.errors == []


def test_the_language_switch_is_remembered_across_pages(browser: Browser):
    page = browser.page
    browser.goto("/stats")
    page.locator("nav.languages a[hreflang=be]").click()
    page.wait_for_url("**lang=be")
    assert page.get_attribute("html", "lang") == "be"
    page.locator("nav.main-nav a[href='/honours']").click()
    page.wait_for_url("**/honours")
    assert page.get_attribute("html", "lang") == "be"
    assert page.locator("h1").inner_text() == i18n.gettext("be", "Place honours")


def test_every_page_fits_a_375_px_screen(phone: Browser):
    page = phone.page
    for kind, path in _pages(phone).items():
        phone.goto(path)
        _settled(phone, kind)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 376, (path, width)
        if kind in ("map", "memorial"):
            assert page.locator("h1").is_visible()
            phone.screenshot(f"{kind}-375px")
    assert phone.errors == []


def test_the_map_can_be_used_by_keyboard_alone(browser: Browser):
    page = browser.page
    browser.goto("/map")
    state = browser.map_ready()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(60):  # through the filters and finders to the first entry of the list
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('#result-list')"):
            break
    else:
        raise AssertionError("the list of the view cannot be reached by Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")  # a cluster: the map zooms to it
    page.wait_for_function(
        "(z) => document.getElementById('map').dataset.zoom !== z", arg=state["zoom"]
    )
    browser.map_ready()
    assert browser.errors == []


LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщыэюяіўґєї",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
                  "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "y", "e",
                  "yu", "ya", "i", "w", "g", "ye", "yi"], strict=True))  # fmt: skip


def test_a_memorial_is_found_by_a_latin_query_for_its_cyrillic_name(browser: Browser):
    page = browser.page
    memorial = next(m for m in browser.get_json("/api/memorials?limit=100")["items"]
                    if m["settlement"] and m["name"][0] >= "\u0400")  # fmt: skip
    latin = "".join(LATIN.get(ch, ch) for ch in memorial["settlement"].lower())
    browser.goto("/search")
    page.fill("#q", latin)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("#place-hits a", has_text=memorial["settlement"]).count() >= 1
    hit = page.locator(f"#memorial-hits a[href='/memorials/{memorial['id']}']")
    if not hit.count():  # more than 50 memorials there: narrow by its kind
        page.select_option("select[name=kind]", memorial["kind"])
        page.locator(".search-form button").click()
        page.wait_for_url("**kind=*")
    hit.click()
    page.wait_for_url(f"**/memorials/{memorial['id']}")
    assert page.locator("h1").inner_text() == memorial["names"].get("en", memorial["name"])
    assert browser.errors == []
