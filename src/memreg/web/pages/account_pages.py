"""Signing up, in and out, and the account page with its API tokens.

Every form carries the CSRF token (web/sessions.py). A wrong password, a throttled
address or a refused field re-renders the form with the message beside its field; only a
success redirects (303), with the session cookie.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from memreg.domain.errors import BadRequestError, ValidationError
from memreg.domain.permissions import ROLE_ACTIONS, Action, ForbiddenError
from memreg.services import accounts
from memreg.services.signin import SignInLimits, sign_in
from memreg.services.throttle import ThrottledError
from memreg.services.users import User
from memreg.store import audit
from memreg.web.pages.common import render
from memreg.web.sessions import (
    CsrfFormDep,
    PageUserDep,
    clear_session_cookie,
    client_address,
    lifetime,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


def safe_next(target: Any) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    local = isinstance(target, str) and target.startswith("/") and not target.startswith("//")
    if local and "\\" not in target and len(target) <= 2000:
        return str(target)
    return "/account"


def sign_in_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)


def _limits(request: Request) -> SignInLimits:
    settings = request.app.state.settings
    return SignInLimits(settings.signin_failures_per_account, settings.signin_failures_per_address,
                        settings.signin_window_seconds)  # fmt: skip


def _form_page(
    request: Request, template: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    page = context.pop("page", template.removesuffix(".html"))
    return render(request, template, context, status_code=status, page=page)


def field_problems(exc: ValidationError) -> dict[str, list[str]]:
    """A refusal's messages by field, as the forms show them beside each field."""
    found: dict[str, list[str]] = {}
    for problem in exc.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def _throttled(request: Request, template: str, exc: ThrottledError, **context: Any) -> Response:
    page = _form_page(request, template, status=429, error=exc.message, **context)
    page.headers["Retry-After"] = str(exc.extra["retry_after"])
    return page


def _signed_in(request: Request, user: User, target: str) -> Response:
    store = request.app.state.store
    secret = accounts.start_session(store, user, client_address(request),
                                    lifetime(request.app.state.settings))  # fmt: skip
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, secret)
    return response


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, user: PageUserDep) -> Any:
    return _form_page(request, "sign_in.html", next=safe_next(request.query_params.get("next")))


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in_form(request: Request, form: CsrfFormDep) -> Any:
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(form.get("next"))
    context = {"username": username, "next": target}
    try:
        user = await anyio.to_thread.run_sync(
            lambda: sign_in(request.app.state.store, username, password,
                            client_address(request), _limits(request), audited=True)
        )  # fmt: skip
    except ThrottledError as exc:
        return _throttled(request, "sign_in.html", exc, **context)
    if user is None:
        return _form_page(request, "sign_in.html", status=401, wrong=True, **context)
    return await anyio.to_thread.run_sync(_signed_in, request, user, target)


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_page(request: Request, user: PageUserDep) -> Any:
    return _form_page(request, "sign_up.html")


@router.post("/sign-up", response_class=HTMLResponse)
async def sign_up_form(request: Request, form: CsrfFormDep) -> Any:
    username = str(form.get("username", "")).strip()
    password, repeated = str(form.get("password", "")), str(form.get("password_again", ""))
    display_name = str(form.get("display_name", "")).strip() or None
    context = {"username": username, "display_name": display_name or ""}
    if password != repeated:
        differ = {"password_again": ["the two passwords differ"]}
        return _form_page(request, "sign_up.html", status=422, problems=differ, **context)
    settings = request.app.state.settings
    limits = accounts.SignUpLimits(per_address=settings.signups_per_address)
    try:
        user = await anyio.to_thread.run_sync(
            lambda: accounts.sign_up(request.app.state.store, username, password, display_name,
                                     client_address(request), limits)
        )  # fmt: skip
    except ThrottledError as exc:
        return _throttled(request, "sign_up.html", exc, **context)
    except ValidationError as exc:
        return _form_page(
            request, "sign_up.html", status=422, problems=field_problems(exc), **context
        )
    return await anyio.to_thread.run_sync(_signed_in, request, user, "/account")


@router.post("/sign-out")
def sign_out(request: Request, form: CsrfFormDep) -> Any:
    secret = request.cookies.get("memreg_session")
    if secret:
        accounts.end_session(request.app.state.store, secret, client_address(request))
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response)
    return response


def _account_page(
    request: Request, user: User, *, status: int = 200, **context: Any
) -> HTMLResponse:
    tokens = accounts.list_tokens(request.app.state.store, user.username)
    scopes = sorted(a.value for a in ROLE_ACTIONS[user.role])
    return _form_page(request, "account.html", status=status, page="account", user=user,
                      tokens=tokens, scopes=scopes, **context)  # fmt: skip


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    return _account_page(request, user)


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(request: Request, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    name = str(form.get("name", ""))
    scopes = [str(s) for s in form.getlist("scopes")]
    try:
        token, secret = accounts.create_token(request.app.state.store, user, name, scopes,
                                              client_address(request))  # fmt: skip
    except ValidationError as exc:
        return _account_page(
            request, user, status=422, problems=field_problems(exc), token_name=name
        )
    return _account_page(request, user, status=201, new_token=token, secret=secret)


@router.post("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke(request: Request, token_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    if not any(t.id == token_id for t in accounts.list_tokens(request.app.state.store,
                                                               user.username)):  # fmt: skip
        raise ForbiddenError("this token is not yours")
    accounts.revoke_token(request.app.state.store, user, token_id, client_address(request))
    return RedirectResponse("/account", status_code=303)


AUDIT_PAGE = 100


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: PageUserDep) -> Any:
    """The audit log, newest first, a hundred entries a page (admins only)."""
    if user is None:
        return sign_in_redirect(request)
    user.grant.require(Action.MANAGE_USERS)
    before = _positive_int(request.query_params.get("before"), "before")
    action = request.query_params.get("action") or None
    with request.app.state.store.engine.connect() as conn:
        rows = audit.entries(conn, limit=AUDIT_PAGE + 1, before=before, action=action)
    more = rows[AUDIT_PAGE:] and rows[AUDIT_PAGE - 1]["pk"]
    return _form_page(request, "audit.html", page="account", entries=rows[:AUDIT_PAGE],
                      next_before=more or None, action=action or "")  # fmt: skip


def _positive_int(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 18:
        raise BadRequestError(name, "must be a positive whole number")
    return int(value)
