"""Candidate duplicates: pairs of records that may describe the same memorial or person.

Never all pairs: records meet only inside blocks that share a key, so the work grows with
the records and the sizes of their blocks, not with their square.

Memorials meet when they lie in the same or a neighbouring grid cell (about 1 km), share
an identifier (Wikidata, OSM, a register number), or share a folded name in one settlement.
They are scored on distance, name similarity across scripts (names are folded to Latin
letters), kind and identifiers: the same Wikidata item says "the same"; two different
numbers of one register say "two objects" (EGROKN lists distinct graves at one point).

Persons meet when their folded surname, first initial and birth year agree, or their
folded given name, patronymic and birth year do (a misspelt surname still meets). They are
scored on the three names, the birth date and the birthplace; a birth date that rules the
other out keeps them apart.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from memreg.domain.places import haversine_m

CELL_DEG = 0.01  # grid cells of about 1.1 km north-south
NEAR_M = 1_000.0  # farther apart than this, two memorials are not the same site
MAX_BLOCK = 400  # a block larger than this is split further or left out (and counted)
MEMORIAL_MIN_SCORE = 0.6
PERSON_MIN_SCORE = 0.75

_LATIN = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
     "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
     "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
     "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "i", "ь": "",
     "э": "e", "ю": "iu", "я": "ia", "'": "", "’": ""}
)  # fmt: skip
_LATIN_VARIANTS = (("kh", "h"), ("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks"), ("zh", "z"))
_NOT_LETTER = re.compile(r"[^a-z0-9 ]+")
_REPEATS = re.compile(r"(.)\1+")
# Words that every memorial's name has: leaving them out makes name blocks tell names apart
# (compared after folding, so Cyrillic `в`, `на` are `v`, `na`).
_STOP = frozenset(
    {"the", "of", "and", "in", "at", "for", "to", "war", "memorial", "memorials", "cemeteri",
     "churchiard", "na", "v", "i", "s", "u", "po", "dlia"}
)  # fmt: skip


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """One spelling for a name in any script: `Сідарэнка`, `Sidorenko`, `СИДОРЕНКО` meet."""
    latin = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN))
    plain = "".join(ch for ch in latin if not unicodedata.combining(ch))
    for old, new in _LATIN_VARIANTS:
        plain = plain.replace(old, new)
    plain = _NOT_LETTER.sub(" ", plain)
    return " ".join(_REPEATS.sub(r"\1", word) for word in plain.split())


def _name_key(name: str) -> str:
    words = [w for w in fold(name).split() if w not in _STOP and len(w) > 2]
    return " ".join(sorted(words)[:4])


@dataclass(frozen=True)
class Candidate:
    a: int  # pk of the older record (smaller pk)
    b: int
    score: float
    why: tuple[str, ...]


@dataclass
class Stats:
    records: int = 0
    blocks: int = 0
    comparisons: int = 0
    oversized_blocks: int = 0


def _pairs(members: list[Any], stats: Stats) -> Iterator[tuple[Any, Any]]:
    stats.blocks += 1
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            stats.comparisons += 1
            yield first, second


# --- memorials ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemorialKey:
    """What the comparison of memorials needs, small enough for a million in memory."""

    pk: int
    id: str
    name: str  # folded
    kind: str
    country: str
    settlement: str  # folded
    address: str  # folded
    lat: float | None
    lon: float | None
    ids: tuple[tuple[str, str], ...]  # (namespace, value): wikidata, osm, register numbers
    sources: tuple[str, ...] = ()  # the source keys that gave the record (`cwgc:...`)


def memorial_key(row: dict[str, Any]) -> MemorialKey:
    ids: list[tuple[str, str]] = []
    for namespace in ("wikidata", "osm_id", "protection_number"):
        if row.get(namespace):
            ids.append((namespace, str(row[namespace])))
    for namespace, value in (row.get("external_ids") or {}).items():
        ids.append((f"x:{namespace}", str(value)))
    names = [row.get("name") or "", *((row.get("names") or {}).values())]
    return MemorialKey(
        pk=int(row["pk"]),
        id=str(row["id"]),
        name=" | ".join(dict.fromkeys(fold(n) for n in names if n)),
        kind=row.get("kind") or "",
        country=row.get("country") or "",
        settlement=fold(row.get("settlement") or ""),
        address=fold(row.get("address") or ""),
        lat=row.get("lat"),
        lon=row.get("lon"),
        ids=tuple(sorted(set(ids))),
        sources=tuple(sorted(row.get("sources") or ())),
    )


_KIN_KINDS = {
    frozenset({"mass_grave", "war_cemetery"}),
    frozenset({"mass_grave", "memorial_complex"}),
    frozenset({"monument", "obelisk"}),
    frozenset({"monument", "sculpture"}),
    frozenset({"monument", "memorial_complex"}),
    frozenset({"individual_grave", "mass_grave"}),
}


_NUMBERS = re.compile(r"\d+")


def name_similarity(a: str, b: str) -> float:
    """Alike word sets count, but so do the words one name has and the other lacks."""
    best = 0.0
    for left in a.split(" | "):
        for right in b.split(" | "):
            alike = (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 200
            if set(_NUMBERS.findall(left)) != set(_NUMBERS.findall(right)):
                alike *= 0.6  # "No. 2" and "No. 3", "1941" and "1943": numbered apart
            best = max(best, alike)
    return best


def score_memorials(a: MemorialKey, b: MemorialKey) -> Candidate:
    why: list[str] = []
    shared = set(a.ids) & set(b.ids)
    namespaces_a = {n for n, _ in a.ids if n != "osm_id"}
    conflicting = sorted(
        n for n in namespaces_a & {n for n, _ in b.ids} if dict(a.ids)[n] != dict(b.ids)[n]
    )
    names = name_similarity(a.name, b.name)
    why.append(f"names {names:.0%} alike")
    place = 0.0
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        distance = haversine_m(a.lat, a.lon, b.lat, b.lon)
        place = max(0.0, 1.0 - distance / NEAR_M)
        why.append(f"{distance:,.0f} m apart")
    elif a.settlement and a.settlement == b.settlement:
        place = 0.6
        why.append("same settlement")
    elif a.settlement and b.settlement:
        why.append("different places")
    elif a.address and a.address == b.address:
        place = 0.3
        why.append("same address")
    kind = 1.0 if a.kind == b.kind else 0.5 if frozenset({a.kind, b.kind}) in _KIN_KINDS else 0.0
    why.append("same kind" if kind == 1.0 else "related kinds" if kind else "different kinds")
    score = 0.5 * names + 0.35 * place + 0.15 * kind
    if shared:
        score = max(score, 0.97)
        why.insert(0, "same " + ", ".join(f"{n} {v}" for n, v in sorted(shared)))
    if conflicting and not shared:
        score *= 0.3
        why.append("different " + ", ".join(n.removeprefix("x:") for n in conflicting))
    if a.country and b.country and a.country != b.country:
        score *= 0.5
        why.append("different countries")
    if "different places" in why:
        score *= 0.6
    one_register = {k.split(":")[0] for k in a.sources} & {k.split(":")[0] for k in b.sources}
    if one_register and not shared:
        score *= 0.7  # a register lists each of its objects once: two entries, two objects
        why.append("two entries of " + ", ".join(sorted(one_register)))
    first, second = (a, b) if a.pk < b.pk else (b, a)
    return Candidate(first.pk, second.pk, round(score, 3), tuple(why))


def memorial_candidates(
    rows: Iterable[MemorialKey], min_score: float = MEMORIAL_MIN_SCORE, stats: Stats | None = None
) -> Iterator[Candidate]:
    """Every pair that meets in a block and scores at least `min_score`, each once."""
    stats = stats if stats is not None else Stats()
    cells: dict[tuple[str, int, int], list[MemorialKey]] = defaultdict(list)
    by_id: dict[tuple[str, str], list[MemorialKey]] = defaultdict(list)
    by_name: dict[tuple[str, str, str], list[MemorialKey]] = defaultdict(list)
    for row in rows:
        stats.records += 1
        if row.lat is not None and row.lon is not None:
            cells[(row.country, math.floor(row.lat / CELL_DEG), _lon_cell(row))].append(row)
        for identifier in row.ids:
            by_id[identifier].append(row)
        key = _name_key(row.name.split(" | ")[0])
        if key and (row.lat is None or row.settlement):
            by_name[(row.country, row.settlement or row.address, key)].append(row)
    seen: set[tuple[int, int]] = set()

    def emit(first: MemorialKey, second: MemorialKey) -> Iterator[Candidate]:
        pair = (min(first.pk, second.pk), max(first.pk, second.pk))
        if pair in seen or first.pk == second.pk:
            return
        seen.add(pair)
        candidate = score_memorials(first, second)
        if candidate.score >= min_score:
            yield candidate

    for (country, row_cell, col_cell), members in cells.items():
        neighbours = list(members)
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                if (d_row, d_col) > (0, 0):  # each neighbouring pair of cells once
                    neighbours_cell = cells.get((country, row_cell + d_row, col_cell + d_col))
                    for first in members:
                        for second in neighbours_cell or ():
                            stats.comparisons += 1
                            yield from emit(first, second)
        if len(neighbours) > MAX_BLOCK:
            stats.oversized_blocks += 1
            neighbours.sort(key=lambda m: m.name)
            windows = [neighbours[i : i + MAX_BLOCK] for i in range(0, len(neighbours), MAX_BLOCK)]
        else:
            windows = [neighbours]
        for window in windows:
            for first, second in _pairs(window, stats):
                yield from emit(first, second)
    for block in (*by_id.values(), *by_name.values()):
        if len(block) < 2:
            continue
        if len(block) > MAX_BLOCK:
            stats.oversized_blocks += 1
            continue
        for first, second in _pairs(block, stats):
            yield from emit(first, second)


def _lon_cell(row: MemorialKey) -> int:
    assert row.lon is not None and row.lat is not None
    # Cells keep about the same width in metres away from the equator.
    shrink = max(0.05, math.cos(math.radians(row.lat)))
    return math.floor(row.lon * shrink / CELL_DEG)


# --- persons -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonKey:
    pk: int
    id: str
    surname: str  # folded
    given: str
    patronymic: str
    birth: str  # EDTF as stored
    birth_year: int | None
    birthplace: str  # folded
    memorials: tuple[int, ...] = ()


def person_key(row: dict[str, Any]) -> PersonKey:
    return PersonKey(
        pk=int(row["pk"]),
        id=str(row["id"]),
        surname=fold(row.get("surname") or ""),
        given=fold(row.get("given_name") or ""),
        patronymic=fold(row.get("patronymic") or ""),
        birth=row.get("birth_date") or "",
        birth_year=row.get("birth_year"),
        birthplace=fold(row.get("birthplace") or ""),
        memorials=tuple(row.get("memorials") or ()),
    )


def _names_agree(a: str, b: str) -> float:
    if not a or not b:
        return 0.5  # unknown: neither for nor against
    if len(a) == 1 or len(b) == 1:  # an initial
        return 0.8 if a[0] == b[0] else 0.0
    return fuzz.ratio(a, b) / 100.0


def _births_agree(a: PersonKey, b: PersonKey) -> tuple[float, str]:
    if not a.birth or not b.birth:
        return 0.5, "a birth date is missing"
    if a.birth == b.birth:
        return 1.0, f"both born {a.birth}"
    if a.birth_year != b.birth_year:
        return 0.0, f"born {a.birth} and {b.birth}"
    short, long_ = sorted((a.birth, b.birth), key=len)
    if long_.startswith(short):
        return 0.9, f"born {short} (one source more precise)"
    return 0.1, f"born {a.birth} and {b.birth}"


def score_persons(a: PersonKey, b: PersonKey) -> Candidate:
    surname = _names_agree(a.surname, b.surname)
    given = _names_agree(a.given, b.given)
    patronymic = _names_agree(a.patronymic, b.patronymic)
    birth, birth_why = _births_agree(a, b)
    if a.birthplace and b.birthplace:
        place = fuzz.token_set_ratio(a.birthplace, b.birthplace) / 100.0
        place_why = f"birthplaces {place:.0%} alike"
    else:
        place, place_why = 0.5, "a birthplace is missing"
    score = 0.25 * surname + 0.2 * given + 0.2 * patronymic + 0.2 * birth + 0.15 * place
    why = [
        f"surnames {surname:.0%} alike", f"given names {given:.0%} alike",
        f"patronymics {patronymic:.0%} alike", birth_why, place_why,
    ]  # fmt: skip
    if birth == 0.0:
        score *= 0.4  # two different birth years: two people
    if a.surname and b.surname and surname < 0.75:
        score *= 0.5  # given name and patronymic alone do not make one person
    if a.given and b.given and len(a.given) > 1 and len(b.given) > 1 and given < 0.8:
        score *= 0.5  # Vasily is not Vladimir
    full_patronymics = len(a.patronymic) > 1 and len(b.patronymic) > 1
    if full_patronymics and patronymic < 0.75:
        score *= 0.6
    if set(a.memorials) & set(b.memorials):
        score = min(1.0, score + 0.05)
        why.append("linked to the same memorial")
    first, second = (a, b) if a.pk < b.pk else (b, a)
    return Candidate(first.pk, second.pk, round(score, 3), tuple(why))


def person_blocks(row: PersonKey) -> Iterator[tuple[str, ...]]:
    """The block keys of a person: records that share one are compared."""
    year = str(row.birth_year or "")
    if row.surname:
        yield ("s", row.surname, row.given[:1], year)
    if row.given and row.patronymic:
        yield ("g", row.given, row.patronymic, year)


def person_candidates(
    rows: Iterable[PersonKey], min_score: float = PERSON_MIN_SCORE, stats: Stats | None = None
) -> Iterator[Candidate]:
    """Pairs sharing a block key and scoring at least `min_score`, each once.

    For registers too large for memory, the caller groups rows by key itself (sorting in
    the database) and calls `compare_block` per block: the same pairs come out.
    """
    stats = stats if stats is not None else Stats()
    blocks: dict[tuple[str, ...], list[PersonKey]] = defaultdict(list)
    for row in rows:
        stats.records += 1
        for key in person_blocks(row):
            blocks[key].append(row)
    seen: set[tuple[int, int]] = set()
    for block in blocks.values():
        yield from compare_block(block, min_score, stats, seen)


def compare_block(
    block: list[PersonKey],
    min_score: float,
    stats: Stats,
    seen: set[tuple[int, int]],
) -> Iterator[Candidate]:
    if len(block) < 2:
        return
    if len(block) > MAX_BLOCK:
        stats.oversized_blocks += 1
        block = sorted(block, key=lambda p: (p.patronymic, p.birth, p.pk))
        windows = [block[i : i + MAX_BLOCK] for i in range(0, len(block), MAX_BLOCK // 2)]
    else:
        windows = [block]
    for window in windows:
        for first, second in _pairs(window, stats):
            pair = (min(first.pk, second.pk), max(first.pk, second.pk))
            if pair in seen:
                continue
            seen.add(pair)
            candidate = score_persons(first, second)
            if candidate.score >= min_score:
                yield candidate
