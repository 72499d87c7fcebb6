"""A memorial's page shows its published photos, on SQLite and PostgreSQL: thumbnails that
load, author and licence beside each, a link to the IIIF manifest, in the page's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial
from memreg.services.photos import add_photo
from memreg.settings import Settings
from memreg.store.blobs import FileBlobStore
from memreg.store.engine import Store
from memreg.web.app import create_app
from tests import photo_samples as samples

BROWSER = {"accept": "text/html"}
FIELDS = {"author": "Anna <script>alert(1)</script> Petrova", "taken_on": "2023",
          "licence": "CC-BY-4.0", "caption": "West side", "file_name": "west.jpg"}  # fmt: skip


@pytest.fixture
def site(store: Store, tmp_path: Path) -> tuple[TestClient, dict, dict]:
    create_memorial(store, "registrar", {"id": "M1", "kind": "obelisk", "name": "Обелиск",
                                         "country": "BY"})  # fmt: skip
    blobs = FileBlobStore(tmp_path / "media")
    shown = add_photo(store, blobs, "registrar", "M1", samples.jpeg(), FIELDS)
    hidden = add_photo(store, blobs, "contributor", "M1", samples.png(),
                       FIELDS | {"caption": "Proposed view"}, published=False)  # fmt: skip
    settings = Settings(database_url=store.url, tile_url="", rate_limit_per_minute=0,
                        media_dir=str(tmp_path / "media"))  # fmt: skip
    client = TestClient(create_app(settings, store=store), raise_server_exceptions=False)
    return client, shown, hidden


def test_the_memorial_page_shows_published_photos_with_author_and_licence(site):
    client, shown, hidden = site
    page = client.get("/memorials/M1?lang=en", headers=BROWSER)
    assert page.status_code == 200
    html = page.text
    thumb = f"/iiif/3/{shown['id']}/full/400,/0/default.jpg"
    assert f'src="{thumb}"' in html and 'width="400" height="267"' in html
    assert 'alt="West side"' in html
    assert "Anna &lt;script&gt;alert(1)&lt;/script&gt; Petrova" in html
    assert "<script>alert(1)" not in html
    assert re.search(r'<a rel="license" href="http://creativecommons.org/licenses/by/4.0/">'
                     r"CC BY 4.0</a>", html)  # fmt: skip
    assert 'href="/iiif/3/memorials/M1/manifest.json"' in html
    assert hidden["id"] not in html and "Proposed view" not in html
    image = client.get(thumb)
    assert image.status_code == 200 and samples.decoded(image.content).size == (400, 267)


@pytest.mark.parametrize("lang, words", [("ru", ("Лицензия", "IIIF-манифест")),
                                         ("be", ("Ліцэнзія", "IIIF-маніфест"))])  # fmt: skip
def test_the_photo_texts_are_translated(site, lang, words):
    client, _, _ = site
    html = client.get(f"/memorials/M1?lang={lang}", headers=BROWSER).text
    assert all(w in html for w in words)
