"""Derived rows kept in the same unit of work as the write they follow.

One place for what a single write of a memorial or person must also bring up to date: the
running totals, the sort keys of a person's links and the map's index (and, as they come,
other indexes).
Bulk imports keep the same rows chunk by chunk (services/imports.py); `memreg check` verifies
them and `memreg reindex` rebuilds them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from memreg.domain.tallies import PERSONS, Tally, birth_sort, change_tally, link_sort_key
from memreg.store import tallies
from memreg.store.conditions import refresh_conditions
from memreg.store.inscriptions import move_person, person_leaves_tally
from memreg.store.map_index import refresh_names, reindex_memorials
from memreg.store.memorial_words import rebuild_words, reindex_words
from memreg.store.person_names import person_added, person_removed, person_rewritten
from memreg.store.schema import memorials, person_memorials

# Person fields a link's sort keys are made of.
LINK_KEY_FIELDS = ("surname", "given_name", "patronymic", "birth_year")


def link_keys(person: dict[str, Any]) -> dict[str, Any]:
    """The sort columns a link of this person carries."""
    return {
        "sort_key": link_sort_key(
            person["surname"], person.get("given_name"), person.get("patronymic"), person["id"]
        ),
        "birth_sort": birth_sort(person.get("birth_year")),
    }


def memorial_written(
    conn: Connection, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    """A memorial was created (before None), changed, or retired (after None)."""
    tallies.add_tally(conn, change_tally(before, after))
    pk = (after or before or {})["pk"]
    reindex_memorials(conn, [pk])
    reindex_words(conn, [pk])
    refresh_conditions(conn, [pk])


def condition_changed(conn: Connection, memorial_pk: int, *, map_too: bool = True) -> None:
    """An inspection or a task of this memorial was written: its condition row follows,
    and its map point (which shows the latest inspection's grade) when `map_too`."""
    refresh_conditions(conn, [memorial_pk])
    if map_too:
        reindex_memorials(conn, [memorial_pk])


def person_created(
    conn: Connection, person_pk: int, person: dict[str, Any], linked_to: list[str]
) -> None:
    """A live person was created, linked to these memorials (one id per link)."""
    person_added(conn, person_pk, person)
    tally: Tally = Counter({(PERSONS, ""): 1})
    tally.update(tallies.names_tally(linked_to))
    tallies.add_tally(conn, tally)
    if linked_to:
        pks = conn.execute(
            select(memorials.c.pk).where(memorials.c.id.in_(bindparam("ids", expanding=True))),
            {"ids": linked_to},
        ).scalars()
        refresh_names(conn, list(pks))


def person_changed(
    conn: Connection, person_pk: int, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """A person's fields changed: their links sort anew when their name or birth year did,
    and a live person's search entries follow their names."""
    if before.get("retired_at") is None and before.get("merged_into_pk") is None:
        person_rewritten(conn, person_pk, before, after)
    if any(before.get(f) != after.get(f) for f in LINK_KEY_FIELDS):
        conn.execute(
            update(person_memorials)
            .where(person_memorials.c.person_pk == person_pk)
            .values(**link_keys(after))
        )


def person_retired(conn: Connection, person: dict[str, Any]) -> None:
    """A person left the public register: one person and each of their names fewer."""
    person_pk = person["pk"]
    person_removed(conn, person_pk, person)
    tally: Tally = Counter({(PERSONS, ""): -1})
    tally.update(tallies.names_tally(tallies.person_memorial_ids(conn, person_pk), sign=-1))
    tally.update(person_leaves_tally(conn, person_pk))  # and from the stone's totals
    tallies.add_tally(conn, tally)
    linked = conn.execute(
        select(person_memorials.c.memorial_pk).where(person_memorials.c.person_pk == person_pk)
    ).scalars()
    refresh_names(conn, list(linked))


def person_merged(conn: Connection, gone_pk: int, keep_pk: int, revision_pk: int) -> None:
    """After a merge moved the links: inscriptions naming the merged person name the
    survivor, and the stone's totals follow."""
    tallies.add_tally(conn, move_person(conn, gone_pk, keep_pk, revision_pk))


def rebuild_untabled_indexes(conn: Connection) -> None:
    """Indexes that are no table of TABLE_ORDER (a full-text index), so no dump or copy
    carries them: built anew once the tables are loaded."""
    rebuild_words(conn)
