"""People who sign in: registrars, custodians, contributors; passwords hashed with argon2."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select

from memreg.domain.errors import AlreadyExistsError, FieldProblem, ValidationError
from memreg.domain.places import region_codes
from memreg.domain.vocabulary import Role
from memreg.store.engine import Store
from memreg.store.schema import users
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this keeps the time of a wrong username equal to a wrong password."""
    return _hasher.hash("memreg-timing-equaliser")


EDITOR_ROLES = frozenset({Role.REGISTRAR, Role.ADMIN})


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    regions: tuple[str, ...]

    @property
    def actor(self) -> str:
        return f"user:{self.username}"


def create_user(
    store: Store,
    actor: str,
    username: str,
    password: str,
    role: str,
    regions: list[str] | None = None,
) -> User:
    problems = []
    if not USERNAME.match(username):
        problems.append(FieldProblem("username", "use 2-63 lower-case letters, digits, . _ -"))
    if len(password) < MIN_PASSWORD:
        problems.append(FieldProblem("password", f"must have at least {MIN_PASSWORD} characters"))
    if role not in {r.value for r in Role}:
        problems.append(FieldProblem("role", "must be one of " + ", ".join(r.value for r in Role)))
    unknown = [r for r in regions or [] if r not in region_codes()]
    if unknown:
        problems.append(FieldProblem("regions", "not ISO 3166-2 codes: " + ", ".join(unknown)))
    if problems:
        raise ValidationError(problems)

    def work(uow: UnitOfWork) -> User:
        if uow.conn.execute(select(users.c.pk).where(users.c.username == username)).first():
            raise AlreadyExistsError("user", username)
        uow.conn.execute(
            insert(users).values(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                regions=regions or [],
                created_at=utc_now(),
            )
        )
        uow.record_revision(
            "create",
            record_type="user",
            record_id=username,
            after={"username": username, "role": role, "regions": regions or []},
        )
        uow.commit()
        return User(username, Role(role), tuple(regions or []))

    return run_write(store, actor, work)


def verify_password(store: Store, username: str, password: str) -> User | None:
    """The user if the password is right and the account is active; None otherwise.

    Callers on the web go through services/signin.py, which throttles failures."""
    with store.engine.connect() as conn:
        row = (
            conn.execute(
                select(users).where(users.c.username == username, users.c.retired_at.is_(None))
            )
            .mappings()
            .first()
        )
    try:
        _hasher.verify(row["password_hash"] if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    return User(row["username"], Role(row["role"]), tuple(row["regions"] or []))
