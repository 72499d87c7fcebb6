"""Where a caller may write: a custodian's area checked against the record's place.

Called inside the unit of work, where the record as stored is at hand. A memorial is where
its country and region say; a person is where any memorial it is linked to is (a person
linked to none is in no area, so only registrars and admins change it directly).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from memreg.domain.permissions import Grant
from memreg.store.engine import Store
from memreg.store.schema import memorials, person_memorials, persons


def require_memorial(grant: Grant | None, memorial: dict[str, Any], what: str = "") -> None:
    if grant is None:
        return
    name = what or f"memorial {memorial.get('id')}"
    grant.require_place(memorial.get("country"), memorial.get("region"), name)


def person_places(conn: Connection, person_pk: int) -> list[tuple[str | None, str | None]]:
    rows = conn.execute(
        select(memorials.c.country, memorials.c.region)
        .join(person_memorials, person_memorials.c.memorial_pk == memorials.c.pk)
        .where(person_memorials.c.person_pk == person_pk)
        .limit(1000)
    ).all()
    return [(row[0], row[1]) for row in rows]


def require_person(conn: Connection, grant: Grant | None, person_pk: int, person_id: str) -> None:
    if grant is None or grant.area is None:
        return
    places = person_places(conn, person_pk)
    if not any(grant.area.covers(country, region) for country, region in places):
        where = ", ".join(sorted({r or c or "?" for c, r in places})) or "no memorial"
        grant.require_place(None, None, f"person {person_id} (linked to {where})")


def require_record(store: Store, grant: Grant | None, record_type: str, record_id: str) -> None:
    """The area check for a service that does not take a grant itself (read just before
    its own transaction; a record moved between the two is checked again by no one)."""
    if grant is None or grant.area is None:
        return
    table = memorials if record_type == "memorial" else persons
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
        if row is None:
            return  # the service answers not-found
        if record_type == "memorial":
            require_memorial(grant, dict(row))
        else:
            require_person(conn, grant, row["pk"], record_id)
