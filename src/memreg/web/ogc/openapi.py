"""The OpenAPI 3.0 definition of /ogc (conformance class oas30), built from the collections."""

from __future__ import annotations

from typing import Any

from memreg import __version__
from memreg.web.ogc.collections import COLLECTIONS
from memreg.web.ogc.params import DEFAULT_LIMIT, MAX_LIMIT

_JSON = {"application/json": {"schema": {"type": "object"}}}
_GEOJSON = {"application/geo+json": {"schema": {"type": "object"}}}
_HTML = {"text/html": {"schema": {"type": "string"}}}
_PROBLEM = {"application/problem+json": {"schema": {"type": "object"}}}
_F = {"name": "f", "in": "query", "required": False, "description": "json or html",
      "schema": {"type": "string", "enum": ["json", "html"]}}  # fmt: skip


def _errors() -> dict[str, Any]:
    return {
        "400": {"description": "A parameter is unknown or malformed", "content": _PROBLEM},
        "404": {"description": "No such collection or feature", "content": _PROBLEM},
    }


def _get(summary: str, content: dict[str, Any], parameters: list[dict] | None = None) -> dict:
    return {"get": {"summary": summary, "parameters": [*(parameters or []), _F],
                    "responses": {"200": {"description": summary, "content": {**content, **_HTML}},
                                  **_errors()}}}  # fmt: skip


def _items_parameters(collection_id: str) -> list[dict[str, Any]]:
    collection = COLLECTIONS[collection_id]
    parameters: list[dict[str, Any]] = [
        {"name": "limit", "in": "query", "required": False, "style": "form", "explode": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                    "default": DEFAULT_LIMIT}},
        {"name": "offset", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "bbox", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "min_lon,min_lat,max_lon,max_lat in CRS84",
         "schema": {"type": "array", "minItems": 4, "maxItems": 4,
                    "items": {"type": "number"}}},
        {"name": "datetime", "in": "query", "required": False, "style": "form",
         "explode": False, "description": "the time of the record's last change: an RFC "
         "3339 instant or interval (.. for an open end)", "schema": {"type": "string"}},
    ]  # fmt: skip
    for name, kind in collection.queryables.items():
        parameters.append({"name": name, "in": "query", "required": False,
                           "description": f"features whose {name} equals this",
                           "schema": {"type": "integer" if kind is int else "string"}})  # fmt: skip
    return parameters


def openapi_document(base: str) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/": _get("The landing page", _JSON),
        "/conformance": _get("The conformance classes implemented", _JSON),
        "/api": {"get": {"summary": "This API definition", "responses": {"200": {
            "description": "OpenAPI 3.0",
            "content": {"application/vnd.oai.openapi+json;version=3.0": {
                "schema": {"type": "object"}}}}}}},
        "/collections": _get("The collections", _JSON),
    }  # fmt: skip
    feature_id = {"name": "featureId", "in": "path", "required": True,
                  "schema": {"type": "string"}}  # fmt: skip
    for collection_id, collection in COLLECTIONS.items():
        root = f"/collections/{collection_id}"
        paths[root] = _get(f"The {collection.title} collection", _JSON)
        paths[f"{root}/items"] = _get(
            f"{collection.title}: a page of features", _GEOJSON, _items_parameters(collection_id)
        )
        paths[f"{root}/items/{{featureId}}"] = _get(
            f"One of the {collection.title}", _GEOJSON, [feature_id]
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "memreg OGC API - Features",
            "version": __version__,
            "description": "Memorials and persons of the register (OGC API - Features - "
            "Part 1: Core, with GeoJSON and HTML).",
        },  # fmt: skip
        "servers": [{"url": base}],
        "paths": paths,
    }
