"""Person search from end to end: read the query, gather candidates, rank, explain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select

from memreg.domain.names.query import ParsedQuery, parse_query
from memreg.search.candidates import entries_for, near_surname_keys, readings_of
from memreg.search.ranking import entry_score, explain, reading_keys, why_in_words
from memreg.store.schema import memorials, person_memorials, persons

MAX_LIMIT = 100
MAX_WINDOW = 1000  # offset + limit at most: deeper pages are a refinement of the query
SCORE_DIGITS = 4
SECOND_PASS = 60  # leaders of the key scores read in full and compared letter by letter
KEY_SHARE = 0.93  # of the score; the rest is how closely the spelling matched (≤ 0.07)


@dataclass(frozen=True)
class PersonFilters:
    country: str | None = None
    region: str | None = None
    role: str | None = None
    fate: str | None = None
    born_from: int | None = None
    born_to: int | None = None

    @property
    def on_links(self) -> bool:
        return bool(self.country or self.region or self.role)

    @property
    def any(self) -> bool:
        return (
            self.on_links
            or bool(self.fate)
            or self.born_from is not None
            or (self.born_to is not None)
        )


@dataclass
class SearchAnswer:
    items: list[dict[str, Any]]
    total_estimate: int
    query: ParsedQuery
    notes: list[str] = field(default_factory=list)


def search_persons(
    conn: Connection,
    text: str,
    *,
    limit: int = 10,
    offset: int = 0,
    filters: PersonFilters | None = None,
) -> SearchAnswer:
    """The best `limit` persons for a name typed any way, from `offset`, best first."""
    filters = filters or PersonFilters()
    query = parse_query(text)
    if filters.born_from and filters.born_to and filters.born_from > filters.born_to:
        return SearchAnswer([], 0, query, ["born_from is after born_to: no one can match"])
    if query.empty:
        return SearchAnswer([], 0, query, ["the query holds no name to look for"])
    near = near_surname_keys(conn, query.words)
    if not near:
        return SearchAnswer([], 0, query, ["no surname in the register is near the query"])
    enough = offset + limit
    best: dict[int, tuple[float, int]] = {}  # person pk -> (score, reading index)
    readings = readings_of(query, sorted(near))
    for number, reading in enumerate(readings):
        edits = near[reading.surname]
        keys = reading_keys(query, reading, edits)
        entries, _ = entries_for(conn, query, reading, edits, enough)
        for entry in entries:
            if filters.born_from is not None and not (entry.birth_year >= filters.born_from):
                continue
            if filters.born_to is not None and not (0 < entry.birth_year <= filters.born_to):
                continue
            score = entry_score(query, keys, entry)
            if score > best.get(entry.person_pk, (-1.0, 0))[0]:
                best[entry.person_pk] = (score, number)
    pks = list(best)
    if filters.on_links or filters.fate:
        allowed = _passing_filters(conn, pks, filters)
        pks = [pk for pk in pks if pk in allowed]
    ranked = sorted(pks, key=lambda pk: (-best[pk][0], pk))[: max(enough + limit, SECOND_PASS)]
    people = _persons(conn, ranked)
    scored = []
    for pk in ranked:
        person = people.get(pk)
        if person is None:
            continue
        score, number = best[pk]
        why, bonus = explain(query, readings[number], person)
        scored.append((round(KEY_SHARE * score + bonus, SCORE_DIGITS), person, why))
    scored.sort(key=lambda hit: (-hit[0], *_stable_order(hit[1])))
    page = scored[offset : offset + limit]
    links = _memorials_of(conn, [person["pk"] for _, person, _ in page])
    items = [_item(person, score, why, links.get(person["pk"], [])) for score, person, why in page]
    return SearchAnswer(items, len(pks), query)


def _stable_order(person: dict[str, Any]) -> tuple[Any, ...]:
    return (
        person["surname"],
        person.get("given_name") or "",
        person.get("patronymic") or "",
        person.get("birth_year") or 0,
        person["id"],
    )


def _chunks(values: list[int], size: int = 1000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _persons(conn: Connection, pks: list[int]) -> dict[int, dict[str, Any]]:
    columns = [persons.c[name] for name in (
        "pk", "id", "surname", "given_name", "patronymic", "birth_date", "birth_year",
        "death_date", "fate",
    )]  # fmt: skip
    query = select(*columns).where(
        persons.c.pk.in_(bindparam("pks", expanding=True)),
        persons.c.retired_at.is_(None),
        persons.c.merged_into_pk.is_(None),
    )
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(pks):
        for row in conn.execute(query, {"pks": chunk}).mappings():
            out[row["pk"]] = dict(row)
    return out


def _passing_filters(conn: Connection, pks: list[int], filters: PersonFilters) -> set[int]:
    query = select(persons.c.pk).where(persons.c.pk.in_(bindparam("pks", expanding=True)))
    if filters.fate:
        query = query.where(persons.c.fate == filters.fate)
    if filters.on_links:
        query = query.join(person_memorials, person_memorials.c.person_pk == persons.c.pk).join(
            memorials, memorials.c.pk == person_memorials.c.memorial_pk
        )
        if filters.country:
            query = query.where(memorials.c.country == filters.country)
        if filters.region:
            query = query.where(memorials.c.region == filters.region)
        if filters.role:
            query = query.where(person_memorials.c.role == filters.role)
    out: set[int] = set()
    for chunk in _chunks(pks):
        out.update(conn.execute(query, {"pks": chunk}).scalars())
    return out


def _memorials_of(conn: Connection, pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not pks:
        return {}
    query = (
        select(person_memorials.c.person_pk, memorials.c.id, memorials.c.name,
               person_memorials.c.role)
        .join(memorials, memorials.c.pk == person_memorials.c.memorial_pk)
        .where(person_memorials.c.person_pk.in_(bindparam("pks", expanding=True)))
        .where(memorials.c.retired_at.is_(None))
        .order_by(person_memorials.c.person_pk, memorials.c.id, person_memorials.c.role)
    )  # fmt: skip
    out: dict[int, list[dict[str, Any]]] = {}
    for person_pk, memorial_id, name, role in conn.execute(query, {"pks": pks}):
        out.setdefault(person_pk, []).append({"id": memorial_id, "name": name, "role": role})
    return out


def _item(
    person: dict[str, Any], score: float, why: list[dict[str, Any]], links: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": person["id"],
        "surname": person["surname"],
        "given_name": person.get("given_name"),
        "patronymic": person.get("patronymic"),
        "birth_date": person.get("birth_date"),
        "death_date": person.get("death_date"),
        "memorials": links,
        "score": score,
        "why": {"text": why_in_words(why), "matches": why},
    }
