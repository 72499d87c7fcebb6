"""IIIF: a memorial's manifest is valid against the IIIF Presentation 3.0 JSON Schema (the
IIIF presentation validator's own, kept in schemas/iiif/), names its photos' authors and
licences, and points each canvas at a level-1 image service that answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator

from memreg.services.editing import create_memorial
from memreg.services.photos import add_photo
from memreg.settings import Settings
from memreg.store.blobs import FileBlobStore
from memreg.store.engine import Store
from memreg.web.app import create_app
from tests import photo_samples as samples

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "iiif" / "iiif_3_0.json").read_text())
FIELDS = {"author": "Ivan Volunteer", "taken_on": "2024-05-09", "licence": "CC-BY-SA-4.0",
          "file_name": "obelisk.jpg"}  # fmt: skip


@pytest.fixture
def client(store: Store, tmp_path: Path) -> TestClient:
    create_memorial(store, "registrar", {
        "id": "M1", "kind": "obelisk", "name": "Обелиск", "country": "BY",
        "names": {"ru": "Обелиск", "be": "Абеліск", "en": "Obelisk"}})  # fmt: skip
    blobs = FileBlobStore(tmp_path / "media")
    add_photo(store, blobs, "registrar", "M1", samples.jpeg(), FIELDS | {"caption": "South side"})
    add_photo(store, blobs, "registrar", "M1", samples.png(), FIELDS | {"licence": "CC0-1.0"})
    add_photo(store, blobs, "registrar", "M1", samples.webp(), FIELDS, published=False)
    settings = Settings(database_url=store.url, tile_url="", rate_limit_per_minute=0,
                        media_dir=str(tmp_path / "media"))  # fmt: skip
    return TestClient(create_app(settings, store=store), raise_server_exceptions=False)


def _errors(document: dict) -> list[str]:
    validator = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]  # fmt: skip


def test_the_schema_copy_is_the_presentation_3_schema():
    Draft7Validator.check_schema(SCHEMA)
    assert _errors({"type": "Manifest"})  # it refuses what is not a manifest


def test_the_manifest_is_valid_presentation_3(client: TestClient):
    answer = client.get("/iiif/3/memorials/M1/manifest.json")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    manifest = answer.json()
    assert _errors(manifest) == []
    broken = json.loads(answer.text)
    broken["items"][0]["rights"] = "https://example.org/all-rights-reserved"
    assert _errors(broken)  # the schema does check what the register writes
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["label"] == {"be": ["Абеліск"], "en": ["Obelisk"], "ru": ["Обелиск"]}
    assert len(manifest["items"]) == 2  # the unpublished photo is not in it
    first, second = manifest["items"]
    assert first["label"] == {"none": ["South side"]}
    assert first["rights"] == "http://creativecommons.org/licenses/by-sa/4.0/"
    assert second["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert first["requiredStatement"]["value"] == {"none": ["Ivan Volunteer, CC BY-SA 4.0"]}
    ld = client.get("/iiif/3/memorials/M1/manifest.json",
                    headers={"Accept": "application/ld+json"})  # fmt: skip
    assert 'profile="http://iiif.io/api/presentation/3/context.json"' in ld.headers[
        "content-type"]  # fmt: skip


def test_every_canvas_points_at_an_image_service_that_answers(client: TestClient):
    manifest = client.get("/iiif/3/memorials/M1/manifest.json").json()
    for canvas in manifest["items"]:
        annotation = canvas["items"][0]["items"][0]
        assert annotation["motivation"] == "painting" and annotation["target"] == canvas["id"]
        body = annotation["body"]
        service = body["service"][0]
        assert service["type"] == "ImageService3" and service["profile"] == "level1"
        path = service["id"].split("testserver", 1)[1]
        info = client.get(f"{path}/info.json").json()
        assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])
        image = client.get(body["id"].split("testserver", 1)[1])
        assert samples.decoded(image.content).size == (body["width"], body["height"])
        thumb = canvas["thumbnail"][0]
        got = client.get(thumb["id"].split("testserver", 1)[1])
        assert samples.decoded(got.content).size == (thumb["width"], thumb["height"])


def test_a_memorial_without_published_photos_has_no_manifest(client: TestClient, store):
    create_memorial(store, "registrar", {"id": "M2", "kind": "plaque", "name": "Доска",
                                         "country": "BY"})  # fmt: skip
    assert client.get("/iiif/3/memorials/M2/manifest.json").status_code == 404
    assert client.get("/iiif/3/memorials/NOPE/manifest.json").status_code == 404
