"""`memreg check`: the register's invariants, verified against the data itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Connection, Text, and_, cast, func, or_, select

from memreg.domain.tallies import birth_sort, link_sort_key
from memreg.domain.text import text_fault
from memreg.store import tallies
from memreg.store.backend import Backend
from memreg.store.conditions import condition_problems
from memreg.store.inscriptions import inscription_problems
from memreg.store.map_check import map_index_problems
from memreg.store.memorial_words import word_problems
from memreg.store.person_names import person_name_problems
from memreg.store.schema import (
    RECORD_TABLES,
    TABLE_ORDER,
    memorials,
    person_memorials,
    persons,
    revisions,
)

# JSON keeps a lone surrogate or a NUL as an escape; these find the rows that may hold one.
_SUSPECT_ESCAPES = [f"%\\ud{d}%" for d in "89abcdef"] + ["%\\u0000%"]


def _dangling_references(conn: Connection) -> list[str]:
    """Every foreign key of every table points at a row that exists."""
    problems = []
    for table in TABLE_ORDER:
        for fk in table.foreign_keys:
            target = fk.column
            parent = target.table.alias("parent")
            count = conn.execute(
                select(func.count())
                .select_from(table.outerjoin(parent, fk.parent == parent.c[target.name]))
                .where(and_(fk.parent.is_not(None), parent.c[target.name].is_(None)))
            ).scalar_one()
            if count:
                problems.append(
                    f"{count} row(s) of {table.name}.{fk.parent.name} point to no "
                    f"{target.table.name} row"
                )
    return problems


def _records_without_revisions(conn: Connection) -> list[str]:
    problems = []
    for record_type, table in RECORD_TABLES.items():
        count = conn.execute(
            select(func.count()).where(
                (table.c.created_revision_id.is_(None)) | (table.c.revision_id.is_(None))
            )
        ).scalar_one()
        if count:
            problems.append(f"{count} {record_type} record(s) have no revision")
        newer = conn.execute(
            select(func.count()).where(table.c.revision_id < table.c.created_revision_id)
        ).scalar_one()
        if newer:
            problems.append(f"{newer} {record_type} record(s) changed before they were created")
    return problems


def _edit_revisions_name_records(conn: Connection) -> list[str]:
    """A revision of one edit names a record that exists."""
    problems = []
    for record_type, table in RECORD_TABLES.items():
        count = conn.execute(
            select(func.count())
            .select_from(revisions.outerjoin(table, table.c.id == revisions.c.record_id))
            .where(
                revisions.c.record_type == record_type,
                revisions.c.action.in_(("create", "update", "retire")),
                table.c.pk.is_(None),
            )
        ).scalar_one()
        if count:
            problems.append(f"{count} revision(s) name a {record_type} that does not exist")
    return problems


def _faults_in(value: Any) -> str | None:
    """The first reason a string inside a JSON value cannot be text, if any."""
    if isinstance(value, str):
        return text_fault(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            fault = _faults_in(item)
            if fault:
                return fault
    return None


def _text_that_is_not_unicode(conn: Connection) -> list[str]:
    """Values no reader can answer with: lone surrogates or NUL inside JSON columns."""
    problems = []
    for table in TABLE_ORDER:
        key = table.c.id if "id" in table.c else table.c[table.primary_key.columns[0].name]
        for column in table.columns:
            if not isinstance(column.type, JSON):
                continue
            as_text = func.lower(cast(column, Text))
            suspects = conn.execute(
                select(key, column).where(
                    or_(*(as_text.like(p, escape="!") for p in _SUSPECT_ESCAPES))
                )
            )
            bad = [str(k) for k, value in suspects if _faults_in(value)]
            if bad:
                shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
                problems.append(
                    f"{len(bad)} row(s) of {table.name}.{column.name} hold text that is not "
                    f"valid Unicode (a lone surrogate or NUL): {shown}"
                )
    return problems


def _link_keys_out_of_date(conn: Connection) -> list[str]:
    """Each link sorts its person by the name and birth year the person has now."""
    query = select(
        person_memorials.c.sort_key,
        person_memorials.c.birth_sort,
        persons.c.surname,
        persons.c.given_name,
        persons.c.patronymic,
        persons.c.id,
        persons.c.birth_year,
    ).select_from(person_memorials.join(persons, persons.c.pk == person_memorials.c.person_pk))
    stale, example = 0, ""
    for chunk in conn.execute(query.execution_options(yield_per=50_000)).partitions():
        for key, birth, surname, given, patronymic, person_id, year in chunk:
            expected = link_sort_key(surname, given, patronymic, person_id)
            if key != expected or birth != birth_sort(year):
                stale, example = stale + 1, example or person_id
    if not stale:
        return []
    return [f"{stale} link(s) sort their person by an old name or birth year (e.g. {example})"]


BURIED_ROLES = ("buried_at", "reburied_to")  # links that say the person lies there now


def _more_names_than_known(conn: Connection) -> list[str]:
    """A memorial cannot hold more identified buried persons than it says are known."""
    link = person_memorials
    named = (
        select(link.c.memorial_pk, func.count().label("named"))
        .select_from(link.join(persons, persons.c.pk == link.c.person_pk))
        .where(persons.c.retired_at.is_(None), link.c.role.in_(BURIED_ROLES))
        .group_by(link.c.memorial_pk)
        .subquery()
    )
    rows = conn.execute(
        select(memorials.c.id, memorials.c.buried_known, named.c.named)
        .join(named, named.c.memorial_pk == memorials.c.pk)
        .where(memorials.c.buried_known.is_not(None), named.c.named > memorials.c.buried_known)
        .order_by(memorials.c.id)
    ).all()
    if not rows:
        return []
    shown = ", ".join(f"{i} ({n} named, {k} known)" for i, k, n in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return [
        f"{len(rows)} memorial(s) have more persons buried there than buried_known says: "
        f"{shown}{more}"
    ]


def check_register(conn: Connection, backend: Backend) -> list[str]:
    """All problems found; an empty list means the register is sound."""
    return [
        *_dangling_references(conn),
        *_records_without_revisions(conn),
        *_edit_revisions_name_records(conn),
        *_text_that_is_not_unicode(conn),
        *_link_keys_out_of_date(conn),
        *_more_names_than_known(conn),
        *inscription_problems(conn),
        *tallies.differences(conn),
        *backend.integrity_problems(conn),
        *map_index_problems(conn),
        *word_problems(conn),
        *person_name_problems(conn),
        *condition_problems(conn),
    ]
