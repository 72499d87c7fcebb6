"""Photos of memorials: add one (proved an image, cleaned, stored by content), publish one.

`add_photo` validates the photo's author, date taken and licence, decodes and cleans the
bytes (ingest/photos.py), stores the image and its thumbnail in the blob store and writes
the media row with its `create` revision in one unit of work. A refused photo stores
nothing: every check runs before the first blob is written. Photos added with
`published=False` (proposals) stay hidden until `publish_photo` is called.
"""

from __future__ import annotations

from typing import Any

from memreg.domain.errors import FieldProblem, NotFoundError, ValidationError
from memreg.domain.events import RecordChanged, RecordCreated
from memreg.domain.identifiers import new_id
from memreg.domain.photos import validate_photo_fields
from memreg.ingest.photos import PreparedPhoto, prepare_photo
from memreg.ingest.photos import offered_location as _offered_location
from memreg.services.editing import _actor, _clean_text
from memreg.store.blobs import BlobStore, blob_key
from memreg.store.engine import Store
from memreg.store.photos import get_photo
from memreg.store.records import get_row, insert_row, update_row
from memreg.store.schema import media, memorials, persons
from memreg.store.unit_of_work import UnitOfWork, run_write

MAX_REASON = 5000


def offered_location(data: bytes) -> tuple[float, float] | None:
    """The EXIF GPS position of a photo, as (lat, lon): where a proposed memorial may be.

    The bytes are checked as an upload is (ValidationError naming `file` when they are not
    a photo the register takes); None when the photo has no position.
    """
    return _offered_location(data)


def add_photo(
    store: Store,
    blobs: BlobStore,
    actor: str,
    memorial_id: str,
    data: bytes,
    fields: dict[str, Any],
    *,
    person_id: str | None = None,
    keep_location: bool = False,
    published: bool = True,
    reason: str | None = None,
) -> dict[str, Any]:
    """Add a photo to a memorial (optionally of a person buried there); return its row with
    `offered_location`, the photo's EXIF GPS position whether kept or not."""
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_REASON)
    record = validate_photo_fields(fields)
    prepared = prepare_photo(data, keep_location=keep_location)
    kept = prepared.location if keep_location else None
    photo_id = new_id("media")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        memorial = get_row(uow.conn, memorials, memorial_id)
        if memorial is None or memorial["retired_at"] is not None:
            raise NotFoundError("memorial", memorial_id)
        person_pk = None
        if person_id:
            person = get_row(uow.conn, persons, person_id)
            if person is None:
                raise ValidationError([FieldProblem("person_id", "no person has this id",
                                                    value=person_id[:80])])  # fmt: skip
            person_pk = person["pk"]
        values = _row_values(record, prepared, kept, published)
        revision = uow.record_revision(
            "create", reason=why, record_type="media", record_id=photo_id,
            after={**values, "memorial_id": memorial_id, "person_id": person_id},
        )  # fmt: skip
        # Blobs last, once nothing can refuse the photo: a refusal leaves no file behind.
        blobs.put(prepared.data)
        blobs.put(prepared.thumbnail)
        insert_row(uow.conn, media, {**values, "id": photo_id, "memorial_pk": memorial["pk"],
                                     "person_pk": person_pk}, revision)  # fmt: skip
        uow.events.append(RecordCreated("media", photo_id))
        row = get_photo(uow.conn, photo_id)
        uow.commit()
        assert row is not None
        return row | {"offered_location": prepared.location}

    return run_write(store, actor, work)


def _row_values(
    record: dict[str, Any],
    prepared: PreparedPhoto,
    kept: tuple[float, float] | None,
    published: bool,
) -> dict[str, Any]:
    return {
        **record,
        "media_type": prepared.media_type,
        "sha256": blob_key(prepared.data),
        "blob_key": blob_key(prepared.data),
        "thumbnail_key": blob_key(prepared.thumbnail),
        "width": prepared.width,
        "height": prepared.height,
        "thumbnail_width": prepared.thumbnail_width,
        "thumbnail_height": prepared.thumbnail_height,
        "lat": kept[0] if kept else None,
        "lon": kept[1] if kept else None,
        "published": published,
    }


def publish_photo(
    store: Store, actor: str, photo_id: str, reason: str | None = None
) -> dict[str, Any]:
    """Make a hidden photo public (a proposal approved); a published one is left as it is."""
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_REASON)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = get_row(uow.conn, media, photo_id)
        if current is None:
            raise NotFoundError("media", photo_id)
        if current["published"]:
            return get_photo(uow.conn, photo_id) or current
        revision = uow.record_revision(
            "update", reason=why, record_type="media", record_id=photo_id,
            before={"published": False}, after={"published": True},
        )  # fmt: skip
        row = update_row(uow.conn, media, "media", current, {"published": True}, None, revision)
        uow.events.append(RecordChanged("media", photo_id, row["version"]))
        fresh = get_photo(uow.conn, photo_id)
        uow.commit()
        assert fresh is not None
        return fresh

    return run_write(store, actor, work)
