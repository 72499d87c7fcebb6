"""The Russian heritage register's open-data export (EGROKN, opendata.mkrf.ru).

A file is a raw API page (`{"status", "total", "data": [...]}`), a JSON array of objects,
or JSON Lines. Each object's `data.general` holds the register's fields. The register
holds every kind of heritage; objects whose name says no kind of memorial (houses,
churches, banks) are skipped, each with the reason. Coordinates: `address.mapPosition` is
a GeoJSON point in [lon, lat] order, `additionalCoordinates` a MultiPoint in [lat, lon]
order: the importer reads the latter swapped, and checks which order a point is in when
the two disagree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from memreg.domain.errors import FieldProblem
from memreg.domain.kinds import guess_kind
from memreg.domain.places import haversine_m, region_from_name
from memreg.ingest.mapping import record_id_for
from memreg.ingest.records import Mapped, SourceRecord, refuse_file

MAX_JSON_BYTES = 200_000_000
PROTECTION = {"федерального": "federal", "регионального": "regional", "местного": "local",
              "выявленный": "identified", "выявленного": "identified"}  # fmt: skip
_SETTLEMENT = re.compile(
    r"(?:^|,\s*)(?:г\.|город|пгт\.?|пос\.|посёлок|поселок|с\.|село|д\.|деревня|ст-ца\.?|х\.)\s*([^,]+)"
)
NEAR_M = 5_000  # the additional points of one object lie within this of its main point


class EgroknReader:
    format_name = "egrokn"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns = ["nativeId", "data.general"]
        self.notes: list[str] = []
        with path.open("rb") as handle:
            start = handle.read(65536).lstrip(b"\xef\xbb\xbf \t\r\n")
        first_line = start.split(b"\n", 1)[0]
        self.lines = start.startswith(b"{") and _is_json(first_line) and b"\n{" in start

    def records(self) -> Iterator[SourceRecord]:
        if self.lines:
            with self.path.open(encoding="utf-8-sig") as handle:
                for line, text in enumerate(handle, start=1):
                    if text.strip():
                        yield _parsed_line(line, text)
            return
        if self.path.stat().st_size > MAX_JSON_BYTES:
            raise refuse_file(self.path, "is one JSON document over 200 MB: export JSON Lines")
        try:
            document = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise refuse_file(self.path, f"is not valid JSON ({exc})") from None
        items = document.get("data") if isinstance(document, dict) else document
        if isinstance(document, dict) and "data" not in document and "general" in document:
            items = [document]
        if not isinstance(items, list):
            raise refuse_file(self.path, "holds no list of objects (expected `data: [...]`)")
        total = document.get("total") if isinstance(document, dict) else None
        if isinstance(total, int) and total > len(items):
            self.notes.append(
                f"the file is one page: {len(items)} of the {total} objects the query found"
            )
        for number, item in enumerate(items, start=1):
            if isinstance(item, dict):
                yield SourceRecord(number, item)
            else:
                yield SourceRecord(number, {}, problem="is not a JSON object")


def _is_json(text: bytes) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _parsed_line(line: int, text: str) -> SourceRecord:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return SourceRecord(line, {}, problem=f"is not valid JSON ({exc.msg})")
    if not isinstance(value, dict):
        return SourceRecord(line, {}, problem="is not a JSON object")
    return SourceRecord(line, value)


def _general(fields: dict[str, Any]) -> dict[str, Any]:
    data = fields.get("data")
    if isinstance(data, dict) and isinstance(data.get("general"), dict):
        return data["general"]
    if isinstance(fields.get("general"), dict):
        return fields["general"]
    return fields


def _value(item: Any) -> str:
    if isinstance(item, dict):
        item = item.get("value")
    return str(item).strip() if item is not None else ""


def _points(geometry: Any) -> list[tuple[float, float]]:
    """The number pairs of a Point or MultiPoint, in the order the file gives them."""
    if not isinstance(geometry, dict):
        return []
    coords = geometry.get("coordinates")
    if geometry.get("type") == "Point":
        coords = [coords]
    out = []
    for pair in coords or ():
        if isinstance(pair, (list, tuple)) and len(pair) >= 2:
            try:
                out.append((float(pair[0]), float(pair[1])))
            except (TypeError, ValueError):
                continue
    return out


class EgroknMapper:
    """EGROKN objects in the register's memorial fields."""

    name = "egrokn"
    record_type = "memorial"
    targets = frozenset(
        {"id", "kind", "name", "name_ru", "country", "region", "settlement", "address", "lat",
         "lon", "protection_number", "protection_level", "external_ids"}
    )  # fmt: skip

    def __init__(self, defaults: dict[str, str] | None = None) -> None:
        self.defaults = defaults or {}

    def apply(self, record: SourceRecord) -> Mapped:
        out = Mapped(record.line, {}, raw=record.fields)
        if record.problem:
            out.problems.append(FieldProblem("row", record.problem, record.line))
            return out
        general = _general(record.fields)
        name = _value(general.get("name")) or _value(record.fields.get("nativeName"))
        object_id = _value(general.get("id")) or _value(record.fields.get("nativeId"))
        kind = guess_kind(name) if name else None
        if kind is None:
            types = ", ".join(_value(t) for t in general.get("typologies") or ()) or "no typology"
            out.skip = f"not memorial heritage ({types}): {name[:70] or 'no name'}"
            return out
        values = out.values
        values.update(self.defaults)
        values.update(
            kind=kind, name=name, name_ru=name, country=self.defaults.get("country", "RU")
        )
        if object_id:
            out.source_key = f"egrokn:{object_id}"
            values["id"] = record_id_for("egrokn", object_id)
        register_number = _value(general.get("regNumber"))
        if register_number:
            values["protection_number"] = register_number
            values["external_ids"] = {"egrokn": register_number}
        level = _value(general.get("categoryType")).casefold()
        values["protection_level"] = next((v for k, v in PROTECTION.items() if k in level), None)
        found_address = general.get("address")
        address: dict[str, Any] = found_address if isinstance(found_address, dict) else {}
        full_address = _value(address.get("fullAddress"))
        if full_address:
            values["address"] = full_address
            found = _SETTLEMENT.search(full_address)
            if found:
                values["settlement"] = found[1].strip()
        region = _value(general.get("region"))
        if region:
            code = region_from_name(region, values["country"])
            if code:
                values["region"] = code
            else:
                out.notes.append(f"region: {region!r} is not a region memreg knows: left empty")
        self._place(address, general.get("additionalCoordinates"), out)
        return out

    def _place(self, address: dict[str, Any], additional: Any, out: Mapped) -> None:
        main = _points(address.get("mapPosition"))
        extra: list[tuple[float, float]] = []
        for geometry in additional if isinstance(additional, list) else [additional]:
            extra.extend(_points(geometry))
        if extra:  # documented as [lat, lon]: swap, unless the numbers say otherwise
            swapped = [(b, a) for a, b in extra]
            if any(abs(lat) > 90 for _, lat in swapped) and not any(abs(b) > 90 for _, b in extra):
                swapped = extra
                out.notes.append("additionalCoordinates already in [lon, lat] order: read as given")
            else:
                out.notes.append("additionalCoordinates in [lat, lon] order: read swapped")
            extra = swapped
        if main:
            lon, lat = main[0]
            if abs(lat) > 90 or (extra and self._closer_swapped(main[0], extra)):
                lon, lat = lat, lon
                out.notes.append("mapPosition in [lat, lon] order (not GeoJSON's): read swapped")
        elif extra:
            lon = sum(p[0] for p in extra) / len(extra)
            lat = sum(p[1] for p in extra) / len(extra)
            out.notes.append("no mapPosition: placed at the middle of additionalCoordinates")
        else:
            out.notes.append("no coordinates: imported without a location")
            return
        out.values["lat"], out.values["lon"] = lat, lon

    @staticmethod
    def _closer_swapped(main: tuple[float, float], extra: list[tuple[float, float]]) -> bool:
        lon, lat = main
        if abs(lon) > 90:
            return False
        as_given = min(haversine_m(lat, lon, p[1], p[0]) for p in extra)
        swapped = min(haversine_m(lon, lat, p[1], p[0]) for p in extra)
        return as_given > NEAR_M and swapped <= NEAR_M
