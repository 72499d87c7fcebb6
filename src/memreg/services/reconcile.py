"""Reconciliation (W3C Entity Reconciliation CG, API 0.2): match a registrar's rows to records.

Each query names a memorial or a person and may add properties (settlement, region,
country, coordinates, kind; given name, patronymic, birth year, birthplace). Candidates are
found through indexes only (coordinates: the spatial index; settlement, name, surname:
B-tree look-ups), never by reading the whole register, then scored 0-100 with the reasons
(`why`) and `match` set for one clear winner. Data extension returns the main fields of
matched records.
"""

from __future__ import annotations

import math
import re
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, or_, select

from memreg.domain.errors import BadRequestError
from memreg.domain.places import bbox_around, country_from_name, haversine_m, region_from_name
from memreg.ingest.duplicates import fold, name_similarity
from memreg.store.backend import Backend
from memreg.store.schema import memorials, persons

TYPES = {
    "memorial": "Memorial (site, grave, monument)",
    "person": "Person (buried or commemorated)",
}
MAX_QUERIES = 100
MAX_LIMIT = 25
CANDIDATES = 2_000  # rows read per query, at most
MEMORIAL_PROPERTIES = {
    "settlement": "Settlement", "region": "Region (ISO 3166-2 or name)",
    "country": "Country (ISO 3166-1 or name)", "coordinates": "Coordinates (lat,lon)",
    "kind": "Kind of memorial", "wikidata": "Wikidata item", "osm_id": "OpenStreetMap id",
}  # fmt: skip
PERSON_PROPERTIES = {
    "given_name": "Given name", "patronymic": "Patronymic", "birth_year": "Birth year",
    "birthplace": "Birthplace", "memorial": "Memorial id",
}  # fmt: skip
EXTEND = {
    "memorial": ("kind", "country", "region", "settlement", "address", "lat", "lon", "erected",
                 "buried_total", "buried_known", "protection_number", "wikidata", "osm_id",
                 "status"),
    "person": ("surname", "given_name", "patronymic", "birth_date", "death_date",
               "birthplace", "rank", "unit", "fate"),
}  # fmt: skip
_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$")


def _bad(parameter: str, message: str) -> BadRequestError:
    return BadRequestError(parameter, message)


def _values(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("id") or item.get("name")
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            text = str(item).strip()
            if text and len(text) <= 500 and "\x00" not in text:
                out.append(text)
    return out


def check_queries(batch: Any) -> dict[str, dict[str, Any]]:
    """A query batch as the spec defines it; BadRequestError names what is wrong."""
    if not isinstance(batch, dict) or not batch:
        raise _bad("queries", "must be a JSON object of queries by key")
    if len(batch) > MAX_QUERIES:
        raise _bad("queries", f"holds more than {MAX_QUERIES} queries")
    out = {}
    for key, query in batch.items():
        if not isinstance(query, dict):
            raise _bad("queries", f"{key}: a query must be an object")
        unknown = set(query) - {"query", "type", "limit", "properties", "type_strict"}
        if unknown:
            raise _bad("queries", f"{key}: unknown member {sorted(unknown)[0]!r}")
        text = query.get("query")
        if text is not None and (not isinstance(text, str) or len(text) > 500 or "\x00" in text):
            raise _bad("queries", f"{key}: query must be text of at most 500 characters")
        kind = query.get("type") or "memorial"
        kinds = kind if isinstance(kind, list) else [kind]
        if not kinds or not all(k in TYPES for k in kinds):
            raise _bad("queries", f"{key}: type must be memorial or person")
        limit = query.get("limit", 5)
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not 1 <= limit <= 100:
            raise _bad("queries", f"{key}: limit must be a number from 1 to 100")
        properties = query.get("properties") or []
        if not isinstance(properties, list):
            raise _bad("queries", f"{key}: properties must be a list")
        props: dict[str, list[str]] = {}
        for item in properties:
            if not isinstance(item, dict) or "pid" not in item or "v" not in item:
                raise _bad("queries", f"{key}: each property needs pid and v")
            props.setdefault(str(item["pid"]), []).extend(_values(item["v"]))
        if not (text or "").strip() and not props:
            raise _bad("queries", f"{key}: give a query or properties")
        out[str(key)] = {"query": (text or "").strip(), "types": kinds,
                         "limit": min(int(limit), MAX_LIMIT), "properties": props}  # fmt: skip
    return out


def reconcile(
    conn: Connection, backend: Backend, batch: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    return {key: {"result": _candidates(conn, backend, query)} for key, query in batch.items()}


def _candidates(conn: Connection, backend: Backend, query: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for kind in query["types"]:
        if kind == "memorial":
            found += _memorials(conn, backend, query)
        else:
            found += _persons(conn, query)
    found.sort(key=lambda c: (-c["score"], c["id"]))
    found = found[: query["limit"]]
    if (
        found
        and found[0]["score"] >= 90
        and (len(found) == 1 or found[1]["score"] < found[0]["score"] - 10)
    ):
        found[0]["match"] = True
    return found


def _first(props: dict[str, list[str]], pid: str) -> str | None:
    values = props.get(pid) or []
    return values[0] if values else None


def _memorials(conn: Connection, backend: Backend, query: dict[str, Any]) -> list[dict[str, Any]]:
    props = query["properties"]
    where: list[Any] = [memorials.c.retired_at.is_(None)]
    point = None
    coordinates = _first(props, "coordinates")
    if coordinates:
        parsed = _COORDS.match(coordinates)
        if parsed is None:
            raise _bad("queries", "coordinates must be lat,lon in decimal degrees")
        point = (float(parsed[1]), float(parsed[2]))
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise _bad("queries", "coordinates must be lat,lon within WGS84's range")
    country = _first(props, "country")
    country_code = country_from_name(country) if country else None
    region = _first(props, "region")
    region_code = region_from_name(region, country_code) if region else None
    settlement = _first(props, "settlement")
    ids = [v for pid in ("wikidata", "osm_id") for v in props.get(pid, [])]
    if point is not None:
        where.append(backend.bbox_filter(bbox_around(point[0], point[1], 5_000)))
    elif ids:
        where.append(or_(memorials.c.wikidata.in_(ids), memorials.c.osm_id.in_(ids)))
    elif settlement:
        where.append(memorials.c.settlement.in_(_spellings(settlement)))
    elif query["query"]:
        where.append(memorials.c.name.in_(_spellings(query["query"])))
    if country_code:
        where.append(memorials.c.country == country_code)
    rows = conn.execute(select(memorials).where(*where).limit(CANDIDATES)).mappings().all()
    return [_score_memorial(dict(row), query, point, region_code, settlement) for row in rows]


def _spellings(text: str) -> list[str]:
    """How a value may be stored: as given, trimmed, capitalised, upper and lower case."""
    text = " ".join(text.split())
    return list(dict.fromkeys([text, text.capitalize(), text.title(), text.upper(), text.lower()]))


def _score_memorial(
    row: dict[str, Any], query: dict[str, Any], point: tuple[float, float] | None,
    region: str | None, settlement: str | None,
) -> dict[str, Any]:  # fmt: skip
    why: list[str] = []
    features: list[dict[str, Any]] = []
    weight = score = 0.0
    if query["query"]:
        names = " | ".join(fold(n) for n in [row["name"], *(row.get("names") or {}).values()])
        alike = name_similarity(fold(query["query"]), names)
        score += 0.6 * alike
        weight += 0.6
        why.append(f"name {alike:.0%} alike")
        features.append({"id": "name", "value": round(alike, 3)})
    if point is not None and row["lat"] is not None:
        distance = haversine_m(point[0], point[1], row["lat"], row["lon"])
        near = max(0.0, 1 - distance / 5_000)
        score += 0.25 * near
        weight += 0.25
        why.append(f"{distance:,.0f} m from the coordinates")
        features.append({"id": "distance_m", "value": round(distance, 1)})
    if settlement:
        same = fold(settlement) == fold(row.get("settlement") or "")
        score += 0.15 * same
        weight += 0.15
        why.append("same settlement" if same else "another settlement")
        features.append({"id": "settlement", "value": same})
    if region:
        same = region == row.get("region")
        score += 0.1 * same
        weight += 0.1
        why.append("same region" if same else "another region")
    kind = _first(query["properties"], "kind")
    if kind:
        same = kind.strip().lower().replace(" ", "_") == row["kind"]
        score += 0.05 * same
        weight += 0.05
    place = row.get("settlement") or row["country"]
    final = score / weight if weight else 0.0
    return _candidate(
        row["id"], row["name"], "memorial", final, why, features, f"{row['kind']}, {place}"
    )


def _persons(conn: Connection, query: dict[str, Any]) -> list[dict[str, Any]]:
    words = query["query"].replace(",", " ").split()
    props = query["properties"]
    if not words:
        return []
    surnames = [s for w in words for s in _spellings(w)]
    rows = conn.execute(
        select(persons)
        .where(persons.c.retired_at.is_(None), persons.c.surname.in_(surnames))
        .limit(CANDIDATES)
    ).mappings().all()  # fmt: skip
    return [_score_person(dict(row), words, props) for row in rows]


def _score_person(
    row: dict[str, Any], words: list[str], props: dict[str, list[str]]
) -> dict[str, Any]:
    why: list[str] = []
    features: list[dict[str, Any]] = []
    full = " ".join(filter(None, (row["surname"], row.get("given_name"), row.get("patronymic"))))
    given = _first(props, "given_name")
    patronymic = _first(props, "patronymic")
    asked = " ".join([*words, *(x for x in (given, patronymic) if x)])
    alike = fuzz.token_sort_ratio(fold(asked), fold(full)) / 100
    partial = fuzz.token_set_ratio(fold(asked), fold(full)) / 100
    names = max(alike, 0.9 * partial)
    score, weight = 0.7 * names, 0.7
    why.append(f"name {names:.0%} alike")
    features.append({"id": "name", "value": round(names, 3)})
    year = _first(props, "birth_year")
    if year:
        try:
            asked_year = int(year[:4])
        except ValueError:
            raise _bad("queries", "birth_year must be a year such as 1912") from None
        if row.get("birth_year") is None:
            score, weight = score + 0.1, weight + 0.2
            why.append("no birth year in the register")
        else:
            gap = abs(asked_year - row["birth_year"])
            same = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
            score, weight = score + 0.2 * same, weight + 0.2
            why.append("born the same year" if gap == 0 else f"born {row['birth_year']}")
            features.append({"id": "birth_year_gap", "value": gap})
    birthplace = _first(props, "birthplace")
    if birthplace and row.get("birthplace"):
        place = fuzz.token_set_ratio(fold(birthplace), fold(row["birthplace"])) / 100
        score, weight = score + 0.1 * place, weight + 0.1
        why.append(f"birthplace {place:.0%} alike")
    description = ", ".join(str(x) for x in (row.get("birth_date"), row.get("birthplace")) if x)
    return _candidate(row["id"], full, "person", score / weight, why, features, description)


def _candidate(record_id: str, name: str, kind: str, score: float, why: list[str],
               features: list[dict[str, Any]], description: str) -> dict[str, Any]:  # fmt: skip
    out = {"id": record_id, "name": name, "score": round(100 * score, 1),
           "type": [{"id": kind, "name": TYPES[kind]}], "match": False, "features": features,
           "why": why}  # fmt: skip
    if description:
        out["description"] = description
    return out


def find_record(conn: Connection, record_id: str) -> tuple[str, dict[str, Any]] | None:
    for kind, table in (("memorial", memorials), ("person", persons)):
        row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
        if row is not None:
            return kind, dict(row)
    return None


def suggest(
    conn: Connection, kind: str, prefix: str, cursor: int, limit: int = 10
) -> list[dict[str, Any]]:
    """Records whose name (memorials) or surname (persons) starts with the prefix."""
    prefix = " ".join(prefix.split())
    if not prefix or len(prefix) > 200 or "\x00" in prefix:
        raise _bad("prefix", "must be 1-200 characters")
    if not 0 <= cursor <= 10_000:
        raise _bad("cursor", "must be between 0 and 10000")
    table, column = (
        (memorials, memorials.c.name) if kind == "memorial" else (persons, persons.c.surname)
    )
    results: list[dict[str, Any]] = []
    for spelling in _spellings(prefix):
        upper = spelling + "\U0010ffff"
        rows = conn.execute(
            select(table).where(column >= spelling, column < upper, table.c.retired_at.is_(None))
            .order_by(column, table.c.id).offset(cursor).limit(limit)
        ).mappings()  # fmt: skip
        for row in rows:
            name = row["name"] if kind == "memorial" else " ".join(
                filter(None, (row["surname"], row["given_name"], row["patronymic"])))  # fmt: skip
            if all(r["id"] != row["id"] for r in results):
                results.append({"id": row["id"], "name": name})
        if len(results) >= limit:
            break
    return results[:limit]


def extend(conn: Connection, ids: list[str], properties: list[str]) -> dict[str, Any]:
    """The data extension response: the asked properties of each record."""
    known = {p for fields in EXTEND.values() for p in fields}
    unknown = [p for p in properties if p not in known]
    if unknown:
        raise _bad("extend", f"unknown property {unknown[0]!r}; use " + ", ".join(sorted(known)))
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for record_id in ids:
        found = find_record(conn, record_id)
        cells: dict[str, list[dict[str, Any]]] = {}
        for prop in properties:
            value = found[1].get(prop) if found else None
            if value is None or (isinstance(value, float) and math.isnan(value)):
                cells[prop] = []
            elif isinstance(value, bool):
                cells[prop] = [{"bool": value}]
            elif isinstance(value, (int, float)):
                cells[prop] = [
                    {"float": float(value)} if isinstance(value, float) else {"int": value}
                ]
            else:
                cells[prop] = [{"str": str(value)}]
        rows[record_id] = cells
    meta = [{"id": p, "name": p.replace("_", " ")} for p in properties]
    return {"meta": meta, "rows": rows}
