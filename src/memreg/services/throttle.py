"""Counting attempts per key in a time window, in the register's own database.

Failed sign-ins, sign-ups and proposals are counted here (table auth_failures), so every
worker and every app server of one register sees the same counts. A key past its limit
waits until its window has passed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from memreg.domain.errors import MemregError
from memreg.store.schema import auth_failures


@dataclass(frozen=True)
class Limit:
    key: str  # e.g. "account:anna", "address:10.0.0.1", "proposals:anna"
    most: int
    window_seconds: float


class ThrottledError(MemregError):
    def __init__(self, message: str, retry_after: int, code: str) -> None:
        super().__init__(
            message=f"{message}; try again in {retry_after} s",
            code=code,
            status=429,
            extra={"retry_after": retry_after},
        )


def wait_for(conn: Connection, limits: Sequence[Limit], now: float) -> tuple[int, set[str]]:
    """Seconds before another attempt is allowed (0: now), and the keys that have counts."""
    by_key = {limit.key[:300]: limit for limit in limits}
    rows = conn.execute(
        select(auth_failures.c.key, auth_failures.c.window_start, auth_failures.c.failures).where(
            auth_failures.c.key.in_(list(by_key))
        )
    ).all()
    wait = 0.0
    for key, started, count in rows:
        limit = by_key[key]
        remaining = started + limit.window_seconds - now
        if count >= limit.most and remaining > 0:
            wait = max(wait, remaining)
    return math.ceil(wait), {row[0] for row in rows}


def count(conn: Connection, limits: Sequence[Limit], now: float) -> None:
    """One more attempt on every key (a key whose window has passed starts a new one)."""
    for limit in limits:
        key = limit.key[:300]
        row = conn.execute(
            select(auth_failures.c.window_start, auth_failures.c.failures).where(
                auth_failures.c.key == key
            )
        ).first()
        if row is None:
            conn.execute(auth_failures.insert().values(key=key, window_start=now, failures=1))
        elif now - row[0] > limit.window_seconds:
            conn.execute(
                auth_failures.update()
                .where(auth_failures.c.key == key)
                .values(window_start=now, failures=1)
            )
        else:
            conn.execute(
                auth_failures.update().where(auth_failures.c.key == key).values(failures=row[1] + 1)
            )


def forget(conn: Connection, key: str) -> None:
    conn.execute(delete(auth_failures).where(auth_failures.c.key == key[:300]))
