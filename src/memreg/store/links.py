"""The sort keys each person-memorial link carries, brought in line with its person."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select, update

from memreg.domain.tallies import birth_sort, link_sort_key
from memreg.store.schema import person_memorials, persons

BATCH = 50_000


def rekey_links(conn: Connection) -> int:
    """Give every link the sort key and birth year of its person as it is; return how many
    links changed. Read in batches by key, so no cursor is open while it writes."""
    link = person_memorials
    statement = (
        update(link)
        .where(link.c.pk == bindparam("link"))
        .values(sort_key=bindparam("k"), birth_sort=bindparam("b"))
    )
    changed, after = 0, 0
    while True:
        rows = conn.execute(
            select(
                link.c.pk,
                link.c.sort_key,
                link.c.birth_sort,
                persons.c.surname,
                persons.c.given_name,
                persons.c.patronymic,
                persons.c.id,
                persons.c.birth_year,
            )  # fmt: skip
            .select_from(link.join(persons, persons.c.pk == link.c.person_pk))
            .where(link.c.pk > after)
            .order_by(link.c.pk)
            .limit(BATCH)
        ).all()
        if not rows:
            return changed
        stale = []
        for pk, key, birth, surname, given, patronymic, person_id, year in rows:
            fresh_key = link_sort_key(surname, given, patronymic, person_id)
            fresh_birth = birth_sort(year)
            if key != fresh_key or birth != fresh_birth:
                stale.append({"link": pk, "k": fresh_key, "b": fresh_birth})
        if stale:
            conn.execute(statement, stale)
            changed += len(stale)
        after = rows[-1][0]
