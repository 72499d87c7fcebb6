"""Inscriptions in the store: the stone's list by place, who is on the stone, their totals.

Three running totals per memorial live in `register_counts`, kept by the inscription
services in their unit of work and recounted by `memreg check` and `memreg reindex`:
the live published inscriptions, those of them with no identified person, and the links of
live persons to the memorial whose person some live published inscription there names (the
register's list less those is what the stone lacks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    exists,
    func,
    inspect,
    literal_column,
    select,
    tuple_,
)

from memreg.domain.inscriptions import InscriptionStatus
from memreg.domain.tallies import NAMES_AT, Tally
from memreg.store.paging import decode_cursor, encode_cursor
from memreg.store.schema import (
    inscriptions,
    media,
    memorials,
    person_memorials,
    persons,
    register_counts,
)

INSCRIPTIONS_AT = "memorial.inscriptions"  # live published inscriptions, by memorial id
UNIDENTIFIED_AT = "memorial.inscriptions.unidentified"  # of those, naming no person yet
ON_STONE_AT = "memorial.names.on_stone"  # links of live persons named by one of those
PLACE = ("panel", "row", "position")


# Written out, not bound: the stone's index is partial on it, and a planner can use such an
# index for a prepared statement's generic plan only when the query states the same literal.
_PUBLISHED: ColumnElement[str] = literal_column(f"'{InscriptionStatus.PUBLISHED.value}'")


def _live_published() -> list[Any]:
    return [inscriptions.c.retired_at.is_(None), inscriptions.c.status == _PUBLISHED]


def counts_on_stone(row: dict[str, Any]) -> bool:
    """Whether an inscription (as stored) is on the stone's public list."""
    return row.get("retired_at") is None and row.get("status") == InscriptionStatus.PUBLISHED


def inscription_tally(row: dict[str, Any] | None, memorial_id: str) -> Tally:
    """What one inscription adds to its memorial's totals of the stone (the on-stone links
    aside, which depend on the other inscriptions too)."""
    tally: Tally = Counter()
    if row is not None and counts_on_stone(row):
        tally[(INSCRIPTIONS_AT, memorial_id)] += 1
        if row.get("person_pk") is None:
            tally[(UNIDENTIFIED_AT, memorial_id)] += 1
    return tally


def person_named_on_stone(
    conn: Connection, memorial_pk: int, person_pk: int, *, besides: int | None = None
) -> bool:
    """Whether a live published inscription of the memorial (other than `besides`) names
    the person: one probe of an index."""
    query = select(inscriptions.c.pk).where(
        inscriptions.c.memorial_pk == memorial_pk,
        inscriptions.c.person_pk == person_pk,
        *_live_published(),
    )
    if besides is not None:
        query = query.where(inscriptions.c.pk != besides)
    return conn.execute(query.limit(1)).first() is not None


def live_links(conn: Connection, memorial_pk: int, person_pk: int) -> int:
    """The person's links to the memorial, if the person is live (else none count)."""
    return int(
        conn.execute(
            select(func.count())
            .select_from(
                person_memorials.join(persons, persons.c.pk == person_memorials.c.person_pk)
            )
            .where(
                person_memorials.c.memorial_pk == memorial_pk,
                person_memorials.c.person_pk == person_pk,
                persons.c.retired_at.is_(None),
                persons.c.merged_into_pk.is_(None),
            )
        ).scalar_one()
    )  # fmt: skip


def stone_page(
    conn: Connection, memorial_pk: int, limit: int, after: tuple[int, int, int] | None = None
) -> tuple[list[dict[str, Any]], tuple[int, int, int] | None]:
    """The memorial's live published inscriptions in place order from just after `after`,
    each with the person it names; and the place the next page starts after (None at the
    end). A range of one index, whatever the stone holds."""
    ins = inscriptions
    where = [ins.c.memorial_pk == memorial_pk, *_live_published()]
    if after is not None:
        where.append(tuple_(ins.c.panel, ins.c.row, ins.c.position) > tuple_(*after))
    rows = conn.execute(
        select(
            ins.c.id, ins.c.text, ins.c.panel, ins.c.row, ins.c.position, ins.c.note,
            ins.c.status, ins.c.version, ins.c.retired_at, ins.c.retired_reason,
            persons.c.id.label("person_id"), persons.c.surname, persons.c.given_name,
            persons.c.patronymic, media.c.id.label("media_id"),
        )
        .select_from(
            ins.outerjoin(persons, persons.c.pk == ins.c.person_pk)
            .outerjoin(media, media.c.pk == ins.c.media_pk)
        )
        .where(*where)
        .order_by(ins.c.panel, ins.c.row, ins.c.position)
        .limit(limit + 1)
    ).mappings().all()  # fmt: skip
    items = [dict(r) for r in rows[:limit]]
    following = None
    if len(rows) > limit:
        last = items[-1]
        following = (last["panel"], last["row"], last["position"])
    return items, following


def persons_on_stone(conn: Connection, memorial_pk: int, person_ids: Iterable[str]) -> set[str]:
    """Which of these persons a live published inscription of the memorial names: one
    look-up for a page of the register's list."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return set()
    rows = conn.execute(
        select(persons.c.id)
        .select_from(inscriptions.join(persons, persons.c.pk == inscriptions.c.person_pk))
        .where(
            inscriptions.c.memorial_pk == memorial_pk,
            *_live_published(),
            persons.c.id.in_(bindparam("ids", expanding=True)),
        )
        .distinct(),
        {"ids": wanted},
    )
    return {r[0] for r in rows}


def place_taken(
    conn: Connection, memorial_pk: int, place: tuple[int, int, int], *, besides: int | None = None
) -> str | None:
    """The id of the live published inscription standing at this place, if any."""
    query = select(inscriptions.c.id).where(
        inscriptions.c.memorial_pk == memorial_pk,
        *_live_published(),
        inscriptions.c.panel == place[0],
        inscriptions.c.row == place[1],
        inscriptions.c.position == place[2],
    )
    if besides is not None:
        query = query.where(inscriptions.c.pk != besides)
    return conn.execute(query).scalar()


def last_position(conn: Connection, memorial_pk: int, panel: int, row: int) -> int:
    """The highest position used in a row (0 for an empty row), proposed ones included."""
    found = conn.execute(
        select(func.max(inscriptions.c.position)).where(
            inscriptions.c.memorial_pk == memorial_pk,
            inscriptions.c.panel == panel,
            inscriptions.c.row == row,
            inscriptions.c.retired_at.is_(None),
        )
    ).scalar()
    return int(found or 0)


def recount(conn: Connection) -> Tally:
    """The three totals of every memorial as the rows give them now (a full scan: for
    check and rebuild only)."""
    tally: Tally = Counter()
    if not inspect(conn).has_table(inscriptions.name):  # older migrations recount too
        return tally
    ins = inscriptions
    rows = conn.execute(
        select(
            memorials.c.id,
            func.count(),
            func.count(ins.c.pk).filter(ins.c.person_pk.is_(None)),
        )
        .select_from(ins.join(memorials, memorials.c.pk == ins.c.memorial_pk))
        .where(*_live_published())
        .group_by(memorials.c.id)
    )
    for memorial_id, total, unidentified in rows:
        tally[(INSCRIPTIONS_AT, memorial_id)] = int(total)
        if unidentified:
            tally[(UNIDENTIFIED_AT, memorial_id)] = int(unidentified)
    link = person_memorials
    named = exists().where(
        ins.c.memorial_pk == link.c.memorial_pk,
        ins.c.person_pk == link.c.person_pk,
        *_live_published(),
    )
    on_stone = conn.execute(
        select(memorials.c.id, func.count())
        .select_from(
            link.join(persons, persons.c.pk == link.c.person_pk).join(
                memorials, memorials.c.pk == link.c.memorial_pk
            )
        )
        .where(persons.c.retired_at.is_(None), persons.c.merged_into_pk.is_(None), named)
        .group_by(memorials.c.id)
    )
    for memorial_id, count in on_stone:
        tally[(ON_STONE_AT, memorial_id)] = int(count)
    return tally


def inscription_problems(conn: Connection) -> list[str]:
    """For `memreg check`: inscriptions that name a person not linked to their memorial,
    or were read from a photo of another memorial."""
    ins, link = inscriptions, person_memorials
    linked = exists().where(
        link.c.memorial_pk == ins.c.memorial_pk, link.c.person_pk == ins.c.person_pk
    )
    problems = []
    unlinked = conn.execute(
        select(ins.c.id).where(ins.c.person_pk.is_not(None), ins.c.retired_at.is_(None), ~linked)
        .order_by(ins.c.id).limit(6)
    ).scalars().all()  # fmt: skip
    if unlinked:
        count = conn.execute(
            select(func.count()).where(
                ins.c.person_pk.is_not(None), ins.c.retired_at.is_(None), ~linked
            )
        ).scalar_one()
        shown = ", ".join(unlinked[:5]) + (f" and {count - 5} more" if count > 5 else "")
        problems.append(
            f"{count} inscription(s) name a person not linked to their memorial "
            f"(link the person to the memorial or unlink the inscription): {shown}"
        )
    elsewhere = conn.execute(
        select(func.count())
        .select_from(ins.join(media, media.c.pk == ins.c.media_pk))
        .where(
            ins.c.retired_at.is_(None),
            and_(media.c.memorial_pk.is_not(None), media.c.memorial_pk != ins.c.memorial_pk),
        )
    ).scalar_one()
    if elsewhere:
        problems.append(f"{elsewhere} inscription(s) were read from a photo of another memorial")
    return problems


def _memorials_naming(conn: Connection, person_pk: int) -> list[int]:
    """The memorials where a live published inscription names the person."""
    return list(
        conn.execute(
            select(inscriptions.c.memorial_pk)
            .where(inscriptions.c.person_pk == person_pk, *_live_published())
            .distinct()
        ).scalars()
    )


def _links_by_memorial(conn: Connection, person_pk: int, memorial_pks: list[int]) -> Tally:
    if not memorial_pks:
        return Counter()
    rows = conn.execute(
        select(memorials.c.id, func.count())
        .select_from(
            person_memorials.join(memorials, memorials.c.pk == person_memorials.c.memorial_pk)
        )
        .where(
            person_memorials.c.person_pk == person_pk,
            person_memorials.c.memorial_pk.in_(bindparam("pks", expanding=True)),
        )
        .group_by(memorials.c.id),
        {"pks": memorial_pks},
    )  # fmt: skip
    return Counter({(ON_STONE_AT, memorial_id): int(count) for memorial_id, count in rows})


def person_leaves_tally(conn: Connection, person_pk: int) -> Tally:
    """What a person leaving the register (retired, merged away) takes from the on-stone
    totals: each of their links at a memorial whose stone names them."""
    tally = _links_by_memorial(conn, person_pk, _memorials_naming(conn, person_pk))
    return Counter({key: -count for key, count in tally.items()})


def move_person(conn: Connection, from_pk: int, to_pk: int, revision_pk: int) -> Tally:
    """Inscriptions naming a merged person name the survivor; return what the survivor
    adds to the on-stone totals (at memorials whose stone did not name them before)."""
    before = set(_memorials_naming(conn, to_pk))
    moved = set(_memorials_naming(conn, from_pk))
    conn.execute(
        inscriptions.update()
        .where(inscriptions.c.person_pk == from_pk)
        .values(person_pk=to_pk, version=inscriptions.c.version + 1, revision_id=revision_pk)
    )
    return _links_by_memorial(conn, to_pk, sorted(moved - before))


def stone_totals(conn: Connection, memorial_id: str) -> dict[str, int]:
    """The memorial's totals of the stone and of the register's list: a few rows read."""
    wanted = {INSCRIPTIONS_AT: "inscriptions", UNIDENTIFIED_AT: "unidentified",
              ON_STONE_AT: "names_on_stone", NAMES_AT: "names"}  # fmt: skip
    rows = conn.execute(
        select(register_counts.c.dimension, register_counts.c.count).where(
            register_counts.c.dimension.in_(bindparam("dims", expanding=True)),
            register_counts.c.value == memorial_id,
        ),
        {"dims": sorted(wanted)},
    )
    out = dict.fromkeys(wanted.values(), 0)
    for dimension, count in rows:
        out[wanted[dimension]] = int(count)
    out["names_not_on_stone"] = max(0, out["names"] - out["names_on_stone"])
    return out


def inscription_view(conn: Connection, inscription_id: str) -> dict[str, Any] | None:
    """One inscription with the public ids of its memorial, person and photo."""
    ins = inscriptions
    row = conn.execute(
        select(
            ins.c.id, memorials.c.id.label("memorial_id"), ins.c.text, ins.c.panel, ins.c.row,
            ins.c.position, ins.c.status, ins.c.note, persons.c.id.label("person_id"),
            media.c.id.label("media_id"), ins.c.version, ins.c.retired_at, ins.c.retired_reason,
            ins.c.memorial_pk,
        )
        .select_from(
            ins.join(memorials, memorials.c.pk == ins.c.memorial_pk)
            .outerjoin(persons, persons.c.pk == ins.c.person_pk)
            .outerjoin(media, media.c.pk == ins.c.media_pk)
        )
        .where(ins.c.id == inscription_id)
    ).mappings().first()  # fmt: skip
    return dict(row) if row is not None else None


PLACE_CURSOR: dict[str, tuple[type, ...]] = {"place": (int, int, int)}


def place_cursor(place: tuple[int, int, int] | None) -> str | None:
    """The cursor of a page of the stone that starts after this place."""
    return encode_cursor("place", list(place)) if place is not None else None


def place_after(cursor: str | None) -> tuple[int, int, int] | None:
    """The place a cursor of the stone's list starts after; refused naming `cursor`."""
    if cursor is None:
        return None
    _, key = decode_cursor(cursor, PLACE_CURSOR)
    return key[0], key[1], key[2]
