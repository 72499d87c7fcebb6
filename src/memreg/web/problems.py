"""RFC 9457 problem+json for every error the web tier returns; an HTML page for browsers.

An API client always gets problem+json. A browser asking for a page (a path outside /api,
with text/html in Accept) gets the same facts as an HTML page, with the same status.
"""

from __future__ import annotations

import json
import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from memreg.domain.errors import PROBLEM_BASE, MemregError
from memreg.web.pages.common import render

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("memreg.web")


def wants_html(request: Request) -> bool:
    """A browser navigating to a page, not a client of the API."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def problem_response(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail,
            "instance": request.url.path, **extra}  # fmt: skip
    if wants_html(request):
        page = render(request, "error.html", {"problem": body}, status_code=status)
        page.headers.update(headers or {})
        return page
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


CHALLENGE = 'Basic realm="memreg", charset="UTF-8"'


def error_headers(exc: MemregError) -> dict[str, str] | None:
    """Headers an error's status calls for: a challenge with 401, Retry-After with 429."""
    if exc.status == 401:
        return {"WWW-Authenticate": CHALLENGE}
    if exc.status == 429 and "retry_after" in exc.extra:
        return {"Retry-After": str(exc.extra["retry_after"])}
    return None


def _memreg_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MemregError)
    extra: dict[str, Any] = dict(exc.extra)
    if exc.problems:
        extra["errors"] = [p.as_dict() for p in exc.problems[:100]]
    return problem_response(
        request, exc.status, exc.code, exc.title, exc.message, headers=error_headers(exc), **extra
    )


async def send_problem(
    send: Send, scope: Scope, exc: MemregError, headers: dict[str, str] | None = None
) -> None:
    """Answer with problem+json straight from ASGI middleware (before any route runs)."""
    body = json.dumps(
        {"type": exc.type_uri, "title": exc.title, "status": exc.status, "detail": exc.message,
         "instance": scope.get("path", ""), **exc.extra},
        ensure_ascii=False,
    ).encode()  # fmt: skip
    raw_headers = [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": exc.status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


def _in_our_words(item: dict[str, Any]) -> str:
    """The register's own message for what the request parser refused."""
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    words = {
        "missing": "is required",
        "extra_forbidden": "is not a field of this request",
        "int_parsing": "must be a whole number",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "string_type": "must be text",
        "bool_parsing": "must be true or false",
        "json_invalid": "is not valid JSON",
        "model_attributes_type": "must be a JSON object",
        "dict_type": "must be a JSON object",
        "list_type": "must be a list",
    }
    if kind in words:
        return words[kind]
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"must be at least {ctx.get('min_length')} character(s)"
    if kind in ("enum", "literal_error"):
        return f"must be one of {ctx.get('expected', 'the listed values')}"
    return str(item.get("msg", "is not valid"))


def _request_invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for item in exc.errors():
        location = [str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body")]
        errors.append({"field": ".".join(location) or "request", "message": _in_our_words(item)})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return problem_response(request, 400, "bad-parameter", "Bad parameter", detail, errors=errors)


def _allowed_methods(request: Request, raised: str) -> str:
    """Every method served at this path: the API's come from its OpenAPI document, since one
    path may be served by several routers (GET and POST /api/memorials)."""
    methods = {m.strip().upper() for m in raised.split(",") if m.strip()}
    path = request.url.path
    if path.startswith(("/api/", "/reconcile")):
        paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
        if path in paths:  # a path of its own (/api/persons/search) is no {person_id}
            paths = {path: paths[path]}
        for template, operations in paths.items():
            if re.fullmatch(_template_pattern(template), path):
                methods.update(m.upper() for m in operations if m.upper() in _HTTP_METHODS)
    return ", ".join(sorted(methods))


def _template_pattern(template: str) -> str:
    """/api/memorials/{memorial_id} -> a pattern matching its paths."""
    return "[^/]+".join(re.escape(part) for part in re.split(r"\{[^/{}]+\}", template))


_HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    headers = dict(exc.headers or {})
    detail = str(exc.detail)
    if status == 404:
        code = "not-found"
        if detail == HTTPStatus.NOT_FOUND.phrase:
            detail = f"Nothing is published at {request.url.path}"
    elif status == 401:
        code = "unauthorized"
        headers.setdefault("WWW-Authenticate", CHALLENGE)
    elif status == 405:
        code = "method-not-allowed"
        headers["Allow"] = _allowed_methods(request, headers.get("Allow", ""))
        detail = f"{request.method} is not allowed here; use {headers['Allow']}"
    else:
        code = "http-error"
    if code == "http-error":
        try:
            title = HTTPStatus(status).phrase
        except ValueError:
            title = "HTTP error"
    else:
        title = code.replace("-", " ").capitalize()
    return problem_response(request, status, code, title, detail, headers=headers or None)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        request,
        500,
        "internal-error",
        "Internal error",
        "The register failed to answer; the error has been logged.",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MemregError, _memreg_error)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
