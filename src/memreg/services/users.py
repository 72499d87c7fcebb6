"""People who sign in: registrars, custodians, contributors; passwords hashed with argon2."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from memreg.domain.errors import AlreadyExistsError, FieldProblem, NotFoundError, ValidationError
from memreg.domain.permissions import Action, Grant
from memreg.domain.places import country_codes, region_codes
from memreg.domain.vocabulary import Role
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.schema import users
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000  # argon2 hashes any length; a bound keeps a request cheap
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
    token_actions: frozenset[Action] | None = None  # a token's scopes narrow the role

    @property
    def actor(self) -> str:
        return f"user:{self.username}"

    @property
    def grant(self) -> Grant:
        return Grant.of(self.role, self.regions, self.token_actions)


def _area_problems(role: str, regions: list[str]) -> list[FieldProblem]:
    unknown = [r for r in regions if r not in region_codes() and r not in country_codes()]
    if unknown:
        return [
            FieldProblem(
                "regions", "not ISO 3166-1 country or 3166-2 region codes: " + ", ".join(unknown)
            )
        ]
    if role == Role.CUSTODIAN and not regions:
        return [FieldProblem("regions", "a custodian keeps at least one country or region")]
    return []


def _role_problems(role: str) -> list[FieldProblem]:
    if role not in {r.value for r in Role} or role == Role.PUBLIC:
        choices = ", ".join(r.value for r in Role if r != Role.PUBLIC)
        return [FieldProblem("role", "must be one of " + choices)]
    return []


def account_problems(username: str, password: str) -> list[FieldProblem]:
    problems = []
    if not USERNAME.match(username):
        problems.append(
            FieldProblem(
                "username", "use 2-63 lower-case letters, digits, . _ - (first: a letter or digit)"
            )
        )
    if len(password) < MIN_PASSWORD:
        problems.append(FieldProblem("password", f"must have at least {MIN_PASSWORD} characters"))
    elif len(password) > MAX_PASSWORD:
        problems.append(FieldProblem("password", f"must have at most {MAX_PASSWORD} characters"))
    return problems


def create_user(
    store: Store,
    actor: str,
    username: str,
    password: str,
    role: str,
    regions: list[str] | None = None,
    display_name: str | None = None,
) -> User:
    regions = list(regions or [])
    problems = account_problems(username, password) + _role_problems(role)
    problems += _area_problems(role, regions)
    if display_name is not None and len(display_name) > 200:
        problems.append(FieldProblem("display_name", "must have at most 200 characters"))
    if problems:
        raise ValidationError(problems)
    password_hash = _hasher.hash(password)

    def work(uow: UnitOfWork) -> User:
        if uow.conn.execute(select(users.c.pk).where(users.c.username == username)).first():
            raise AlreadyExistsError("user", username)
        uow.conn.execute(
            insert(users).values(
                username=username,
                display_name=display_name or None,
                password_hash=password_hash,
                role=role,
                regions=regions,
                created_at=utc_now(),
            )
        )
        uow.record_revision(
            "create",
            record_type="user",
            record_id=username,
            after={"username": username, "role": role, "regions": regions},
        )
        uow.commit()
        return User(username, Role(role), tuple(regions))

    return run_write(store, actor, work)


def set_role(
    store: Store,
    actor: str,
    username: str,
    role: str,
    regions: list[str] | None = None,
    address: str | None = None,
) -> User:
    """Give an account another role (and area); written to the revisions and the audit log."""
    regions = list(regions or [])
    problems = _role_problems(role) + _area_problems(role, regions)
    if problems:
        raise ValidationError(problems)

    def work(uow: UnitOfWork) -> User:
        row = uow.conn.execute(
            select(users.c.pk, users.c.role, users.c.regions).where(
                users.c.username == username, users.c.retired_at.is_(None)
            )
        ).first()
        if row is None:
            raise NotFoundError("user", username)
        before = {"role": row.role, "regions": list(row.regions or [])}
        after = {"role": role, "regions": regions}
        if before != after:
            uow.conn.execute(update(users).where(users.c.pk == row.pk).values(**after))
            uow.record_revision(
                "update", record_type="user", record_id=username, before=before, after=after
            )
            audit.append(
                uow.conn, utc_now(), "role-change", actor, subject=f"user:{username}",
                address=address, detail={"before": before, "after": after},
            )  # fmt: skip
        uow.commit()
        return User(username, Role(role), tuple(regions))

    return run_write(store, actor, work)


def list_users(store: Store, *, limit: int = 1000) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                users.c.username, users.c.display_name, users.c.role, users.c.regions,
                users.c.created_at, users.c.retired_at,
            ).order_by(users.c.username).limit(limit)
        ).mappings()  # fmt: skip
        return [dict(row) | {"regions": list(row["regions"] or [])} for row in rows]


def find_user(conn: Connection, username: str) -> User | None:
    row = conn.execute(
        select(users.c.username, users.c.role, users.c.regions).where(
            users.c.username == username, users.c.retired_at.is_(None)
        )
    ).first()
    return None if row is None else User(row[0], Role(row[1]), tuple(row[2] or []))


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
