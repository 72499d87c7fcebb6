"""The person-search index: name keys per live person and the surname vocabulary.

Kept in the same unit of work as every write of a person (services/upkeep.py, the bulk
import), rebuilt by `memreg reindex`, checked by `memreg check`. Every read is a B-tree
range of a primary key, bounded by its LIMIT.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    and_,
    bindparam,
    or_,
    select,
    text,
)

from memreg.domain.names.entries import (
    NameEntry,
    father_key,
    given_key,
    name_entries,
    surname_key,
)
from memreg.domain.names.keys import deletions
from memreg.store.backend import Backend
from memreg.store.schema import person_name_keys, person_name_vocabulary, persons

CHUNK = 20_000
ENTRY_COLUMNS = ["skey", "gkey", "pkey", "birth_year", "person_pk"]
_LIVE = "retired_at IS NULL AND merged_into_pk IS NULL"


def entries_of(person: dict[str, Any]) -> list[NameEntry]:
    return name_entries(
        person["surname"],
        person.get("given_name"),
        person.get("patronymic"),
        person.get("birth_year"),
        person.get("name_variants"),
    )


def _insert_or_skip(conn: Connection, table_name: str, columns: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    if conn.dialect.name == "postgresql":
        return f"INSERT INTO {table_name} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    return f"INSERT OR IGNORE INTO {table_name} ({names}) VALUES ({marks})"


def add_vocabulary(conn: Connection, skeys: Iterable[str]) -> int:
    """Put surname keys the vocabulary lacks into it, with their deletion neighbourhoods."""
    wanted = sorted(set(skeys))
    added = 0
    query = select(person_name_vocabulary.c.dkey).where(
        person_name_vocabulary.c.dkey.in_(bindparam("keys", expanding=True)),
        person_name_vocabulary.c.skey == person_name_vocabulary.c.dkey,
    )
    insert = text(_insert_or_skip(conn, "person_name_vocabulary", ["dkey", "skey"]))
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        known = set(conn.execute(query, {"keys": chunk}).scalars())
        rows = sorted({(d, key) for key in chunk if key not in known for d in deletions(key)})
        if rows:
            conn.execute(insert, [{"dkey": d, "skey": s} for d, s in rows])
            added += len({s for _, s in rows})
    return added


def add_entries(
    conn: Connection, backend: Backend | None, rows: Sequence[tuple[str, str, str, int, int]]
) -> None:
    """Insert (skey, gkey, pkey, birth_year, person_pk) rows, in key order (B-tree pages
    fill in sequence) and bring the vocabulary up to date."""
    if not rows:
        return
    ordered = sorted(rows)
    if backend is not None:
        backend.bulk_insert(conn, person_name_keys, ENTRY_COLUMNS, ordered)
    else:
        conn.execute(
            person_name_keys.insert(), [dict(zip(ENTRY_COLUMNS, r, strict=True)) for r in ordered]
        )
    add_vocabulary(conn, {r[0] for r in ordered})


def search_index_grew(conn: Connection, backend: Backend) -> None:
    """After a bulk write: the planner's statistics of the index tables anew (PostgreSQL
    otherwise plans look-ups on a table it believes empty, ten times slower)."""
    backend.after_bulk_insert(conn, person_name_keys)
    backend.after_bulk_insert(conn, person_name_vocabulary)


def person_added(conn: Connection, person_pk: int, person: dict[str, Any]) -> None:
    _add_person_entries(conn, person_pk, entries_of(person))


def person_removed(conn: Connection, person_pk: int, person: dict[str, Any]) -> None:
    """Take out the entries the person's stored fields made (retired, merged away, edited)."""
    _remove_person_entries(conn, person_pk, entries_of(person))


def person_rewritten(
    conn: Connection, person_pk: int, before: dict[str, Any], after: dict[str, Any]
) -> None:
    old, new = entries_of(before), entries_of(after)
    if set(old) != set(new):
        _remove_person_entries(conn, person_pk, old)
        _add_person_entries(conn, person_pk, new)


def _add_person_entries(conn: Connection, person_pk: int, entries: list[NameEntry]) -> None:
    add_entries(conn, None, [(*entry, person_pk) for entry in entries])


def _remove_person_entries(conn: Connection, person_pk: int, entries: list[NameEntry]) -> None:
    for entry in entries:
        conn.execute(
            person_name_keys.delete().where(
                person_name_keys.c.skey == entry.skey,
                person_name_keys.c.gkey == entry.gkey,
                person_name_keys.c.pkey == entry.pkey,
                person_name_keys.c.birth_year == entry.birth_year,
                person_name_keys.c.person_pk == person_pk,
            )
        )


def entry_rows(
    pks: Iterable[int], columns: Mapping[str, Sequence[Any]]
) -> list[tuple[str, str, str, int, int]]:
    """Entries of new persons given column by column (a bulk import's chunk); the common
    person (one surname, no variants) takes the short way."""
    out: list[tuple[str, str, str, int, int]] = []
    append = out.append
    for pk, surname, given, patronymic, year, variants in zip(
        pks,
        columns["surname"],
        columns["given_name"],
        columns["patronymic"],
        columns["birth_year"],
        columns["name_variants"],
        strict=True,
    ):
        if variants or "-" in surname or " " in surname:
            out.extend((*entry, pk) for entry in name_entries(surname, given, patronymic, year,
                                                              variants))  # fmt: skip
            continue
        skey = surname_key(surname)
        if skey:
            append((skey, given_key(given), father_key(patronymic), year or 0, pk))
    return out


_PERSON_FIELDS = "pk, surname, given_name, patronymic, birth_year, name_variants"


def _entry_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[str, str, str, int, int]]:
    """Entries of persons read from the table (pk, surname, given, patronymic, year,
    name_variants as stored JSON)."""
    if not rows:
        return []
    pks, surnames, givens, patronymics, years, variants = zip(*rows, strict=True)
    columns = {
        "surname": surnames, "given_name": givens, "patronymic": patronymics,
        "birth_year": years,
        "name_variants": [json.loads(v) if isinstance(v, str) else v for v in variants],
    }  # fmt: skip
    return entry_rows(pks, columns)


def _person_rows(conn: Connection, first: int, last: int) -> list[Any]:
    return list(
        conn.execute(
            text(
                f"SELECT {_PERSON_FIELDS} FROM persons WHERE pk BETWEEN :first AND :last "
                f"AND {_LIVE}"
            ),
            {"first": first, "last": last},
        ).all()
    )


def index_person_range(conn: Connection, backend: Backend, first: int, last: int) -> None:
    """Entries for the live persons with keys first..last (an import's new persons)."""
    for start in range(first, last + 1, CHUNK):
        rows = _person_rows(conn, start, min(last, start + CHUNK - 1))
        add_entries(conn, backend, _entry_rows(rows))


_SCRATCH = MetaData()
# Entries and vocabulary rows gathered unordered, then written into the index sorted, in one
# statement: a B-tree filled in key order is built many times faster than row by row.
_scratch_keys = Table(
    "scratch_person_name_keys", _SCRATCH, *(Column(c, Text if c.endswith("key") else Integer)
    for c in ENTRY_COLUMNS), prefixes=["TEMPORARY"],
)  # fmt: skip
_scratch_words = Table(
    "scratch_person_name_vocabulary", _SCRATCH, Column("dkey", Text), Column("skey", Text),
    prefixes=["TEMPORARY"],
)  # fmt: skip


def rebuild_person_names(conn: Connection, backend: Backend) -> int:
    """The whole index anew from the live persons; returns the number of entries."""
    if conn.dialect.name == "postgresql":  # no dead rows left behind (a DELETE leaves them all)
        conn.execute(text("TRUNCATE person_name_keys, person_name_vocabulary"))
    else:
        conn.execute(person_name_keys.delete())
        conn.execute(person_name_vocabulary.delete())
    for scratch in (_scratch_keys, _scratch_words):
        scratch.drop(conn, checkfirst=True)
        scratch.create(conn)
    last = conn.execute(select(persons.c.pk).order_by(persons.c.pk.desc()).limit(1)).scalar()
    skeys: set[str] = set()
    for start in range(1, int(last or 0) + 1, CHUNK):
        rows = _entry_rows(_person_rows(conn, start, start + CHUNK - 1))
        backend.bulk_insert(conn, _scratch_keys, ENTRY_COLUMNS, rows)
        fresh = {row[0] for row in rows} - skeys
        skeys |= fresh
        words = [(d, key) for key in fresh for d in deletions(key)]
        backend.bulk_insert(conn, _scratch_words, ["dkey", "skey"], words)
    columns = ", ".join(ENTRY_COLUMNS)
    conn.execute(
        text(
            f"INSERT INTO person_name_keys ({columns}) SELECT DISTINCT {columns} "
            f"FROM scratch_person_name_keys ORDER BY {columns}"
        )
    )
    conn.execute(
        text(
            "INSERT INTO person_name_vocabulary (dkey, skey) SELECT DISTINCT dkey, skey "
            "FROM scratch_person_name_vocabulary ORDER BY dkey, skey"
        )
    )
    for scratch in (_scratch_keys, _scratch_words):
        scratch.drop(conn)
    search_index_grew(conn, backend)
    return int(conn.execute(text("SELECT count(*) FROM person_name_keys")).scalar_one())


def person_name_problems(conn: Connection) -> list[str]:
    """`memreg check`: every live person is in the index, and no one else is."""
    live = conn.execute(text(f"SELECT count(*) FROM persons WHERE {_LIVE}")).scalar_one()
    indexed = conn.execute(
        text("SELECT count(DISTINCT person_pk) FROM person_name_keys")
    ).scalar_one()
    stale = conn.execute(
        text(
            "SELECT count(*) FROM person_name_keys k WHERE NOT EXISTS (SELECT 1 FROM persons p "
            f"WHERE p.pk = k.person_pk AND p.{_LIVE.replace(' AND ', ' AND p.')})"
        )
    ).scalar_one()
    problems = []
    if indexed != live or stale:
        problems.append(
            f"person search index covers {indexed - stale} of {live} live persons"
            + (f" and holds {stale} entries of retired or missing persons" if stale else "")
            + " (run memreg reindex)"
        )
    return problems


# --- reads ---------------------------------------------------------------------------------


def vocabulary_matches(conn: Connection, dkeys: Iterable[str]) -> list[tuple[str, str]]:
    """(dkey, skey) pairs of the vocabulary for these deletion keys."""
    wanted = sorted(set(dkeys))
    table = person_name_vocabulary
    query = select(table.c.dkey, table.c.skey).where(
        table.c.dkey.in_(bindparam("keys", expanding=True))
    )
    found: list[tuple[str, str]] = []
    for start in range(0, len(wanted), 5000):  # under every backend's limit of parameters
        found.extend((d, s) for d, s in conn.execute(query, {"keys": wanted[start : start + 5000]}))
    return found


def find_entries(
    conn: Connection,
    skeys: Sequence[str],
    *,
    gkeys: Sequence[str] | None = None,
    given_prefixes: Sequence[str] | None = None,
    pkeys: Sequence[str] | None = None,
    father_prefixes: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
    limit: int,
) -> list[tuple[str, str, str, int, int]]:
    """Entries of these surname keys, narrowed by given-name keys (or their first letters),
    father's-name keys and a birth-year range (unknown years kept), at most `limit`."""
    table = person_name_keys
    query = select(*[table.c[c] for c in ENTRY_COLUMNS]).where(
        table.c.skey.in_(bindparam("skeys", expanding=True))
    )
    params: dict[str, Any] = {"skeys": list(skeys)}
    if gkeys is not None:
        query = query.where(table.c.gkey.in_(bindparam("gkeys", expanding=True)))
        params["gkeys"] = list(gkeys)
    for column, prefixes in (("gkey", given_prefixes), ("pkey", father_prefixes)):
        if prefixes:
            ranges = []
            for i, prefix in enumerate(prefixes):
                ranges.append(
                    and_(
                        table.c[column] >= bindparam(f"{column}_lo{i}"),
                        table.c[column] < bindparam(f"{column}_hi{i}"),
                    )
                )
                params[f"{column}_lo{i}"] = prefix
                params[f"{column}_hi{i}"] = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            if column == "pkey":  # a record without a patronymic may still be the one
                ranges.append(table.c.pkey == "")
            query = query.where(or_(*ranges))
    if pkeys is not None:
        query = query.where(table.c.pkey.in_(bindparam("pkeys", expanding=True)))
        params["pkeys"] = list(pkeys)
    if years is not None:
        query = query.where(
            or_(table.c.birth_year.between(years[0], years[1]), table.c.birth_year == 0)
        )
    rows = conn.execute(query.limit(limit), params)
    return [tuple(r) for r in rows]  # type: ignore[misc]
