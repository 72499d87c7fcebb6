"""Reading whole collections in bounded memory: keyset chunks in key order, one snapshot.

Exports, dumps and harvests read millions of rows. Each read here fetches `chunk` rows
at a time by primary key (`pk > last`), so memory is bounded by the chunk whatever the
register holds, and no server-side cursor stays open between chunks. Run them inside
`snapshot(store)` to see one consistent state of the register from first chunk to last.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Connection, Table, and_, exists, select, true, tuple_

from memreg.store.engine import Store
from memreg.store.queries import MemorialFilter
from memreg.store.queries import _memorial_where as memorial_where
from memreg.store.schema import memorials, person_memorials, persons

CHUNK = 5000


@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """A read connection that sees one state of the register until it is closed.

    SQLite in WAL mode keeps the snapshot of a read transaction; PostgreSQL needs
    REPEATABLE READ for the same (READ COMMITTED would see each chunk's own moment).
    """
    conn = store.engine.connect()
    try:
        if store.backend.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class PersonFilter:
    """Persons to read: live ones, optionally only those linked to matching memorials."""

    memorials: MemorialFilter = field(default_factory=MemorialFilter)
    memorial_id: str | None = None
    include_retired: bool = False

    @property
    def by_memorial(self) -> bool:
        m = self.memorials
        return bool(m.country or m.region or m.kind or m.boxes or self.memorial_id)


def table_rows(
    conn: Connection, table: Table, chunk: int = CHUNK, where: Any = None
) -> Iterator[dict[str, Any]]:
    """Every row of a table in order of its first primary-key column, `chunk` at a time."""
    keys = list(table.primary_key.columns)
    for rows in _keyset(conn, select(table), keys, chunk, where):
        yield from rows


def _keyset(
    conn: Connection, query: Any, keys: list[Any], chunk: int, where: Any = None
) -> Iterator[list[dict[str, Any]]]:
    """Chunks of `query` ordered by `keys` (a composite key is compared as a tuple)."""
    last: tuple[Any, ...] | None = None
    while True:
        q = query
        if where is not None:
            q = q.where(where)
        if last is not None:
            q = q.where(_after(keys, last))
        rows = _fetch(conn, q.order_by(*keys).limit(chunk))
        if not rows:
            return
        yield rows
        if len(rows) < chunk:
            return
        last = tuple(rows[-1][k.name] for k in keys)


def _fetch(conn: Connection, query: Any) -> list[dict[str, Any]]:
    """Rows as dicts, read through the driver: SQLAlchemy's per-row processing costs more
    than the query at millions of rows. Only JSON text (SQLite) needs decoding here."""
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    if compiled.positional:
        parameters: Any = tuple(params[name] for name in compiled.positiontup or ())
    else:
        parameters = params
    result = conn.exec_driver_sql(str(compiled), parameters)
    names = [c.name for c in query.selected_columns]
    rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    if conn.dialect.name == "sqlite":
        json_names = [c.name for c in query.selected_columns if isinstance(c.type, JSON)]
        for row in rows:
            for name in json_names:
                if row[name] is not None:
                    row[name] = json.loads(row[name])
    return rows


def _after(keys: list[Any], last: tuple[Any, ...]) -> Any:
    """(k1, k2, ...) > last as a row value: one range of the index on both backends."""
    if len(keys) == 1:
        return keys[0] > last[0]
    return tuple_(*keys) > tuple_(*last)


def memorial_rows(
    conn: Connection, backend: Any, flt: MemorialFilter, chunk: int = CHUNK
) -> Iterator[dict[str, Any]]:
    """Memorials matching the filter, in key order."""
    where = memorial_where(backend, flt)
    query = select(memorials)
    for rows in _keyset(conn, query, [memorials.c.pk], chunk, and_(true(), *where)):
        yield from rows


def person_rows(
    conn: Connection, backend: Any, flt: PersonFilter, chunk: int = CHUNK
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Persons matching the filter in key order, each with its memorial links.

    A link is {memorial_id, role}; links of a chunk are read in one query by key range.
    """
    where: list[Any] = []
    if not flt.include_retired:
        where.append(persons.c.retired_at.is_(None))
    if flt.by_memorial:
        link = person_memorials
        inner = [link.c.person_pk == persons.c.pk, *memorial_where(backend, flt.memorials)]
        if flt.memorial_id:
            inner.append(memorials.c.id == flt.memorial_id)
        where.append(
            exists(
                select(link.c.pk)
                .select_from(link.join(memorials, memorials.c.pk == link.c.memorial_pk))
                .where(*inner)
            )
        )
    for rows in _keyset(conn, select(persons), [persons.c.pk], chunk, and_(true(), *where)):
        links = _links_between(conn, rows[0]["pk"], rows[-1]["pk"])
        for row in rows:
            yield row, links.get(row["pk"], [])


def _links_between(conn: Connection, first: int, last: int) -> dict[int, list[dict[str, Any]]]:
    link = person_memorials
    query = (
        select(link.c.person_pk, memorials.c.id, link.c.role)
        .select_from(link.join(memorials, memorials.c.pk == link.c.memorial_pk))
        .where(link.c.person_pk.between(first, last))
        .order_by(link.c.person_pk, link.c.pk)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for person_pk, memorial_id, role in conn.execute(query).fetchall():
        found.setdefault(person_pk, []).append({"memorial_id": memorial_id, "role": role})
    return found
