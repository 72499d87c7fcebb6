"""Memorials found by the words of their names in any script: every name the memorial has
(all languages), its settlement and its ids, folded to one matching form
(domain/folding.py) and kept in a full-text index, current after every write and import.

SQLite keeps the words in an FTS5 table, PostgreSQL in a table with a GIN index over
to_tsvector('simple', words); a query is the folded words, each matched as a prefix, all
of them required. The answer stops at its limit: the work is sized by what it returns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, text

from memreg.domain.folding import fold

CHUNK = 5000
MAX_WORDS = 6


def _words_of(row: Sequence[Any]) -> str:
    _, memorial_id, register_number, name, names, settlement = row
    if isinstance(names, str):
        names = json.loads(names)
    parts = {name, settlement or "", memorial_id, register_number or "", *(names or {}).values()}
    words = dict.fromkeys(fold(" ".join(p for p in parts if p)).split())
    return " ".join(words)


def _read(conn: Connection, where: str, params: dict[str, Any]) -> list[tuple[int, str]]:
    rows = conn.execute(
        text(
            "SELECT pk, id, register_number, name, names, settlement FROM memorials "
            f"WHERE {where} AND retired_at IS NULL AND merged_into_pk IS NULL"
        ),
        params,
    ).all()
    return [(row[0], _words_of(row)) for row in rows]


def _replace(conn: Connection, where: str, params: dict[str, Any]) -> None:
    fresh = _read(conn, where.format(key="pk"), params)
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DELETE FROM memorial_words WHERE {where.format(key='pk')}"), params)
        insert = "INSERT INTO memorial_words (pk, words) VALUES (:pk, :words)"
    else:
        conn.execute(text(f"DELETE FROM memorial_words WHERE {where.format(key='rowid')}"), params)
        insert = "INSERT INTO memorial_words (rowid, words) VALUES (:pk, :words)"
    if fresh:
        conn.execute(text(insert), [{"pk": pk, "words": words} for pk, words in fresh])


def reindex_words(conn: Connection, pks: Iterable[int]) -> None:
    """Bring the words of these memorials up to date (created, renamed, retired)."""
    wanted = sorted(set(pks))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join(f":k{i}" for i in range(len(chunk)))
        _replace(conn, "{key} IN (" + marks + ")", {f"k{i}": pk for i, pk in enumerate(chunk)})


def reindex_word_range(conn: Connection, first: int, last: int) -> None:
    """reindex_words for the keys first..last (an import's new memorials)."""
    for start in range(first, last + 1, CHUNK * 4):
        params = {"first": start, "last": min(last, start + CHUNK * 4 - 1)}
        _replace(conn, "{key} BETWEEN :first AND :last", params)


def rebuild_words(conn: Connection) -> int:
    conn.execute(text("DELETE FROM memorial_words"))
    last = conn.execute(text("SELECT max(pk) FROM memorials")).scalar()
    if last:
        reindex_word_range(conn, 1, int(last))
    return int(conn.execute(text("SELECT count(*) FROM memorial_words")).scalar_one())


def query_words(query: str) -> list[str]:
    """The folded words of a query (at most MAX_WORDS; digits and letters only)."""
    return fold(query).split()[:MAX_WORDS]


def search_memorials(conn: Connection, query: str, limit: int) -> list[int]:
    """Keys of live memorials holding every word of the query, the last one as a beginning
    (people type names from the start: the words before the last are whole)."""
    words = query_words(query)
    if not words:
        return []
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT pk FROM memorial_words WHERE to_tsvector('simple', words) "
            "@@ to_tsquery('simple', :query) LIMIT :limit"
        )
        match = " & ".join(words[:-1] + [f"{words[-1]}:*"])
    else:
        sql = "SELECT rowid FROM memorial_words WHERE memorial_words MATCH :query LIMIT :limit"
        match = " AND ".join([f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*'])
    return [int(pk) for pk in conn.execute(text(sql), {"query": match, "limit": limit}).scalars()]


def word_problems(conn: Connection) -> list[str]:
    """`memreg check`: one row of words per live memorial."""
    live = conn.execute(
        text("SELECT count(*) FROM memorials WHERE retired_at IS NULL AND merged_into_pk IS NULL")
    ).scalar_one()
    indexed = conn.execute(text("SELECT count(*) FROM memorial_words")).scalar_one()
    if live != indexed:
        return [f"memorial name index holds {indexed} memorials for {live} (run memreg reindex)"]
    return []
