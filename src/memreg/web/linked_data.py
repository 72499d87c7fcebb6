"""Linked Art JSON-LD of memorials and persons: /memorials/{id}.jsonld, /persons/{id}.jsonld,
and content negotiation on the record pages.

`linked_data_response` is the hook the HTML routes call first: when the client prefers
JSON-LD (or JSON) to HTML in its Accept header, it answers with the record's JSON-LD;
otherwise it returns None and the page is rendered as usual.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection

from memreg.domain.errors import NotFoundError
from memreg.publish.linked_art import MEDIA_TYPE, memorial_document, person_document
from memreg.store.queries import get_memorial, get_person
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep

router = APIRouter(include_in_schema=False)
LINKED_DATA_TYPES = ("application/ld+json", "application/json")


def _quality(accept: str) -> dict[str, float]:
    """Media type -> q value of an Accept header (malformed parts ignored)."""
    found: dict[str, float] = {}
    for part in accept.split(",")[:50]:
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        found[media.lower()] = max(q, found.get(media.lower(), 0.0))
    return found


def prefers_linked_data(request: Request) -> bool:
    accept = _quality(request.headers.get("accept", ""))
    best_data = max((accept.get(t, 0.0) for t in LINKED_DATA_TYPES), default=0.0)
    html = max(accept.get("text/html", 0.0), accept.get("application/xhtml+xml", 0.0))
    return best_data > 0 and best_data >= html


def _site(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _document(request: Request, conn: Connection, record_type: str, record_id: str) -> dict:
    check_record_id(record_type, record_id)
    if record_type == "memorial":
        row = get_memorial(conn, record_id)
        if row is None:
            raise NotFoundError("memorial", record_id)
        return memorial_document(row, _site(request))
    person = get_person(conn, record_id)
    if person is None:
        raise NotFoundError("person", record_id)
    return person_document(person, person["memorials"], _site(request))


def _answer(doc: dict, negotiated: bool) -> Response:
    headers = {"Vary": "Accept"} if negotiated else {}
    return JSONResponse(doc, media_type=MEDIA_TYPE, headers=headers)


def linked_data_response(
    request: Request, conn: Connection, record_type: str, record_id: str
) -> Response | None:
    """The record as JSON-LD when the client asks for it, else None (render the page)."""
    if not prefers_linked_data(request):
        return None
    return _answer(_document(request, conn, record_type, record_id), negotiated=True)


@router.get("/memorials/{memorial_id}.jsonld")
def memorial_jsonld(request: Request, memorial_id: str, conn: ConnDep) -> Response:
    return _answer(_document(request, conn, "memorial", memorial_id), negotiated=False)


@router.get("/persons/{person_id}.jsonld")
def person_jsonld(request: Request, person_id: str, conn: ConnDep) -> Response:
    return _answer(_document(request, conn, "person", person_id), negotiated=False)
