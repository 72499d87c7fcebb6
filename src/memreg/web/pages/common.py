"""What every public page shares: its language, the language switch, and how it is sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from memreg.web.pages import i18n
from memreg.web.pages.templating import templates
from memreg.web.sessions import attach_cookies, csrf_token, page_user

COOKIE_AGE = 365 * 24 * 3600
BORDERS_URL = "/static/vendor/world-atlas/countries-50m.json"


def page_language(request: Request) -> str:
    return i18n.request_language(request, request.app.state.settings.default_language)


def language_url(request: Request, lang: str) -> str:
    """This page in another language (the switch's links; they work without script)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + "?" + urlencode([*query, ("lang", lang)])


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    page: str = "",
) -> HTMLResponse:
    lang = page_language(request)
    user = page_user(request)
    context = {
        "lang": lang,
        "signed_in": user,
        "csrf_token": lambda: csrf_token(request),
        "section": page,
        "language_urls": {code: language_url(request, code) for code in i18n.LANGUAGES},
        "settings": request.app.state.settings,
        "borders_url": BORDERS_URL if request.app.state.has_borders else "",
        **context,
    }
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    if user is not None:  # a page naming its reader is never kept by a shared cache
        response.headers["Cache-Control"] = "private, no-store"
    attach_cookies(request, response)
    if request.query_params.get("lang") in i18n.LANGUAGES:  # the switch remembers the choice
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response
