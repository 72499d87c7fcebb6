"""Wikidata: entity JSON (Special:EntityData, dumps) and SPARQL results (JSON or GeoJSON).

Entities give labels in many languages, coordinates (P625), instance of (P31), country
(P17), inception (P571) and heritage numbers; SPARQL results give whatever the query
selected, conventionally `item`, `itemLabel`, `itemDescription` and a coordinate. Every
record is keyed by its item (`wikidata:Q123`), so re-importing a newer result updates it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from memreg.domain.dates import DateError, parse_partial_date
from memreg.domain.errors import FieldProblem
from memreg.domain.kinds import guess_kind
from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.ingest.geometry import outline_of, point_of
from memreg.ingest.mapping import record_id_for
from memreg.ingest.records import Mapped, SourceRecord, refuse_file

MAX_JSON_BYTES = 200_000_000
_QID = re.compile(r"(Q[1-9][0-9]*)$")
_WKT_POINT = re.compile(r"Point\(\s*([-0-9.eE+]+)\s+([-0-9.eE+]+)\s*\)", re.I)
# instance of (P31) -> the register's kind, for the classes memorials are usually given
KINDS = {"Q575759": "monument", "Q4989906": "monument", "Q5003624": "monument",
         "Q39614": "war_cemetery", "Q1707610": "war_cemetery", "Q173387": "individual_grave",
         "Q381885": "individual_grave", "Q179700": "sculpture", "Q860861": "sculpture",
         "Q170980": "obelisk", "Q721747": "plaque"}  # fmt: skip
# country (P17) -> ISO 3166-1, for the countries whose memorials the register holds most
COUNTRIES = {
    "Q184": "BY", "Q159": "RU", "Q212": "UA", "Q232": "KZ", "Q227": "AZ", "Q399": "AM",
    "Q230": "GE", "Q217": "MD", "Q265": "UZ", "Q813": "KG", "Q863": "TJ", "Q874": "TM",
    "Q211": "LV", "Q37": "LT", "Q191": "EE", "Q36": "PL", "Q183": "DE", "Q142": "FR",
    "Q145": "GB", "Q664": "NZ", "Q30": "US", "Q16": "CA", "Q408": "AU", "Q213": "CZ",
    "Q214": "SK", "Q28": "HU", "Q218": "RO", "Q219": "BG", "Q403": "RS", "Q224": "HR",
    "Q215": "SI", "Q40": "AT", "Q39": "CH", "Q29": "ES", "Q38": "IT", "Q45": "PT",
    "Q31": "BE", "Q55": "NL", "Q35": "DK", "Q34": "SE", "Q20": "NO", "Q33": "FI",
    "Q27": "IE", "Q41": "GR", "Q43": "TR", "Q148": "CN", "Q17": "JP", "Q668": "IN",
}  # fmt: skip


class WikidataJsonReader:
    """Entity JSON (`{"entities": {...}}`, a dump's array) or SPARQL JSON results."""

    format_name = "wikidata"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns: list[str] = []
        self.notes: list[str] = []
        if path.stat().st_size > MAX_JSON_BYTES:
            self.document: Any = None  # a dump: one entity a line, read line by line
        else:
            try:
                self.document = json.loads(path.read_text(encoding="utf-8-sig"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise refuse_file(path, f"is not valid JSON ({exc})") from None

    def records(self) -> Iterator[SourceRecord]:
        document = self.document
        if document is None:
            yield from self._dump_lines()
        elif isinstance(document, dict) and isinstance(document.get("entities"), dict):
            for number, entity in enumerate(document["entities"].values(), start=1):
                yield SourceRecord(number, {"entity": entity})
        elif isinstance(document, dict) and isinstance(document.get("results"), dict):
            for number, binding in enumerate(document["results"].get("bindings") or (), 1):
                fields = {k: v.get("value") for k, v in binding.items() if isinstance(v, dict)}
                yield SourceRecord(number, fields, _wkt_point(fields))
        elif isinstance(document, list):
            for number, entity in enumerate(document, start=1):
                yield SourceRecord(number, {"entity": entity})
        else:
            raise refuse_file(self.path, "holds neither Wikidata entities nor SPARQL results")

    def _dump_lines(self) -> Iterator[SourceRecord]:
        with self.path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                text = text.strip().rstrip(",")
                if text in ("", "[", "]"):
                    continue
                try:
                    yield SourceRecord(line, {"entity": json.loads(text)})
                except json.JSONDecodeError as exc:
                    yield SourceRecord(line, {}, problem=f"is not valid JSON ({exc.msg})")


def _wkt_point(fields: dict[str, Any]) -> dict[str, Any] | None:
    for value in fields.values():
        if isinstance(value, str):
            found = _WKT_POINT.search(value)
            if found:
                return {"type": "Point", "coordinates": [float(found[1]), float(found[2])]}
    return None


def _claims(entity: dict[str, Any], prop: str) -> list[Any]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop) or ():
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if value is not None:
            out.append(value)
    return out


def _qid(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    found = _QID.search(str(value or ""))
    return found[1] if found else None


def _inception(values: list[Any]) -> str | None:
    for value in values:
        if not isinstance(value, dict) or "time" not in value:
            continue
        time, precision = str(value["time"]).lstrip("+"), int(value.get("precision", 9))
        text = time[:4] if precision <= 9 else time[:7] if precision == 10 else time[:10]
        try:
            return parse_partial_date(text).text
        except DateError:
            continue
    return None


class WikidataMapper:
    """Wikidata entities and SPARQL rows in the register's memorial fields."""

    name = "wikidata"
    record_type = "memorial"
    targets = frozenset(
        {"id", "kind", "name", "country", "lat", "lon", "outline", "wikidata", "commemorates",
         "protection_number", "erected", "osm_id"}
        | {f"name_{lang}" for lang in NAME_LANGUAGES}
    )  # fmt: skip

    def __init__(self, defaults: dict[str, str] | None = None) -> None:
        self.defaults = defaults or {}

    def apply(self, record: SourceRecord) -> Mapped:
        out = Mapped(record.line, {}, raw=record.fields)
        if record.problem:
            out.problems.append(FieldProblem("row", record.problem, record.line))
            return out
        entity = record.fields.get("entity")
        values = out.values
        if isinstance(entity, dict):
            self._entity(entity, record, out)
        else:
            self._row(record, out)
        for target, default in self.defaults.items():
            values.setdefault(target, default)
            if not values[target]:
                values[target] = default
        qid = values.get("wikidata")
        if qid:
            out.source_key = f"wikidata:{qid}"
            values.setdefault("id", record_id_for("wikidata", qid))
        if not values.get("kind"):
            kind = next((guess_kind(t) for t in self._texts(values) if guess_kind(t)), None)
            if kind is None:
                out.notes.append("kind: not given and not told by the name: set to other")
            values["kind"] = kind or "other"
        if not values.get("country"):
            out.problems.append(FieldProblem(
                "country", "is required: the source names no country memreg can read "
                "(give --default country=XX)", record.line))  # fmt: skip
        return out

    @staticmethod
    def _texts(values: dict[str, Any]) -> list[str]:
        return [v for k, v in values.items() if (k == "name" or k.startswith("name_")) and v]

    def _row(self, record: SourceRecord, out: Mapped) -> None:
        fields, values = record.fields, out.values
        qid = _qid(fields.get("item"))
        if qid:
            values["wikidata"] = qid
        label = str(fields.get("itemLabel") or "").strip()
        if label and label != qid:
            values["name"] = label
        description = str(fields.get("itemDescription") or "").strip()
        if description:
            values["commemorates"] = description
        inventory = str(fields.get("inventory") or "").strip()
        if inventory:
            values["protection_number"] = inventory
        country = _qid(fields.get("country"))
        if country and country in COUNTRIES:
            values["country"] = COUNTRIES[country]
        point = point_of(record.geometry)
        if point:
            values["lon"], values["lat"] = point
        outline = outline_of(record.geometry)
        if outline:
            values["outline"] = outline

    def _entity(self, entity: dict[str, Any], record: SourceRecord, out: Mapped) -> None:
        values = out.values
        qid = _qid(entity.get("id"))
        if qid:
            values["wikidata"] = qid
        labels = entity.get("labels") or {}
        for lang in NAME_LANGUAGES:
            label = (labels.get(lang) or {}).get("value")
            if label:
                values[f"name_{lang}"] = label
        if not any(k.startswith("name_") for k in values):
            first = next(iter(labels.values()), None)
            if first and first.get("value"):
                values["name"] = first["value"]
        coordinates = next((c for c in _claims(entity, "P625") if isinstance(c, dict)), None)
        if coordinates and "latitude" in coordinates:
            values["lat"], values["lon"] = coordinates["latitude"], coordinates["longitude"]
        kinds = [KINDS.get(_qid(c) or "") for c in _claims(entity, "P31")]
        values["kind"] = next((k for k in kinds if k), None)
        countries = [COUNTRIES.get(_qid(c) or "") for c in _claims(entity, "P17")]
        country = next((c for c in countries if c), None)
        if country:
            values["country"] = country
        elif _claims(entity, "P17"):
            out.notes.append("country: a Wikidata country memreg does not map: left to --default")
        erected = _inception(_claims(entity, "P571"))
        if erected:
            values["erected"] = erected
        osm = next((str(v) for v in _claims(entity, "P402")), None)
        if osm and osm.isdigit():
            values["osm_id"] = f"relation/{osm}"
        description = (
            (entity.get("descriptions") or {}).get("ru")
            or (entity.get("descriptions") or {}).get("en")
            or {}
        ).get("value")
        if description:
            values["commemorates"] = description
