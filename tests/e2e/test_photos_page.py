"""In a real browser: a memorial page's photo thumbnails load (under the site's Content
Security Policy, with no console error), and its IIIF manifest link answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from memreg.services.editing import create_memorial
from memreg.services.photos import add_photo
from memreg.services.register import init_register
from memreg.store.blobs import FileBlobStore
from tests import photo_samples as samples
from tests.e2e.conftest import Browser, _watched
from tests.e2e.harness import REQUIRE_BROWSER, chromium, missing_browser, serve


@pytest.fixture
def photo_site(tmp_path: Path) -> Iterator[str]:
    reason = missing_browser()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"MEMREG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    store, _ = init_register(f"sqlite:///{tmp_path / 'photos.db'}")
    create_memorial(store, "registrar", {"id": "M1", "kind": "obelisk", "name": "Обелиск",
                                         "country": "BY"})  # fmt: skip
    add_photo(store, FileBlobStore(tmp_path / "media"), "registrar", "M1", samples.jpeg(),
              {"author": "Ivan Volunteer", "taken_on": "2024", "licence": "CC-BY-4.0",
               "caption": "South side", "file_name": "south.jpg"})  # fmt: skip
    with serve(store, media_dir=str(tmp_path / "media")) as url:
        yield url
    store.dispose()


@pytest.fixture
def photo_browser(photo_site: str) -> Iterator[Browser]:
    with chromium() as page:
        yield _watched(page, photo_site)


def test_the_memorial_page_shows_its_photo(photo_browser: Browser):
    photo_browser.goto("/memorials/M1?lang=en")
    image = photo_browser.page.locator(".photos img")
    image.wait_for()
    photo_browser.page.wait_for_function(
        "() => { const i = document.querySelector('.photos img'); return i && i.complete; }"
    )
    size = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert size == [400, 267]
    assert image.get_attribute("alt") == "South side"
    credit = photo_browser.page.locator(".photos figcaption").inner_text()
    assert "Ivan Volunteer" in credit and "CC BY 4.0" in credit
    assert photo_browser.errors == []  # no CSP refusal, nothing missing
    manifest = photo_browser.page.locator("a[href$='/manifest.json']")
    with photo_browser.page.expect_response(lambda r: r.url.endswith("manifest.json")) as seen:
        manifest.click()
    assert seen.value.status == 200  # (a JSON page then asks for a favicon: not ours to test)
