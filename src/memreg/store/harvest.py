"""Reads for harvesting (OAI-PMH): records in the order of their latest revision.

A harvest walks one record type by the key (revision_id, pk), bounded above by the newest
revision that existed when it started. A record changed during the harvest moves past
that bound, so it is neither repeated nor half-reported: the next incremental harvest
(from the first one's response date) reports it. `from` and `until` are turned into
revision-key bounds through the index on revisions.at, then checked exactly on `at`.
Retired records are included: a harvester learns of the retirement as a deletion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select

from memreg.store.features import links_of
from memreg.store.schema import memorials, persons, revisions

TABLES: dict[str, Table] = {"memorial": memorials, "person": persons}
SET_COLUMNS = ("country", "region", "kind")  # memorial sets: memorial:<column>:<value>


@dataclass(frozen=True)
class HarvestQuery:
    record_type: str
    newest_revision: int  # the harvest's upper bound, fixed when it starts
    after: tuple[int, int] | None = None  # (revision_id, pk) of the last record served
    updated_from: str | None = None  # ISO UTC timestamps with milliseconds, both included
    updated_until: str | None = None
    set_column: str | None = None
    set_value: str | None = None  # None with a set_column: the column has a value


def newest_revision(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(revisions.c.pk), 0))).scalar_one())


def earliest_datestamp(conn: Connection) -> str | None:
    return conn.execute(select(func.min(revisions.c.at))).scalar_one()


def _key_bounds(conn: Connection, query: HarvestQuery) -> tuple[int | None, int]:
    low = None
    high = query.newest_revision
    if query.updated_from is not None:
        low = conn.execute(
            select(func.min(revisions.c.pk)).where(revisions.c.at >= query.updated_from)
        ).scalar_one()
        if low is None:
            return None, -1  # nothing changed since then
    if query.updated_until is not None:
        until = conn.execute(
            select(func.max(revisions.c.pk)).where(revisions.c.at <= query.updated_until)
        ).scalar_one()
        high = min(high, until if until is not None else -1)
    return low, high


def harvest_page(conn: Connection, query: HarvestQuery, size: int) -> list[dict[str, Any]]:
    """Up to `size` records (with `datestamp`, and `links` for persons) after `after`."""
    table = TABLES[query.record_type]
    low, high = _key_bounds(conn, query)
    if high < 0:
        return []
    where: list[Any] = [table.c.revision_id <= high]
    if low is not None:
        where.append(table.c.revision_id >= low)
    if query.updated_from is not None:
        where.append(revisions.c.at >= query.updated_from)
    if query.updated_until is not None:
        where.append(revisions.c.at <= query.updated_until)
    if query.set_column is not None:
        column = table.c[query.set_column]
        where.append(column.is_not(None) if query.set_value is None else column == query.set_value)
    rows: list[dict[str, Any]] = []
    if query.after is not None:
        # The rest of the last record's revision, then the revisions after it: two ranges of
        # the index (one "(revision_id, pk) > (r, p)" is not read as a range by SQLite).
        last_revision, last_pk = query.after
        rows = _read(conn, table, size, [*where, table.c.revision_id == last_revision,
                                         table.c.pk > last_pk])  # fmt: skip
        where.append(table.c.revision_id > last_revision)
    if len(rows) < size:
        rows += _read(conn, table, size - len(rows), where)
    if query.record_type == "person" and rows:
        links = links_of(conn, [r["pk"] for r in rows])
        for row in rows:
            row["links"] = links.get(row["pk"], [])
    return rows


def _read(conn: Connection, table: Table, size: int, where: list[Any]) -> list[dict[str, Any]]:
    query = (
        select(table, revisions.c.at.label("datestamp"))
        .select_from(table.join(revisions, revisions.c.pk == table.c.revision_id))
        .where(*where)
        .order_by(table.c.revision_id, table.c.pk)
        .limit(size)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def harvest_record(conn: Connection, record_type: str, record_id: str) -> dict[str, Any] | None:
    table = TABLES[record_type]
    row = (
        conn.execute(
            select(table, revisions.c.at.label("datestamp"))
            .select_from(table.join(revisions, revisions.c.pk == table.c.revision_id))
            .where(table.c.id == record_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    record = dict(row)
    if record_type == "person":
        record["links"] = links_of(conn, [record["pk"]]).get(record["pk"], [])
    return record


def set_values(conn: Connection) -> dict[str, list[str]]:
    """The countries, regions and kinds that memorials have: the sets to list."""
    out = {}
    for column in SET_COLUMNS:
        col = memorials.c[column]
        values = conn.execute(select(col).where(col.is_not(None)).distinct().order_by(col))
        out[column] = [v for (v,) in values]
    return out
