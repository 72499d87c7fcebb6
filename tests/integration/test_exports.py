"""Exports on both backends: CSV that imports back unchanged, GeoJSON, GeoPackage, JSON Lines,
from the command line and over HTTP, with the list filters."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from memreg.cli import app
from memreg.ingest.native_csv import MEMORIAL_COLUMNS, PERSON_COLUMNS
from memreg.publish import csv_native
from memreg.services.exports import export_to_file
from memreg.services.imports import import_csv
from memreg.services.register import init_register
from memreg.store.engine import Store
from memreg.store.queries import MemorialFilter
from memreg.store.schema import memorials, person_memorials, persons
from memreg.store.streams import PersonFilter
from tests.conftest import make_client
from tests.register_builder import build_register

CSV_MEMORIAL_FIELDS = [c for c in MEMORIAL_COLUMNS if not c.startswith("name_")] + ["names"]
CSV_PERSON_FIELDS = [c for c in PERSON_COLUMNS if c not in ("memorial_id", "role")]
VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


def _fresh(tmp_path: Path, name: str) -> Store:
    store, _ = init_register(f"sqlite:///{tmp_path / name}")
    return store


def _rows(store: Store, table, fields: list[str]) -> dict[str, dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(table).where(table.c.retired_at.is_(None))).mappings()
        return {r["id"]: {f: r[f] for f in fields} for r in rows}


def _links(store: Store) -> set[tuple[str, str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(persons.c.id, memorials.c.id, person_memorials.c.role)
            .select_from(person_memorials.join(persons).join(memorials))
            .where(persons.c.retired_at.is_(None))
        )
        return {tuple(r) for r in rows}


def test_export_columns_are_the_import_columns():
    assert csv_native.MEMORIAL_COLUMNS == MEMORIAL_COLUMNS
    assert csv_native.PERSON_COLUMNS == PERSON_COLUMNS


def test_native_csv_export_imports_back_unchanged(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    m_file, p_file = tmp_path / "memorials.csv", tmp_path / "persons.csv"
    export_to_file(store, "memorial", "csv", m_file, MemorialFilter())
    report = export_to_file(store, "person", "csv", p_file, PersonFilter())
    assert [Path(p).name for p in report.extra_files] == ["persons.links-2.csv"]

    copy = _fresh(tmp_path, "copy.db")
    try:
        import_csv(copy, "test", "memorial", m_file)
        import_csv(copy, "test", "person", p_file)
        for extra in report.extra_files:
            import_csv(copy, "test", "person", Path(extra))
        assert _rows(copy, memorials, CSV_MEMORIAL_FIELDS) == _rows(
            store, memorials, CSV_MEMORIAL_FIELDS
        )
        assert _rows(copy, persons, CSV_PERSON_FIELDS) == _rows(store, persons, CSV_PERSON_FIELDS)
        live = {link for link in _links(store) if link[1] != "RU-X-0006"}
        assert _links(copy) == live
        assert ("obd-1", "BY-BR-0002", "reburied_from") in live
        # Exporting the copy gives the same bytes.
        again = tmp_path / "again.csv"
        export_to_file(copy, "memorial", "csv", again, MemorialFilter())
        assert again.read_bytes() == m_file.read_bytes()
    finally:
        copy.dispose()


def test_geojson_is_rfc_7946(store: Store, tmp_path: Path):
    built = build_register(store, tmp_path)
    path = tmp_path / "m.geojson"
    export_to_file(store, "memorial", "geojson", path, MemorialFilter())
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    by_id = {f["id"]: f for f in doc["features"]}
    assert sorted(by_id) == built.live_memorials
    minsk = by_id["BY-HM-0001"]
    assert minsk["geometry"] == {"type": "Point", "coordinates": [27.5619, 53.9023]}
    assert minsk["properties"]["names"]["be"] == "Брацкая магіла савецкіх воінаў"
    assert minsk["properties"]["address"] == 'вул. Кірава, 1, "сквер"\nля ўвахода'
    assert by_id["KZ-0004"]["geometry"] is None
    for f in doc["features"]:
        assert f["type"] == "Feature" and set(f) == {"type", "id", "geometry", "properties"}


def test_gdal_reads_geojson_and_geopackage_with_attributes(store: Store, tmp_path: Path):
    if not shutil.which("ogrinfo"):
        pytest.skip("GDAL's ogrinfo is not installed")
    built = build_register(store, tmp_path)
    for fmt in ("geojson", "gpkg"):
        path = tmp_path / f"memorials.{fmt}"
        export_to_file(store, "memorial", fmt, path, MemorialFilter())
        info = subprocess.run(
            ["ogrinfo", "-ro", "-al", "-q", str(path)], capture_output=True, text=True, check=True
        ).stdout
        for memorial_id in built.live_memorials:
            assert f"id (String) = {memorial_id}" in info, (fmt, memorial_id)
        assert "Мінскі гарвыканкам" in info
        assert "POINT (27.5619 53.9023)" in info
        assert "RU-X-0006" not in info


def test_geopackage_passes_gdal_validator(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    paths = []
    for record_type in ("memorial", "person"):
        path = tmp_path / f"{record_type}.gpkg"
        export_to_file(store, record_type, "gpkg", path, MemorialFilter() if record_type ==
                       "memorial" else PersonFilter())  # fmt: skip
        paths.append(path)
    if (
        not VALIDATOR.exists()
        or importlib.util.find_spec("osgeo") is None
        and not Path("/usr/bin/python3").exists()
    ):
        pytest.skip("GDAL's validate_gpkg.py is not installed")
    for path in paths:
        # The validator needs GDAL's own Python bindings: Debian's python3 has them.
        result = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(path)],
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_json_lines_carry_every_link(store: Store, tmp_path: Path):
    built = build_register(store, tmp_path)
    path = tmp_path / "persons.jsonl"
    export_to_file(store, "person", "jsonl", path, PersonFilter())
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == built.live_persons
    by_id = {r["id"]: r for r in records}
    assert by_id["obd-1"]["memorials"] == [
        {"memorial_id": "BY-HM-0001", "role": "buried_at"},
        {"memorial_id": "BY-BR-0002", "role": "reburied_from"},
    ]
    assert by_id["obd-4"]["memorials"] == []
    assert by_id["obd-6"]["name_variants"] == ["Kovalchuk", "Ковальчук Анна"]


def test_filters_choose_what_is_exported(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    path = tmp_path / "by.jsonl"
    export_to_file(store, "memorial", "jsonl", path, MemorialFilter(country="BY"))
    ids = [json.loads(line)["id"] for line in path.read_text().splitlines()]
    assert ids == ["BY-HM-0001", "BY-BR-0002"]  # key order: the order they were loaded
    export_to_file(store, "person", "jsonl", path, PersonFilter(memorial_id="BY-BR-0002"))
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == [
        "obd-1", "obd-2"]  # fmt: skip
    export_to_file(store, "person", "jsonl", path,
                   PersonFilter(memorials=MemorialFilter(region="RU-MOW")))  # fmt: skip
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == ["obd-3"]


def test_export_over_http_streams_each_format(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    client = make_client(store)
    response = client.get("/api/exports/memorials", params={"format": "geojson", "country": "BY"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    assert [f["id"] for f in response.json()["features"]] == ["BY-HM-0001", "BY-BR-0002"]
    response = client.get("/api/exports/persons", params={"format": "csv"})
    assert response.status_code == 200 and response.text.startswith("id,surname,")
    response = client.get("/api/exports/memorials", params={"format": "gpkg"})
    assert response.status_code == 200 and response.content[:16] == b"SQLite format 3\x00"
    gpkg = tmp_path / "http.gpkg"
    gpkg.write_bytes(response.content)
    if shutil.which("ogrinfo"):
        info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(gpkg)], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "Feature Count: 5" in info


def test_bad_export_requests_are_refused_naming_the_parameter(store: Store):
    client = make_client(store)
    response = client.get("/api/exports/memorials", params={"format": "shp"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "format"
    response = client.get("/api/exports/memorials", params={"country": "XX"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "country"


def test_export_command(sqlite_store: Store, tmp_path: Path):
    build_register(sqlite_store, tmp_path)
    runner = CliRunner()
    target = tmp_path / "out.geojson"
    result = runner.invoke(app, ["export", "memorials", str(target), "--region", "BY-HM",
                                 "-d", sqlite_store.url])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [f["id"] for f in json.loads(target.read_text())["features"]] == ["BY-HM-0001"]
    result = runner.invoke(app, ["export", "persons", str(tmp_path / "p.txt"), "-d",
                                 sqlite_store.url])  # fmt: skip
    assert result.exit_code == 1 and "--format" in result.output
    result = runner.invoke(app, ["export", "memorials", str(tmp_path / "zz.csv"), "--country",
                                 "ZZ", "-d", sqlite_store.url])  # fmt: skip
    assert result.exit_code == 1 and "--country" in result.output
    assert not (tmp_path / "zz.csv").exists()


def test_export_help_starts_fast_without_heavy_modules():
    code = ("import sys; from memreg.cli import app; "
            "print(sorted(m for m in sys.modules if m.startswith('memreg.publish')))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
