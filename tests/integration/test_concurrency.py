"""Twenty writers at once through the service layer: nothing acknowledged is lost."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from memreg.domain.errors import ConflictError
from memreg.services.editing import create_memorial, create_person, update_record
from memreg.store.engine import Store, open_store
from memreg.store.integrity import check_register
from memreg.store.records import get_row
from memreg.store.schema import memorials, persons, revisions

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
    busy = open_store(store.url, pool_size=WRITERS)
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
