"""Bulk inserts on PostgreSQL: COPY, with foreign keys checked per batch instead of per row.

PostgreSQL checks a foreign key with one query per inserted row (an internal trigger); at
five references a person row (two on the person, three on its link) that costs more server
time than everything else in an import together. When the role may set
session_replication_role (a superuser, or after `GRANT SET ON PARAMETER
session_replication_role TO <role>`), and the table's only insert triggers are those
foreign-key checks, a batch is copied with them asleep (replica mode, for the COPY alone)
and then checked with one query: the same references are required, their rows locked FOR
KEY SHARE as the triggers lock them, and a missing one fails the transaction with the same
foreign_key_violation. Otherwise the triggers check row by row, as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import pq, sql

# Usable only when every trigger that fires on INSERT is a foreign key's check: replica mode
# silences all of them, and must silence nothing else.
_BATCH_CHECKABLE = """
SELECT has_parameter_privilege(current_user, 'session_replication_role', 'SET')
   AND current_setting('session_replication_role') = 'origin'
   AND coalesce(bool_and(t.tgisinternal AND t.tgenabled = 'O' AND cardinality(c.conkey) = 1
       AND t.tgfoid = 'pg_catalog."RI_FKey_check_ins"'::regproc), true)
FROM pg_trigger t LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint
WHERE t.tgrelid = %(table)s::regclass AND t.tgtype & 4 <> 0
"""
_REFERENCES = """
SELECT child.attname, c.confrelid::regclass::text, parent.attname, c.conname
FROM pg_constraint c
JOIN pg_attribute child ON child.attrelid = c.conrelid AND child.attnum = c.conkey[1]
JOIN pg_attribute parent ON parent.attrelid = c.confrelid AND parent.attnum = c.confkey[1]
WHERE c.conrelid = %(table)s::regclass AND c.contype = 'f'
ORDER BY c.conname
"""

_COLUMN_TYPES = """
SELECT attname, format_type(atttypid, NULL) FROM pg_attribute
WHERE attrelid = %(table)s::regclass AND attnum > 0 AND NOT attisdropped
"""
# How the store's Python values go in binary, by column type. json takes the text the
# writers made with json.dumps; character varying keeps its length check in binary too.
_BINARY_AS = {
    "integer": "int4",
    "bigint": "int8",
    "double precision": "float8",
    "text": "text",
    "character varying": "text",
    "json": "text",
}

# For the rows with keys %(first)s..%(last)s: lock what they refer to FOR KEY SHARE, as the
# per-row triggers do (rows this transaction wrote need none: others cannot see them yet,
# or wait for its own lock), and find a reference with no row, judging the rows of other
# transactions by what got locked.
_NEW_ROWS = """new AS MATERIALIZED (
    SELECT {columns} FROM ONLY {table} WHERE pk BETWEEN %(first)s AND %(last)s
)"""
_ONE_REFERENCE = """
refs{n} AS MATERIALIZED (SELECT DISTINCT {column} AS ref FROM new WHERE {column} IS NOT NULL),
parents{n} AS MATERIALIZED (
    SELECT p.{key} AS ref, p.xmin = pg_current_xact_id()::xid AS own FROM ONLY {parent} p
    WHERE p.{key} IN (SELECT ref FROM refs{n})
),
locked{n} AS MATERIALIZED (
    SELECT p.{key} AS ref FROM ONLY {parent} p
    WHERE p.{key} IN (SELECT ref FROM parents{n} WHERE NOT own) FOR KEY SHARE OF p
)"""
_MISSING = """(SELECT count(*) FROM locked{n}), (
    SELECT ref FROM refs{n}
    EXCEPT (SELECT ref FROM parents{n} WHERE own UNION ALL SELECT ref FROM locked{n})
    LIMIT 1
)"""


_RAISE = """DO $raise$ BEGIN RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
    MESSAGE = {message}, DETAIL = {detail}; END $raise$"""


@dataclass(frozen=True)
class _Reference:
    column: str
    parent: str
    parent_column: str
    constraint: str


def copy_rows(
    raw: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY rows into table; foreign keys are checked per batch when that may be done."""
    with raw.cursor() as cursor:
        keys = _keys(columns, rows)
        references = _batch_checkable(cursor, table) if keys else None
        try:
            if references is not None:
                cursor.execute("SET LOCAL session_replication_role = replica")
            _copy(cursor, table, columns, rows)
        finally:
            # Back before anything else runs; a failed transaction only rolls back.
            if (
                references is not None
                and raw.info.transaction_status == pq.TransactionStatus.INTRANS
            ):
                cursor.execute("SET LOCAL session_replication_role = origin")
        if references is not None and keys:
            _check_references(cursor, table, references, *keys)


def _keys(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[int, int] | None:
    """The lowest and highest `pk` of the rows, when every row gives one."""
    if "pk" not in columns:
        return None
    position = columns.index("pk")
    keys = [row[position] for row in rows]
    return None if None in keys else (min(keys), max(keys))


def _copy(
    cursor: psycopg.Cursor[Any], table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY in binary when every column's type has a binary form here, else in text.

    Binary costs the client and the server less per value than text, which must be escaped
    on one side and parsed on the other.
    """
    cursor.execute(_COLUMN_TYPES, {"table": table})
    types = dict(cursor.fetchall())
    wire = [_BINARY_AS[types[c]] for c in columns if _BINARY_AS.get(types.get(c, ""))]
    binary = len(wire) == len(columns)
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(" (FORMAT BINARY)" if binary else ""),
    )
    with cursor.copy(statement) as copy:
        if binary:
            copy.set_types(wire)
        for row in rows:
            copy.write_row(row)


def _batch_checkable(cursor: psycopg.Cursor[Any], table: str) -> list[_Reference] | None:
    """The table's foreign keys, if a batch may check them itself; None if it may not."""
    if cursor.connection.info.server_version < 150000:  # no has_parameter_privilege before
        return None
    cursor.execute(_BATCH_CHECKABLE, {"table": table})
    allowed = cursor.fetchone()
    if allowed is None or not allowed[0]:
        return None
    cursor.execute(_REFERENCES, {"table": table})
    return [_Reference(*found) for found in cursor.fetchall()] or None


def _check_references(
    cursor: psycopg.Cursor[Any], table: str, references: list[_Reference], first: int, last: int
) -> None:
    """Do what the per-row triggers would have done for the rows with keys first..last."""
    parts = [
        sql.SQL(_ONE_REFERENCE).format(
            n=sql.SQL(str(n)),
            column=sql.Identifier(reference.column),
            parent=sql.SQL(reference.parent),  # regclass text: already quoted as needed
            key=sql.Identifier(reference.parent_column),
        )
        for n, reference in enumerate(references)
    ]
    new_rows = sql.SQL(_NEW_ROWS).format(
        columns=sql.SQL(", ").join(sql.Identifier(r.column) for r in references),
        table=sql.Identifier(table),
    )
    query = sql.SQL("WITH {}, {} SELECT {}").format(
        new_rows,
        sql.SQL(", ").join(parts),
        sql.SQL(", ").join(
            sql.SQL(_MISSING).format(n=sql.SQL(str(n))) for n in range(len(references))
        ),
    )
    cursor.execute(query, {"first": first, "last": last})
    found = cursor.fetchone()
    assert found is not None
    for reference, missing in zip(references, found[1::2], strict=True):
        if missing is not None:  # fail as the trigger would: in the server, ending the transaction
            cursor.execute(
                sql.SQL(_RAISE).format(
                    message=sql.Literal(
                        f'insert or update on table "{table}" violates foreign key constraint '
                        f'"{reference.constraint}"'
                    ),
                    detail=sql.Literal(
                        f"Key ({reference.column})=({missing}) is not present in table "
                        f'"{reference.parent}".'
                    ),
                )
            )
