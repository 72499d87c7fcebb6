"""MemorialValidator: validate_memorial for the rows of a file, the same answers, faster.

A register's rows repeat their kind, country, region, status, dates and counts, and differ
in their ids, names and coordinates. The repeating part of a row is judged by
validate_memorial itself once per distinct combination and remembered; the part that
differs gets the plain checks of validate_memorial inline. Anything the fast path does not
accept as plainly good (a value to trim, a comma in a coordinate, an OSM id, a `names`
mapping, a missing name) sends the whole row to validate_memorial, which stays the one
statement of the rules and of every message.
"""

from __future__ import annotations

import math
from typing import Any

from memreg.domain.errors import FieldProblem
from memreg.domain.text import text_fault
from memreg.domain.validation import (
    ID_PATTERN,
    MAX_NAME,
    MAX_TEXT,
    validate_memorial,
)
from memreg.domain.vocabulary import NAME_LANGUAGES

# Groups of fields whose clean values depend only on each other: each group is judged by
# validate_memorial once per distinct value and remembered.
GROUPS = (
    ("kind",), ("country", "region"), ("status",), ("erected",),
    ("buried_total", "buried_known", "buried_unknown"), ("protection_level",), ("custodian",),
    ("settlement",),
)  # fmt: skip
# What a probe needs besides its group so that validate_memorial judges the group alone.
_STAND_INS = {"kind": "other", "country": "BY", "name": "x"}
NAME_FIELDS = tuple((lang, f"name_{lang}") for lang in NAME_LANGUAGES)
_ID_FULLMATCH = ID_PATTERN.fullmatch


class _Unclean(Exception):
    """Something validate_memorial must judge, with its own messages."""


def _plain(value: Any, limit: int) -> str | None:
    """A text cell that needs no trimming and breaks no rule, or None when empty."""
    if value is None or value == "":
        return None
    if type(value) is not str or value != value.strip() or len(value) > limit:
        raise _Unclean
    if text_fault(value):
        raise _Unclean
    return value


def _degrees(value: Any, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if type(value) is not str or value != value.strip() or "," in value or len(value) > 40:
        raise _Unclean
    try:
        number = float(value)
    except ValueError:
        raise _Unclean from None
    if not -limit <= number <= limit or math.isnan(number):
        raise _Unclean
    return round(number, 7)


class MemorialValidator:
    MAX_REMEMBERED = 50_000  # combinations kept, so memory stays bounded on any file

    def __init__(self) -> None:
        self._known: dict[tuple[Any, ...], dict[str, Any]] = {}  # (group, *values) -> clean

    def __call__(
        self, raw: dict[str, Any], line: int | None = None
    ) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
        try:
            return self._fast(raw), []
        except (_Unclean, TypeError):  # TypeError: an unhashable value (API bodies)
            return validate_memorial(raw, line)

    def _repeating(self, raw: dict[str, Any]) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        for group in GROUPS:
            key = (group, *(raw.get(f) for f in group))
            found = self._known.get(key)
            if found is None:
                found = self._judge(group, key[1:])
            clean.update(found)
        return clean

    def _judge(self, group: tuple[str, ...], values: tuple[Any, ...]) -> dict[str, Any]:
        probe = {f: v for f, v in zip(group, values, strict=True) if v is not None}
        stand_ins = {f: v for f, v in _STAND_INS.items() if f not in group}
        if "region" in group and not probe.get("country"):
            raise _Unclean  # a region is judged against its country
        record, problems = validate_memorial({**stand_ins, **probe})
        if problems or record is None:
            raise _Unclean
        found = {f: record[f] for f in group}
        if len(self._known) >= self.MAX_REMEMBERED:
            self._known.clear()
        self._known[(group, *values)] = found
        return found

    def _fast(self, raw: dict[str, Any]) -> dict[str, Any]:
        get = raw.get
        if get("names") is not None or get("osm_id") or get("wikidata"):
            raise _Unclean
        if get("outline") is not None or get("external_ids") is not None:
            raise _Unclean  # mapped sources' geometry and ids: validate_memorial judges them
        record_id = get("id")
        if record_id == "" or record_id is None:
            record_id = None
        elif type(record_id) is not str or _ID_FULLMATCH(record_id) is None:
            raise _Unclean
        names = {}
        for lang, field in NAME_FIELDS:
            value = _plain(get(field), MAX_NAME)
            if value is not None:
                names[lang] = value
        name = _plain(get("name"), MAX_NAME)
        if name is None:
            if not names:
                raise _Unclean
            name = next(iter(names.values()))
        lat, lon = _degrees(get("lat"), 90.0), _degrees(get("lon"), 180.0)
        if (lat is None) != (lon is None):
            raise _Unclean
        repeating = self._repeating(raw)
        return {
            "id": record_id,
            "kind": repeating["kind"],
            "name": name,
            "names": names,
            "lat": lat,
            "lon": lon,
            "country": repeating["country"],
            "region": repeating["region"],
            "settlement": repeating["settlement"],
            "address": _plain(get("address"), MAX_TEXT),
            "commemorates": _plain(get("commemorates"), MAX_TEXT),
            "erected": repeating["erected"],
            "buried_total": repeating["buried_total"],
            "buried_known": repeating["buried_known"],
            "buried_unknown": repeating["buried_unknown"],
            "protection_level": repeating["protection_level"],
            "protection_number": _plain(get("protection_number"), 100),
            "custodian": repeating["custodian"],
            "status": repeating["status"],
            "osm_id": None,
            "wikidata": None,
            "outline": None,
            "external_ids": None,
        }
