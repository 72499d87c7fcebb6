"""Photos through the JSON API and IIIF, on SQLite and PostgreSQL: editors upload, anyone
lists the published ones, and IIIF serves them (answers decoded with Pillow)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from memreg.services.editing import create_memorial
from memreg.services.photos import add_photo
from memreg.services.users import create_user
from memreg.settings import Settings
from memreg.store.blobs import FileBlobStore
from memreg.store.engine import Store
from memreg.store.schema import media
from memreg.web.app import create_app
from tests import photo_samples as samples

REGISTRAR = ("registrar.minsk", "correct horse battery")
CONTRIBUTOR = ("volunteer", "another long password")
FORM = {"author": "Ivan Volunteer", "taken_on": "2024-05-09", "licence": "CC-BY-4.0",
        "caption": "Obelisk, south side"}  # fmt: skip


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
def api(store: Store, media_dir: Path) -> TestClient:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", *CONTRIBUTOR, role="contributor")
    create_memorial(store, "registrar", {
        "id": "M1", "kind": "obelisk", "name": "Обелиск", "country": "BY",
        "names": {"ru": "Обелиск", "be": "Абеліск", "en": "Obelisk"}})  # fmt: skip
    settings = Settings(database_url=store.url, tile_url="", rate_limit_per_minute=0,
                        media_dir=str(media_dir))  # fmt: skip
    return TestClient(create_app(settings, store=store), raise_server_exceptions=False)


def upload(api: TestClient, data: bytes, name: str = "photo.jpg", auth=REGISTRAR, **form):
    return api.post("/api/memorials/M1/photos", files={"file": (name, data, "image/jpeg")},
                    data=FORM | form, auth=auth)  # fmt: skip


def stored(store: Store, media_dir: Path) -> tuple[int, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(media)).scalar_one()
    files = sum(1 for p in media_dir.rglob("*") if p.is_file()) if media_dir.exists() else 0
    return rows, files


def test_an_editor_uploads_a_photo_and_anyone_lists_it(api: TestClient):
    answer = upload(api, samples.jpeg(), keep_location="false")
    assert answer.status_code == 201, answer.text
    photo = answer.json()
    assert photo["memorial_id"] == "M1" and photo["file_name"] == "photo.jpg"
    assert photo["licence_uri"] == "http://creativecommons.org/licenses/by/4.0/"
    assert photo["offered_location"] == pytest.approx({"lat": 53.9, "lon": 27.5667}, abs=1e-4)
    assert photo["location"] is None and photo["published"] is True
    listed = api.get("/api/memorials/M1/photos").json()
    assert [p["id"] for p in listed["items"]] == [photo["id"]]
    assert listed["manifest"].endswith("/iiif/3/memorials/M1/manifest.json")
    thumb = api.get(photo["thumbnail"])
    assert thumb.status_code == 200 and samples.decoded(thumb.content).size == (400, 267)


def test_keep_location_keeps_the_position(api: TestClient):
    photo = upload(api, samples.jpeg(), keep_location="true").json()
    assert photo["location"] == pytest.approx({"lat": 53.9, "lon": 27.5667}, abs=1e-4)


def test_uploads_need_an_editor(api: TestClient, store: Store, media_dir: Path):
    anonymous = api.post("/api/memorials/M1/photos", files={"file": ("a.jpg", samples.jpeg())},
                         data=FORM)  # fmt: skip
    assert anonymous.status_code == 401
    assert upload(api, samples.jpeg(), auth=CONTRIBUTOR).status_code == 403
    assert stored(store, media_dir) == (0, 0)


REFUSED = [
    (samples.renamed_text, "file", "not a JPEG, PNG or WebP"),
    (samples.polyglot_trailing, "file", "bytes after the end"),
    (samples.polyglot_comment, "file", "script or HTML"),
    (samples.bomb, "file", "decompression bomb"),
]


@pytest.mark.parametrize("maker, field, words", REFUSED, ids=[m.__name__ for m, _, _ in REFUSED])
def test_refused_uploads_are_422_naming_the_file_and_store_nothing(
    api: TestClient, store: Store, media_dir: Path, maker, field, words
):
    answer = upload(api, maker())
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["errors"][0]["field"] == field and words in problem["detail"]
    assert stored(store, media_dir) == (0, 0)


def test_an_oversize_upload_is_refused_and_stores_nothing(api, store, media_dir):
    # 21.6 MB: past 20 MB but within the route's body limit (20 MB and the form) -> 422 ...
    answer = upload(api, samples.oversize()[: 20 * 1024 * 1024 + 100_000])
    assert answer.status_code == 422 and "larger than 20 MB" in answer.json()["detail"]
    # ... and a body past that limit is refused before it is read -> 413.
    answer = upload(api, samples.oversize())
    assert answer.status_code == 413 and answer.json()["limit_bytes"] > 20 * 1024 * 1024
    assert stored(store, media_dir) == (0, 0)


def test_other_routes_keep_the_usual_body_limit(api: TestClient):
    big = {"name": "x" * 2_000_000, "kind": "obelisk", "country": "BY"}
    assert api.post("/api/memorials", json=big, auth=REGISTRAR).status_code == 413


@pytest.mark.parametrize(
    "form, field",
    [({"author": ""}, "author"), ({"licence": "All rights reserved"}, "licence"),
     ({"taken_on": ""}, "taken_on")],
)  # fmt: skip
def test_missing_author_or_bad_licence_is_422_naming_it(api, store, media_dir, form, field):
    answer = upload(api, samples.jpeg(), **form)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert stored(store, media_dir) == (0, 0)


def test_an_upload_without_a_file_names_the_file(api: TestClient):
    answer = api.post("/api/memorials/M1/photos", data=FORM, auth=REGISTRAR)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "file"


def test_an_upload_to_an_unknown_memorial_is_404(api: TestClient, store, media_dir):
    answer = api.post("/api/memorials/NOPE/photos", files={"file": ("a.jpg", samples.jpeg())},
                      data=FORM, auth=REGISTRAR)  # fmt: skip
    assert answer.status_code == 404 and stored(store, media_dir) == (0, 0)
    assert api.get("/api/memorials/NOPE/photos").status_code == 404


# --- IIIF Image API -------------------------------------------------------------------------


@pytest.fixture
def photo(api: TestClient) -> dict:
    answer = upload(api, samples.jpeg(1200, 800))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_info_json_describes_a_level_1_service(api: TestClient, photo: dict):
    answer = api.get(f"/iiif/3/{photo['id']}/info.json")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["content-type"] == "application/json"
    assert "max-age" in answer.headers["cache-control"]
    info = answer.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == photo["iiif_service"] and info["type"] == "ImageService3"
    assert info["protocol"] == "http://iiif.io/api/image" and info["profile"] == "level1"
    assert (info["width"], info["height"]) == (1200, 800)
    assert {"width": 400, "height": 267} in info["sizes"]
    assert {"width": 1200, "height": 800} in info["sizes"]
    ld = api.get(f"/iiif/3/{photo['id']}/info.json", headers={"Accept": "application/ld+json"})
    assert ld.headers["content-type"].startswith("application/ld+json")
    assert 'profile="http://iiif.io/api/image/3/context.json"' in ld.headers["content-type"]


def test_the_base_uri_redirects_to_info_json(api: TestClient, photo: dict):
    answer = api.get(f"/iiif/3/{photo['id']}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"/iiif/3/{photo['id']}/info.json")


def _image(api: TestClient, photo: dict, path: str):
    answer = api.get(f"/iiif/3/{photo['id']}/{path}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/jpeg"
    assert answer.headers["access-control-allow-origin"] == "*"
    image = samples.decoded(answer.content)
    assert image.format == "JPEG"
    return image.convert("RGB")


def _colour(pixel: tuple[int, int, int]) -> str:
    r, g, b = pixel
    if r > 200 and g > 200 and b < 80:
        return "yellow"
    if r > 200 and g < 80 and b < 80:
        return "red"
    if g > 120 and r < 80 and b < 80:
        return "green"
    if b > 200 and r < 80 and g < 80:
        return "blue"
    return f"other {pixel}"


@pytest.mark.parametrize(
    "path, size",
    [("full/max/0/default.jpg", (1200, 800)), ("full/600,/0/default.jpg", (600, 400)),
     ("full/,200/0/default.jpg", (300, 200)), ("full/300,300/0/default.jpg", (300, 300)),
     ("full/!500,500/0/default.jpg", (500, 333)), ("square/max/0/default.jpg", (800, 800)),
     ("square/100,/0/default.jpg", (100, 100)), ("0,0,600,400/max/0/default.jpg", (600, 400)),
     ("600,400,600,400/150,/0/default.jpg", (150, 100)),
     ("1000,700,500,500/max/0/default.jpg", (200, 100)),  # cut to the image
     ("full/400,267/0/default.jpg", (400, 267)), ("full/max/0/color.jpg", (1200, 800))],
)  # fmt: skip
def test_image_requests_give_the_size_asked(api: TestClient, photo: dict, path, size):
    assert _image(api, photo, path).size == size


def test_regions_cut_the_part_asked(api: TestClient, photo: dict):
    # The sample has red, green, blue and yellow quadrants (600 x 400 each).
    quadrants = {"0,0,600,400": "red", "600,0,600,400": "green", "0,400,600,400": "blue",
                 "600,400,600,400": "yellow"}  # fmt: skip
    for region, colour in quadrants.items():
        image = _image(api, photo, f"{region}/max/0/default.jpg")
        corners = [(5, 5), (image.width - 6, 5), (5, image.height - 6),
                   (image.width - 6, image.height - 6)]  # fmt: skip
        assert {_colour(image.getpixel(c)) for c in corners} == {colour}, region
    square = _image(api, photo, "square/max/0/default.jpg")  # the middle 800 x 800
    assert _colour(square.getpixel((5, 5))) == "red"
    assert _colour(square.getpixel((square.width - 6, square.height - 6))) == "yellow"


def test_listed_sizes_are_cached_on_disk(api: TestClient, photo: dict, media_dir: Path):
    first = api.get(f"/iiif/3/{photo['id']}/full/max/0/default.jpg")
    cached = list((media_dir / "derivatives").rglob("*.jpg"))
    assert len(cached) == 1
    second = api.get(f"/iiif/3/{photo['id']}/full/max/0/default.jpg")
    assert second.content == first.content
    again = api.get(f"/iiif/3/{photo['id']}/full/max/0/default.jpg",
                    headers={"If-None-Match": first.headers["etag"]})  # fmt: skip
    assert again.status_code == 304
    api.get(f"/iiif/3/{photo['id']}/10,10,300,300/max/0/default.jpg")  # computed, not kept
    assert len(list((media_dir / "derivatives").rglob("*.jpg"))) == 1


@pytest.mark.parametrize(
    "path, parameter",
    [("pct:10,10,10,10/max/0/default.jpg", "region"), ("1,2,3/max/0/default.jpg", "region"),
     ("0,0,0,10/max/0/default.jpg", "region"), ("5000,0,10,10/max/0/default.jpg", "region"),
     ("full/^max/0/default.jpg", "size"), ("full/pct:50/0/default.jpg", "size"),
     ("full/2400,/0/default.jpg", "size"), ("full/,/0/default.jpg", "size"),
     ("full/abc/0/default.jpg", "size"), ("full/0,10/0/default.jpg", "size"),
     ("full/max/90/default.jpg", "rotation"), ("full/max/!0/default.jpg", "rotation"),
     ("full/max/0/gray.jpg", "quality"), ("full/max/0/bitonal.jpg", "quality"),
     ("full/max/0/default.png", "format"), ("full/max/0/default", "format")],
)  # fmt: skip
def test_bad_iiif_parameters_are_400_naming_them(api: TestClient, photo: dict, path, parameter):
    answer = api.get(f"/iiif/3/{photo['id']}/{path}")
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.json()["errors"][0]["field"] == parameter


def test_sizes_beyond_the_largest_served_are_refused(api: TestClient, store, media_dir):
    big = FileBlobStore(media_dir)
    row = add_photo(store, big, "registrar", "M1", samples.jpeg(5000, 1000, location=None),
                    {**FORM, "file_name": "wide.jpg"})  # fmt: skip
    info = api.get(f"/iiif/3/{row['id']}/info.json").json()
    assert info["maxWidth"] == 4096 and info["width"] == 5000
    assert _image(api, row, "full/max/0/default.jpg").size == (4096, 819)
    answer = api.get(f"/iiif/3/{row['id']}/full/5000,/0/default.jpg")
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "size"


def test_unknown_and_unpublished_photos_are_404(api: TestClient, store, media_dir):
    hidden = add_photo(store, FileBlobStore(media_dir), "contributor", "M1", samples.jpeg(),
                       {**FORM, "file_name": "p.jpg"}, published=False)  # fmt: skip
    for photo_id in ("PH-nope", hidden["id"]):
        for path in ("info.json", "full/max/0/default.jpg"):
            answer = api.get(f"/iiif/3/{photo_id}/{path}")
            assert answer.status_code == 404, path
            assert answer.headers["access-control-allow-origin"] == "*"
        assert api.get(f"/iiif/3/{photo_id}", follow_redirects=False).status_code == 404
    assert api.get("/api/memorials/M1/photos").json()["items"] == []
    assert api.get("/iiif/3/memorials/M1/manifest.json").status_code == 404
