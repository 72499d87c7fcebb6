"""Candidate persons for a query: which word is the surname, which surname keys of the
vocabulary are near it, and the index entries those keys, the given name, the father's
name and the birth year narrow to. Every read is bounded; nothing scans the register."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA
from sqlalchemy import Connection

from memreg.domain.names.given import given_names
from memreg.domain.names.keys import (
    initial_classes,
    looks_like_patronymic,
    patronymic_keys,
    surname_keys,
    wide_deletions,
    word_keys,
)
from memreg.domain.names.query import ParsedQuery
from memreg.store.person_names import find_entries, vocabulary_matches

READ_CAP = 1000  # entries per look-up
MAX_SURNAME_KEYS = 40  # vocabulary keys kept per word, nearest first
YEAR_SLACK = 2


def allowed_edits(key: str) -> int:
    """Edits tolerated between a typed surname key and a stored one, by the key's length."""
    if len(key) <= 3:
        return 0
    return 1 if len(key) <= 6 else 2


@dataclass
class Reading:
    """One way of reading the query: which word is the surname, which the given name..."""

    surname: int  # index of the word
    given: int | None = None
    patronymic: int | None = None
    given_initial: str | None = None
    patronymic_initial: str | None = None
    order_penalty: float = 0.0


@dataclass
class Entry:
    skey: str
    gkey: str
    pkey: str
    birth_year: int
    person_pk: int


def readings_of(query: ParsedQuery, surname_words: list[int]) -> list[Reading]:
    """Every assignment of words to surname, given name and patronymic worth trying."""
    out: list[Reading] = []
    last = len(query.words) - 1
    marked = query.patronymic_word
    if marked is None:  # a word with a patronymic ending is the patronymic, wherever it is
        shaped = [i for i, word in enumerate(query.words) if looks_like_patronymic(word)]
        marked = shaped[0] if len(shaped) == 1 and len(query.words) > 2 else None
    for s in surname_words:
        if s == marked and len(surname_words) > 1:
            continue  # Ивановна is not the surname of Попова Мария Ивановна
        rest = [i for i in range(len(query.words)) if i != s]
        given = rest[0] if rest else None
        patronymic = rest[1] if len(rest) > 1 else None
        if marked is not None and marked in rest:
            patronymic = marked
            others = [i for i in rest if i != patronymic]
            given = others[0] if others else None
        initials = list(query.initials)
        given_initial = initials.pop(0) if given is None and initials else None
        patronymic_initial = initials.pop(0) if patronymic is None and initials else None
        penalty = 0.0 if s in (0, last) else 0.02
        out.append(Reading(s, given, patronymic, given_initial, patronymic_initial, penalty))
    return out


def near_surname_keys(conn: Connection, words: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """For each word, the stored surname keys within its allowed edits, nearest first."""
    typed = {i: surname_keys(word) for i, word in enumerate(words)}
    wanted = {d for keys in typed.values() for key in keys for d in wide_deletions(key)}
    stored = {s for _, s in vocabulary_matches(conn, wanted)}
    near: dict[int, dict[str, int]] = {}
    for i, keys in typed.items():
        found: dict[str, int] = {}
        for skey in stored:
            best = min(
                (OSA.distance(key, skey, score_cutoff=allowed_edits(key)) for key in keys),
                default=99,
            )
            if best <= max((allowed_edits(k) for k in keys), default=0):
                found[skey] = best
        if found:
            ranked = sorted(found.items(), key=lambda item: (item[1], item[0]))
            near[i] = dict(ranked[:MAX_SURNAME_KEYS])
    return near


def given_keys(word: str) -> set[str]:
    names = given_names()
    out: set[str] = set()
    for key in word_keys(word):
        out |= names.equivalents(key)
    return out


def entries_for(
    conn: Connection, query: ParsedQuery, reading: Reading, edits: dict[str, int], enough: int
) -> tuple[list[Entry], bool]:
    """Index entries for one reading, the nearest surname keys first: the keys as typed,
    then those one edit away, then two edits only while few are found. Each group is read
    on its own, so the rows of other surnames never crowd the typed one out of a limit."""
    found: dict[tuple[str, str, str, int, int], None] = {}
    capped = False
    for distance in sorted(set(edits.values())):
        if distance >= 2 and len(found) >= enough:
            break
        group = sorted(key for key, edit in edits.items() if edit == distance)
        rows, group_capped = _entries_of_group(conn, query, reading, group, enough)
        found.update(dict.fromkeys(rows))
        capped = capped or group_capped
    return [Entry(*row) for row in found], capped


def _entries_of_group(
    conn: Connection, query: ParsedQuery, reading: Reading, skeys: list[str], enough: int
) -> tuple[list[tuple[str, str, str, int, int]], bool]:
    """Entries of these surname keys: narrowed by given name, then wider while few are found."""
    years = (query.year - YEAR_SLACK, query.year + YEAR_SLACK) if query.year else None
    found: dict[tuple[str, str, str, int, int], None] = {}
    capped = False

    def read(**narrowing: object) -> None:
        nonlocal capped
        rows = find_entries(conn, skeys, limit=READ_CAP, **narrowing)  # type: ignore[arg-type]
        capped = capped or len(rows) >= READ_CAP
        found.update(dict.fromkeys(rows))

    if reading.given is not None:
        typed = set(word_keys(query.words[reading.given]))
        # One read per given-name key, the typed ones first: under one LIMIT the common
        # names among the equivalents (Михаил beside Микола) would crowd the others out.
        gkeys = sorted(given_keys(query.words[reading.given]), key=lambda k: (k not in typed, k))
        pkeys = (
            sorted(patronymic_keys(query.words[reading.patronymic]))
            if reading.patronymic is not None
            else []
        )
        for gkey in gkeys:
            if pkeys:
                read(gkeys=[gkey], pkeys=pkeys, years=years)
            read(gkeys=[gkey], years=years)
        if len(found) < enough:
            firsts = sorted({k[0] for k in word_keys(query.words[reading.given]) if k})
            read(given_prefixes=firsts, years=years)
    elif reading.given_initial is not None:
        initials = initial_classes(reading.given_initial)
        fathers = (
            sorted(initial_classes(reading.patronymic_initial))
            if reading.patronymic_initial
            else None
        )
        read(given_prefixes=sorted(initials), father_prefixes=fathers, years=years)
        if len(found) >= READ_CAP:
            # More than one read holds (Иванов В.И. among millions): name by name instead,
            # the names of the table that begin so, each narrowed by the father's initial.
            for gkey in given_names().keys_with_initial(initials):
                read(gkeys=[gkey], father_prefixes=fathers, years=years)
    if len(found) < enough:
        read(years=years)
    if years is not None and len(found) < enough:
        read()
    return list(found), capped
