"""The map page in a real browser: Chromium, a real uvicorn server, the demo register.

Skipped when Chromium or Playwright is missing, unless MEMREG_REQUIRE_BROWSER=1 (then the
missing browser is a failure). No map tiles are fetched: the server runs with tile_url="".
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from memreg.services.demo import load_demo
from memreg.services.register import init_register
from memreg.store.engine import Store
from tests.e2e.harness import REQUIRE_BROWSER, chromium, missing_browser, serve

pytestmark = pytest.mark.e2e

# Where a marker or cluster can really be clicked: its centre is inside the map and nothing
# (another marker, the zoom buttons) lies on top of it. Returns [x, y] or null.
CLICKABLE = """(selector) => {
  const map = document.getElementById("map").getBoundingClientRect();
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (x < map.left + 8 || x > map.right - 8 || y < map.top + 8 || y > map.bottom - 8) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === element || element.contains(hit))) return [x, y];
  }
  return null;
}"""
SETTLED = "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"
SINGLE_MARKERS = ".leaflet-marker-icon:not(.marker-cluster)"
# Every memorial is in exactly one cluster or is a marker of its own.
SHOWN = f"""() => {{
  let shown = document.querySelectorAll("#map {SINGLE_MARKERS}").length;
  for (const cluster of document.querySelectorAll("#map .marker-cluster span")) {{
    shown += Number(cluster.textContent);
  }}
  return shown;
}}"""


@dataclass
class Browser:
    """A page, and every console error or uncaught exception it has seen."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
            return json.load(response)


@pytest.fixture(scope="module")
def demo_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    reason = missing_browser()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"MEMREG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    store, _ = init_register(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.db'}")
    load_demo(store, seed=7, memorials=300, persons=6000)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def base_url(demo_register: Store) -> Iterator[str]:
    with serve(demo_register, tile_url="") as url:
        yield url


@pytest.fixture
def browser(base_url: str) -> Iterator[Browser]:
    with chromium() as page:
        watched = Browser(page, base_url)
        page.on(
            "console",
            lambda m: watched.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda exc: watched.errors.append(f"uncaught: {exc}"))
        page.set_default_timeout(20_000)
        yield watched


def _click_through_to_a_memorial(browser: Browser) -> None:
    """Click clusters (which zoom in, or spread out at the last zoom) until a single marker
    can be clicked; then click it and follow the link in its popup."""
    page = browser.page
    for _ in range(30):
        page.wait_for_function(SETTLED)
        marker = page.evaluate(CLICKABLE, SINGLE_MARKERS)
        if marker is not None:
            page.mouse.click(*marker)
            link = page.locator(".leaflet-popup-content a")
            try:
                link.wait_for(timeout=5_000)
            except PlaywrightTimeout:  # the marker moved under the click (a late redraw)
                continue
            link.click()
            page.wait_for_url("**/memorials/**")
            return
        cluster = page.evaluate(CLICKABLE, ".marker-cluster")
        assert cluster is not None, "neither a marker nor a cluster can be clicked"
        page.mouse.click(*cluster)
    raise AssertionError("no single marker after 30 clicks on clusters")


def test_the_map_shows_every_memorial_in_clusters(browser: Browser):
    page = browser.page
    page.goto(browser.base_url + "/")
    page.wait_for_selector("#map[data-loaded]")
    points = browser.get_json("/api/map/points")["points"]
    stats = browser.get_json("/api/stats")
    assert int(page.get_attribute("#map", "data-loaded") or "0") == len(points) > 100
    assert page.locator("#memorial-count").inner_text() == f"{stats['memorials']:,}"
    assert page.locator("#person-count").inner_text() == f"{stats['persons']:,}"
    page.locator("#map .marker-cluster").first.wait_for(state="visible")
    page.wait_for_function(f"() => ({SHOWN})() === {len(points)}")
    assert page.locator("#map .marker-cluster").count() > 1
    assert page.get_attribute("#map", "data-error") is None
    assert browser.errors == []


def test_clicking_through_the_map_opens_a_memorial_with_its_names(browser: Browser):
    page = browser.page
    page.goto(browser.base_url + "/")
    page.wait_for_selector("#map[data-loaded]")
    _click_through_to_a_memorial(browser)
    memorial_id = page.url.rsplit("/memorials/", 1)[1]
    memorial = browser.get_json(f"/api/memorials/{memorial_id}")
    assert page.locator("h1").inner_text() == memorial["name"]
    total = memorial["persons"]["total"]
    assert page.locator("#names .count").inner_text() == f"({total})"
    names = page.locator("ol.names > li")
    if total:
        assert names.count() == min(total, 100)
        first = memorial["persons"]["items"][0]
        assert names.first.is_visible()
        assert names.first.locator("a").inner_text().startswith(first["surname"])
    else:
        assert page.get_by_text("No names are recorded for this memorial yet.").is_visible()
    page.locator("#map .leaflet-marker-icon").wait_for(state="visible")  # its small map
    assert browser.errors == []


def test_a_long_list_of_names_pages_in_the_browser(browser: Browser):
    memorials = browser.get_json("/api/memorials?limit=1000")["items"]
    largest = max(memorials, key=lambda m: m.get("buried_known") or 0)
    detail = browser.get_json(f"/api/memorials/{largest['id']}?limit=200")
    total = detail["persons"]["total"]
    assert total > 100, "the demo register should have a memorial with over 100 names"
    page = browser.page
    page.goto(f"{browser.base_url}/memorials/{largest['id']}")
    names = page.locator("ol.names > li")
    assert names.count() == 100
    page.get_by_role("link", name="next →").click()
    page.wait_for_url("**?page=2&cursor=*#names")
    assert page.locator("ol.names").get_attribute("start") == "101"
    assert names.count() == min(total - 100, 100)
    second_page = [p["surname"] for p in detail["persons"]["items"][100:]]
    assert names.first.locator("a").inner_text().startswith(second_page[0])
    assert browser.errors == []
