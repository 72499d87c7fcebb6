"""Checking who signs in, with failed attempts throttled per account and per address.

Failures are counted by services/throttle.py in the register's own database, so every
worker and every app server sees the same count. Past the limit, an attempt is refused
before its password is even checked, with the seconds to wait; the right password does not
help until the window has passed. Each refusal and failure is logged and written to the
audit log; a sign-in that opens a session is audited too (an API call with HTTP Basic is not:
it would write a row per request).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from memreg.services import throttle
from memreg.services.users import User, verify_password
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

log = logging.getLogger("memreg.signin")


@dataclass(frozen=True)
class SignInLimits:
    per_account: int = 10
    per_address: int = 50
    window_seconds: float = 900.0

    def of(self, username: str, address: str) -> tuple[throttle.Limit, throttle.Limit]:
        return (
            throttle.Limit(f"account:{username[:200]}", self.per_account, self.window_seconds),
            throttle.Limit(f"address:{address[:200]}", self.per_address, self.window_seconds),
        )


class TooManyFailuresError(throttle.ThrottledError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "too many failed sign-ins from this account or address",
            retry_after,
            "too-many-sign-in-failures",
        )


def sign_in(
    store: Store,
    username: str,
    password: str,
    address: str,
    limits: SignInLimits,
    *,
    audited: bool = False,
) -> User | None:
    """The user when the password is right; None when it is not; TooManyFailuresError when
    this account or address has failed too often lately (the password is then not checked).
    `audited`: write a successful sign-in to the audit log (sessions do, Basic calls not)."""
    now = time.time()
    account, client = limits.of(username, address)
    with store.engine.connect() as conn:
        wait, counted = throttle.wait_for(conn, (account, client), now)
    if wait:
        log.warning("sign-in refused (throttled): account=%r address=%s", username, address)
        raise TooManyFailuresError(wait)
    user = verify_password(store, username, password)

    def remember_failure(uow: UnitOfWork) -> None:
        throttle.count(uow.conn, (account, client), now)
        audit.append(uow.conn, utc_now(), "sign-in-failed", username, address=address)
        uow.commit()

    def remember_success(uow: UnitOfWork) -> None:
        if account.key in counted:  # a success clears the account's count, not the address's
            throttle.forget(uow.conn, account.key)
        if audited:
            audit.append(uow.conn, utc_now(), "sign-in", username, address=address)
        uow.commit()

    if user is None:
        log.warning("sign-in failed: account=%r address=%s", username, address)
        run_write(store, "memreg sign-in", remember_failure)
    elif audited or account.key in counted:
        run_write(store, "memreg sign-in", remember_success)
    return user
