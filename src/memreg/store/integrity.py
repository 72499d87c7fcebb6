"""`memreg check`: the register's invariants, verified against the data itself."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from memreg.store.backend import Backend
from memreg.store.schema import RECORD_TABLES, TABLE_ORDER, revisions


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


def check_register(conn: Connection, backend: Backend) -> list[str]:
    """All problems found; an empty list means the register is sound."""
    return [
        *_dangling_references(conn),
        *_records_without_revisions(conn),
        *_edit_revisions_name_records(conn),
        *backend.integrity_problems(conn),
    ]
