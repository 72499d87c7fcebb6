"""The duplicates queue: find candidate pairs, merge them or mark them distinct.

Finding reads the register (memorials in memory, persons in two sorted passes so that a
register of tens of millions stays within memory), scores pairs in blocks
(ingest/duplicates.py) and replaces the open part of the queue; pairs a registrar decided
stay decided. A merge keeps both records and both histories: the merged record is retired
with `merged_into` pointing at the survivor, its links, source keys and external ids move
to the survivor, empty fields of the survivor are filled from it, and its id keeps
resolving to the survivor.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from memreg.domain.errors import BadRequestError, FieldProblem, NotFoundError, ValidationError
from memreg.domain.events import RecordChanged, RecordRetired
from memreg.domain.tallies import NAMES_AT, Tally
from memreg.ingest.duplicates import (
    MEMORIAL_MIN_SCORE,
    PERSON_MIN_SCORE,
    Candidate,
    PersonKey,
    Stats,
    compare_block,
    fold,
    memorial_candidates,
    memorial_key,
    person_key,
)
from memreg.services import upkeep
from memreg.store import audit, tallies
from memreg.store.engine import Store
from memreg.store.records import public_values, require_row
from memreg.store.schema import duplicate_pairs, memorials, person_memorials, persons, source_keys
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

TABLES = {"memorial": memorials, "person": persons}
LINK_COLUMN = {"memorial": "memorial_pk", "person": "person_pk"}
MERGE_FILLS = {
    "memorial": ("lat", "lon", "address", "region", "settlement", "commemorates", "erected",
                 "buried_total", "buried_known", "buried_unknown", "protection_level",
                 "protection_number", "custodian", "osm_id", "wikidata", "outline"),
    "person": ("given_name", "patronymic", "birth_date", "birth_year", "death_date",
               "death_year", "birthplace", "rank", "unit", "fate"),
}  # fmt: skip


@dataclass
class FindReport:
    record_type: str
    candidates: list[Candidate]
    ids: dict[int, str]
    stats: Stats = field(default_factory=Stats)
    seconds: float = 0.0


def _table(record_type: str) -> Any:
    if record_type not in TABLES:
        raise BadRequestError("record_type", "must be memorial or person")
    return TABLES[record_type]


def _live(table: Any) -> list[Any]:
    return [table.c.retired_at.is_(None), table.c.merged_into_pk.is_(None)]


def memorial_keys(conn: Connection) -> Iterator[Any]:
    sources: dict[int, list[str]] = {}
    for pk, key in conn.execute(
        select(source_keys.c.memorial_pk, source_keys.c.key).where(
            source_keys.c.record_type == "memorial"
        )
    ):
        sources.setdefault(pk, []).append(key)
    columns = [memorials.c[n] for n in ("pk", "id", "name", "names", "kind", "country",
               "settlement", "address", "lat", "lon", "wikidata", "osm_id",
               "protection_number", "external_ids")]  # fmt: skip
    rows = conn.execution_options(yield_per=20_000).execute(
        select(*columns).where(*_live(memorials))
    )
    for row in rows.mappings():
        yield memorial_key({**row, "sources": sources.get(row["pk"], ())})


PERSON_COLUMNS = ("pk", "id", "surname", "given_name", "patronymic", "birth_date", "birth_year",
                  "birthplace")  # fmt: skip


def person_candidates_sorted(
    conn: Connection, min_score: float, stats: Stats
) -> Iterator[Candidate]:
    """Person pairs from two passes over the register sorted by the database.

    Pass one groups persons of one surname, birth year and first initial; pass two those
    of one given name, patronymic and birth year (so a misspelt surname still meets).
    Only one block is held at a time.
    """
    columns = [persons.c[n] for n in PERSON_COLUMNS]
    emitted: set[tuple[int, int]] = set()
    passes = (
        (("surname", "birth_year", "given_name"), _by_surname),
        (("given_name", "patronymic", "birth_year"), _by_given_names),
    )
    for order, key_of in passes:
        query = (
            select(*columns)
            .where(*_live(persons))
            .order_by(*(persons.c[c] for c in order), persons.c.pk)
        )
        block: list[PersonKey] = []
        block_key: Any = None
        for row in conn.execution_options(yield_per=50_000).execute(query).mappings():
            if order[0] == "surname":
                stats.records += 1
            person = person_key(dict(row))
            key = key_of(person)
            if not key[0] or (order[0] == "given_name" and not key[1]):
                continue
            if key != block_key:
                yield from _fresh(compare_block(block, min_score, stats, set()), emitted)
                block, block_key = [], key
            block.append(person)
        yield from _fresh(compare_block(block, min_score, stats, set()), emitted)


def _by_surname(person: PersonKey) -> tuple[Any, ...]:
    return (person.surname, person.birth_year, person.given[:1])


def _by_given_names(person: PersonKey) -> tuple[Any, ...]:
    return (person.given, person.patronymic, person.birth_year)


def _fresh(found: Iterator[Candidate], emitted: set[tuple[int, int]]) -> Iterator[Candidate]:
    for candidate in found:
        pair = (candidate.a, candidate.b)
        if pair not in emitted:
            emitted.add(pair)
            yield candidate


def find_duplicates(
    store: Store, actor: str, record_type: str, *, min_score: float | None = None
) -> FindReport:
    """Score candidate pairs and put them in the queue, best first; decided pairs stay."""
    table = _table(record_type)
    started = time.perf_counter()
    stats = Stats()
    with store.engine.connect() as conn:
        if record_type == "memorial":
            threshold = MEMORIAL_MIN_SCORE if min_score is None else min_score
            found = list(memorial_candidates(memorial_keys(conn), threshold, stats))
        else:
            threshold = PERSON_MIN_SCORE if min_score is None else min_score
            found = list(person_candidates_sorted(conn, threshold, stats))
    found.sort(key=lambda c: (-c.score, c.a, c.b))

    def work(uow: UnitOfWork) -> FindReport:
        conn = uow.conn
        decided = {
            (a, b)
            for a, b in conn.execute(
                select(duplicate_pairs.c.a_pk, duplicate_pairs.c.b_pk).where(
                    duplicate_pairs.c.record_type == record_type,
                    duplicate_pairs.c.status != "open",
                )
            )
        }
        conn.execute(
            delete(duplicate_pairs).where(
                duplicate_pairs.c.record_type == record_type, duplicate_pairs.c.status == "open"
            )
        )
        now = utc_now()
        fresh = [c for c in found if (c.a, c.b) not in decided]
        for start in range(0, len(fresh), 5000):
            conn.execute(
                duplicate_pairs.insert(),
                [
                    {"record_type": record_type, "a_pk": c.a, "b_pk": c.b, "score": c.score,
                     "why": list(c.why), "status": "open", "found_at": now}
                    for c in fresh[start : start + 5000]
                ],
            )  # fmt: skip
        uow.record_revision(
            "find_duplicates",
            record_type=record_type,
            summary={"candidates": len(fresh), "records": stats.records,
                     "comparisons": stats.comparisons},
        )  # fmt: skip
        uow.commit()
        pks = {c.a for c in fresh} | {c.b for c in fresh}
        ids = _ids(conn, table, pks)
        return FindReport(record_type, fresh, ids, stats, time.perf_counter() - started)

    return run_write(store, actor, work)


def _ids(conn: Connection, table: Any, pks: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    wanted = list(pks)
    for start in range(0, len(wanted), 5000):
        query = select(table.c.pk, table.c.id).where(table.c.pk.in_(wanted[start : start + 5000]))
        out.update({pk: record_id for pk, record_id in conn.execute(query)})
    return out


def list_duplicates(
    conn: Connection, record_type: str, status: str, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Queue entries best first, each with both records' id, name and kind."""
    table = _table(record_type)
    if status not in ("open", "merged", "distinct"):
        raise BadRequestError("status", "must be open, merged or distinct")
    where = [duplicate_pairs.c.record_type == record_type, duplicate_pairs.c.status == status]
    total = conn.execute(
        select(func.count()).select_from(duplicate_pairs).where(*where)
    ).scalar_one()
    a, b = table.alias("a"), table.alias("b")
    label = "name" if record_type == "memorial" else "surname"
    rows = conn.execute(
        select(duplicate_pairs, a.c.id.label("a_id"), b.c.id.label("b_id"),
               a.c[label].label("a_name"), b.c[label].label("b_name"))
        .join(a, a.c.pk == duplicate_pairs.c.a_pk)
        .join(b, b.c.pk == duplicate_pairs.c.b_pk)
        .where(*where)
        .order_by(duplicate_pairs.c.score.desc(), duplicate_pairs.c.pk)
        .limit(limit)
        .offset(offset)
    ).mappings()  # fmt: skip
    items = [
        {"pair": r["pk"], "record_type": record_type, "a": r["a_id"], "b": r["b_id"],
         "a_name": r["a_name"], "b_name": r["b_name"], "score": r["score"], "why": r["why"],
         "status": r["status"]}
        for r in rows
    ]  # fmt: skip
    return items, int(total)


def _pair(conn: Connection, pair_pk: int) -> dict[str, Any]:
    row = (
        conn.execute(select(duplicate_pairs).where(duplicate_pairs.c.pk == pair_pk))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError("duplicate pair", str(pair_pk))
    return dict(row)


def mark_distinct(
    store: Store, actor: str, pair_pk: int, reason: str | None = None
) -> dict[str, Any]:
    """A registrar says the two records are different: the pair leaves the open queue."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        pair = _pair(uow.conn, pair_pk)
        if pair["status"] != "open":
            raise ValidationError([FieldProblem("pair", f"was already decided ({pair['status']})")])
        revision = uow.record_revision(
            "mark_distinct", reason=reason, record_type=pair["record_type"],
            after={"pair": pair_pk, "a_pk": pair["a_pk"], "b_pk": pair["b_pk"]},
        )  # fmt: skip
        uow.conn.execute(
            update(duplicate_pairs).where(duplicate_pairs.c.pk == pair_pk)
            .values(status="distinct", decided_revision_id=revision)
        )  # fmt: skip
        audit.append(
            uow.conn, utc_now(), "mark-distinct", uow.actor,
            subject=f"{pair['record_type']}-pair:{pair_pk}", detail={"reason": reason},
        )  # fmt: skip
        uow.commit()
        return {**pair, "status": "distinct", "decided_revision_id": revision}

    return run_write(store, actor, work)


def merge_pair(
    store: Store, actor: str, pair_pk: int, keep: str, reason: str | None = None
) -> dict[str, Any]:
    """Merge a queued pair; `keep` is the id of the record that survives (a or b)."""
    with store.engine.connect() as conn:
        pair = _pair(conn, pair_pk)
        ids = _ids(conn, _table(pair["record_type"]), {pair["a_pk"], pair["b_pk"]})
    if keep not in ids.values():
        raise ValidationError(
            [FieldProblem("keep", "must be the id of one of the pair's records", value=keep)]
        )
    gone = next(i for i in ids.values() if i != keep)
    return merge_records(store, actor, pair["record_type"], keep, gone, reason, pair_pk=pair_pk)


def merge_records(
    store: Store,
    actor: str,
    record_type: str,
    keep_id: str,
    merge_id: str,
    reason: str | None = None,
    *,
    pair_pk: int | None = None,
) -> dict[str, Any]:
    """Merge `merge_id` into `keep_id` in one revision; both histories are kept."""
    table = _table(record_type)
    if keep_id == merge_id:
        raise ValidationError([FieldProblem("merge", "a record cannot be merged into itself")])

    def work(uow: UnitOfWork) -> dict[str, Any]:
        conn = uow.conn
        keep = require_row(conn, table, record_type, keep_id)
        gone = require_row(conn, table, record_type, merge_id)
        for row in (keep, gone):
            if row["merged_into_pk"] is not None or row["retired_at"] is not None:
                raise ValidationError(
                    [FieldProblem("merge", f"{row['id']} is retired or merged already")]
                )
        fills = {
            f: gone[f]
            for f in MERGE_FILLS[record_type]
            if keep.get(f) is None and gone.get(f) is not None
        }
        if record_type == "memorial":
            if fills.get("lat") is None or fills.get("lon") is None:
                fills.pop("lat", None)
                fills.pop("lon", None)
            externals = {**(gone.get("external_ids") or {}), **(keep.get("external_ids") or {})}
            if externals != (keep.get("external_ids") or {}):
                fills["external_ids"] = externals
            names = {**(gone.get("names") or {}), **(keep.get("names") or {})}
            if names != keep["names"]:
                fills["names"] = names
        revision = uow.record_revision(
            "merge", reason=reason, record_type=record_type, record_id=keep_id,
            before={"kept": public_values(keep), "merged": public_values(gone)},
            after={"merged_from": merge_id, "filled": fills},
        )  # fmt: skip
        kept_after = {**keep, **fills}
        if record_type == "person":
            upkeep.person_retired(conn, gone)  # its links count no longer (or move below)
        moved_links = _move_links(conn, record_type, gone, keep, kept_after, revision)
        if record_type == "person":
            upkeep.person_merged(conn, gone["pk"], keep["pk"], revision)
        moved_keys = conn.execute(
            update(source_keys)
            .where(source_keys.c[LINK_COLUMN[record_type]] == gone["pk"])
            .values(**{LINK_COLUMN[record_type]: keep["pk"]})
        ).rowcount  # fmt: skip
        conn.execute(
            update(table).where(table.c.pk == keep["pk"])
            .values(**fills, version=keep["version"] + 1, revision_id=revision)
        )  # fmt: skip
        conn.execute(
            update(table).where(table.c.pk == gone["pk"])
            .values(merged_into_pk=keep["pk"], retired_at=utc_now(),
                    retired_reason=f"merged into {keep_id}", version=gone["version"] + 1,
                    revision_id=revision)
        )  # fmt: skip
        if record_type == "person":
            upkeep.person_changed(conn, keep["pk"], keep, kept_after)
        else:
            upkeep.memorial_written(conn, gone, None)
            upkeep.memorial_written(conn, keep, kept_after)
        _settle_pairs(conn, record_type, keep["pk"], gone["pk"], revision, pair_pk)
        audit.append(
            conn, utc_now(), "merge", uow.actor, subject=f"{record_type}:{keep_id}",
            detail={"merged": merge_id, "revision": revision, "reason": reason},
        )  # fmt: skip
        uow.events.extend(
            [
                RecordChanged(record_type, keep_id, keep["version"] + 1),
                RecordRetired(record_type, merge_id),
            ]
        )
        uow.commit()
        return {"kept": keep_id, "merged": merge_id, "revision": revision,
                "links_moved": moved_links, "source_keys_moved": moved_keys,
                "filled": sorted(fills)}  # fmt: skip

    return run_write(store, actor, work)


def _move_links(
    conn: Connection,
    record_type: str,
    gone: dict[str, Any],
    keep: dict[str, Any],
    kept_after: dict[str, Any],
    revision: int,
) -> int:
    """Links of the merged record point to the survivor; one it already has is not doubled.

    Running totals follow: a moved person link counts a name again (its person lives now);
    a moved memorial link counts its name at the survivor instead.
    """
    from_pk, to_pk = gone["pk"], keep["pk"]
    column = LINK_COLUMN[record_type]
    other = "person_pk" if column == "memorial_pk" else "memorial_pk"
    links = person_memorials
    existing = {
        (r[0], r[1])
        for r in conn.execute(select(links.c[other], links.c.role).where(links.c[column] == to_pk))
    }
    moved = 0
    tally: Tally = Counter()
    extra = upkeep.link_keys(kept_after) if record_type == "person" else {}
    query = (
        select(links.c.pk, links.c[other], links.c.role, memorials.c.id, persons.c.retired_at)
        .join(memorials, memorials.c.pk == links.c.memorial_pk)
        .join(persons, persons.c.pk == links.c.person_pk)
        .where(links.c[column] == from_pk)
    )
    for pk, other_pk, role, memorial_id, person_retired in conn.execute(query).all():
        if (other_pk, role) in existing:
            continue  # the survivor has this link; the merged record keeps its own row
        conn.execute(
            update(links)
            .where(links.c.pk == pk)
            .values(**{column: to_pk}, revision_id=revision, **extra)
        )
        moved += 1
        if record_type == "person":
            tally[(NAMES_AT, memorial_id)] += 1
        elif person_retired is None:
            tally[(NAMES_AT, memorial_id)] -= 1
            tally[(NAMES_AT, keep["id"])] += 1
    tallies.add_tally(conn, tally)
    return moved


def _settle_pairs(
    conn: Connection,
    record_type: str,
    keep_pk: int,
    gone_pk: int,
    revision: int,
    pair_pk: int | None,
) -> None:
    pairs = duplicate_pairs.c
    involved = and_(pairs.record_type == record_type, or_(
        and_(pairs.a_pk == min(keep_pk, gone_pk), pairs.b_pk == max(keep_pk, gone_pk)),
        pairs.pk == (pair_pk or -1)))  # fmt: skip
    conn.execute(
        update(duplicate_pairs)
        .where(involved)
        .values(status="merged", decided_revision_id=revision)
    )
    # Other open pairs of the merged record are stale: the next search finds them again.
    conn.execute(
        delete(duplicate_pairs).where(
            pairs.record_type == record_type, pairs.status == "open",
            or_(pairs.a_pk == gone_pk, pairs.b_pk == gone_pk),
        )
    )  # fmt: skip


def surviving(conn: Connection, record_type: str, row: dict[str, Any]) -> dict[str, Any]:
    """The record a merged one now lives in (following merges of merges)."""
    table = _table(record_type)
    seen = {row["pk"]}
    while row.get("merged_into_pk") is not None:
        found = (
            conn.execute(select(table).where(table.c.pk == row["merged_into_pk"]))
            .mappings()
            .first()
        )
        if found is None or found["pk"] in seen:
            break
        row = dict(found)
        seen.add(row["pk"])
    return row


__all__ = [
    "find_duplicates",
    "fold",
    "list_duplicates",
    "mark_distinct",
    "merge_pair",
    "merge_records",
]
