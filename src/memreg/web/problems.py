"""RFC 9457 problem+json for every error the web tier returns."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from memreg.domain.errors import PROBLEM_BASE, MemregError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("memreg.web")


def problem_response(
    status: int, code: str, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail,
            "instance": instance, **extra}  # fmt: skip
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def _memreg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MemregError)
    extra: dict[str, Any] = dict(exc.extra)
    if exc.problems:
        extra["errors"] = [p.as_dict() for p in exc.problems[:100]]
    return problem_response(exc.status, exc.code, exc.title, exc.message, request.url.path, **extra)


def _request_invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for item in exc.errors():
        location = [str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body")]
        errors.append({"field": ".".join(location) or "request", "message": item.get("msg", "")})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return problem_response(
        400, "bad-parameter", "Bad parameter", detail, request.url.path, errors=errors
    )


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return problem_response(
        exc.status_code,
        code,
        code.replace("-", " ").capitalize(),
        str(exc.detail),
        request.url.path,
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        500,
        "internal-error",
        "Internal error",
        "The register failed to answer; the error has been logged.",
        request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MemregError, _memreg_error)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
