"""A unit of work: one write transaction that also records its revision.

Services open one, read and write through its connection, and call `commit()`; leaving the
block without committing rolls everything back. Events collected during the work are handed
to the handlers only after the commit has succeeded. On SQLite a writer that finds the
database locked past the busy timeout is retried a bounded number of times.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection, insert
from sqlalchemy.exc import DBAPIError

from memreg.domain.errors import StoreError
from memreg.store.engine import Store
from memreg.store.schema import revisions

T = TypeVar("T")
EventHandler = Callable[[object], None]
MAX_ATTEMPTS = 5


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class UnitOfWork:
    def __init__(self, store: Store, actor: str, handlers: list[EventHandler] | None = None):
        self.store = store
        self.actor = actor
        self.handlers = handlers or []
        self.events: list[object] = []
        self._conn: Connection | None = None
        self._committed = False

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the unit of work is not open")
        if self._committed:  # a statement now would open a second transaction
            raise RuntimeError("the unit of work has committed: read what it wrote before")
        return self._conn

    def __enter__(self) -> UnitOfWork:
        conn = self.store.engine.connect().execution_options(memreg_write=True)
        conn.begin()
        self._conn = conn
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        assert conn is not None
        try:
            if not self._committed:
                conn.rollback()
        finally:
            conn.close()
            self._conn = None
        if self._committed and exc is None:
            for event in self.events:
                for handler in self.handlers:
                    handler(event)

    def commit(self) -> None:
        self.conn.commit()
        self._committed = True

    @property
    def committed(self) -> bool:
        return self._committed

    def record_revision(
        self,
        action: str,
        *,
        reason: str | None = None,
        record_type: str | None = None,
        record_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        file_name: str | None = None,
        file_sha256: str | None = None,
        source_id: str | None = None,
        summary: dict[str, Any] | None = None,
    ) -> int:
        """Write the revision of this work; return its key for the records to point to."""
        result = self.conn.execute(
            insert(revisions).values(
                at=utc_now(),
                actor=self.actor,
                action=action,
                reason=reason,
                record_type=record_type,
                record_id=record_id,
                before=before,
                after=after,
                file_name=file_name,
                file_sha256=file_sha256,
                source_id=source_id,
                summary=summary,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def run_write(
    store: Store,
    actor: str,
    work: Callable[[UnitOfWork], T],
    handlers: list[EventHandler] | None = None,
) -> T:
    """Run `work` in a unit of work, retrying when another writer held the lock too long.

    Only work that has not committed is retried: once `commit()` succeeded, whatever the
    work does next cannot undo it, so a failure after it is raised as it is, never repeated
    (a repeated create would report "already exists" for the row it has just written).
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        uow = UnitOfWork(store, actor, handlers)
        try:
            with uow:
                return work(uow)
        except DBAPIError as exc:
            busy = store.backend.is_busy_error(exc)
            if uow.committed or not busy:
                raise
            if attempt == MAX_ATTEMPTS:
                raise StoreError("the register is busy with other writes; try again") from exc
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")
