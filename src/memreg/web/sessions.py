"""Who is looking at a page, and the CSRF token of its forms.

- `PageUserDep`: the signed-in user of a page request (None when anonymous). The session
  cookie (`memreg_session`: Secure, HttpOnly, SameSite=Lax) holds a random secret; the
  register holds only its hash (services/accounts.py).
- CSRF: every form carries `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">`
  (templates get `csrf_token` from web/pages/common.render). The token is an HMAC, under
  the register's secret key, of the session secret, or for an anonymous visitor of a random
  `memreg_csrf` cookie set with the form. A POST handler takes its form through
  `CsrfFormDep`, which refuses (403 problem, nothing done) a form without the right token.
  Script on our pages sends the same token in the `X-CSRF-Token` header of API writes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from memreg.domain.errors import MemregError
from memreg.services.accounts import session_user
from memreg.services.users import User
from memreg.settings import Settings

SESSION_COOKIE = "memreg_session"
CSRF_COOKIE = "memreg_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_USER = "memreg_page_user"
_NEW_CSRF = "memreg_new_csrf"
MAX_FORM_FIELDS = 200


class CsrfError(MemregError):
    def __init__(self) -> None:
        super().__init__(
            message="the form's security token is missing or stale: reload the page and "
            "send it again",
            code="csrf",
            status=403,
        )


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def lifetime(settings: Settings) -> float:
    return settings.session_days * 86400.0


def page_user(request: Request) -> User | None:
    """The signed-in user of this request (looked up once per request)."""
    if _USER in request.scope.get("state", {}):
        found: User | None = request.scope["state"][_USER]
        return found
    secret = request.cookies.get(SESSION_COOKIE)
    user = None
    if secret:
        store = request.app.state.store
        user = session_user(store, secret, lifetime(_settings(request)))
    request.scope.setdefault("state", {})[_USER] = user
    return user


PageUserDep = Annotated[User | None, Depends(page_user)]


def csrf_for(secret_key: str, base: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + base.encode(), hashlib.sha256).hexdigest()


def _csrf_base(request: Request) -> str:
    if page_user(request) is not None:
        return request.cookies[SESSION_COOKIE]
    base = request.cookies.get(CSRF_COOKIE) or request.scope.get("state", {}).get(_NEW_CSRF)
    if not base:
        base = secrets.token_urlsafe(24)
        request.scope.setdefault("state", {})[_NEW_CSRF] = base
    return str(base)


def csrf_token(request: Request) -> str:
    """The token this request's forms must send back."""
    return csrf_for(_settings(request).secret_key, _csrf_base(request))


def attach_cookies(request: Request, response: Response) -> None:
    """Set the anonymous CSRF cookie a rendered form relies on (only when one was made)."""
    base = request.scope.get("state", {}).get(_NEW_CSRF)
    if base:
        response.set_cookie(CSRF_COOKIE, base, httponly=True, samesite="lax",
                            secure=_settings(request).cookie_secure)  # fmt: skip


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    settings = _settings(request)
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(lifetime(settings)), httponly=True,
                        samesite="lax", secure=settings.cookie_secure)  # fmt: skip


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)


def check_csrf(request: Request, submitted: Any) -> None:
    base = (
        request.cookies.get(SESSION_COOKIE)
        if page_user(request) is not None
        else request.cookies.get(CSRF_COOKIE)
    )
    if not base or not isinstance(submitted, str):
        raise CsrfError()
    expected = csrf_for(_settings(request).secret_key, base)
    if not hmac.compare_digest(expected, submitted):
        raise CsrfError()


async def csrf_form(request: Request, user: PageUserDep) -> FormData:
    """The request's form, once its CSRF token has been checked (`user` is looked up first,
    in a worker thread, so the check below reads it from the request)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    check_csrf(request, form.get(CSRF_FIELD))
    return form


CsrfFormDep = Annotated[FormData, Depends(csrf_form)]
