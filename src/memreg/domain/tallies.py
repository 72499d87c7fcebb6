"""What each record adds to the register's running totals, and how links sort.

The store keeps totals (memorials by country, region, kind, status, decade; the buried
known and unknown; persons) current in the unit of work of every write, so statistics are
a few rows read, never a scan of the register. A record contributes to totals only while it
is live (not retired). These functions are the one statement of what counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

Tally = Counter[tuple[str, str]]  # (dimension, value) -> amount

MEMORIALS = "memorials"
PERSONS = "persons"
# Dimensions of memorials that are counted by value, with the field each reads.
MEMORIAL_DIMENSIONS = {
    "memorials.country": "country",
    "memorials.region": "region",
    "memorials.kind": "kind",
    "memorials.status": "status",
    "memorials.protection": "protection_level",
}
# Pairs a list is often filtered by at once, counted together: "BY|obelisk".
MEMORIAL_PAIRS = {
    "memorials.country.kind": ("country", "kind"),
    "memorials.region.kind": ("region", "kind"),
}
DECADE = "memorials.decade"
# Sums of the counts of the buried, over live memorials.
BURIED_SUMS = {
    "memorials.buried_total": "buried_total",
    "memorials.buried_known": "buried_known",
    "memorials.buried_unknown": "buried_unknown",
}
NAMES_AT = "memorial.names"  # links of live persons to one memorial, by memorial id
UNKNOWN_BIRTH = 10_000  # sorts a person whose birth year is unknown after every year
KEY_SEPARATOR = "\x1f"  # below every printable character: the key sorts like the tuple


def decade_of(erected: str | None) -> str | None:
    """'1957', '1957-05-09', '1950/1960' -> '1950'; None when no year can be read."""
    if not erected:
        return None
    digits = erected.lstrip("~?.").split("/")[0][:4]
    if len(digits) == 4 and digits.isdigit():
        return digits[:3] + "0"
    return None


def memorial_tally(row: Mapping[str, Any]) -> Tally:
    """What one memorial adds to the totals (nothing once retired)."""
    tally: Tally = Counter()
    if row.get("retired_at") is not None:
        return tally
    tally[(MEMORIALS, "")] += 1
    for dimension, field in MEMORIAL_DIMENSIONS.items():
        value = row.get(field)
        if value:
            tally[(dimension, str(value))] += 1
    for dimension, (first, second) in MEMORIAL_PAIRS.items():
        if row.get(first) and row.get(second):
            tally[(dimension, f"{row[first]}|{row[second]}")] += 1
    decade = decade_of(row.get("erected"))
    if decade:
        tally[(DECADE, decade)] += 1
    for dimension, field in BURIED_SUMS.items():
        amount = row.get(field)
        if amount:
            tally[(dimension, "")] += int(amount)
    return tally


def change_tally(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> Tally:
    """The difference a change of one memorial makes (before None: created)."""
    tally = memorial_tally(after) if after is not None else Counter()
    if before is not None:
        tally.subtract(memorial_tally(before))
    return Counter({key: amount for key, amount in tally.items() if amount})


def memorials_tally(rows: Iterable[Mapping[str, Any]]) -> Tally:
    total: Tally = Counter()
    for row in rows:
        total.update(memorial_tally(row))
    return total


def new_memorials_tally(columns: Mapping[str, list[Any]]) -> Tally:
    """memorials_tally of new (live) memorials given column by column: counted in C."""
    tally: Tally = Counter()
    ids = columns["id"]
    tally[(MEMORIALS, "")] += len(ids)
    for dimension, field in MEMORIAL_DIMENSIONS.items():
        for value, count in Counter(columns[field]).items():
            if value:
                tally[(dimension, str(value))] += count
    for dimension, (first, second) in MEMORIAL_PAIRS.items():
        for (a, b), count in Counter(zip(columns[first], columns[second], strict=True)).items():
            if a and b:
                tally[(dimension, f"{a}|{b}")] += count
    for decade, count in Counter(map(decade_of, columns["erected"])).items():
        if decade:
            tally[(DECADE, decade)] += count
    for dimension, field in BURIED_SUMS.items():
        amount = sum(filter(None, columns[field]))
        if amount:
            tally[(dimension, "")] += amount
    return tally


def link_sort_key(
    surname: str, given_name: str | None, patronymic: str | None, person_id: str
) -> str:
    """The order of a memorial's names: surname, given name, patronymic, id, by code point.

    A missing given name or patronymic sorts before any name, as NULLS FIRST would.
    """
    return KEY_SEPARATOR.join((surname, given_name or "", patronymic or "", person_id))


def birth_sort(birth_year: int | None) -> int:
    return UNKNOWN_BIRTH if birth_year is None else birth_year
