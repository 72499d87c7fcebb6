"""Reads for the public record pages beyond the record itself: photos, events, sources,
place honours, and other records that may be the same person. Each is sized by what one
record has, never by the register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select, true

from memreg.store.person_names import entries_of
from memreg.store.queries import public
from memreg.store.schema import (
    events,
    map_places,
    media,
    memorials,
    person_memorials,
    person_name_keys,
    persons,
    place_honours,
    revisions,
    sources,
)

MAX_ITEMS = 200  # photos, events or honours shown on one page


def memorial_media(conn: Connection, memorial_pk: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(media)
        .where(media.c.memorial_pk == memorial_pk, media.c.retired_at.is_(None))
        .order_by(media.c.taken_on, media.c.pk)
        .limit(MAX_ITEMS)
    ).mappings()
    return [public(r) for r in rows]


def memorial_events(conn: Connection, memorial_pk: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(events, sources.c.id.label("source_id"), sources.c.title.label("source_title"))
        .select_from(events.outerjoin(sources, sources.c.pk == events.c.source_pk))
        .where(events.c.memorial_pk == memorial_pk, events.c.retired_at.is_(None))
        .order_by(events.c.date, events.c.pk)
        .limit(MAX_ITEMS)
    ).mappings()
    return [public(r) for r in rows]


def memorial_sources(conn: Connection, memorial: dict[str, Any]) -> list[dict[str, Any]]:
    """Sources named by the memorial's revisions (its imports) and by its events."""
    from_revisions = select(revisions.c.source_id).where(
        revisions.c.pk.in_([memorial["created_revision_id"], memorial["revision_id"]]),
        revisions.c.source_id.is_not(None),
    )
    from_events = select(events.c.source_pk).where(events.c.memorial_pk == memorial["pk"])
    rows = conn.execute(
        select(sources)
        .where(
            or_(sources.c.id.in_(from_revisions), sources.c.pk.in_(from_events)),
            sources.c.retired_at.is_(None),
        )
        .order_by(sources.c.title, sources.c.id)
        .limit(MAX_ITEMS)
    ).mappings()
    return [public(r) for r in rows]


def settlement_honours(
    conn: Connection, settlement: str | None, country: str, region: str | None
) -> list[dict[str, Any]]:
    """The titles a memorial's settlement holds (same name, country and, when both are
    known, region)."""
    if not settlement:
        return []
    where = [
        place_honours.c.settlement == settlement.strip(),
        place_honours.c.country == country,
        place_honours.c.retired_at.is_(None),
    ]
    if region:
        where.append(or_(place_honours.c.region.is_(None), place_honours.c.region == region))
    rows = conn.execute(
        select(place_honours).where(*where).order_by(place_honours.c.awarded_on).limit(MAX_ITEMS)
    ).mappings()
    return [public(r) for r in rows]


def same_person_candidates(
    conn: Connection, person: dict[str, Any], limit: int = 20
) -> list[dict[str, Any]]:
    """Other live records born the same year whose surname and given name share the
    person's search keys (Ковалёв and Ковалев, Сидоренко and Сідарэнка) and whose patronymic
    agrees or is missing: perhaps the same person recorded twice. Read from the person-search
    index, so a common name costs a range of it, not a scan."""
    if person.get("birth_year") is None or not person.get("given_name"):
        return []
    entries = entries_of(person)
    if not entries:
        return []
    keys = person_name_keys
    alike = or_(*[
        and_(keys.c.skey == entry.skey, keys.c.gkey == entry.gkey,
             keys.c.pkey.in_([entry.pkey, ""]) if entry.pkey else true())
        for entry in entries
    ])  # fmt: skip
    rows = conn.execute(
        select(persons.c.id, persons.c.surname, persons.c.given_name, persons.c.patronymic,
               persons.c.birth_date, persons.c.death_date)
        .select_from(keys.join(persons, persons.c.pk == keys.c.person_pk))
        .where(
            alike,
            keys.c.birth_year == person["birth_year"],
            persons.c.pk != person["pk"],
            persons.c.retired_at.is_(None),
        )
        .distinct()
        .order_by(persons.c.id)
        .limit(limit)
    ).mappings()  # fmt: skip
    return [dict(r) for r in rows]


def person_links(conn: Connection, person_pk: int) -> list[dict[str, Any]]:
    """The memorials a person is linked to, with the role and where each lies."""
    rows = conn.execute(
        select(
            person_memorials.c.role, memorials.c.id, memorials.c.name, memorials.c.names,
            memorials.c.kind, memorials.c.lat, memorials.c.lon, memorials.c.country,
            memorials.c.region, memorials.c.settlement, memorials.c.retired_at,
            sources.c.title.label("source_title"),
        )
        .select_from(
            person_memorials.join(memorials, memorials.c.pk == person_memorials.c.memorial_pk)
            .outerjoin(sources, sources.c.pk == person_memorials.c.source_pk)
        )
        .where(person_memorials.c.person_pk == person_pk)
        .order_by(person_memorials.c.pk)
        .limit(MAX_ITEMS)
    ).mappings()  # fmt: skip
    return [dict(r) for r in rows]


def honours_list(conn: Connection, limit: int = 1000) -> list[dict[str, Any]]:
    """Every live place honour, with where its settlement's memorials lie (map_places)."""
    rows = conn.execute(
        select(place_honours, map_places.c.n, map_places.c.lat_sum, map_places.c.lon_sum)
        .select_from(
            place_honours.outerjoin(
                map_places,
                and_(
                    map_places.c.settlement == place_honours.c.settlement,
                    map_places.c.country == place_honours.c.country,
                    or_(place_honours.c.region.is_(None),
                        map_places.c.region == place_honours.c.region),
                ),
            )
        )
        .where(place_honours.c.retired_at.is_(None))
        .order_by(place_honours.c.title, place_honours.c.awarded_on, place_honours.c.settlement)
        .limit(limit)
    ).mappings()  # fmt: skip
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        honour = out.setdefault(row["id"], public(row) | {"memorials": 0, "lat": None, "lon": None})
        if row["n"]:
            honour["memorials"] += int(row["n"])
            honour["lat"] = int(row["lat_sum"]) / row["n"] / 1e6
            honour["lon"] = int(row["lon_sum"]) / row["n"] / 1e6
    return list(out.values())
