"""Photos through the services, on SQLite and PostgreSQL: an upload is proved an image,
cleaned and stored by content with its revision; every refusal stores nothing at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags
from sqlalchemy import func, select

from memreg.domain.errors import NotFoundError, ValidationError
from memreg.services.editing import create_memorial, create_person
from memreg.services.photos import add_photo, offered_location, publish_photo
from memreg.store.blobs import FileBlobStore
from memreg.store.engine import Store
from memreg.store.photos import get_photo, published_photos
from memreg.store.schema import media, revisions
from tests import photo_samples as samples

FIELDS = {"author": "Ivan Volunteer", "taken_on": "2024-05-09", "licence": "CC-BY-SA-4.0",
          "caption": "The obelisk in spring", "file_name": "obelisk.jpg"}  # fmt: skip


@pytest.fixture
def blobs(tmp_path: Path) -> FileBlobStore:
    return FileBlobStore(tmp_path / "media")


@pytest.fixture
def memorial(store: Store) -> dict[str, Any]:
    return create_memorial(store, "registrar", {
        "id": "BY-HM-0001", "kind": "obelisk", "name": "Обелиск", "country": "BY",
        "names": {"ru": "Обелиск", "be": "Абеліск", "en": "Obelisk"},
    })  # fmt: skip


def counts(store: Store, blobs: FileBlobStore) -> tuple[int, int, int]:
    """Photo rows, revisions about photos, and files in the media folder."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(media)).scalar_one()
        photo_revisions = conn.execute(
            select(func.count()).select_from(revisions).where(revisions.c.record_type == "media")
        ).scalar_one()
    files = sum(1 for p in blobs.root.rglob("*") if p.is_file()) if blobs.root.exists() else 0
    return rows, photo_revisions, files


def test_a_photo_is_stored_cleaned_with_its_thumbnail_and_revision(store, blobs, memorial):
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS)
    assert row["id"].startswith("PH-") and row["memorial_id"] == "BY-HM-0001"
    assert (row["author"], row["taken_on"], row["licence"]) == (
        "Ivan Volunteer", "2024-05-09", "CC-BY-SA-4.0")  # fmt: skip
    assert (row["width"], row["height"], row["media_type"]) == (600, 400, "image/jpeg")
    assert row["published"] and row["offered_location"] == pytest.approx(samples.MINSK, abs=1e-4)
    assert row["lat"] is None and row["lon"] is None  # not kept unless asked
    assert counts(store, blobs) == (1, 1, 2)  # the image and its thumbnail
    image = samples.decoded(blobs.read(row["blob_key"]))
    assert image.format == "JPEG" and image.size == (600, 400)
    assert len(image.getexif()) == 0  # camera, artist and GPS all gone
    thumb = samples.decoded(blobs.read(row["thumbnail_key"]))
    assert thumb.size == (row["thumbnail_width"], row["thumbnail_height"]) == (400, 267)
    with store.engine.connect() as conn:
        revision = conn.execute(select(revisions).where(revisions.c.record_type == "media"))
        created = revision.mappings().one()
    assert created["action"] == "create" and created["actor"] == "registrar"
    assert created["record_id"] == row["id"] and created["after"]["author"] == "Ivan Volunteer"


def test_the_same_photo_twice_is_one_blob(store, blobs, memorial):
    first = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS)
    second = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS)
    assert first["id"] != second["id"] and first["blob_key"] == second["blob_key"]
    assert counts(store, blobs) == (2, 2, 2)


def test_the_location_is_kept_only_when_the_uploader_asks(store, blobs, memorial):
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS,
                    keep_location=True)  # fmt: skip
    assert (row["lat"], row["lon"]) == pytest.approx(samples.MINSK, abs=1e-4)
    exif = samples.decoded(blobs.read(row["blob_key"])).getexif()
    assert set(exif) == {ExifTags.IFD.GPSInfo}  # the position, nothing else
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[1] == "N" and gps[3] == "E"


def test_the_exif_orientation_is_applied(store, blobs, memorial):
    # Orientation 6: the camera was turned; the picture is shown turned 90° clockwise.
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(orientation=6),
                    FIELDS)  # fmt: skip
    assert (row["width"], row["height"]) == (400, 600)
    image = samples.decoded(blobs.read(row["blob_key"])).convert("RGB")
    assert ExifTags.Base.Orientation not in image.getexif()
    # Turned clockwise, the blue bottom-left quadrant is now at the top left.
    r, g, b = image.getpixel((50, 50))
    assert b > 200 and r < 60 and g < 60


@pytest.mark.parametrize("maker, media_type", [(samples.png, "image/png"),
                                                (samples.webp, "image/webp")])  # fmt: skip
def test_png_and_webp_are_taken_and_stripped(store, blobs, memorial, maker, media_type):
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", maker(), FIELDS)
    assert row["media_type"] == media_type and (row["width"], row["height"]) == (300, 200)
    assert len(samples.decoded(blobs.read(row["blob_key"])).getexif()) == 0


REFUSALS = [
    (samples.renamed_text, "not a JPEG, PNG or WebP"),
    (samples.gif, "not a JPEG, PNG or WebP"),
    (samples.polyglot_trailing, "bytes after the end"),
    (samples.polyglot_comment, "script or HTML"),
    (samples.polyglot_png_text, "script or HTML"),
    (samples.oversize, "larger than 20 MB"),
    (samples.bomb, "decompression bomb"),
]


@pytest.mark.parametrize("maker, words", REFUSALS, ids=[m.__name__ for m, _ in REFUSALS])
def test_a_refused_file_stores_nothing(store, blobs, memorial, maker, words):
    with pytest.raises(ValidationError) as refused:
        add_photo(store, blobs, "registrar", "BY-HM-0001", maker(), FIELDS)
    assert refused.value.problems[0].field == "file" and words in refused.value.message
    assert counts(store, blobs) == (0, 0, 0)


@pytest.mark.parametrize(
    "change, field",
    [({"author": ""}, "author"), ({"author": None}, "author"), ({"licence": "GPL"}, "licence"),
     ({"licence": None}, "licence"), ({"taken_on": None}, "taken_on"),
     ({"taken_on": "next Tuesday"}, "taken_on"), ({"taken_on": "2999"}, "taken_on")],
)  # fmt: skip
def test_missing_or_bad_fields_store_nothing(store, blobs, memorial, change, field):
    with pytest.raises(ValidationError) as refused:
        add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS | change)
    assert [p.field for p in refused.value.problems] == [field]
    assert counts(store, blobs) == (0, 0, 0)


def test_licence_codes_are_read_leniently(store, blobs, memorial):
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(),
                    FIELDS | {"licence": "cc by 4.0"})  # fmt: skip
    assert row["licence"] == "CC-BY-4.0"


def test_unknown_memorial_or_person_stores_nothing(store, blobs, memorial):
    with pytest.raises(NotFoundError):
        add_photo(store, blobs, "registrar", "NOPE", samples.jpeg(), FIELDS)
    with pytest.raises(ValidationError) as refused:
        add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS,
                  person_id="P-none")  # fmt: skip
    assert refused.value.problems[0].field == "person_id"
    assert counts(store, blobs) == (0, 0, 0)


def test_a_photo_may_show_a_person(store, blobs, memorial):
    create_person(store, "registrar", {"id": "P-1", "surname": "Рыбалко"})
    row = add_photo(store, blobs, "registrar", "BY-HM-0001", samples.jpeg(), FIELDS,
                    person_id="P-1")  # fmt: skip
    assert row["person_id"] == "P-1"


def test_an_unpublished_photo_stays_hidden_until_published(store, blobs, memorial):
    row = add_photo(store, blobs, "contributor", "BY-HM-0001", samples.jpeg(), FIELDS,
                    published=False)  # fmt: skip
    with store.engine.connect() as conn:
        assert published_photos(conn, memorial_pk(store)) == []
    published = publish_photo(store, "registrar", row["id"], reason="approved")
    assert published["published"] and published["version"] == 2
    with store.engine.connect() as conn:
        assert [p["id"] for p in published_photos(conn, memorial_pk(store))] == [row["id"]]
        revision = conn.execute(select(revisions).order_by(revisions.c.pk.desc()).limit(1))
        last = revision.mappings().one()
        assert get_photo(conn, row["id"])["published"]
    assert last["after"] == {"published": True} and last["actor"] == "registrar"
    # Publishing again changes nothing and writes no revision.
    publish_photo(store, "registrar", row["id"])
    assert counts(store, blobs)[1] == 2


def test_the_offered_location_is_read_from_the_photo():
    assert offered_location(samples.jpeg()) == pytest.approx(samples.MINSK, abs=1e-4)
    assert offered_location(samples.jpeg(location=None)) is None
    assert offered_location(samples.jpeg(location=(-33.86, -70.65))) == pytest.approx(
        (-33.86, -70.65), abs=1e-4)  # fmt: skip
    with pytest.raises(ValidationError):
        offered_location(samples.renamed_text())


def memorial_pk(store: Store) -> int:
    with store.engine.connect() as conn:
        from memreg.store.schema import memorials

        return conn.execute(
            select(memorials.c.pk).where(memorials.c.id == "BY-HM-0001")
        ).scalar_one()
