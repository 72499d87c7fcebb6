"""Browser sessions, API tokens and sign-up: what a signed-in caller holds.

A session or token is a random secret given to the client once; the register keeps only
its SHA-256, so a copy of the database (or a dump) opens no account. Looking one up is a
primary-key read, not an argon2 check, so machine clients with a token write at full speed.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from memreg.domain.errors import FieldProblem, NotFoundError, ValidationError
from memreg.domain.permissions import ROLE_ACTIONS, Action, ForbiddenError, parse_actions
from memreg.domain.vocabulary import Role
from memreg.services import throttle
from memreg.services.users import User, create_user
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.schema import api_tokens, sessions, users
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

TOKEN_PREFIX = "mrt_"  # noqa: S105  (marks our tokens in logs and scanners; not a secret)
SEEN_EVERY = 300.0  # a session's expiry moves on at most this often (one write, not each view)
TOKEN_USE_AUDITED_EVERY = 3600.0  # a token's use goes to the audit log at most hourly


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


# --- sessions -------------------------------------------------------------------------


def start_session(store: Store, user: User, address: str, lifetime: float) -> str:
    """A new session for a user who has just proved who they are; its secret, once."""
    secret = secrets.token_urlsafe(32)
    now = time.time()

    def work(uow: UnitOfWork) -> None:
        user_pk = uow.conn.execute(
            select(users.c.pk).where(users.c.username == user.username)
        ).scalar_one()
        uow.conn.execute(
            sessions.insert().values(
                token_hash=digest(secret),
                user_pk=user_pk,
                created_at=utc_now(),
                expires_at=now + lifetime,
                seen_at=now,
                address=address[:100],
            )
        )
        uow.commit()

    run_write(store, user.actor, work)
    return secret


def session_user(store: Store, secret: str, lifetime: float) -> User | None:
    """The live account of a session secret; None for an unknown, ended or expired one."""
    if not secret or len(secret) > 100:
        return None
    now = time.time()
    with store.engine.connect() as conn:
        row = conn.execute(
            select(sessions.c.pk, sessions.c.seen_at, users.c.username, users.c.role,
                   users.c.regions)
            .join(users, users.c.pk == sessions.c.user_pk)
            .where(
                sessions.c.token_hash == digest(secret),
                sessions.c.ended_at.is_(None),
                sessions.c.expires_at > now,
                users.c.retired_at.is_(None),
            )
        ).first()  # fmt: skip
    if row is None:
        return None
    if now - row.seen_at > SEEN_EVERY:

        def touch(uow: UnitOfWork) -> None:
            uow.conn.execute(
                update(sessions)
                .where(sessions.c.pk == row.pk)
                .values(seen_at=now, expires_at=now + lifetime)
            )
            uow.commit()

        run_write(store, f"user:{row.username}", touch)
    return User(row.username, Role(row.role), tuple(row.regions or []))


def end_session(store: Store, secret: str, address: str) -> None:
    def work(uow: UnitOfWork) -> None:
        found = uow.conn.execute(
            select(sessions.c.pk, users.c.username)
            .join(users, users.c.pk == sessions.c.user_pk)
            .where(sessions.c.token_hash == digest(secret), sessions.c.ended_at.is_(None))
        ).first()
        if found is not None:
            uow.conn.execute(
                update(sessions).where(sessions.c.pk == found.pk).values(ended_at=utc_now())
            )
            audit.append(uow.conn, utc_now(), "sign-out", found.username, address=address)
        uow.commit()

    run_write(store, "memreg sign-out", work)


# --- sign-up --------------------------------------------------------------------------


@dataclass(frozen=True)
class SignUpLimits:
    per_address: int = 5
    window_seconds: float = 3600.0


class TooManySignUpsError(throttle.ThrottledError):
    def __init__(self, retry_after: int) -> None:
        super().__init__("too many new accounts from this address", retry_after,
                         "too-many-sign-ups")  # fmt: skip


def sign_up(
    store: Store,
    username: str,
    password: str,
    display_name: str | None,
    address: str,
    limits: SignUpLimits,
) -> User:
    """A new contributor account (anyone may make one; roles above come from an admin)."""
    limit = throttle.Limit(f"signup:{address[:200]}", limits.per_address, limits.window_seconds)
    now = time.time()
    with store.engine.connect() as conn:
        wait, _ = throttle.wait_for(conn, (limit,), now)
    if wait:
        raise TooManySignUpsError(wait)
    user = create_user(store, f"user:{username}", username, password, Role.CONTRIBUTOR.value,
                       [], display_name)  # fmt: skip

    def work(uow: UnitOfWork) -> None:
        throttle.count(uow.conn, (limit,), now)
        audit.append(uow.conn, utc_now(), "sign-up", username, address=address)
        uow.commit()

    run_write(store, user.actor, work)
    return user


# --- API tokens -----------------------------------------------------------------------


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    used_at: float | None
    revoked_at: str | None


def _token_info(row: Any) -> TokenInfo:
    return TokenInfo(row.id, row.name, tuple(row.scopes), row.created_at, row.used_at,
                     row.revoked_at)  # fmt: skip


def create_token(
    store: Store, owner: User, name: str, scopes: list[str] | None, address: str | None = None
) -> tuple[TokenInfo, str]:
    """A token for the owner's own use; its secret is returned once and never again.

    Scopes (actions) default to all the owner's role allows and can only narrow it."""
    problems = []
    name = (name or "").strip()
    if not name or len(name) > 100:
        problems.append(FieldProblem("name", "give the token a name of 1-100 characters"))
    allowed = ROLE_ACTIONS[owner.role]
    try:
        wanted = parse_actions(scopes) if scopes else allowed
    except ValueError as exc:
        problems.append(FieldProblem("scopes", str(exc)))
        wanted = frozenset()
    beyond = sorted(a.value for a in wanted - allowed)
    if beyond:
        problems.append(
            FieldProblem(
                "scopes", f"the {owner.role.value} role cannot grant: " + ", ".join(beyond)
            )
        )
    if not problems and not wanted:
        problems.append(FieldProblem("scopes", f"the {owner.role.value} role has nothing to grant"))
    if problems:
        raise ValidationError(problems)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = "T" + secrets.token_hex(6)
    ordered = sorted(a.value for a in wanted)

    def work(uow: UnitOfWork) -> TokenInfo:
        user_pk = uow.conn.execute(
            select(users.c.pk).where(users.c.username == owner.username)
        ).scalar_one()
        created = utc_now()
        uow.conn.execute(
            api_tokens.insert().values(
                id=token_id, token_hash=digest(secret), user_pk=user_pk, name=name,
                scopes=ordered, created_at=created,
            )
        )  # fmt: skip
        audit.append(uow.conn, created, "token-created", owner.username, subject=token_id,
                     address=address, detail={"name": name, "scopes": ordered})  # fmt: skip
        uow.commit()
        return TokenInfo(token_id, name, tuple(ordered), created, None, None)

    return run_write(store, owner.actor, work), secret


def token_user(store: Store, secret: str, address: str) -> User | None:
    """The account (narrowed to the token's scopes) of a live token; None otherwise."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = time.time()
    with store.engine.connect() as conn:
        row = conn.execute(
            select(api_tokens.c.pk, api_tokens.c.id, api_tokens.c.scopes, api_tokens.c.used_at,
                   users.c.username, users.c.role, users.c.regions)
            .join(users, users.c.pk == api_tokens.c.user_pk)
            .where(
                api_tokens.c.token_hash == digest(secret),
                api_tokens.c.revoked_at.is_(None),
                users.c.retired_at.is_(None),
            )
        ).first()  # fmt: skip
    if row is None:
        return None
    if row.used_at is None or now - row.used_at > TOKEN_USE_AUDITED_EVERY:

        def used(uow: UnitOfWork) -> None:
            uow.conn.execute(
                update(api_tokens).where(api_tokens.c.pk == row.pk).values(used_at=now)
            )
            audit.append(uow.conn, utc_now(), "token-used", row.username, subject=row.id,
                         address=address)  # fmt: skip
            uow.commit()

        run_write(store, f"user:{row.username}", used)
    actions = frozenset(Action(a) for a in row.scopes if a in {x.value for x in Action})
    return User(row.username, Role(row.role), tuple(row.regions or []), actions)


def list_tokens(store: Store, username: str) -> list[TokenInfo]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(api_tokens)
            .join(users, users.c.pk == api_tokens.c.user_pk)
            .where(users.c.username == username)
            .order_by(api_tokens.c.pk)
        ).all()
    return [_token_info(row) for row in rows]


def revoke_token(store: Store, by: User, token_id: str, address: str | None = None) -> TokenInfo:
    """Revoke a token: its owner may, and an admin may revoke anyone's."""

    def work(uow: UnitOfWork) -> TokenInfo:
        row = uow.conn.execute(
            select(api_tokens, users.c.username)
            .join(users, users.c.pk == api_tokens.c.user_pk)
            .where(api_tokens.c.id == token_id)
        ).first()
        if row is None:
            raise NotFoundError("token", token_id)
        if row.username != by.username and by.role != Role.ADMIN:
            raise ForbiddenError("only its owner or an admin may revoke a token")
        if row.revoked_at is not None:
            return _token_info(row)
        revoked = utc_now()
        uow.conn.execute(
            update(api_tokens).where(api_tokens.c.pk == row.pk).values(revoked_at=revoked)
        )
        audit.append(uow.conn, revoked, "token-revoked", by.username, subject=token_id,
                     address=address, detail={"owner": row.username})  # fmt: skip
        uow.commit()
        return TokenInfo(row.id, row.name, tuple(row.scopes), row.created_at, row.used_at,
                         revoked)  # fmt: skip

    return run_write(store, by.actor, work)
