"""The map explorer in a real browser: clusters counted by the server, zooming into them, the
list beside the map, filters, permalinks, near a place, and a memorial opened from the map."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Browser

pytestmark = pytest.mark.e2e

SINGLE = "#map .leaflet-marker-icon:not(.cluster):not(.base-label)"
SHOWN = f"""() => {{
  let shown = document.querySelectorAll("{SINGLE}").length;
  for (const c of document.querySelectorAll("#map .cluster span")) {{
    shown += Number(c.textContent.replace(/\\D/g, ""));
  }}
  return shown;
}}"""


def test_the_map_shows_every_memorial_in_server_clusters(browser: Browser):
    page = browser.page
    browser.goto("/")
    state = browser.map_ready()
    stats = browser.get_json("/api/stats")
    assert int(state["total"]) == stats["memorials"] > 100
    assert page.locator("#memorial-count").inner_text() == f"{stats['memorials']:,}"
    assert page.evaluate(SHOWN) == stats["memorials"]
    assert page.locator("#map .cluster").count() > 1
    items = page.locator("#result-list > li")
    clusters, singles = page.locator("#map .cluster").count(), page.locator(SINGLE).count()
    assert items.count() == clusters + singles
    assert page.locator("#view-total").inner_text() == f"{stats['memorials']:,}"
    page.wait_for_selector("#map[data-borders=drawn]")  # the offline base layer, no tiles
    browser.screenshot("map")
    assert browser.errors == []


def test_clicking_clusters_zooms_in_until_a_memorial_opens(browser: Browser):
    page = browser.page
    browser.goto("/")
    state = browser.map_ready()
    for _ in range(25):
        memorial = page.locator("#result-list .memorial-item a").first
        if memorial.count():
            name = memorial.inner_text()
            memorial.click()
            page.wait_for_url("**/memorials/**")
            assert page.locator("h1").inner_text() == name
            break
        zoom = state["zoom"]
        page.locator("#map .cluster").first.click()  # zooms to the cluster's bounds
        page.wait_for_function(
            "(z) => document.getElementById('map').dataset.zoom !== z "
            "&& document.getElementById('map').dataset.state === 'ready'",
            arg=zoom,
        )
        state = browser.map_ready()
    else:
        raise AssertionError("no single memorial after 25 clusters")
    assert browser.errors == []


def test_a_filter_counts_on_the_server_and_a_permalink_restores_it(browser: Browser):
    page = browser.page
    browser.goto("/map")
    browser.map_ready()
    page.select_option("#filter-kind", "obelisk")
    state = browser.map_ready("kind=obelisk")
    answer = browser.get_json("/api/map/clusters?" + state["view"])
    assert int(state["total"]) == answer["total"] > 0
    assert answer["total"] < browser.get_json("/api/stats")["memorials"]
    assert "kind=obelisk" in page.url and re.search(r"[?&]z=\d+", page.url)
    link = page.locator("#permalink").get_attribute("href")
    assert link == page.url.removeprefix(browser.base_url)
    page.reload()
    again = browser.map_ready("kind=obelisk")
    assert page.locator("#filter-kind").input_value() == "obelisk"
    assert again["view"] == state["view"] and again["total"] == state["total"]
    page.locator("#filters-reset").click()
    browser.map_ready()
    page.wait_for_function("() => !location.search.includes('kind=')")
    assert browser.errors == []


def test_near_a_place_finds_a_settlement_of_the_register_in_another_script(browser: Browser):
    page = browser.page
    place = (
        browser.get_json("/api/places?q=a&limit=1")["items"]
        or browser.get_json("/api/places?near=53.9,27.56&limit=1")["items"]
    )
    name = place[0]["name"]
    browser.goto("/map")
    browser.map_ready()
    page.fill("#place-query", name)
    option = page.locator("#place-results button").first
    option.wait_for()
    assert name in option.inner_text()
    option.click()
    state = browser.map_ready("zoom=12")
    assert int(state["total"]) >= 1
    assert browser.errors == []
