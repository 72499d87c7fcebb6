"""Checking who signs in, with failed attempts throttled per account and per address.

Failures are counted in the register's own database (auth_failures), so every worker and
every app server sees the same count. Past the limit, an attempt is refused before its
password is even checked, with the seconds to wait; the right password does not help
until the window has passed. Each refusal is logged.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from memreg.domain.errors import MemregError
from memreg.services.users import User, verify_password
from memreg.store.engine import Store
from memreg.store.schema import auth_failures
from memreg.store.unit_of_work import UnitOfWork, run_write

log = logging.getLogger("memreg.signin")


@dataclass(frozen=True)
class SignInLimits:
    per_account: int = 10
    per_address: int = 50
    window_seconds: float = 900.0


class TooManyFailuresError(MemregError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            message=(
                "too many failed sign-ins from this account or address; "
                f"try again in {retry_after} s"
            ),
            code="too-many-sign-in-failures",
            status=429,
            extra={"retry_after": retry_after},
        )


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"account:{username[:200]}", f"address:{address[:200]}"


def _wait(
    conn: Connection, limits: SignInLimits, username: str, address: str, now: float
) -> tuple[int, bool]:
    """Seconds before another attempt is allowed (0: now), and whether the account has
    failures on record."""
    account, client = _keys(username, address)
    rows = conn.execute(
        select(auth_failures.c.key, auth_failures.c.window_start, auth_failures.c.failures).where(
            auth_failures.c.key.in_((account, client))
        )
    ).all()
    wait, account_failed = 0.0, False
    for key, started, failures in rows:
        account_failed = account_failed or key == account
        limit = limits.per_account if key == account else limits.per_address
        remaining = started + limits.window_seconds - now
        if failures >= limit and remaining > 0:
            wait = max(wait, remaining)
    return math.ceil(wait), account_failed


def _record_failure(
    uow: UnitOfWork, limits: SignInLimits, keys: tuple[str, ...], now: float
) -> None:
    conn = uow.conn
    for key in keys:
        row = conn.execute(
            select(auth_failures.c.window_start, auth_failures.c.failures).where(
                auth_failures.c.key == key
            )
        ).first()
        if row is None:
            conn.execute(auth_failures.insert().values(key=key, window_start=now, failures=1))
        elif now - row[0] > limits.window_seconds:  # a new window
            conn.execute(
                auth_failures.update()
                .where(auth_failures.c.key == key)
                .values(window_start=now, failures=1)
            )
        else:
            conn.execute(
                auth_failures.update().where(auth_failures.c.key == key).values(failures=row[1] + 1)
            )


def sign_in(
    store: Store, username: str, password: str, address: str, limits: SignInLimits
) -> User | None:
    """The user when the password is right; None when it is not; TooManyFailuresError when
    this account or address has failed too often lately (the password is then not checked)."""
    now = time.time()
    with store.engine.connect() as conn:
        wait, account_failed = _wait(conn, limits, username, address, now)
    if wait:
        log.warning("sign-in refused (throttled): account=%r address=%s", username, address)
        raise TooManyFailuresError(wait)
    user = verify_password(store, username, password)
    account, client = _keys(username, address)

    def remember_failure(uow: UnitOfWork) -> None:
        _record_failure(uow, limits, (account, client), now)
        uow.commit()

    def forget_failures(uow: UnitOfWork) -> None:
        uow.conn.execute(delete(auth_failures).where(auth_failures.c.key == account))
        uow.commit()

    if user is None:
        log.warning("sign-in failed: account=%r address=%s", username, address)
        run_write(store, "memreg sign-in", remember_failure)
    elif account_failed:  # a success clears the account's count (the address keeps its own)
        run_write(store, "memreg sign-in", forget_failures)
    return user
