"""Browser-test fixtures: one demo register and one real server per test session, a fresh
Chromium page per test that records every console error and uncaught exception.

Skipped when Chromium or Playwright is missing, unless MEMREG_REQUIRE_BROWSER=1 (then the
missing browser is a failure). No map tiles are fetched: the server runs with tile_url="",
so the map shows memreg's own offline base layer.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from memreg.services.demo import load_demo
from memreg.services.register import init_register
from memreg.store.engine import Store
from tests.e2e.harness import REQUIRE_BROWSER, chromium, missing_browser, serve

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Browser:
    """A page, and every console error or uncaught exception it has seen."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
            return json.load(response)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def map_ready(self, expect_in_view: str = "") -> dict[str, str]:
        """Wait until the map has drawn a view (whose query holds `expect_in_view`)."""
        self.page.wait_for_function(
            """(part) => { const m = document.getElementById("map");
                 return m && m.dataset.state === "ready"
                   && (m.dataset.view || "").includes(part); }""",
            arg=expect_in_view,
        )
        return self.page.evaluate("() => Object.assign({}, document.getElementById('map').dataset)")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.mouse.move(0, 0)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), type="png")


@pytest.fixture(scope="session")
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


@pytest.fixture(scope="session")
def base_url(demo_register: Store) -> Iterator[str]:
    with serve(demo_register, tile_url="") as url:
        yield url


def _watched(page: Any, base_url: str) -> Browser:
    watched = Browser(page, base_url)
    page.on(
        "console",
        lambda m: watched.errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watched.errors.append(f"uncaught: {exc}"))
    page.set_default_timeout(30_000)
    return watched


@pytest.fixture
def browser(base_url: str) -> Iterator[Browser]:
    with chromium() as page:
        yield _watched(page, base_url)


@pytest.fixture
def phone(base_url: str) -> Iterator[Browser]:
    """A 375 px wide screen, as a small phone has."""
    with chromium({"width": 375, "height": 740}) as page:
        yield _watched(page, base_url)
