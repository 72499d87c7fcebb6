"""IIIF routes: the Image API 3.0 (level 1) for each published photo, and a Presentation
3.0 manifest per memorial.

Every answer (errors too) carries Access-Control-Allow-Origin: * so that viewers on other
sites load them. An unknown or unpublished photo is 404; a malformed request parameter is
400 problem+json naming it. Listed sizes are cached on disk; other requests are computed
within bounded memory (publish/iiif.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from memreg.domain.errors import MemregError, NotFoundError
from memreg.domain.iiif import read_quality_format, read_region, read_rotation, read_size
from memreg.publish.iiif import (
    MAX_SIDE,
    image_information,
    listed_sizes,
    memorial_manifest,
    render,
)
from memreg.store.blobs import DerivativeCache, FileBlobStore
from memreg.store.photos import public_photo, published_photos
from memreg.store.queries import get_memorial
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep
from memreg.web.problems import _memreg_error

router = APIRouter(prefix="/iiif/3", include_in_schema=False)
CORS = {"Access-Control-Allow-Origin": "*"}
CACHED = {"Cache-Control": "public, max-age=86400"}
JSON_LD = 'application/ld+json;profile="{}"'


def blob_store(request: Request) -> FileBlobStore:
    blobs: FileBlobStore = request.app.state.blobs
    return blobs


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _json(request: Request, body: dict[str, Any], context: str) -> Response:
    wants_ld = "application/ld+json" in request.headers.get("accept", "")
    media_type = JSON_LD.format(context) if wants_ld else "application/json"
    return JSONResponse(body, media_type=media_type, headers={**CORS, **CACHED})


def _with_cors(request: Request, exc: MemregError) -> Response:
    response = _memreg_error(request, exc)
    response.headers.update(CORS)
    return response


def _photo(conn: Any, photo_id: str) -> dict[str, Any]:
    photo = public_photo(conn, check_record_id("photo", photo_id))
    if photo is None:
        raise NotFoundError("photo", photo_id)
    return photo


@router.api_route("/{photo_id}", methods=["GET", "HEAD"])
def image_service(request: Request, photo_id: str, conn: ConnDep) -> Response:
    """The service's base URI sends the client to its information (baseUriRedirect)."""
    try:
        photo = _photo(conn, photo_id)
    except MemregError as exc:
        return _with_cors(request, exc)
    return RedirectResponse(f"{_base(request)}/iiif/3/{photo['id']}/info.json", 303, CORS)


@router.api_route("/{photo_id}/info.json", methods=["GET", "HEAD"])
def image_info(request: Request, photo_id: str, conn: ConnDep) -> Response:
    try:
        photo = _photo(conn, photo_id)
    except MemregError as exc:
        return _with_cors(request, exc)
    info = image_information(photo, f"{_base(request)}/iiif/3/{photo['id']}")
    return _json(request, info, "http://iiif.io/api/image/3/context.json")


@router.api_route(
    "/{photo_id}/{region}/{size}/{rotation}/{quality_format}", methods=["GET", "HEAD"]
)
def image(
    request: Request,
    photo_id: str,
    region: str,
    size: str,
    rotation: str,
    quality_format: str,
    conn: ConnDep,
) -> Response:
    try:
        photo = _photo(conn, photo_id)
        box = read_region(region, photo["width"], photo["height"])
        out = read_size(size, box, MAX_SIDE, MAX_SIDE)
        read_rotation(rotation)
        read_quality_format(quality_format)
    except MemregError as exc:
        return _with_cors(request, exc)
    full = box.width == photo["width"] and box.height == photo["height"]
    tag = hashlib.sha256(f"{photo['blob_key']}/{box}/{out}".encode()).hexdigest()[:32]
    etag = f'"{tag}"'
    headers = {**CORS, **CACHED, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    data = _image_bytes(request, photo, box, out, full)
    return Response(data, media_type="image/jpeg", headers=headers)


def _image_bytes(request: Request, photo: dict[str, Any], box: Any, out: Any, full: bool) -> bytes:
    blobs = blob_store(request)
    thumbnail = (photo["thumbnail_width"], photo["thumbnail_height"])
    if full and out == thumbnail and photo["thumbnail_key"]:
        return blobs.read(photo["thumbnail_key"])
    cache: DerivativeCache = request.app.state.derivatives
    variant = f"full-{out[0]}x{out[1]}.jpg"
    cacheable = full and out in listed_sizes(photo)
    if cacheable and (hit := cache.get(photo["blob_key"], variant)) is not None:
        return hit
    data = render(blobs.read(photo["blob_key"]), box, out)
    if cacheable:
        cache.put(photo["blob_key"], variant, data)
    return data


@router.api_route("/memorials/{memorial_id}/manifest.json", methods=["GET", "HEAD"])
def manifest(request: Request, memorial_id: str, conn: ConnDep) -> Response:
    """The memorial's published photos as a IIIF Presentation 3.0 manifest."""
    try:
        memorial = get_memorial(conn, check_record_id("memorial", memorial_id))
        if memorial is None or memorial["retired_at"] is not None:
            raise NotFoundError("memorial", memorial_id)
        photos = published_photos(conn, memorial["pk"])
        if not photos:
            raise NotFoundError("manifest of the photos of memorial", memorial_id)
    except MemregError as exc:
        return _with_cors(request, exc)
    names = memorial.get("names")
    if isinstance(names, str):
        memorial = {**memorial, "names": json.loads(names)}
    page_url = f"{_base(request)}/memorials/{memorial['id']}"
    body = memorial_manifest(memorial, photos, _base(request), page_url)
    return _json(request, body, "http://iiif.io/api/presentation/3/context.json")


def install_iiif(app: Any, media_dir: str) -> None:
    """The routes, the blob store they read and the cache of their derivatives."""
    app.state.blobs = FileBlobStore(Path(media_dir))
    app.state.derivatives = DerivativeCache(Path(media_dir))
    app.include_router(router)
