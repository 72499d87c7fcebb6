"""Photos through the API: an editor uploads one to a memorial; anyone lists the published.

The upload is multipart/form-data: `file` (JPEG, PNG or WebP up to 20 MB) with `author`,
`taken_on` (EDTF, e.g. 2024-05-09), `licence` (a Creative Commons code), optional
`caption`, `keep_location` (keep the photo's GPS position), `person_id` and `reason`.
Its body may be larger than the register's usual limit: PHOTO_BODY_LIMIT on this route only.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from memreg.domain.errors import NotFoundError
from memreg.domain.licences import LICENCES
from memreg.domain.photos import MAX_PHOTO_BYTES
from memreg.services import permits
from memreg.services.photos import add_photo
from memreg.store.photos import published_photos
from memreg.store.queries import get_memorial
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.auth import EditorDep
from memreg.web.deps import ConnDep, StoreDep

router = APIRouter(prefix="/api", tags=["photos"])
PHOTO_BODY_LIMIT = MAX_PHOTO_BYTES + 256 * 1024  # the photo and its form fields
UPLOAD_PATH = re.compile(r"^/api/memorials/[^/]+/photos/?$")


class Location(BaseModel):
    lat: float
    lon: float


class PhotoOut(BaseModel):
    id: str
    memorial_id: str | None
    person_id: str | None
    file_name: str
    media_type: str | None
    author: str | None
    taken_on: str | None
    licence: str | None
    licence_uri: str | None
    caption: str | None
    width: int | None
    height: int | None
    published: bool
    location: Location | None = Field(None, description="The GPS position kept with the photo")
    iiif_service: str = Field(description="Its IIIF Image API 3.0 service (info.json below it)")
    thumbnail: str
    version: int


class NewPhotoOut(PhotoOut):
    offered_location: Location | None = Field(
        None, description="The photo's EXIF GPS position, whether kept or not"
    )


class PhotoList(BaseModel):
    items: list[PhotoOut]
    manifest: str | None = Field(description="The memorial's IIIF Presentation 3.0 manifest")


_errors = problem_responses(400, 401, 403, 404, 422)
UPLOAD_ERRORS = _errors | {413: {
    "description": "The request body is larger than the photo (20 MB) and its form fields",
    "content": _errors[400]["content"]}}  # fmt: skip


def photo_out(request: Request, row: dict[str, Any]) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    service = f"{base}/iiif/3/{row['id']}"
    licence = LICENCES.get(row["licence"] or "")
    located = row["lat"] is not None and row["lon"] is not None
    return {
        **{k: row[k] for k in ("id", "memorial_id", "person_id", "file_name", "media_type",
                               "author", "taken_on", "licence", "caption", "width", "height",
                               "version")},
        "published": bool(row["published"]),
        "licence_uri": licence.uri if licence else None,
        "location": {"lat": row["lat"], "lon": row["lon"]} if located else None,
        "iiif_service": service,
        "thumbnail": f"{service}/full/{row['thumbnail_width']},/0/default.jpg",
    }  # fmt: skip


def _located(value: tuple[float, float] | None) -> dict[str, float] | None:
    return {"lat": value[0], "lon": value[1]} if value else None


@router.post(
    "/memorials/{memorial_id}/photos",
    response_model=NewPhotoOut,
    status_code=201,
    responses=UPLOAD_ERRORS,
)
def upload_photo(
    request: Request,
    memorial_id: str,
    store: StoreDep,
    user: EditorDep,
    file: Annotated[
        UploadFile | str | None, File(description="JPEG, PNG or WebP, up to 20 MB")
    ] = None,
    author: Annotated[str | None, Form(description="Who took the photo")] = None,
    taken_on: Annotated[str | None, Form(description="When (EDTF: 2024-05-09, 2024)")] = None,
    licence: Annotated[str | None, Form(description="One of " + ", ".join(LICENCES))] = None,
    caption: Annotated[str | None, Form()] = None,
    keep_location: Annotated[bool, Form(description="Keep the GPS position")] = False,
    person_id: Annotated[str | None, Form(description="The person the photo shows")] = None,
    reason: Annotated[str | None, Form(description="Kept in the revision")] = None,
) -> dict[str, Any]:
    """Add a photo to a memorial (registrar or admin); it is public at once."""
    memorial_id = check_record_id("memorial", memorial_id)
    permits.require_record(store, user.grant, "memorial", memorial_id)
    if isinstance(file, str):  # a form field without a file name: its text is what came
        data, file_name = file.encode("utf-8", "replace")[: MAX_PHOTO_BYTES + 1], None
    else:
        data = file.file.read(MAX_PHOTO_BYTES + 1) if file is not None else b""
        file_name = file.filename if file is not None else None
    fields = {"author": author, "taken_on": taken_on, "licence": licence, "caption": caption,
              "file_name": file_name}  # fmt: skip
    row = add_photo(
        store,
        request.app.state.blobs,
        user.actor,
        memorial_id,
        data,
        fields,
        person_id=person_id or None,
        keep_location=keep_location,
        reason=reason,
    )
    return photo_out(request, row) | {"offered_location": _located(row["offered_location"])}


@router.get(
    "/memorials/{memorial_id}/photos",
    response_model=PhotoList,
    responses=problem_responses(404),
)
def list_photos(request: Request, memorial_id: str, conn: ConnDep) -> dict[str, Any]:
    """The memorial's published photos (at most 200), oldest first."""
    memorial = get_memorial(conn, check_record_id("memorial", memorial_id))
    if memorial is None:
        raise NotFoundError("memorial", memorial_id)
    rows = published_photos(conn, memorial["pk"])
    base = str(request.base_url).rstrip("/")
    return {
        "items": [photo_out(request, r) for r in rows],
        "manifest": f"{base}/iiif/3/memorials/{memorial['id']}/manifest.json" if rows else None,
    }
