"""Who is calling: HTTP Basic for API clients, checked before the request body is read.

A request that writes (POST, PUT, PATCH, DELETE) to an API route must carry credentials;
the gate checks them (argon2, throttled per account and address) before one byte of the
body is read, so anonymous or guessing clients cannot make the server read large bodies.
Routes then take the user the gate found through `EditorDep`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from memreg.domain.errors import MemregError
from memreg.services.signin import SignInLimits, TooManyFailuresError, sign_in
from memreg.services.users import EDITOR_ROLES, User
from memreg.store.engine import Store
from memreg.web.problems import CHALLENGE, send_problem

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
USER_KEY = "memreg_user"


class NotSignedInError(MemregError):
    def __init__(self, detail: str = "sign in to change the register") -> None:
        super().__init__(message=detail, code="unauthorized", status=401)


class ForbiddenError(MemregError):
    def __init__(self, role: str) -> None:
        super().__init__(
            message=f"the {role} role cannot change records here", code="forbidden", status=403
        )


def basic_credentials(header: str) -> tuple[str, str]:
    """(name, password) from an Authorization header; NotSignedInError naming the fault."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise NotSignedInError("use HTTP Basic: Authorization: Basic base64(name:password)")
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


class AuthGate:
    """ASGI middleware: the credentials of a write are checked before its body is read."""

    def __init__(self, app: ASGIApp, *, router: Router, store: Store, limits: SignInLimits) -> None:
        self.app = app
        self.router = router
        self.store = store
        self.limits = limits

    def _is_write_route(self, scope: Scope) -> bool:
        if scope["method"] not in WRITE_METHODS or not scope["path"].startswith("/api/"):
            return False
        return any(route.matches(scope)[0] == Match.FULL for route in self.router.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._is_write_route(scope):
            await self.app(scope, receive, send)
            return
        header = dict(scope["headers"]).get(b"authorization")
        try:
            if header is None:
                raise NotSignedInError()
            name, password = basic_credentials(header.decode("latin-1"))
            address = (scope.get("client") or ("unknown", 0))[0]
            user = await anyio.to_thread.run_sync(
                sign_in, self.store, name, password, address, self.limits
            )
            if user is None:
                raise NotSignedInError("the name or password is wrong")
        except TooManyFailuresError as exc:
            retry = str(exc.extra["retry_after"])
            await send_problem(send, scope, exc, headers={"Retry-After": retry})
            return
        except NotSignedInError as exc:
            await send_problem(send, scope, exc, headers={"WWW-Authenticate": CHALLENGE})
            return
        scope.setdefault("state", {})[USER_KEY] = user
        await self.app(scope, receive, send)


async def current_user(request: Request) -> User:
    user: Any = getattr(request.state, USER_KEY, None)
    if not isinstance(user, User):  # a route the gate does not cover: refuse, never guess
        raise NotSignedInError()
    return user


async def editor(user: Annotated[User, Depends(current_user)]) -> User:
    """A user allowed to edit any record: registrar or admin."""
    if user.role not in EDITOR_ROLES:
        raise ForbiddenError(user.role.value)
    return user


EditorDep = Annotated[User, Depends(editor)]
