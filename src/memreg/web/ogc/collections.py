"""The collections OGC API - Features serves and the documents it answers with.

Each function takes what the request asked (already checked) and the base URL, and
returns the JSON document; routes.py only adapts it to HTTP (JSON or HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection

from memreg.publish.shapes import memorial_geometry, memorial_properties, person_properties
from memreg.store.features import collection_extent, feature_by_id, feature_page, links_of

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
GEOJSON = "application/geo+json"


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    spatial: bool
    # Properties that may be given as query parameters, with the type of their value.
    queryables: dict[str, type]


COLLECTIONS = {
    "memorials": Collection(
        "memorials", "Memorials",
        "War memorials, military burials and mass graves, monuments and plaques: their "
        "location (outline where known), kind, names, counts of the buried and status.",
        True,
        {"kind": str, "country": str, "region": str, "settlement": str, "status": str,
         "register_number": str, "protection_level": str, "wikidata": str, "osm_id": str},
    ),
    "persons": Collection(
        "persons", "Persons",
        "The people buried or commemorated at the memorials, as the sources write their "
        "names, with dates, rank, unit, fate and the memorials they are linked to. No "
        "geometry of their own: bbox keeps persons linked to a memorial inside the box.",
        False,
        {"surname": str, "given_name": str, "patronymic": str, "fate": str, "rank": str,
         "birth_year": int, "death_year": int},
    ),
}  # fmt: skip
UPPER_CASE = frozenset({"country", "region"})


def link(href: str, rel: str, type_: str, title: str | None = None) -> dict[str, str]:
    out = {"href": href, "rel": rel, "type": type_}
    if title:
        out["title"] = title
    return out


def landing(base: str) -> dict[str, Any]:
    return {
        "title": "memreg: the register of memorial heritage",
        "description": "Memorials and the names of the people they hold, as OGC API - Features.",
        "links": [
            link(f"{base}?f=json", "self", "application/json", "this document"),
            link(f"{base}?f=html", "alternate", "text/html", "this document as HTML"),
            link(
                f"{base}/api",
                "service-desc",
                "application/vnd.oai.openapi+json;version=3.0",
                "the API definition",
            ),  # fmt: skip
            link(f"{base}/api?f=html", "service-doc", "text/html", "the API documentation"),
            link(
                f"{base}/conformance",
                "conformance",
                "application/json",
                "the conformance classes implemented",
            ),  # fmt: skip
            link(f"{base}/collections", "data", "application/json", "the collections"),
        ],
    }


def conformance() -> dict[str, Any]:
    return {"conformsTo": CONFORMANCE}


def _extent(conn: Connection, collection: Collection) -> dict[str, Any]:
    found = collection_extent(conn, collection.id)
    gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
    extent: dict[str, Any] = {"temporal": {"interval": [list(found["interval"])], "trs": gregorian}}
    if collection.spatial:
        bbox = list(found["bbox"] or (-180.0, -90.0, 180.0, 90.0))
        extent["spatial"] = {"bbox": [bbox], "crs": CRS84}
    return extent


def collection_document(conn: Connection, base: str, collection: Collection) -> dict[str, Any]:
    url = f"{base}/collections/{collection.id}"
    return {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": _extent(conn, collection),
        "links": [
            link(url, "self", "application/json", "this collection"),
            link(f"{url}?f=html", "alternate", "text/html", "this collection as HTML"),
            link(f"{url}/items", "items", GEOJSON, f"{collection.title} as GeoJSON"),
            link(f"{url}/items?f=html", "items", "text/html", f"{collection.title} as HTML"),
        ],
    }


def collections_document(conn: Connection, base: str) -> dict[str, Any]:
    return {
        "links": [
            link(f"{base}/collections", "self", "application/json", "the collections"),
            link(f"{base}/collections?f=html", "alternate", "text/html", "as HTML"),
        ],
        "collections": [collection_document(conn, base, c) for c in COLLECTIONS.values()],
    }


def feature(collection: Collection, row: dict[str, Any], links: list | None, base: str) -> dict:
    url = f"{base}/collections/{collection.id}/items/{row['id']}"
    if collection.spatial:
        geometry = memorial_geometry(row)
        properties = memorial_properties(row)
    else:
        geometry = None
        properties = person_properties(row, links or [])
    properties["updated"] = row.get("updated")
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": geometry,
        "properties": properties,
        "links": [
            link(url, "self", GEOJSON, "this feature"),
            link(f"{url}?f=html", "alternate", "text/html", "this feature as HTML"),
            link(f"{base}/collections/{collection.id}", "collection", "application/json"),
        ],
    }


def items_document(
    conn: Connection,
    backend: Any,
    base: str,
    collection: Collection,
    query: Any,
    limit: int,
    offset: int,
    echo: dict[str, str],
) -> dict[str, Any]:
    """One page of features with numberMatched and self, alternate, prev and next links."""
    rows, more, matched = feature_page(conn, backend, collection.id, query, limit, offset)
    links_by_pk = {} if collection.spatial else links_of(conn, [r["pk"] for r in rows])
    url = f"{base}/collections/{collection.id}/items"

    def page(at: int, f: str | None = None) -> str:
        params = {**echo, "limit": str(limit), "offset": str(at)}
        if f:
            params["f"] = f
        return f"{url}?{urlencode(params)}"

    page_links = [
        link(page(offset), "self", GEOJSON, "this page"),
        link(page(offset, "html"), "alternate", "text/html", "this page as HTML"),
        link(f"{base}/collections/{collection.id}", "collection", "application/json"),
    ]
    if more:
        page_links.append(link(page(offset + limit), "next", GEOJSON, "the next page"))
    if offset > 0:
        page_links.append(link(page(max(0, offset - limit)), "prev", GEOJSON, "the page before"))
    doc: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [feature(collection, r, links_by_pk.get(r["pk"]), base) for r in rows],
    }
    if matched is not None:  # left out when counting would read too much of the register
        doc["numberMatched"] = matched
    doc |= {
        "numberReturned": len(rows),
        "links": page_links,
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    return doc


def item_document(
    conn: Connection, base: str, collection: Collection, record_id: str
) -> dict[str, Any] | None:
    row = feature_by_id(conn, collection.id, record_id)
    if row is None:
        return None
    links = None if collection.spatial else links_of(conn, [row["pk"]]).get(row["pk"], [])
    return feature(collection, row, links, base)
