"""The index entries of one person: what the person-search index stores for a record."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from memreg.domain.names.keys import patronymic_keys, surname_keys, word_keys

UNKNOWN_YEAR = 0


class NameEntry(NamedTuple):
    skey: str  # gender-free phonetic key of a surname
    gkey: str  # phonetic key of the given name ("" when unknown)
    pkey: str  # phonetic key of the father's name in the patronymic ("" when unknown)
    birth_year: int  # UNKNOWN_YEAR when unknown


def _first_key(keys: tuple[str, ...]) -> str:
    return keys[0] if keys else ""


def surname_words(surname: str, variants: Iterable[str] | None) -> list[str]:
    """The surname, each part of a double surname, and the surname of every name variant."""
    out: list[str] = []
    for name in [surname, *[v.split()[0] for v in variants or () if v.split()]]:
        whole = name.replace(" ", "")
        for word in [whole.replace("-", ""), *(whole.split("-") if "-" in whole else [])]:
            if word and word not in out:
                out.append(word)
    return out


class _FirstKeys:
    """The first key of each value, remembered (a register repeats its names: Zipf)."""

    LIMIT = 1_000_000

    def __init__(self, keys_of: Callable[[str], tuple[str, ...]], first_word: bool) -> None:
        self._keys_of = keys_of
        self._first_word = first_word
        self._known: dict[str | None, str] = {None: "", "": ""}

    def __call__(self, value: str | None) -> str:
        known = self._known.get(value)
        if known is not None:
            return known
        assert value is not None
        words = value.split() if self._first_word else [value]
        key = _first_key(self._keys_of(words[0])) if words else ""
        if len(self._known) > self.LIMIT:
            self._known = {None: "", "": ""}
        self._known[value] = key
        return key


given_key = _FirstKeys(word_keys, first_word=True)
father_key = _FirstKeys(patronymic_keys, first_word=False)
surname_key = _FirstKeys(surname_keys, first_word=False)


def name_entries(
    surname: str,
    given_name: str | None,
    patronymic: str | None,
    birth_year: int | None,
    name_variants: Iterable[str] | None = None,
) -> list[NameEntry]:
    """One entry per distinct surname key of the person (variants, parts of a double name)."""
    given = (
        _first_key(word_keys(given_name.split()[0])) if given_name and given_name.split() else ""
    )
    father = _first_key(patronymic_keys(patronymic)) if patronymic else ""
    year = birth_year or UNKNOWN_YEAR
    entries: list[NameEntry] = []
    for word in surname_words(surname, name_variants):
        skey = _first_key(surname_keys(word))
        if skey and all(e.skey != skey for e in entries):
            entries.append(NameEntry(skey, given, father, year))
    return entries
