"""OGC API - Features at /ogc, read by the clients GIS users have: GDAL's OAPIF driver
(ogrinfo, ogr2ogr to a GeoPackage) and OWSLib; and the protocol's rules over HTTP."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from memreg.services.editing import update_record
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from memreg.store.schema import memorials
from tests.conftest import make_client
from tests.e2e.harness import serve
from tests.register_builder import build_register

EXTRA = 130  # enough memorials that every client has to follow next links


def _load(store: Store, tmp_path: Path) -> list[str]:
    build_register(store, tmp_path)
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "kind", "name", "country", "lat", "lon", "buried_total"])
        for n in range(EXTRA):
            writer.writerow([f"GEN-{n:04d}", "obelisk", f"Обелиск № {n}", "UA",
                             f"{45 + n / 100:.4f}", f"{30 + n / 50:.4f}", n])  # fmt: skip
    import_csv(store, "test", "memorial", path)
    with store.engine.connect() as conn:
        rows = conn.execute(select(memorials.c.id).where(memorials.c.retired_at.is_(None)))
        return sorted(r[0] for r in rows)


def _live(store: Store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(memorials).where(memorials.c.retired_at.is_(None))).mappings()
        return {r["id"]: dict(r) for r in rows}


@pytest.mark.skipif(not shutil.which("ogr2ogr"), reason="GDAL's ogr2ogr is not installed")
def test_gdal_copies_every_memorial_with_its_attributes(store: Store, tmp_path: Path):
    ids = _load(store, tmp_path)
    live = _live(store)
    target = tmp_path / "from-ogc.gpkg"
    with serve(store) as base:
        layers = subprocess.run(["ogrinfo", "-ro", "-q", f"OAPIF:{base}/ogc"],
                                capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert "memorials" in layers and "persons" in layers
        command = ["ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{base}/ogc", "memorials"]
        subprocess.run([*command, "-oo", "PAGE_SIZE=50"], capture_output=True, check=True)
    with sqlite3.connect(target) as conn:
        conn.row_factory = sqlite3.Row
        rows = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM memorials")}
    assert sorted(rows) == ids
    for memorial_id, got in rows.items():
        want = live[memorial_id]
        for field in ("name", "kind", "country", "region", "settlement", "address", "erected",
                      "buried_total", "buried_known", "buried_unknown", "custodian", "status",
                      "osm_id", "wikidata", "protection_number", "version"):  # fmt: skip
            assert got[field] == want[field], (memorial_id, field)
        if want["lat"] is not None:
            assert (got["lat"], got["lon"]) == (want["lat"], want["lon"])
        assert json.loads(got["names"] or "{}") == (want["names"] or {})


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="GDAL's ogrinfo is not installed")
def test_gdal_filters_by_bbox_and_reads_persons_without_geometry(store: Store, tmp_path):
    _load(store, tmp_path)
    with serve(store) as base:
        inside = subprocess.run(
            ["ogrinfo", "-ro", "-al", "-q", "-spat", "23", "51", "28", "54.5",
             f"OAPIF:{base}/ogc", "memorials"], capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        persons = subprocess.run(["ogrinfo", "-ro", "-al", "-q", f"OAPIF:{base}/ogc", "persons"],
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = re.findall(r"^\s+id \(String\) = (\S+)", inside, re.MULTILINE)
    assert sorted(found) == ["BY-BR-0002", "BY-HM-0001"]
    assert "Сідарэнка" in persons and "obd-5" not in persons  # retired persons are not served


def test_owslib_reads_landing_collections_and_items(store: Store, tmp_path: Path):
    from owslib.ogcapi.features import Features

    ids = _load(store, tmp_path)
    with serve(store) as base:
        api = Features(f"{base}/ogc")
        assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in (
            api.conformance()["conformsTo"])  # fmt: skip
        assert {c["id"] for c in api.collections()["collections"]} == {"memorials", "persons"}
        assert api.collection("memorials")["extent"]["spatial"]["crs"].endswith("CRS84")
        seen, offset = [], 0
        while True:
            page = api.collection_items("memorials", limit=40, offset=offset)
            seen += [f["id"] for f in page["features"]]
            if not any(link["rel"] == "next" for link in page["links"]):
                break
            offset += 40
        assert sorted(seen) == ids
        page = api.collection_items("memorials", kind="mass_grave", country="BY")
        assert [f["id"] for f in page["features"]] == ["BY-HM-0001"]
        item = api.collection_item("persons", "obd-1")
        assert item["properties"]["memorials"][1] == {"memorial_id": "BY-BR-0002",
                                                      "role": "reburied_from"}  # fmt: skip


def test_next_links_walk_every_feature_once(store: Store, tmp_path: Path):
    ids = _load(store, tmp_path)
    client = make_client(store)
    url, seen = "/ogc/collections/memorials/items?limit=33", []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/geo+json"
        doc = response.json()
        assert doc["numberMatched"] == len(ids) and doc["numberReturned"] == len(doc["features"])
        seen += [f["id"] for f in doc["features"]]
        url = next((link["href"] for link in doc["links"] if link["rel"] == "next"), None)
    assert sorted(seen) == ids and len(seen) == len(set(seen))


def test_landing_conformance_and_api_definition(store: Store):
    client = make_client(store)
    landing = client.get("/ogc").json()
    rels = {link["rel"] for link in landing["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= rels
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert any(c.endswith("/conf/geojson") for c in classes)
    assert any(c.endswith("/conf/oas30") for c in classes)
    api = client.get("/ogc/api")
    assert api.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    paths = api.json()["paths"]
    assert "/collections/memorials/items" in paths and api.json()["openapi"].startswith("3.0")
    names = {p["name"] for p in paths["/collections/memorials/items"]["get"]["parameters"]}
    assert {"bbox", "limit", "offset", "datetime", "kind", "country", "f"} <= names


def test_datetime_filters_on_the_last_change(store: Store, tmp_path: Path):
    _load(store, tmp_path)
    client = make_client(store)
    items = "/ogc/collections/memorials/items"
    everything = client.get(items, params={"limit": 1000}).json()["features"]
    latest = max(datetime.fromisoformat(f["properties"]["updated"]) for f in everything)
    before_edit = (latest + timedelta(milliseconds=1)).isoformat(timespec="milliseconds")
    update_record(store, "test", "memorial", "KZ-0004", {"settlement": "Алма-Ата"}, None)
    changed = client.get(items, params={"datetime": f"{before_edit}/.."}).json()
    assert [f["id"] for f in changed["features"]] == ["KZ-0004"]
    assert changed["features"][0]["properties"]["updated"] > latest.isoformat()
    older = client.get(items, params={"datetime": f"../{before_edit}", "limit": 1000}).json()
    assert "KZ-0004" not in {f["id"] for f in older["features"]}
    assert client.get(items, params={"datetime": "2000-01-01"}).json()["numberMatched"] == 0


def test_persons_bbox_keeps_persons_linked_inside(store: Store, tmp_path: Path):
    _load(store, tmp_path)
    client = make_client(store)
    doc = client.get("/ogc/collections/persons/items", params={"bbox": "23,51,24,53"}).json()
    assert [f["id"] for f in doc["features"]] == ["obd-1", "obd-2"]  # linked to BY-BR-0002
    assert all(f["geometry"] is None for f in doc["features"])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("foo=1", "foo"), ("bbox=1,2,3", "bbox"), ("bbox=0,95,1,96", "bbox"),
        ("limit=0", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset"),
        ("datetime=yesterday", "datetime"), ("datetime=2024-02-30", "datetime"),
        ("datetime=2024-05-01/2024-04-01", "datetime"), ("buried_total=3", "buried_total"),
        ("f=xml", "f"), ("kind=a&kind=b", "kind"), ("datetime=../..", "datetime"),
    ],
)  # fmt: skip
def test_bad_parameters_get_400_naming_them(store: Store, query: str, parameter: str):
    response = make_client(store).get(f"/ogc/collections/memorials/items?{query}")
    assert response.status_code == 400, query
    assert response.json()["errors"][0]["field"] == parameter


def test_unknown_things_are_404_and_limits_are_clamped(store: Store, tmp_path: Path):
    _load(store, tmp_path)
    client = make_client(store)
    assert client.get("/ogc/collections/graves").status_code == 404
    assert client.get("/ogc/collections/memorials/items/RU-X-0006").status_code == 404  # retired
    assert client.get("/ogc/collections/memorials/items/no%20such").status_code == 404
    assert client.get("/ogc/conformance?limit=3").status_code == 400
    doc = client.get("/ogc/collections/memorials/items?limit=99999999").json()
    assert doc["numberReturned"] == doc["numberMatched"]
    person = client.get("/ogc/collections/persons/items?fate=missing&birth_year=1914").json()
    assert [f["id"] for f in person["features"]] == ["obd-2"]


def test_html_for_browsers_without_inline_script(store: Store, tmp_path: Path):
    _load(store, tmp_path)
    client = make_client(store)
    collections = [
        "/ogc/collections/memorials",
        "/ogc/collections/memorials/items",
        "/ogc/collections/persons/items",
        "/ogc/collections/memorials/items/BY-HM-0001",
    ]
    pages = ["/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", *collections]
    for page in pages:
        response = client.get(page, headers={"Accept": "text/html,application/xhtml+xml"})
        assert response.status_code == 200, page
        assert response.headers["content-type"].startswith("text/html"), page
        assert "<script" not in response.text and " onclick" not in response.text
    html = client.get("/ogc/collections/memorials/items/BY-HM-0001?f=html").text
    assert "Брацкая магіла савецкіх воінаў" in html and "&#34;сквер&#34;" in html
    assert client.get("/ogc/collections?f=json").headers["content-type"] == "application/json"
