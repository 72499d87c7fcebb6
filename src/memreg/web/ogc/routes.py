"""HTTP for OGC API - Features: check the request, build the document, answer JSON or HTML.

Not part of /api/openapi.json: /ogc publishes its own OpenAPI 3.0 definition at /ogc/api.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.store.features import FeatureQuery
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep, StoreDep
from memreg.web.ogc.collections import (
    COLLECTIONS,
    GEOJSON,
    UPPER_CASE,
    Collection,
    collection_document,
    collections_document,
    conformance,
    item_document,
    items_document,
    landing,
)
from memreg.web.ogc.openapi import openapi_document
from memreg.web.ogc.params import (
    parse_datetime,
    parse_format,
    parse_limit,
    parse_offset,
    parse_ogc_bbox,
    refuse_repeated,
    refuse_unknown,
)

PREFIX = "/ogc"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(prefix=PREFIX, include_in_schema=False)
ITEM_PARAMETERS = ("f", "limit", "offset", "bbox", "datetime")
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + PREFIX


def _format(request: Request, allowed: tuple[str, ...] = ("f",)) -> str:
    query = request.query_params
    refuse_unknown(query, allowed)
    refuse_repeated(query.multi_items())
    return parse_format(query.get("f"), request.headers.get("accept", ""))


def _answer(
    request: Request, fmt: str, doc: dict[str, Any], template: str, media_type: str, **extra: Any
) -> Response:
    if fmt == "html":
        json_url = str(request.url.include_query_params(f="json"))
        context = {"doc": doc, "base": _base(request), "json_url": json_url, **extra}
        return templates.TemplateResponse(request, template, context)
    return JSONResponse(doc, media_type=media_type)


def _collection(collection_id: str) -> Collection:
    collection = COLLECTIONS.get(collection_id)
    if collection is None:
        raise NotFoundError("collection", collection_id[:80])
    return collection


@router.get("")
@router.get("/")
def landing_page(request: Request) -> Response:
    fmt = _format(request)
    return _answer(request, fmt, landing(_base(request)), "ogc_landing.html", "application/json",
                   conformance=conformance()["conformsTo"])  # fmt: skip


@router.get("/conformance")
def conformance_page(request: Request) -> Response:
    fmt = _format(request)
    doc = conformance()
    return _answer(request, fmt, landing(_base(request)) | doc, "ogc_landing.html",
                   "application/json", conformance=doc["conformsTo"])  # fmt: skip


@router.get("/api")
def api_definition(request: Request) -> Response:
    fmt = _format(request)
    return _answer(request, fmt, openapi_document(_base(request)), "ogc_api.html", OPENAPI_TYPE)


@router.get("/collections")
def collections_page(request: Request, conn: ConnDep) -> Response:
    fmt = _format(request)
    doc = collections_document(conn, _base(request))
    return _answer(request, fmt, doc, "ogc_collections.html", "application/json",
                   collections=doc["collections"])  # fmt: skip


@router.get("/collections/{collection_id}")
def collection_page(request: Request, collection_id: str, conn: ConnDep) -> Response:
    collection = _collection(collection_id)
    fmt = _format(request)
    doc = collection_document(conn, _base(request), collection)
    return _answer(request, fmt, doc, "ogc_collections.html", "application/json",
                   collections=[doc])  # fmt: skip


def _property(collection: Collection, name: str, text: str) -> Any:
    if collection.queryables[name] is int:
        if not text.lstrip("-").isdigit() or len(text) > 10:
            raise BadRequestError(name, "must be a whole number")
        return int(text)
    if len(text) > 500 or "\x00" in text:
        raise BadRequestError(name, "must be text of at most 500 characters")
    return text.upper() if name in UPPER_CASE else text


@router.get("/collections/{collection_id}/items")
def items_page(request: Request, collection_id: str, conn: ConnDep, store: StoreDep) -> Response:
    collection = _collection(collection_id)
    fmt = _format(request, (*ITEM_PARAMETERS, *collection.queryables))
    query = request.query_params
    updated_from, updated_until = parse_datetime(query.get("datetime"))
    feature_query = FeatureQuery(
        boxes=parse_ogc_bbox(query.get("bbox")),
        properties={
            name: _property(collection, name, query[name])
            for name in collection.queryables
            if name in query
        },  # fmt: skip
        updated_from=updated_from,
        updated_until=updated_until,
    )
    limit, offset = parse_limit(query.get("limit")), parse_offset(query.get("offset"))
    echo = {k: v for k, v in query.items() if k not in ("f", "limit", "offset")}
    doc = items_document(conn, store.backend, _base(request), collection, feature_query,
                         limit, offset, echo)  # fmt: skip
    columns = ["name", "kind", "country", "region", "settlement", "status"]
    if not collection.spatial:
        columns = ["surname", "given_name", "patronymic", "birth_date", "death_date", "fate"]
    return _answer(request, fmt, doc, "ogc_items.html", GEOJSON, collection=collection,
                   columns=columns)  # fmt: skip


@router.get("/collections/{collection_id}/items/{feature_id}")
def item_page(request: Request, collection_id: str, feature_id: str, conn: ConnDep) -> Response:
    collection = _collection(collection_id)
    fmt = _format(request)
    record_type = collection.id[:-1]
    doc = item_document(conn, _base(request), collection, check_record_id(record_type, feature_id))
    if doc is None:
        raise NotFoundError(record_type, feature_id)
    return _answer(request, fmt, doc, "ogc_item.html", GEOJSON, collection=collection)


def install_ogc(app: FastAPI) -> None:
    app.include_router(router)
