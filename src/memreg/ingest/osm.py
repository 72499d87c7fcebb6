"""OpenStreetMap (.osm, .osm.pbf, .osm.gz, .osm.bz2) by pyosmium: the memorials it maps.

Read: historic=memorial (memorial=war_memorial, obelisk, stele, plaque, statue, bust,
stone ...), historic=monument, historic=tomb, cemetery=war_cemetery or military,
landuse=cemetery / amenity=grave_yard with war tags (memorial:conflict, war_cemetery ...).
Everything else in an extract is passed over (counted, not reported one by one). Names
from name and every name:<lang>; inscription; start_date; wikidata. A closed way or a
multipolygon gives its outline; its centre is the point.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import osmium

from memreg.domain.dates import DateError, archival_to_edtf
from memreg.domain.errors import FieldProblem
from memreg.domain.kinds import guess_kind
from memreg.domain.places import country_from_name
from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.ingest.geometry import outline_of, point_of
from memreg.ingest.mapping import record_id_for
from memreg.ingest.records import Mapped, SourceRecord, refuse_file

MEMORIAL_TAGS = {"memorial": "monument", "monument": "monument", "tomb": "individual_grave"}
MEMORIAL_KINDS = {
    "war_memorial": "monument", "obelisk": "obelisk", "stele": "obelisk", "plaque": "plaque",
    "blue_plaque": "plaque", "statue": "sculpture", "bust": "sculpture", "sculpture": "sculpture",
    "stone": "monument", "cross": "monument", "war_grave": "individual_grave",
    "grave": "individual_grave", "mass_grave": "mass_grave", "ghost_bike": "other",
}  # fmt: skip
WAR_TAGS = ("memorial:conflict", "memorial:war", "war_cemetery", "military", "memorial:type")


def is_memorial(tags: Any) -> bool:
    historic = tags.get("historic")
    if historic in MEMORIAL_TAGS:
        return True
    if tags.get("cemetery") in ("war_cemetery", "military"):
        return True
    if tags.get("landuse") == "cemetery" or tags.get("amenity") == "grave_yard":
        return any(key in tags for key in WAR_TAGS)
    return False


class OsmReader:
    format_name = "osm"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns: list[str] = []
        self.notes: list[str] = []
        self.passed_over = 0

    def records(self) -> Iterator[SourceRecord]:
        number = 0
        try:
            processor = osmium.FileProcessor(str(self.path)).with_locations().with_areas()
            for obj in processor:
                if not is_memorial(obj.tags):
                    continue
                found = self._record(obj)
                if found is None:
                    continue
                number += 1
                found.line = number
                yield found
        except RuntimeError as exc:  # libosmium reports a damaged file as RuntimeError
            raise refuse_file(self.path, f"is not a readable OpenStreetMap file ({exc})") from None

    def _record(self, obj: Any) -> SourceRecord | None:
        tags = {tag.k: tag.v for tag in obj.tags}
        geometry: dict[str, Any] | None
        if isinstance(obj, osmium.osm.Node):
            key = f"node/{obj.id}"
            geometry = {"type": "Point", "coordinates": [obj.location.lon, obj.location.lat]}
        elif isinstance(obj, osmium.osm.Way):
            if obj.is_closed() and len(obj.nodes) >= 4:
                return None  # its area follows, with the outline
            key = f"way/{obj.id}"
            coords = [[n.lon, n.lat] for n in obj.nodes if n.location.valid()]
            geometry = {"type": "LineString", "coordinates": coords} if coords else None
        elif isinstance(obj, osmium.osm.Area):
            key = f"{'way' if obj.from_way() else 'relation'}/{obj.orig_id()}"
            polygons = []
            for outer in obj.outer_rings():
                rings = [[[n.lon, n.lat] for n in outer]]
                rings += [[[n.lon, n.lat] for n in inner] for inner in obj.inner_rings(outer)]
                polygons.append(rings)
            geometry = {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
            if geometry and len(polygons) == 1:
                geometry = {"type": "Polygon", "coordinates": polygons[0]}
        else:
            return None
        tags["@id"] = key
        return SourceRecord(0, tags, geometry)


class OsmMapper:
    """OSM tags in the register's memorial fields."""

    name = "osm"
    record_type = "memorial"
    targets = frozenset(
        {"id", "kind", "name", "country", "settlement", "address", "lat", "lon", "outline",
         "osm_id", "wikidata", "commemorates", "erected"}
        | {f"name_{lang}" for lang in NAME_LANGUAGES}
    )  # fmt: skip

    def __init__(self, defaults: dict[str, str] | None = None) -> None:
        self.defaults = defaults or {}

    def apply(self, record: SourceRecord) -> Mapped:
        tags = record.fields
        out = Mapped(record.line, {}, raw=tags)
        values = out.values
        key = tags["@id"]
        out.source_key = f"osm:{key}"
        values["id"] = record_id_for("osm", key.replace("/", "-"))
        values["osm_id"] = key
        for lang in NAME_LANGUAGES:
            if tags.get(f"name:{lang}"):
                values[f"name_{lang}"] = tags[f"name:{lang}"]
        if tags.get("name"):
            values["name"] = tags["name"]
        elif tags.get("official_name") or tags.get("alt_name"):
            values["name"] = tags.get("official_name") or tags.get("alt_name")
        elif not any(k.startswith("name_") for k in values):
            values["name"] = _unnamed(tags)
            out.notes.append("name: not tagged: named after its kind")
        values["kind"] = self._kind(tags, values)
        if tags.get("inscription"):
            values["commemorates"] = tags["inscription"]
        elif tags.get("memorial:conflict"):
            values["commemorates"] = tags["memorial:conflict"]
        if tags.get("wikidata"):
            values["wikidata"] = tags["wikidata"].split(";")[0].strip()
        if tags.get("start_date"):
            try:
                values["erected"] = archival_to_edtf(tags["start_date"])
            except DateError:
                out.notes.append(f"start_date: {tags['start_date'][:30]!r} is not a date: left out")
        country = tags.get("addr:country") or tags.get("is_in:country_code")
        code = country_from_name(country) if country else None
        values["country"] = code or self.defaults.get("country", "")
        if tags.get("addr:city") or tags.get("addr:place"):
            values["settlement"] = tags.get("addr:city") or tags.get("addr:place")
        street = " ".join(filter(None, (tags.get("addr:street"), tags.get("addr:housenumber"))))
        if street:
            values["address"] = street
        for target, default in self.defaults.items():
            if not values.get(target):
                values[target] = default
        point = point_of(record.geometry)
        if point is None:
            out.problems.append(
                FieldProblem("geometry", "has no location in the file", record.line)
            )
        else:
            values["lon"], values["lat"] = point
        outline = outline_of(record.geometry)
        if outline:
            values["outline"] = outline
        if not values.get("country"):
            out.problems.append(FieldProblem(
                "country", "is required: OpenStreetMap tags no country here "
                "(give --default country=XX for the extract)", record.line))  # fmt: skip
        return out

    @staticmethod
    def _kind(tags: dict[str, Any], values: dict[str, Any]) -> str:
        named = guess_kind(values.get("name") or "") or next(
            (guess_kind(v) for k, v in values.items() if k.startswith("name_") and guess_kind(v)),
            None,
        )
        if named:
            return named
        if (
            tags.get("cemetery") in ("war_cemetery", "military")
            or tags.get("landuse") == "cemetery"
        ):
            return "war_cemetery"
        memorial = tags.get("memorial") or tags.get("memorial:type") or tags.get("tomb")
        if memorial in MEMORIAL_KINDS:
            return MEMORIAL_KINDS[memorial]
        return MEMORIAL_TAGS.get(tags.get("historic", ""), "monument")


def _unnamed(tags: dict[str, Any]) -> str:
    what = tags.get("memorial") or tags.get("tomb") or tags.get("historic") or "memorial"
    return what.replace("_", " ").capitalize()
