"""Who is calling the API: a token, a browser session, or HTTP Basic; checked before the
request body is read.

A request that writes (POST, PUT, PATCH, DELETE) to an API route must carry one of:
- `Authorization: Bearer mrt_...`, an API token (a hash look-up: no password check);
- the site's session cookie with the page's CSRF token in `X-CSRF-Token` (script on our
  own pages);
- `Authorization: Basic`, name and password (argon2, throttled per account and address).
The gate checks them before one byte of the body is read, so anonymous or guessing clients
cannot make the server read large bodies. Routes then say which action they need with
`acting(Action...)`: a role without it gets 403; services check a custodian's area where
the record's place is known.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from memreg.domain.errors import MemregError
from memreg.domain.permissions import Action
from memreg.services.accounts import session_user, token_user
from memreg.services.signin import SignInLimits, TooManyFailuresError, sign_in
from memreg.services.users import User
from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.problems import CHALLENGE, send_problem
from memreg.web.sessions import CSRF_HEADER, SESSION_COOKIE, CsrfError, csrf_for, lifetime

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
USER_KEY = "memreg_user"


class NotSignedInError(MemregError):
    def __init__(self, detail: str = "sign in to change the register") -> None:
        super().__init__(message=detail, code="unauthorized", status=401)


def basic_credentials(header: str) -> tuple[str, str]:
    """(name, password) from an Authorization header; NotSignedInError naming the fault."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise NotSignedInError(
            "use an API token (Authorization: Bearer mrt_...) or HTTP Basic "
            "(Authorization: Basic base64(name:password))"
        )
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise NotSignedInError(
            "the Authorization header is not valid HTTP Basic (base64 of UTF-8 name:password)"
        ) from None
    name, colon, password = decoded.partition(":")
    if not colon or not name:
        raise NotSignedInError("the Authorization header must hold name:password")
    return name, password


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    raw = headers.get(b"cookie")
    if raw is None:
        return None
    for part in raw.decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class AuthGate:
    """ASGI middleware: the credentials of a write are checked before its body is read."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        router: Router,
        store: Store,
        limits: SignInLimits,
        settings: Settings,
    ) -> None:
        self.app = app
        self.router = router
        self.store = store
        self.limits = limits
        self.settings = settings

    def _is_write_route(self, scope: Scope) -> bool:
        if scope["method"] not in WRITE_METHODS or not scope["path"].startswith("/api/"):
            return False
        return any(route.matches(scope)[0] == Match.FULL for route in self.router.routes)

    def _caller(self, headers: dict[bytes, bytes], address: str) -> User:
        header = headers.get(b"authorization")
        if header is not None:
            text = header.decode("latin-1").strip()
            if text[:7].lower() == "bearer ":
                user = token_user(self.store, text[7:].strip(), address)
                if user is None:
                    raise NotSignedInError("the API token is unknown or has been revoked")
                return user
            name, password = basic_credentials(text)
            user = sign_in(self.store, name, password, address, self.limits)
            if user is None:
                raise NotSignedInError("the name or password is wrong")
            return user
        secret = _cookie(headers, SESSION_COOKIE)
        if secret:
            user = session_user(self.store, secret, lifetime(self.settings))
            if user is not None:
                sent = headers.get(CSRF_HEADER.encode(), b"").decode("latin-1")
                expected = csrf_for(self.settings.secret_key, secret)
                if not hmac.compare_digest(expected, sent):
                    raise CsrfError()
                return user
        raise NotSignedInError()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._is_write_route(scope):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        address = (scope.get("client") or ("unknown", 0))[0]
        try:
            user = await anyio.to_thread.run_sync(self._caller, headers, address)
        except TooManyFailuresError as exc:
            retry = str(exc.extra["retry_after"])
            await send_problem(send, scope, exc, headers={"Retry-After": retry})
            return
        except NotSignedInError as exc:
            await send_problem(send, scope, exc, headers={"WWW-Authenticate": CHALLENGE})
            return
        except CsrfError as exc:
            await send_problem(send, scope, exc)
            return
        scope.setdefault("state", {})[USER_KEY] = user
        await self.app(scope, receive, send)


async def current_user(request: Request) -> User:
    user: Any = getattr(request.state, USER_KEY, None)
    if not isinstance(user, User):  # a route the gate does not cover: refuse, never guess
        raise NotSignedInError()
    return user


def acting(action: Action) -> Callable[[User], Awaitable[User]]:
    """A dependency: the caller, if their role (and token) allows `action`."""

    async def allowed(user: Annotated[User, Depends(current_user)]) -> User:
        user.grant.require(action)
        return user

    return allowed


EditorDep = Annotated[User, Depends(acting(Action.EDIT))]
InspectorDep = Annotated[User, Depends(acting(Action.INSPECT))]
MergerDep = Annotated[User, Depends(acting(Action.MERGE))]
ModeratorDep = Annotated[User, Depends(acting(Action.MODERATE))]
ProposerDep = Annotated[User, Depends(acting(Action.PROPOSE))]
AdminDep = Annotated[User, Depends(acting(Action.MANAGE_USERS))]
