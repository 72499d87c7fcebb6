"""/api/docs: Swagger UI from the swagger-ui-bundle package, started by our own script (no
CDN, no inline script), reading /api/openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from memreg.web.pages.common import render

router = APIRouter(include_in_schema=False)


@router.api_route("/api/docs", methods=["GET", "HEAD"], response_class=HTMLResponse)
def api_docs(request: Request, lang: Annotated[str | None, Query(max_length=3)] = None) -> Any:
    """The page in the language asked for (the API's own parameters are strict: `lang` is
    this page's one)."""
    return render(request, "api_docs.html", {}, page="api")
