"""Reading the duplicates queue for its review pages: open pairs best first, a page at a time
by keyset (score, then pair number), and one pair with both records in full."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from memreg.domain.tallies import NAMES_AT
from memreg.store.schema import duplicate_pairs, memorials, person_memorials, persons, source_keys
from memreg.store.tallies import read_total

TABLES = {"memorial": memorials, "person": persons}
LABEL = {"memorial": "name", "person": "surname"}
MAX_SOURCE_KEYS = 20


def open_pairs(
    conn: Connection, record_type: str, after: tuple[float, int] | None, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Open pairs of one record type, best score first, after (score, pair) of the last one
    shown; and whether more follow."""
    table = TABLES[record_type]
    pairs = duplicate_pairs.c
    a, b = table.alias("a"), table.alias("b")
    where = [pairs.record_type == record_type, pairs.status == "open"]
    if after is not None:
        score, pk = after
        where.append(or_(pairs.score < score, and_(pairs.score == score, pairs.pk > pk)))
    label = LABEL[record_type]
    extra = (
        [a.c.given_name.label("a_given"), b.c.given_name.label("b_given"),
         a.c.birth_date.label("a_birth"), b.c.birth_date.label("b_birth")]
        if record_type == "person"
        else [a.c.settlement.label("a_place"), b.c.settlement.label("b_place")]
    )  # fmt: skip
    rows = conn.execute(
        select(pairs.pk, pairs.score, pairs.why, a.c.id.label("a_id"), b.c.id.label("b_id"),
               a.c[label].label("a_name"), b.c[label].label("b_name"), *extra)
        .join(a, a.c.pk == pairs.a_pk)
        .join(b, b.c.pk == pairs.b_pk)
        .where(*where)
        .order_by(pairs.score.desc(), pairs.pk)
        .limit(limit + 1)
    ).mappings()  # fmt: skip
    found = [dict(r) for r in rows]
    return found[:limit], len(found) > limit


def open_pair_count(conn: Connection, record_type: str) -> int:
    return int(
        conn.execute(
            select(func.count())
            .select_from(duplicate_pairs)
            .where(duplicate_pairs.c.record_type == record_type, duplicate_pairs.c.status == "open")
        ).scalar_one()
    )


def pair_with_records(conn: Connection, pair_pk: int) -> dict[str, Any] | None:
    """The pair, its two records in full and where each came from; None if no such pair."""
    pair = (
        conn.execute(select(duplicate_pairs).where(duplicate_pairs.c.pk == pair_pk))
        .mappings()
        .first()
    )
    if pair is None:
        return None
    record_type = pair["record_type"]
    table = TABLES[record_type]
    records = {}
    for side in ("a", "b"):
        row = conn.execute(select(table).where(table.c.pk == pair[f"{side}_pk"])).mappings().one()
        records[side] = dict(row)
        column = source_keys.c.memorial_pk if record_type == "memorial" else source_keys.c.person_pk
        records[side]["source_keys"] = list(
            conn.execute(
                select(source_keys.c.key)
                .where(column == row["pk"])
                .order_by(source_keys.c.key)
                .limit(MAX_SOURCE_KEYS)
            ).scalars()
        )
        records[side]["links"] = _links(conn, record_type, row)
    return {**dict(pair), "a": records["a"], "b": records["b"]}


def _links(conn: Connection, record_type: str, row: Any) -> dict[str, Any]:
    """A person's memorials (ids, a few), or how many names a memorial holds."""
    links = person_memorials.c
    if record_type == "memorial":
        return {"names": read_total(conn, NAMES_AT, row["id"])}
    pk = row["pk"]
    ids = conn.execute(
        select(memorials.c.id)
        .select_from(person_memorials.join(memorials, memorials.c.pk == links.memorial_pk))
        .where(links.person_pk == pk)
        .order_by(links.pk)
        .limit(MAX_SOURCE_KEYS)
    ).scalars()
    return {"memorials": list(ids)}
