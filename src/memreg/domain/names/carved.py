"""A name as carved, read into its parts, and how well a person of the register answers it.

Carved names are mostly a surname and initials in capitals (`ИВАНОВ И.П.`), sometimes with
the given name cut short (`Иванов Ив. П.`), the initials first (`И.П. ИВАНОВ`), in the old
orthography (`ИВАНОВЪ І.П.`, `СѢРОВЪ`), with a rank or the years of life. Each part is
compared with the person's field as the person search does (spelling, transliteration,
phonetic key, the other gender's form, an equivalent name), and every match says how.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from memreg.domain.names.given import given_names
from memreg.domain.names.keys import (
    looks_like_patronymic,
    patronymic_keys,
    surname_keys,
    word_keys,
)
from memreg.domain.names.scripts import match_forms

# Letters of the pre-1918 orthography, in today's spelling; a final ъ is dropped.
_OLD_LETTERS = str.maketrans({"ѣ": "е", "ѳ": "ф", "ѵ": "и", "і": "и", "ї": "и"})
_FINAL_HARD_SIGN = re.compile(r"ъ\b")
_YEARS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DATES = re.compile(r"[\d\-–.гр]+")
FIRST_YEAR, LAST_YEAR = 1800, 2030
_TOKEN_SPLIT = re.compile(r"[\s,;:()\[\]«»\"/–—]+")
# Ranks and titles carved before a name, which are no part of it (as written, lower case).
_RANKS = """
    рядовой ряд красноармеец кр-ц к-ц красноарм ефрейтор ефр мл ст гв сержант серж с-т
    ст-на старшина лейтенант лейт л-т капитан кап к-н майор подполковник п-к полковник
    генерал матрос краснофлотец партизан партизанка политрук сан санинструктор герой
    героя советского союза гсс private sergeant lieutenant captain major
"""
RANK_WORDS = frozenset(_RANKS.split())
WEIGHTS = {"surname": 4.0, "given_name": 3.0, "patronymic": 2.0, "birth_year": 1.0}
MISSING_IN_RECORD = 0.35
SCORES = {
    "exact": 1.0, "old spelling": 0.98, "transliteration": 0.96, "abbreviation": 0.92,
    "phonetic": 0.9, "equivalent name": 0.85, "initial": 0.85, "gender form": 0.8,
    "typo": 0.65, "differs": 0.0,
}  # fmt: skip
HOW_WORDS = {
    "exact": "as carved (capitals aside)",
    "old spelling": "the same name in the old orthography",
    "transliteration": "the same spelling in another script",
    "abbreviation": "the carved abbreviation begins the name",
    "phonetic": "a spelling that sounds the same",
    "equivalent name": "the same name in another language",
    "initial": "the initial matches",
    "gender form": "the other gender's form of the surname",
    "typo": "a close spelling (a carver's or a clerk's variant)",
    "not in record": "the record does not give it",
    "differs": "does not match",
}
FIELD_WORDS = {"surname": "surname", "given_name": "given name", "patronymic": "patronymic",
               "birth_year": "year of birth"}  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One name part as carved: a whole word, an abbreviation (`Ив.`) or an initial (`И.`)."""

    kind: str  # word, abbreviation, initial
    text: str  # as carved, without its dot

    @property
    def shown(self) -> str:
        return self.text if self.kind == "word" else self.text + "."


@dataclass(frozen=True)
class CarvedName:
    parts: tuple[Part, ...]
    years: tuple[int, ...]
    ignored: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not any(p.kind == "word" for p in self.parts)

    def readings(self) -> list[tuple[Part, Part | None, Part | None]]:
        """(surname, given name, patronymic) ways of reading the parts: the surname first
        (`Иванов И.П.`, `Иванов Иван Петрович`) or last (`И.П. Иванов`)."""
        parts = list(self.parts[:4])
        out: list[tuple[Part, Part | None, Part | None]] = []
        if parts and parts[0].kind == "word":
            rest = parts[1:]
            out.append((parts[0], _at(rest, 0), _at(rest, 1)))
        if len(parts) > 1 and parts[-1].kind == "word":
            rest = parts[:-1]
            if not (parts[0].kind == "word" and len(rest) == 1 and _patronymic_shaped(parts[-1])):
                out.append((parts[-1], _at(rest, 0), _at(rest, 1)))
        return out

    @property
    def surname_words(self) -> list[str]:
        return [surname.text for surname, _, _ in self.readings()]

    @property
    def initials(self) -> list[str]:
        """The first letter of each part after the surname (first reading), for narrowing."""
        readings = self.readings()
        if not readings:
            return []
        return [p.text[:1] for p in readings[0][1:] if p is not None]


def _at(parts: list[Part], index: int) -> Part | None:
    return parts[index] if index < len(parts) else None


def _patronymic_shaped(part: Part) -> bool:
    return part.kind == "word" and looks_like_patronymic(modern(part.text))


def modern(text: str) -> str:
    """A carved word in today's lower-case spelling: і, ѣ, ѳ, ѵ replaced, a final ъ gone."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return _FINAL_HARD_SIGN.sub("", lowered.translate(_OLD_LETTERS))


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("ё", "е")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha() or ch in "-'’")


def read_carved(text: str) -> CarvedName:
    """The name parts, years and other words of a carved text."""
    parts: list[Part] = []
    years: list[int] = []
    ignored: list[str] = []
    for token in _TOKEN_SPLIT.split(unicodedata.normalize("NFC", text)):
        token = token.strip("-'’")
        if not token:
            continue
        if any(ch.isdigit() for ch in token):  # 1912, 1912-1943, 1912г.
            years.extend(int(y) for y in _YEARS.findall(token) if FIRST_YEAR <= int(y) <= LAST_YEAR)
            if not _DATES.fullmatch(token):
                ignored.append(token)
            continue
        pieces = token.split(".")
        for i, piece in enumerate(pieces):
            letters = _letters(piece).strip("-'’")
            if not letters:
                continue
            dotted = i < len(pieces) - 1
            if modern(letters) in RANK_WORDS:
                ignored.append(piece + ("." if dotted else ""))
            elif len([ch for ch in letters if ch.isalpha()]) == 1:
                parts.append(Part("initial", next(ch for ch in letters if ch.isalpha())))
            elif dotted:
                parts.append(Part("abbreviation", letters))
            else:
                parts.append(Part("word", letters))
    return CarvedName(tuple(parts), tuple(years), tuple(ignored))


# --- comparing with a person ------------------------------------------------------------


def _spelled_alike(carved: str, stored: str) -> str | None:
    if _plain(carved) == _plain(stored):
        return "exact"
    if modern(carved) == modern(stored):
        return "old spelling"
    if set(match_forms(modern(carved))) & set(match_forms(stored)):
        return "transliteration"
    return None


def how_surname(carved: str, stored: str) -> str:
    alike = _spelled_alike(carved, stored)
    if alike:
        return alike
    word = modern(carved)
    if set(word_keys(word)) & set(word_keys(stored)):
        return "phonetic"
    carved_keys, stored_keys = set(surname_keys(word)), set(surname_keys(stored))
    if carved_keys & stored_keys:
        return "gender form"
    if any(OSA.distance(a, b) <= (1 if len(a) <= 6 else 2) for a in carved_keys
           for b in stored_keys if len(a) > 3):  # fmt: skip
        return "typo"
    return "differs"


def _how_initial(letter: str, stored: str) -> str:
    first = stored.split()[0]
    carved, own = modern(letter), modern(first)
    if own.startswith(carved) or {f[:1] for f in match_forms(carved)} & {
        f[:1] for f in match_forms(own)
    }:
        return "initial"
    return "differs"


def _how_abbreviation(short: str, stored: str) -> str:
    first = modern(stored.split()[0])
    cut = modern(short)
    if first.startswith(cut):
        return "abbreviation"
    if any(form.startswith(prefix) for form in match_forms(first) for prefix in match_forms(cut)):
        return "abbreviation"
    return "differs"


def how_part(field: str, part: Part, stored: str | None) -> str:
    """How a carved given name or patronymic answers the person's."""
    if not stored or not stored.split():
        return "not in record"
    if part.kind == "initial":
        return _how_initial(part.text, stored)
    if part.kind == "abbreviation":
        return _how_abbreviation(part.text, stored)
    alike = _spelled_alike(part.text, stored.split()[0] if field == "given_name" else stored)
    if alike:
        return alike
    word = modern(part.text)
    if field == "patronymic":
        return "phonetic" if set(patronymic_keys(word)) & set(patronymic_keys(stored)) else (
            "typo" if fuzz.ratio(word, modern(stored)) >= 80 else "differs")  # fmt: skip
    carved_keys, stored_keys = set(word_keys(word)), set(word_keys(stored.split()[0]))
    if carved_keys & stored_keys:
        return "phonetic"
    names = given_names()
    if any(names.same_name(a, b) for a in carved_keys for b in stored_keys):
        return "equivalent name"
    return "typo" if fuzz.ratio(word, modern(stored.split()[0])) >= 80 else "differs"


@dataclass(frozen=True)
class Match:
    score: float
    why: list[dict[str, Any]]

    @property
    def in_words(self) -> str:
        return why_in_words(self.why)


def _score_of(how: str) -> float:
    return MISSING_IN_RECORD if how == "not in record" else SCORES[how]


def match_person(carved: CarvedName, person: dict[str, Any]) -> Match | None:
    """How well this person answers the carved name (best reading), or None when the
    surname does not match or the parts carved contradict the record."""
    best: Match | None = None
    for surname, given, patronymic in carved.readings():
        how = how_surname(surname.text, person["surname"])
        if how == "differs":
            continue
        why = [{"field": "surname", "carved": surname.shown, "value": person["surname"],
                "how": how}]  # fmt: skip
        total, weight = WEIGHTS["surname"] * SCORES[how], WEIGHTS["surname"]
        contradicted = False
        for field, part in (("given_name", given), ("patronymic", patronymic)):
            if part is None:
                continue
            stored = person.get(field)
            how = how_part(field, part, stored)
            contradicted = contradicted or how == "differs"
            why.append({"field": field, "carved": part.shown, "value": stored, "how": how})
            total += WEIGHTS[field] * _score_of(how)
            weight += WEIGHTS[field]
        if contradicted:
            continue
        if carved.years:
            year = person.get("birth_year")
            how = ("not in record" if not year else "exact" if year in carved.years
                   else "differs")  # fmt: skip
            why.append({"field": "birth_year", "carved": " ".join(map(str, carved.years)),
                        "value": year, "how": how})  # fmt: skip
            total += WEIGHTS["birth_year"] * _score_of(how)
            weight += WEIGHTS["birth_year"]
        match = Match(round(total / weight, 4), why)
        if best is None or match.score > best.score:
            best = match
    return best


def why_in_words(why: list[dict[str, Any]]) -> str:
    parts = []
    for item in why:
        name = FIELD_WORDS[item["field"]]
        if item["how"] == "not in record":
            parts.append(f"{name}: {HOW_WORDS['not in record']}")
        elif item["field"] == "birth_year":
            agrees = "as carved" if item["how"] == "exact" else "not as carved"
            parts.append(f"born in {item['value']}, {agrees} ({item['carved']})")
        else:
            parts.append(f"{name} {item['value']} for “{item['carved']}”: {HOW_WORDS[item['how']]}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
