"""OpenStreetMap input: small extracts this test writes itself, as .osm XML and as .osm.pbf."""

from __future__ import annotations

from pathlib import Path

import osmium
import pytest
from sqlalchemy import select

from memreg.domain.errors import ImportRejectedError
from memreg.ingest.detect import detect_format
from memreg.services.import_mapped import import_file
from memreg.store.engine import Store
from memreg.store.schema import memorials

EXTRACT = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="memreg-tests">
  <node id="1" version="1" lat="53.9" lon="27.56">
    <tag k="historic" v="memorial"/><tag k="memorial" v="war_memorial"/>
    <tag k="name" v="Братская могила советских воинов"/>
    <tag k="name:be" v="Брацкая магіла савецкіх воінаў"/><tag k="name:en" v="Mass grave"/>
    <tag k="inscription" v="Вечная слава героям"/><tag k="start_date" v="1957"/>
    <tag k="wikidata" v="Q4115189"/>
  </node>
  <node id="2" version="1" lat="53.901" lon="27.561">
    <tag k="amenity" v="cafe"/><tag k="name" v="Кафе"/>
  </node>
  <node id="3" version="1" lat="53.91" lon="27.57"/>
  <node id="4" version="1" lat="53.91" lon="27.571"/>
  <node id="5" version="1" lat="53.911" lon="27.571"/>
  <node id="6" version="1" lat="53.911" lon="27.57"/>
  <node id="7" version="1" lat="53.92" lon="27.58">
    <tag k="historic" v="memorial"/><tag k="memorial" v="obelisk"/>
    <tag k="start_date" v="sometime"/>
  </node>
  <node id="8" version="1" lat="53.93" lon="27.59">
    <tag k="historic" v="memorial"/><tag k="memorial" v="plaque"/>
    <tag k="name" v="Мемориальная доска"/><tag k="addr:country" v="BY"/>
  </node>
  <way id="10" version="1">
    <nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="3"/>
    <tag k="landuse" v="cemetery"/><tag k="memorial:conflict" v="WW2"/>
    <tag k="name" v="Воинское кладбище"/>
  </way>
  <way id="11" version="1">
    <nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="3"/>
    <tag k="landuse" v="cemetery"/><tag k="name" v="Гражданское кладбище"/>
  </way>
</osm>
"""


@pytest.fixture
def extracts(tmp_path: Path) -> dict[str, Path]:
    xml = tmp_path / "minsk.osm"
    xml.write_text(EXTRACT, encoding="utf-8")
    pbf = tmp_path / "minsk.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf))
    for obj in osmium.FileProcessor(str(xml)):
        writer.add(obj)
    writer.close()
    return {"osm": xml, "pbf": pbf}


@pytest.mark.parametrize("kind", ["osm", "pbf"])
def test_osm_memorials_load_with_names_inscription_date_and_outline(
    store: Store, extracts: dict[str, Path], kind: str
) -> None:
    path = extracts[kind]
    assert detect_format(path) == "osm"
    with pytest.raises(ImportRejectedError, match="country: is required"):
        import_file(store, "t", "memorial", path)  # OSM tags no country on most objects
    report = import_file(store, "t", "memorial", path, defaults={"country": "BY"})
    assert (report.created, report.rejected) == (4, 0)  # the cafe and the plain cemetery pass
    with store.engine.connect() as conn:
        rows = {r["osm_id"]: dict(r) for r in conn.execute(select(memorials)).mappings()}
    grave = rows["node/1"]
    assert grave["id"] == "osm-node-1" and grave["kind"] == "mass_grave"
    assert grave["names"] == {"be": "Брацкая магіла савецкіх воінаў", "en": "Mass grave"}
    assert (grave["commemorates"], grave["erected"], grave["wikidata"]) == (
        "Вечная слава героям", "1957", "Q4115189"
    )  # fmt: skip
    assert rows["node/7"]["kind"] == "obelisk" and rows["node/7"]["erected"] is None
    assert report.notes["start_date: 'sometime' is not a date: left out"] == 1
    assert rows["node/8"]["kind"] == "plaque"
    cemetery = rows["way/10"]
    assert cemetery["kind"] == "war_cemetery" and cemetery["outline"]["type"] == "Polygon"
    assert 53.91 < cemetery["lat"] < 53.911 and 27.57 < cemetery["lon"] < 27.571
    again = import_file(store, "t", "memorial", path, defaults={"country": "BY"})
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
