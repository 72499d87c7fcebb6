"""Scores and reasons: how well an index entry, then a person, answers one reading of a query.

The first pass scores index entries from their keys alone (cheap: thousands per query);
the second looks at the persons that lead and says, per query word, which field it matched
and how (exact, transliteration, phonetic, other gender form, typo, equivalent name,
initial), as data and in words a relative understands.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as data_field
from typing import Any

from rapidfuzz import fuzz

from memreg.domain.names.given import given_names
from memreg.domain.names.keys import (
    initial_classes,
    patronymic_keys,
    surname_keys,
    word_keys,
)
from memreg.domain.names.query import ParsedQuery
from memreg.domain.names.scripts import match_forms
from memreg.search.candidates import Entry, Reading, given_keys

WEIGHTS = {"surname": 4.0, "given_name": 3.0, "patronymic": 2.0, "birth_year": 2.0}
MISSING_IN_RECORD = 0.35
HOW_BONUS = {
    "exact": 0.02, "transliteration": 0.015, "phonetic": 0.01, "gender form": 0.008,
    "equivalent name": 0.006, "initial": 0.0, "typo": 0.0, "not in record": 0.0, "differs": 0.0,
}  # fmt: skip
HOW_WORDS = {
    "exact": "exactly as typed",
    "transliteration": "the same spelling in another script",
    "phonetic": "a spelling that sounds the same",
    "gender form": "the other gender's form of the surname",
    "typo": "a close spelling (a typing slip or a clerk's variant)",
    "equivalent name": "the same name in another language",
    "initial": "the initial matches",
    "not in record": "the record does not give it",
    "differs": "does not match",
}
EXACT_INITIAL_BONUS = 0.01
FIELD_WORDS = {"surname": "surname", "given_name": "given name", "patronymic": "patronymic"}


@dataclass
class ReadingKeys:
    """What one reading of the query looks for, in keys."""

    reading: Reading
    surname_edits: dict[str, int]
    given_exact: set[str]
    given_equivalent: set[str]
    given_initials: set[str]
    patronymic: set[str]
    patronymic_initials: set[str]
    weight: float
    # Scores already worked out for a stored key: a look-up returns many entries per key.
    given_scores: dict[str, float] = data_field(default_factory=dict)
    patronymic_scores: dict[str, float] = data_field(default_factory=dict)

    def given_score(self, gkey: str) -> float:
        score = self.given_scores.get(gkey)
        if score is None:
            score = _part_score(gkey, self.given_exact, self.given_equivalent, self.given_initials)
            self.given_scores[gkey] = score
        return score

    def patronymic_score(self, pkey: str) -> float:
        score = self.patronymic_scores.get(pkey)
        if score is None:
            score = _part_score(pkey, self.patronymic, self.patronymic, self.patronymic_initials)
            self.patronymic_scores[pkey] = score
        return score


def reading_keys(query: ParsedQuery, reading: Reading, edits: dict[str, int]) -> ReadingKeys:
    words = query.words
    given = words[reading.given] if reading.given is not None else None
    patronymic = words[reading.patronymic] if reading.patronymic is not None else None
    weight = WEIGHTS["surname"]
    if given or reading.given_initial:
        weight += WEIGHTS["given_name"]
    if patronymic or reading.patronymic_initial:
        weight += WEIGHTS["patronymic"]
    if query.year:
        weight += WEIGHTS["birth_year"]
    return ReadingKeys(
        reading,
        edits,
        set(word_keys(given)) if given else set(),
        given_keys(given) if given else set(),
        initial_classes(reading.given_initial) if reading.given_initial else set(),
        set(patronymic_keys(patronymic)) if patronymic else set(),
        initial_classes(reading.patronymic_initial) if reading.patronymic_initial else set(),
        weight,
    )


def _near(key: str, wanted: set[str]) -> float:
    return max((fuzz.ratio(key, w) for w in wanted), default=0.0) / 100.0


def _part_score(key: str, exact: set[str], equivalent: set[str], initials: set[str]) -> float:
    """How well a stored given-name or father's-name key answers the typed word (its keys,
    the keys of the same name in other languages) or the typed initial."""
    if exact:
        if not key:
            return MISSING_IN_RECORD
        if key in exact:
            return 1.0
        if key in equivalent:  # the closer spelling first among the names it may be
            return 0.9 + 0.05 * _near(key, exact)
        return 0.8 * _near(key, exact)
    if initials:
        if not key:
            return MISSING_IN_RECORD
        return 0.85 if key[0] in initials else 0.0
    return 0.0


def year_score(wanted: int | None, year: int) -> float:
    if wanted is None:
        return 0.0
    if not year:
        return MISSING_IN_RECORD
    apart = abs(wanted - year)
    return {0: 1.0, 1: 0.8, 2: 0.6}.get(apart, max(0.0, 0.4 - 0.05 * (apart - 2)))


def entry_score(query: ParsedQuery, keys: ReadingKeys, entry: Entry) -> float:
    edits = keys.surname_edits.get(entry.skey)
    if edits is None:
        return 0.0
    total = WEIGHTS["surname"] * (1.0 - 0.12 * edits)
    total += WEIGHTS["given_name"] * keys.given_score(entry.gkey)
    total += WEIGHTS["patronymic"] * keys.patronymic_score(entry.pkey)
    if query.year is not None:
        total += WEIGHTS["birth_year"] * year_score(query.year, entry.birth_year)
    return total / keys.weight - keys.reading.order_penalty


# --- the second pass: a person and why --------------------------------------------------


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


def _how_surname(typed: str, stored: str) -> str:
    if _plain(typed) == _plain(stored):
        return "exact"
    if set(match_forms(typed)) & set(match_forms(stored)):
        return "transliteration"
    if set(word_keys(typed)) & set(word_keys(stored)):
        return "phonetic"
    if set(surname_keys(typed)) & set(surname_keys(stored)):
        return "gender form"
    return "typo"


def _how_given(typed: str, stored: str) -> str:
    if _plain(typed) == _plain(stored):
        return "exact"
    if set(match_forms(typed)) & set(match_forms(stored)):
        return "transliteration"
    typed_keys, stored_keys = set(word_keys(typed)), set(word_keys(stored))
    if typed_keys & stored_keys:
        return "phonetic"
    names = given_names()
    if any(names.same_name(a, b) for a in typed_keys for b in stored_keys):
        return "equivalent name"
    return "typo"


def _how_patronymic(typed: str, stored: str) -> str:
    if _plain(typed) == _plain(stored):
        return "exact"
    if set(match_forms(typed)) & set(match_forms(stored.split()[0] if stored else "")):
        return "transliteration"
    if set(patronymic_keys(typed)) & set(patronymic_keys(stored)):
        return "phonetic"
    return "typo"


def _how_initial(initial: str, stored: str | None) -> tuple[str, float]:
    """How an initial answers a stored name, and a bonus when it is the very letter (И for
    Иоганн, not only a letter of the same sound class, as Э of Эмма)."""
    if not stored or not stored.split():
        return "not in record", 0.0
    first = stored.split()[0]
    keys = word_keys(first)
    if not keys or keys[0][:1] not in initial_classes(initial):
        return "differs", 0.0
    letters = {form[:1] for form in match_forms(initial)}
    same_letter = bool(letters & {form[:1] for form in match_forms(first)})
    return "initial", EXACT_INITIAL_BONUS if same_letter else 0.0


def explain(
    query: ParsedQuery, reading: Reading, person: dict[str, Any]
) -> tuple[list[dict[str, Any]], float]:
    """Per query part: the field it matched and how; and the bonus that orders equals."""
    words = query.words
    why: list[dict[str, Any]] = []
    bonus = 0.0

    def add(field: str, typed: str, stored: Any, how: str) -> None:
        nonlocal bonus
        why.append({"field": field, "query": typed, "value": stored, "how": how})
        bonus += HOW_BONUS.get(how, 0.0)

    surname = person["surname"]
    add("surname", words[reading.surname], surname, _how_surname(words[reading.surname], surname))
    for field, index, initial, how_of in (
        ("given_name", reading.given, reading.given_initial, _how_given),
        ("patronymic", reading.patronymic, reading.patronymic_initial, _how_patronymic),
    ):
        stored = person.get(field)
        if index is not None:
            typed = words[index]
            add(field, typed, stored, how_of(typed, stored) if stored else "not in record")
        elif initial is not None:
            how, letter_bonus = _how_initial(initial, stored)
            add(field, initial + ".", stored, how)
            bonus += letter_bonus
    if query.year:
        year = person.get("birth_year")
        apart = abs(query.year - year) if year else None
        how = "not in record" if apart is None else ("exact" if apart == 0 else f"{apart} apart")
        why.append({"field": "birth_year", "query": str(query.year), "value": year, "how": how})
    typed_all = " ".join(words)
    stored_all = " ".join(
        p for p in (surname, person.get("given_name"), person.get("patronymic")) if p
    )
    bonus += 0.005 * fuzz.token_sort_ratio(_plain(typed_all), _plain(stored_all)) / 100.0
    return why, bonus


def why_in_words(why: list[dict[str, Any]]) -> str:
    parts = []
    for item in why:
        if item["field"] == "birth_year":
            how = item["how"]
            if how == "exact":
                parts.append(f"born in {item['value']}, as given")
            elif how == "not in record":
                parts.append("the record gives no birth year")
            else:
                years = how.split()[0]
                parts.append(
                    f"born in {item['value']}, {years} year{'s' if years != '1' else ''} "
                    f"from {item['query']}"
                )
            continue
        name = FIELD_WORDS[item["field"]]
        if item["how"] == "not in record":
            parts.append(f"{name}: {HOW_WORDS['not in record']}")
        else:
            parts.append(f"{name} {item['value']} for “{item['query']}”: {HOW_WORDS[item['how']]}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
