"""Writers at once through the service layer: nothing acknowledged is lost or reported lost."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from sqlalchemy import event, func, select

from memreg.domain.errors import ConflictError
from memreg.services.editing import create_memorial, create_person, update_record
from memreg.services.users import create_user
from memreg.store.engine import Store, open_store
from memreg.store.integrity import check_register
from memreg.store.options import StoreOptions
from memreg.store.records import get_row
from memreg.store.schema import memorials, persons, revisions
from tests.conftest import make_client

WRITERS = 20
WRITES_EACH = 5


def _writer(store: Store, number: int, acknowledged: list[str], errors: list[BaseException]):
    actor = f"writer-{number}"
    try:
        for i in range(WRITES_EACH):
            person_id = f"W{number:02d}-{i}"
            create_person(
                store,
                actor,
                {
                    "id": person_id,
                    "surname": f"Писарев{number}",
                    "memorial_id": "M-shared",
                    "role": "buried_at",
                },
            )
            acknowledged.append(person_id)
            while True:  # optimistic locking: re-read and retry on a conflict
                with store.engine.connect() as conn:
                    current = get_row(conn, memorials, "M-shared")
                assert current is not None
                try:
                    update_record(
                        store,
                        actor,
                        "memorial",
                        "M-shared",
                        {"buried_total": current["buried_total"] + 1},
                        current["version"],
                        reason=f"{person_id} found",
                    )
                    break
                except ConflictError:
                    continue
    except BaseException as exc:  # reported to the main thread
        errors.append(exc)


def test_twenty_concurrent_writers_lose_nothing(store: Store):
    busy = open_store(store.url, StoreOptions(pool_size=WRITERS))
    try:
        create_memorial(
            busy,
            "setup",
            {
                "id": "M-shared",
                "kind": "mass_grave",
                "name": "Общая",
                "country": "BY",
                "buried_total": "0",
            },
        )
        acknowledged: list[str] = []
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=_writer, args=(busy, n, acknowledged, errors))
            for n in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not errors, errors[:3]
        assert len(acknowledged) == WRITERS * WRITES_EACH
        with busy.engine.connect() as conn:
            stored = set(conn.execute(select(persons.c.id)).scalars())
            shared = get_row(conn, memorials, "M-shared")
            person_revisions = conn.execute(
                select(func.count()).where(
                    revisions.c.record_type == "person", revisions.c.action == "create"
                )
            ).scalar_one()
            memorial_updates = conn.execute(
                select(func.count()).where(
                    revisions.c.record_id == "M-shared", revisions.c.action == "update"
                )
            ).scalar_one()
            problems = check_register(conn, busy.backend)
        assert stored == set(acknowledged)
        assert person_revisions == WRITERS * WRITES_EACH
        assert shared is not None
        assert shared["buried_total"] == WRITERS * WRITES_EACH
        assert memorial_updates == WRITERS * WRITES_EACH
        assert shared["version"] == WRITERS * WRITES_EACH + 1
        assert problems == []
    finally:
        busy.dispose()


@pytest.mark.parametrize("create", ["memorials", "persons"])
def test_create_answers_201_once_when_another_writer_holds_the_lock_after_its_commit(
    sqlite_store: Store, create: str
) -> None:
    """Once the create has committed, a writer holding the lock past the timeout cannot undo it.

    Before, the create re-read its row in a second write transaction, which waited for the
    lock, failed on the busy timeout and was retried whole: 409 "already exists" for its own
    row (or 503), so a client retrying without an id would have made a duplicate.
    """
    create_user(sqlite_store, "test", "registrar.minsk", "correct horse battery", role="registrar")
    impatient = open_store(sqlite_store.url, StoreOptions(sqlite_busy_timeout_ms=100))
    holder = sqlite3.connect(sqlite_store.url.removeprefix("sqlite:///"), isolation_level=None)
    commits: list[int] = []

    @event.listens_for(impatient.engine, "commit")
    def _committed(conn: Any) -> None:
        commits.append(1)

    @event.listens_for(impatient.engine, "begin", insert=True)
    def _another_writer_takes_the_lock(conn: Any) -> None:
        if commits and not holder.in_transaction:  # any transaction after the create's commit
            holder.execute("BEGIN IMMEDIATE")  # held until the create has answered

    body = (
        {"id": "M-1", "kind": "obelisk", "name": "Обелиск", "country": "BY"}
        if create == "memorials"
        else {"id": "P-1", "surname": "Рыбалко"}
    )
    try:
        answer = make_client(impatient).post(
            f"/api/{create}", json=body, auth=("registrar.minsk", "correct horse battery")
        )
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        impatient.dispose()
    assert answer.status_code == 201, answer.text
    assert answer.json()["id"] == body["id"] and answer.json()["version"] == 1
    with sqlite_store.engine.connect() as conn:
        table = memorials if create == "memorials" else persons
        assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 1
        creates = select(func.count()).where(
            revisions.c.action == "create", revisions.c.record_type != "user"
        )
        assert conn.execute(creates).scalar_one() == 1
