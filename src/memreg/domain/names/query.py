"""A person-search query read into name words, initials and a birth year."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from memreg.domain.names.keys import is_particle

MAX_WORDS = 6
MAX_QUERY_CHARS = 200
FIRST_YEAR, LAST_YEAR = 1800, 2030
_YEAR = re.compile(r"^(\d{4})(?:г\.?|г|y\.?)?$")
_YEAR_WORDS = {"г", "гг", "г.р", "y", "yr", "year", "р"}
_SPLIT = re.compile(r"[\s,;:/()\"«»\[\]{}<>+*=!?|&_]+")


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]  # name words in the order typed, particles left out
    initials: tuple[str, ...]  # single letters (И.П. → И, П)
    year: int | None
    patronymic_word: int | None = None  # index in words of a word a particle marks
    ignored: tuple[str, ...] = field(default=())  # tokens that are neither names nor a year

    @property
    def empty(self) -> bool:
        return not self.words and not self.initials


def _is_letters(token: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in token)


def parse_query(text: str) -> ParsedQuery:
    """Words, initials and year of a query; punctuation and junk fall away."""
    text = unicodedata.normalize("NFC", text)[:MAX_QUERY_CHARS]
    words: list[str] = []
    initials: list[str] = []
    ignored: list[str] = []
    year: int | None = None
    patronymic_word: int | None = None
    after_year = False
    for token in _SPLIT.split(text):
        token = token.strip(".-'’")
        if not token:
            continue
        if after_year and token.lower() in _YEAR_WORDS:  # 1912 г., 1912 y.
            after_year = False
            continue
        after_year = False
        year_match = _YEAR.match(token)
        if year_match:
            value = int(year_match.group(1))
            if FIRST_YEAR <= value <= LAST_YEAR and year is None:
                year = value
                after_year = True
            else:
                ignored.append(token)
            continue
        # И.П. or I.P. or И.Петрович
        pieces = [p for p in token.split(".") if p] if "." in token else [token]
        for piece in pieces:
            letters = "".join(ch for ch in piece if ch.isalpha() or ch in "-'’ʼ‘")
            if not _is_letters(letters):
                ignored.append(piece)
            elif len([ch for ch in letters if ch.isalpha()]) == 1:
                initials.append(next(ch for ch in letters if ch.isalpha()))
            elif is_particle(letters):
                if words:
                    patronymic_word = len(words) - 1
            else:
                words.append(letters.strip("-'’ʼ‘"))
    return ParsedQuery(
        tuple(words[:MAX_WORDS]), tuple(initials[:3]), year, patronymic_word, tuple(ignored)
    )
