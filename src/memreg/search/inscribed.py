"""Persons of one memorial whose names answer a carved name, ranked, each with the reason.

The carved surname is looked up as the person search looks a typed one up (its keys and
the vocabulary's keys near them), then the index entries of those keys are read only for
persons linked to this memorial, narrowed by the first letter of the carved given name:
one bounded read, however many names the register or the memorial holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select

from memreg.domain.inscriptions import InscriptionStatus
from memreg.domain.names.carved import CarvedName, Part, match_person, modern, read_carved
from memreg.domain.names.keys import word_keys
from memreg.search.candidates import near_surname_keys
from memreg.store.schema import inscriptions, person_memorials, person_name_keys, persons

READ_CAP = 2000  # index entries read per reading of the carved name
MIN_SCORE = 0.5
MAX_SUGGESTIONS = 50


def _given_classes(part: Part | None) -> list[str]:
    """First letters the given name's key may have, for the part carved (none: any)."""
    if part is None:
        return []
    return sorted({key[:1] for key in word_keys(modern(part.text)) if key})


def _candidates(conn: Connection, memorial_pk: int, carved: CarvedName) -> tuple[list[int], bool]:
    words = tuple(dict.fromkeys(modern(surname.text) for surname, _, _ in carved.readings()))
    near = near_surname_keys(conn, words)
    found: dict[int, None] = {}
    capped = False
    keys, link = person_name_keys, person_memorials
    for surname, given, _ in carved.readings():
        index = words.index(modern(surname.text))
        skeys = sorted(near.get(index, {}))
        if not skeys:
            continue
        where = [keys.c.skey.in_(bindparam("skeys", expanding=True)),
                 link.c.memorial_pk == memorial_pk]  # fmt: skip
        params: dict[str, Any] = {"skeys": skeys}
        classes = _given_classes(given)
        if classes:
            ranges = [keys.c.gkey == ""]  # a record without a given name may be the one
            for i, letter in enumerate(classes):
                ranges.append(and_(keys.c.gkey >= bindparam(f"lo{i}"),
                                   keys.c.gkey < bindparam(f"hi{i}")))  # fmt: skip
                params[f"lo{i}"], params[f"hi{i}"] = letter, chr(ord(letter) + 1)
            where.append(or_(*ranges))
        rows = conn.execute(
            select(keys.c.person_pk)
            .select_from(keys.join(link, link.c.person_pk == keys.c.person_pk))
            .where(*where)
            .limit(READ_CAP),
            params,
        ).scalars().all()  # fmt: skip
        capped = capped or len(rows) >= READ_CAP
        found.update(dict.fromkeys(rows))
    return list(found), capped


def _named_here(conn: Connection, memorial_pk: int, pks: list[int]) -> dict[int, list[str]]:
    """The live published inscriptions of this memorial already naming each person."""
    if not pks:
        return {}
    rows = conn.execute(
        select(inscriptions.c.person_pk, inscriptions.c.id)
        .where(
            inscriptions.c.memorial_pk == memorial_pk,
            inscriptions.c.person_pk.in_(bindparam("pks", expanding=True)),
            inscriptions.c.retired_at.is_(None),
            inscriptions.c.status == InscriptionStatus.PUBLISHED.value,
        )
        .order_by(inscriptions.c.id),
        {"pks": pks},
    )
    out: dict[int, list[str]] = {}
    for person_pk, inscription_id in rows:
        out.setdefault(person_pk, []).append(inscription_id)
    return out


def suggest_persons(
    conn: Connection, memorial_pk: int, text: str, limit: int = 10
) -> tuple[list[dict[str, Any]], list[str]]:
    """The persons of the memorial the carved `text` may name, best first, with why; and
    notes on what was not looked for."""
    carved = read_carved(text)
    notes = [f"not part of the name: {' '.join(carved.ignored)}"] if carved.ignored else []
    if carved.empty:
        return [], [*notes, "the text holds no word to read as a surname"]
    pks, capped = _candidates(conn, memorial_pk, carved)
    if capped:
        notes.append("very many persons of this memorial share the surname; the best of "
                     f"the first {READ_CAP} read are shown")  # fmt: skip
    if not pks:
        return [], [*notes, "no person of this memorial has a surname near the carved one"]
    columns = [persons.c[c] for c in ("pk", "id", "surname", "given_name", "patronymic",
                                      "birth_date", "birth_year", "death_date")]  # fmt: skip
    scored = []
    query = select(*columns).where(
        persons.c.pk.in_(bindparam("pks", expanding=True)),
        persons.c.retired_at.is_(None),
        persons.c.merged_into_pk.is_(None),
    )
    for start in range(0, len(pks), 1000):
        for row in conn.execute(query, {"pks": pks[start : start + 1000]}).mappings():
            person = dict(row)
            match = match_person(carved, person)
            if match is not None and match.score >= MIN_SCORE:
                scored.append((match, person))
    scored.sort(key=lambda hit: (-hit[0].score, hit[1]["surname"], hit[1]["given_name"] or "",
                                 hit[1]["patronymic"] or "", hit[1]["id"]))  # fmt: skip
    best = scored[:limit]
    named = _named_here(conn, memorial_pk, [person["pk"] for _, person in best])
    items = [
        {
            "person_id": person["id"], "surname": person["surname"],
            "given_name": person["given_name"], "patronymic": person["patronymic"],
            "birth_date": person["birth_date"], "death_date": person["death_date"],
            "score": match.score,
            "why": {"text": match.in_words, "matches": match.why},
            "inscriptions": named.get(person["pk"], []),
        }
        for match, person in best
    ]  # fmt: skip
    return items, notes
