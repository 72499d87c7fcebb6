"""Who is calling: HTTP Basic for API clients, checked against the users table (argon2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from memreg.domain.errors import MemregError
from memreg.services.users import EDITOR_ROLES, User, authenticate
from memreg.web.deps import StoreDep

basic = HTTPBasic(auto_error=False, description="A memreg user name and password")


class NotSignedInError(MemregError):
    def __init__(self) -> None:
        super().__init__(message="sign in to change the register", code="unauthorized", status=401)


class ForbiddenError(MemregError):
    def __init__(self, role: str) -> None:
        super().__init__(
            message=f"the {role} role cannot change records here", code="forbidden", status=403
        )


def current_user(
    store: StoreDep, credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)]
) -> User:
    if credentials is None:
        raise NotSignedInError()
    user = authenticate(store, credentials.username, credentials.password)
    if user is None:
        raise NotSignedInError()
    return user


def editor(user: Annotated[User, Depends(current_user)]) -> User:
    """A user allowed to edit any record: registrar or admin."""
    if user.role not in EDITOR_ROLES:
        raise ForbiddenError(user.role.value)
    return user


EditorDep = Annotated[User, Depends(editor)]
