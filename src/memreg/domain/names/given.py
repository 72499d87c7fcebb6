"""Given names that are one name across languages (Иван, Іван, Jan, Johann), from the table
data/given_names.csv (its sources: data/SOURCES.md)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from memreg.domain.names.keys import word_keys

TABLE = Path(__file__).with_name("data") / "given_names.csv"


class GivenNames:
    """Which phonetic keys belong to one name: a key's equivalents are the keys of every
    form of every group the key belongs to."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        groups: dict[str, set[str]] = {}
        self._forms: dict[str, set[str]] = {}
        for group, form in rows:
            keys = groups.setdefault(group, set())
            for key in word_keys(form):
                keys.add(key)
                self._forms.setdefault(key, set()).add(group)
            for key in word_keys(group):
                keys.add(key)
                self._forms.setdefault(key, set()).add(group)
        self._groups = groups

    def groups_of(self, key: str) -> set[str]:
        return self._forms.get(key, set())

    def equivalents(self, key: str) -> set[str]:
        """Keys of the same name in other languages and forms, the key itself included."""
        out = {key}
        for group in self._forms.get(key, ()):
            out.update(self._groups[group])
        return out

    def keys_with_initial(self, initials: set[str]) -> list[str]:
        """Every key of the table's names that begins with one of these letters."""
        return sorted({k for keys in self._groups.values() for k in keys if k[:1] in initials})

    def same_name(self, a: str, b: str) -> bool:
        return bool(self.groups_of(a) & self.groups_of(b))


@lru_cache(maxsize=1)
def given_names() -> GivenNames:
    if not TABLE.exists():
        return GivenNames([])
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = [(row["group"], row["form"]) for row in csv.DictReader(handle)]
    return GivenNames(rows)
