"""`/reconcile`: the W3C reconciliation API 0.2 (what OpenRefine speaks) over the register.

GET /reconcile answers the service manifest, or a batch given as `queries`; POST takes the
form fields `queries` (reconciliation) or `extend` (data extension). Preview, suggest and
property proposal live beside it. Errors are problem+json naming the parameter.
"""

from __future__ import annotations

import html
import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from memreg import __version__
from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.services.reconcile import (
    EXTEND,
    MEMORIAL_PROPERTIES,
    PERSON_PROPERTIES,
    TYPES,
    check_queries,
    extend,
    find_record,
    reconcile,
    suggest,
)
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep, StoreDep

# The protocol's contract is the W3C specification and its JSON Schemas (the manifest says
# what the service offers); its JSON-in-form-fields cannot be told in OpenAPI, so the
# routes stay out of /api/openapi.json.
router = APIRouter(prefix="/reconcile", tags=["reconciliation"], include_in_schema=False)
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
MAX_FORM = 60_000  # a batch of 100 queries fits; form-encoded, it stays under the body limit


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def manifest(base: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "memreg: memorials and the people they hold",
        "identifierSpace": f"{base}/api/",
        "schemaSpace": f"{base}/api/openapi.json",
        "documentation": f"{base}/api/docs",
        "serviceVersion": __version__,
        "defaultTypes": [{"id": k, "name": v} for k, v in TYPES.items()],
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 420, "height": 180},
        "suggest": {
            kind: {"service_url": base, "service_path": f"/reconcile/suggest/{kind}"}
            for kind in ("entity", "property", "type")
        },
        "extend": {
            "propose_properties": {
                "service_url": base,
                "service_path": "/reconcile/extend/propose",
            },
            "property_settings": [],
        },
    }


def _json(request: Request, body: Any, callback: str | None) -> Response:
    if callback is None:
        return JSONResponse(body)
    if not _CALLBACK.match(callback):
        raise BadRequestError("callback", "must be a JavaScript function name")
    text = f"{callback}({json.dumps(body, ensure_ascii=False)})"
    return Response(text, media_type="application/javascript")


def _parse(parameter: str, text: str) -> Any:
    if len(text) > MAX_FORM:
        raise BadRequestError(parameter, f"is longer than {MAX_FORM:,} characters")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequestError(parameter, f"is not valid JSON ({exc.msg})") from None


def _extend(conn: Any, text: str) -> dict[str, Any]:
    query = _parse("extend", text)
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list):
        raise BadRequestError("extend", "needs ids (a list) and properties")
    properties = query.get("properties")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in properties
    ):
        raise BadRequestError("extend", "properties must be a list of {id}")
    ids = [str(i) for i in query["ids"]][:1000]
    return extend(conn, ids, [p["id"] for p in properties])


Text = Annotated[str | None, Query(max_length=MAX_FORM)]


@router.get(
    "",
    summary="Service manifest, or a reconciliation batch given as `queries`",
    responses=problem_responses(400),
)
def service(
    request: Request,
    conn: ConnDep,
    store: StoreDep,
    queries: Text = None,
    extend: Text = None,  # noqa: A002 (the spec names the parameter)
    callback: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Without parameters: the manifest. `queries`: a batch of queries; `extend`: data
    extension; `callback`: JSONP."""
    if queries is not None:
        batch = check_queries(_parse("queries", queries))
        return _json(request, reconcile(conn, store.backend, batch), callback)
    if extend is not None:
        return _json(request, _extend(conn, extend), callback)
    return _json(request, manifest(_base(request)), callback)


@router.post(
    "",
    summary="Reconciliation (`queries`) or data extension (`extend`), as a form",
    responses=problem_responses(400),
)
def service_post(
    conn: ConnDep,
    store: StoreDep,
    queries: Annotated[str | None, Form(max_length=MAX_FORM)] = None,
    extend: Annotated[str | None, Form(max_length=MAX_FORM)] = None,  # noqa: A002
) -> Response:
    """The batch or the extension query arrives as a form field holding JSON."""
    if queries is not None:
        batch = check_queries(_parse("queries", queries))
        return JSONResponse(reconcile(conn, store.backend, batch))
    if extend is not None:
        return JSONResponse(_extend(conn, extend))
    raise BadRequestError("queries", "give queries or extend as a form field")


RecordId = Annotated[str, Query(max_length=200, description="A memorial's or person's id")]


@router.get(
    "/preview",
    response_class=HTMLResponse,
    summary="A small HTML card of a record",
    responses=problem_responses(400, 404),
)
def preview(conn: ConnDep, id: RecordId) -> HTMLResponse:  # noqa: A002 (the spec's name)
    found = find_record(conn, check_record_id("record", id))
    if found is None:
        raise NotFoundError("record", id)
    kind, row = found
    if kind == "memorial":
        title = row["name"]
        lines = [row["kind"].replace("_", " "), row.get("settlement") or "", row["country"]]
    else:
        title = " ".join(
            filter(None, (row["surname"], row.get("given_name"), row.get("patronymic")))
        )
        lines = [row.get("birth_date") or "", row.get("birthplace") or "", row.get("rank") or ""]
    facts = " · ".join(html.escape(x) for x in lines if x)
    body = (
        f'<html><body style="font-family:sans-serif;margin:8px"><b>{html.escape(title)}</b>'
        f"<br><small>{facts}</small><br><small>{html.escape(row['id'])}</small></body></html>"
    )
    return HTMLResponse(body)


Prefix = Annotated[str, Query(min_length=1, max_length=200)]
Cursor = Annotated[int, Query(ge=0, le=10_000)]


@router.get(
    "/suggest/entity",
    summary="Records whose name begins with the prefix",
    responses=problem_responses(400),
)
def suggest_entity(
    conn: ConnDep, prefix: Prefix, cursor: Cursor = 0,
    type: Annotated[str | None, Query(max_length=20)] = None,  # noqa: A002
) -> dict[str, Any]:  # fmt: skip
    kinds = [type] if type else ["memorial", "person"]
    if not all(k in TYPES for k in kinds):
        raise BadRequestError("type", "must be memorial or person")
    result: list[dict[str, Any]] = []
    for kind in kinds:
        for item in suggest(conn, kind, prefix, cursor):
            result.append({**item, "notable": [{"id": kind, "name": TYPES[kind]}]})
    return {"result": result[:10]}


@router.get(
    "/suggest/property", summary="Properties a query may name", responses=problem_responses(400)
)
def suggest_property(prefix: Prefix, cursor: Cursor = 0) -> dict[str, Any]:
    everything = {**MEMORIAL_PROPERTIES, **PERSON_PROPERTIES}
    wanted = prefix.casefold()
    result = [
        {"id": pid, "name": name}
        for pid, name in everything.items()
        if pid.startswith(wanted) or name.casefold().startswith(wanted)
    ]
    return {"result": result[cursor : cursor + 10]}


@router.get("/suggest/type", summary="The record types", responses=problem_responses(400))
def suggest_type(prefix: Prefix, cursor: Cursor = 0) -> dict[str, Any]:
    wanted = prefix.casefold()
    result = [
        {"id": k, "name": v}
        for k, v in TYPES.items()
        if k.startswith(wanted) or v.casefold().startswith(wanted)
    ]
    return {"result": result[cursor : cursor + 10]}


@router.get(
    "/extend/propose",
    summary="Properties data extension can fetch for a type",
    responses=problem_responses(400),
)
def propose(
    type: Annotated[str, Query(max_length=20)],  # noqa: A002
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> dict[str, Any]:
    if type not in TYPES:
        raise BadRequestError("type", "must be memorial or person")
    properties = [{"id": p, "name": p.replace("_", " ")} for p in EXTEND[type]][:limit]
    return {"type": type, "limit": limit, "properties": properties}
