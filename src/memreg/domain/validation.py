"""Validation of memorial and person records from any input (CSV row, API body, CLI).

Each validator takes raw text values by field name and returns the clean values the store
keeps, or the list of problems naming each bad field. Pure and fast: imports run it per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from memreg.domain.dates import DateError, parse_partial_date
from memreg.domain.errors import FieldProblem
from memreg.domain.places import country_problem, region_problem
from memreg.domain.text import text_fault
from memreg.domain.vocabulary import (
    NAME_LANGUAGES,
    Fate,
    LifecycleStatus,
    LinkRole,
    MemorialKind,
    lenient_code,
)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
OSM_PATTERN = re.compile(r"^(node|way|relation)/[1-9][0-9]{0,14}$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]{0,11}$")
MAX_NAME = 500
MAX_TEXT = 5000
MAX_COUNT = 10_000_000

_KINDS = frozenset(k.value for k in MemorialKind)
_STATUSES = frozenset(s.value for s in LifecycleStatus)
_FATES = frozenset(f.value for f in Fate)
_ROLES = frozenset(r.value for r in LinkRole)


class _Problems:
    """Collects problems for one record, each tagged with the record's line."""

    __slots__ = ("line", "items")

    def __init__(self, line: int | None) -> None:
        self.line = line
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str, value: str | None = None) -> None:
        if value is not None and len(value) > 80:
            value = value[:77] + "..."
        self.items.append(FieldProblem(field=field, message=message, line=self.line, value=value))


def _text(
    raw: dict[str, Any], field: str, problems: _Problems, limit: int = MAX_NAME
) -> str | None:
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if not value:
        return None
    if len(value) > limit:
        problems.add(field, f"longer than {limit} characters")
        return None
    fault = text_fault(value)
    if fault:
        problems.add(field, fault)
        return None
    return value


def _choice(
    raw: dict[str, Any], field: str, allowed: frozenset[str], problems: _Problems
) -> str | None:
    value = _text(raw, field, problems)
    if value is None:
        return None
    code = lenient_code(value, allowed)
    if code is None:
        problems.add(field, "must be one of " + ", ".join(sorted(allowed)), value)
    return code


def _date(raw: dict[str, Any], field: str, problems: _Problems) -> tuple[str, int, int] | None:
    value = _text(raw, field, problems, limit=100)
    if value is None:
        return None
    try:
        parsed = parse_partial_date(value)
    except DateError as exc:
        problems.add(field, str(exc), value)
        return None
    return parsed.text, parsed.earliest_year, parsed.latest_year


def _count(raw: dict[str, Any], field: str, problems: _Problems) -> int | None:
    value = _text(raw, field, problems, limit=20)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        problems.add(field, "must be a whole number", value)
        return None
    if not 0 <= number <= MAX_COUNT:
        problems.add(field, f"must be between 0 and {MAX_COUNT}", value)
        return None
    return number


_LOCALE_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3}){2,}$")


def _coordinate(raw: dict[str, Any], field: str, limit: float, problems: _Problems) -> float | None:
    value = _text(raw, field, problems, limit=40)
    if value is None:
        return None
    if isinstance(value, str) and _LOCALE_GROUPED.match(value):
        problems.add(
            field,
            "is corrupted: digit groups stand where the decimal point was (a spreadsheet's "
            "locale rewrote it), so the degrees cannot be told",
            value,
        )
        return None
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 else float(value)
    except ValueError:
        problems.add(field, "must be a decimal number of degrees", value)
        return None
    if not -limit <= number <= limit:  # also refuses NaN
        problems.add(field, f"must be between -{limit:g} and {limit:g} degrees", value)
        return None
    return round(number, 7)


def validate_id(raw: dict[str, Any], problems: _Problems) -> str | None:
    value = _text(raw, "id", problems, limit=64)
    if value is not None and not ID_PATTERN.match(value):
        problems.add("id", "use 1-64 letters, digits, '.', '_', ':' or '-'", value)
        return None
    return value


def validate_memorial(
    raw: dict[str, Any], line: int | None = None
) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    """Clean a memorial; names come as `name` plus optional `name_<lang>` fields."""
    p = _Problems(line)
    record_id = validate_id(raw, p)
    kind = _choice(raw, "kind", _KINDS, p)
    if kind is None and not _text(raw, "kind", _Problems(None)):
        p.add("kind", "is required")
    names: dict[str, str] = {}
    for lang in NAME_LANGUAGES:
        value = _text(raw, f"name_{lang}", p)
        if value is not None:
            names[lang] = value
    extra_names = raw.get("names")
    if isinstance(extra_names, dict):
        for lang, value in extra_names.items():
            if lang in NAME_LANGUAGES and f"name_{lang}" not in raw:
                cleaned = _text({"v": value}, "v", _Relabel(p, f"name_{lang}"))
                if cleaned is not None:
                    names[lang] = cleaned
    name = _text(raw, "name", p)
    if name is None:
        name = next(iter(names.values()), None)
        if name is None and not any(i.field.startswith("name") for i in p.items):
            p.add("name", "is required (or give name_ru, name_be, name_en ...)")
    lat = _coordinate(raw, "lat", 90.0, p)
    lon = _coordinate(raw, "lon", 180.0, p)
    if (lat is None) != (lon is None) and not any(i.field in ("lat", "lon") for i in p.items):
        p.add("lat" if lat is None else "lon", "lat and lon must be given together")
    country = _text(raw, "country", p, limit=2)
    if country is None:
        if not any(i.field == "country" for i in p.items):
            p.add("country", "is required")
    else:
        country = country.upper()
        problem = country_problem(country)
        if problem:
            p.add("country", problem, country)
            country = None
    region = _text(raw, "region", p, limit=10)
    if region is not None:
        region = region.upper()
        problem = region_problem(region, country or "")
        if problem:
            p.add("region", problem, region)
    erected = _date(raw, "erected", p)
    total = _count(raw, "buried_total", p)
    known = _count(raw, "buried_known", p)
    unknown = _count(raw, "buried_unknown", p)
    if total is not None and known is not None and known > total:
        p.add("buried_known", f"is more than buried_total ({total})", str(known))
    if total is not None and known is not None and unknown is None:
        unknown = total - known
    status = _choice(raw, "status", _STATUSES, p) or LifecycleStatus.STANDING.value
    osm_id = _text(raw, "osm_id", p, limit=40)
    if osm_id is not None:
        osm_id = _normalise_osm(osm_id)
        if not OSM_PATTERN.match(osm_id):
            p.add("osm_id", "must look like node/123, way/123 or relation/123", osm_id)
    wikidata = _text(raw, "wikidata", p, limit=20)
    if wikidata is not None and not WIKIDATA_PATTERN.match(wikidata):
        p.add("wikidata", "must be a Wikidata item id such as Q12345", wikidata)
    record = {
        "id": record_id,
        "kind": kind,
        "name": name,
        "names": names,
        "lat": lat,
        "lon": lon,
        "country": country,
        "region": region,
        "settlement": _text(raw, "settlement", p),
        "address": _text(raw, "address", p, MAX_TEXT),
        "commemorates": _text(raw, "commemorates", p, MAX_TEXT),
        "erected": erected[0] if erected else None,
        "buried_total": total,
        "buried_known": known,
        "buried_unknown": unknown,
        "protection_level": _text(raw, "protection_level", p, limit=40),
        "protection_number": _text(raw, "protection_number", p, limit=100),
        "custodian": _text(raw, "custodian", p),
        "status": status,
        "osm_id": osm_id,
        "wikidata": wikidata,
        "outline": _outline(raw, p),
        "external_ids": _external_ids(raw, p),
    }
    if p.items:
        return None, p.items
    return record, []


class _Relabel(_Problems):
    """Problems found under a stand-in field name, reported under the real one."""

    __slots__ = ("target", "field")

    def __init__(self, target: _Problems, field: str) -> None:
        super().__init__(target.line)
        self.target = target
        self.field = field

    def add(self, field: str, message: str, value: str | None = None) -> None:
        self.target.add(self.field, message, value)


def _variants(variants: Any, problems: _Problems) -> list[str]:
    """Other spellings of a person's name: a list of names, each checked like a name."""
    if variants is None or variants == "":
        return []
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        problems.add("name_variants", "must be a list of names")
        return []
    cleaned: dict[str, None] = {}  # in the order given, each once
    for value in variants:
        name = _text({"v": value}, "v", _Relabel(problems, "name_variants"))
        if name is not None:
            cleaned[name] = None
    return list(cleaned)


EXTERNAL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
MAX_OUTLINE_POINTS = 20_000


def _external_ids(raw: dict[str, Any], problems: _Problems) -> dict[str, str] | None:
    """Ids the record has in other registers: {"egrokn": "571411372220005", "iwm": "5783"}."""
    value = raw.get("external_ids")
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        problems.add("external_ids", "must map a register's name to the record's id there")
        return None
    out = {}
    for key, external in value.items():
        text = str(external).strip() if external is not None else ""
        if not isinstance(key, str) or not EXTERNAL_KEY.match(key):
            problems.add("external_ids", "names a register with other than a-z, 0-9, _ and -")
            return None
        if not text or len(text) > 200 or "\x00" in text:
            problems.add("external_ids", f"{key}: must be 1-200 characters", text[:80])
            return None
        out[key] = text
    return out


def _outline(raw: dict[str, Any], problems: _Problems) -> dict[str, Any] | None:
    """A GeoJSON Polygon or MultiPolygon in WGS84 degrees, of a bounded size."""
    value = raw.get("outline")
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        problems.add("outline", "must be a GeoJSON Polygon or MultiPolygon")
        return None
    points = 0

    def ok(coords: Any, depth: int) -> bool:
        nonlocal points
        if not isinstance(coords, list):
            return False
        if depth == 0:
            points += 1
            return (
                len(coords) >= 2
                and all(isinstance(c, (int, float)) for c in coords[:2])
                and -180 <= coords[0] <= 180
                and -90 <= coords[1] <= 90
            )
        return bool(coords) and all(ok(c, depth - 1) for c in coords)

    depth = 2 if value["type"] == "Polygon" else 3
    if not ok(value.get("coordinates"), depth) or points > MAX_OUTLINE_POINTS:
        problems.add(
            "outline", f"needs rings of [lon, lat] degrees, at most {MAX_OUTLINE_POINTS} points"
        )
        return None
    return {"type": value["type"], "coordinates": value["coordinates"]}


def _normalise_osm(value: str) -> str:
    """Accept the short forms OSM tools print (n123, w123, r123)."""
    short = {"n": "node", "w": "way", "r": "relation"}
    if len(value) > 1 and value[0] in short and value[1:].isdigit():
        return f"{short[value[0]]}/{value[1:]}"
    return value


def validate_person(
    raw: dict[str, Any], line: int | None = None
) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    """Clean a person; the memorial link (memorial_id, role) is checked for shape only."""
    p = _Problems(line)
    record_id = validate_id(raw, p)
    surname = _text(raw, "surname", p)
    if surname is None and not any(i.field == "surname" for i in p.items):
        p.add("surname", "is required (write the name as the source gives it)")
    birth = _date(raw, "birth_date", p)
    death = _date(raw, "death_date", p)
    if birth and death and death[2] < birth[1]:
        p.add("death_date", f"is before birth_date ({birth[0]})", death[0])
    memorial_id = _text(raw, "memorial_id", p, limit=64)
    role = _choice(raw, "role", _ROLES, p)
    if memorial_id is None and role is not None:
        p.add("role", "needs a memorial_id")
    if memorial_id is not None and role is None and not any(i.field == "role" for i in p.items):
        role = LinkRole.BURIED_AT.value
    variants = _variants(raw.get("name_variants"), p)
    rank_variants = _rank_variants(raw, p)
    record = {
        "id": record_id,
        "surname": surname,
        "given_name": _text(raw, "given_name", p),
        "patronymic": _text(raw, "patronymic", p),
        "name_variants": variants,
        "birth_date": birth[0] if birth else None,
        "birth_year": birth[1] if birth else None,
        "death_date": death[0] if death else None,
        "death_year": death[1] if death else None,
        "birthplace": _text(raw, "birthplace", p, MAX_TEXT),
        "rank": _text(raw, "rank", p),
        "unit": _text(raw, "unit", p, MAX_TEXT),
        "fate": _choice(raw, "fate", _FATES, p),
        "memorial_id": memorial_id,
        "role": role,
        "rank_variants": rank_variants,
    }
    if p.items:
        return None, p.items
    return record, []


def _rank_variants(raw: dict[str, Any], problems: _Problems) -> list[str] | None:
    """Other ranks a source gives (`красноармеец|рядовой`): a list of short texts, or None."""
    field = "rank_variants"
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(field, "must be a list of texts")
        return None
    out = [v.strip() for v in value if v.strip()]
    if any(len(v) > MAX_NAME or "\x00" in v for v in out):
        problems.add(field, f"holds a text longer than {MAX_NAME} characters or with NUL")
        return None
    return out or None


class _Unclean(Exception):
    """A value the fast path will not judge: validate_person decides, with its messages."""


_MISSING = object()
_ID_FULLMATCH = ID_PATTERN.fullmatch  # a full match means _text would not change the id
_Clean = Callable[[dict[str, Any], _Problems], Any]  # validate_person's helper for one field
# The fields validate_person reads after the id, in its order, each with its helper.
_PERSON_FIELDS: tuple[tuple[str, _Clean], ...] = (
    ("surname", lambda raw, p: _text(raw, "surname", p)),
    ("given_name", lambda raw, p: _text(raw, "given_name", p)),
    ("patronymic", lambda raw, p: _text(raw, "patronymic", p)),
    ("birth_date", lambda raw, p: _date(raw, "birth_date", p)),
    ("death_date", lambda raw, p: _date(raw, "death_date", p)),
    ("birthplace", lambda raw, p: _text(raw, "birthplace", p, MAX_TEXT)),
    ("rank", lambda raw, p: _text(raw, "rank", p)),
    ("unit", lambda raw, p: _text(raw, "unit", p, MAX_TEXT)),
    ("fate", lambda raw, p: _choice(raw, "fate", _FATES, p)),
    ("memorial_id", lambda raw, p: _text(raw, "memorial_id", p, limit=64)),
    ("role", lambda raw, p: _choice(raw, "role", _ROLES, p)),
)


class PersonValidator:
    """validate_person for the rows of a file: the same records and problems, faster.

    Each field's clean value is remembered (lists repeat names, ranks, fates and dates) after
    the same helper validate_person uses has judged it, so a repeated value is also one
    object, which a bulk import pickles and encodes once. A row with anything the fast path
    does not accept as plainly good goes to validate_person whole, so validate_person stays
    the one statement of the rules and of every message.
    """

    MAX_REMEMBERED = 100_000  # values per field, so memory stays bounded on any file

    def __init__(self) -> None:
        self._fields: list[tuple[str, _Clean, dict[Any, Any]]] = [
            (field, clean, {}) for field, clean in _PERSON_FIELDS
        ]

    def __call__(
        self, raw: dict[str, Any], line: int | None = None
    ) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
        try:
            return self._fast(raw), []
        except (_Unclean, TypeError):  # TypeError: an unhashable value (API bodies)
            return validate_person(raw, line)

    def _fast(self, raw: dict[str, Any]) -> dict[str, Any]:
        get = raw.get
        record_id = get("id")
        if record_id == "" or record_id is None:
            record_id = None
        elif type(record_id) is not str or _ID_FULLMATCH(record_id) is None:
            raise _Unclean
        if get("name_variants") is not None or get("rank_variants") is not None:
            raise _Unclean
        values = [known.get(get(field), _MISSING) for field, _, known in self._fields]
        if _MISSING in values:  # a value not judged yet
            values = [
                self._learn(field, get(field), clean, known) for field, clean, known in self._fields
            ]
        surname, given, patronymic, birth, death, birthplace, rank, unit, fate, memorial, role = (
            values
        )
        if surname is None or (birth and death and death[2] < birth[1]):
            raise _Unclean
        if memorial is None:
            if role is not None:
                raise _Unclean
        elif role is None:
            role = LinkRole.BURIED_AT.value
        return {
            "id": record_id,
            "surname": surname,
            "given_name": given,
            "patronymic": patronymic,
            "name_variants": [],
            "birth_date": birth[0] if birth else None,
            "birth_year": birth[1] if birth else None,
            "death_date": death[0] if death else None,
            "death_year": death[1] if death else None,
            "birthplace": birthplace,
            "rank": rank,
            "unit": unit,
            "fate": fate,
            "memorial_id": memorial,
            "role": role,
            "rank_variants": None,
        }

    def _learn(self, field: str, value: Any, clean: _Clean, known: dict[Any, Any]) -> Any:
        """Judge a value with validate_person's own helper, unless known; remember it if good."""
        cleaned = known.get(value, _MISSING)
        if cleaned is not _MISSING:
            return cleaned
        if value is not None and type(value) is not str:
            raise _Unclean
        problems = _Problems(None)
        cleaned = clean({field: value}, problems)
        if problems.items:
            raise _Unclean
        if len(known) >= self.MAX_REMEMBERED:
            known.clear()
        known[value] = cleaned
        return cleaned
