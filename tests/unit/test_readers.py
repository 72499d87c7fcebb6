"""The readers and mappings of ingest/ on the real published files (by path) and on nasty input."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from memreg.domain.errors import ValidationError
from memreg.domain.places import haversine_m
from memreg.ingest.detect import UnsupportedFormatError, detect_format
from memreg.ingest.egrokn import EgroknMapper, EgroknReader
from memreg.ingest.geofile import GeoReader
from memreg.ingest.geometry import outline_of, point_of
from memreg.ingest.jsonlines import JsonLinesReader
from memreg.ingest.mapping import MappingError, compile_mapping, load_mapping
from memreg.ingest.spreadsheet import CsvReader, XlsxReader
from tests.conftest import REAL_DATA


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("egrokn-orel-city.json", "egrokn"),
        ("obd-memorial-rybalko.csv", "csv"),
        ("obd-memorial-rybalko.xlsx", "xlsx"),
        ("obd-memorial-atanov-kibenko-kirilikhin.jsonl", "jsonl"),
        ("pamyat-naroda-kukhliy-sample.csv", "csv"),
        ("cwgc-cemeteries-2016-11-23.csv", "csv"),
        ("nz-memorials-register.kml", "kml"),
        ("uk-scotland-stirling-civic-war-memorials.csv", "csv"),
        ("wikidata-azerbaijan-heritage-monuments.geojson", "wikidata"),
        ("moscow-repression-burial-sites.shp", "shp"),
    ],
)
def test_format_is_detected_from_the_content(name: str, expected: str) -> None:
    assert detect_format(REAL_DATA / name) == expected


def test_a_shapefile_part_is_named_and_points_to_its_shp() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"part of a Shapefile.*\.shp beside it"):
        detect_format(REAL_DATA / "moscow-repression-burial-sites.dbf")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.4\n...", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003"),
        (b"<?xml version='1.0'?><gpx version='1.1'></gpx>", "a GPX track"),
        (b"<html><body>hi</body></html>", "an HTML page"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a PNG image"),
        (b"\x00\x01\x02\x03binary", "a binary file"),
        (b'{"status": 200}', "a JSON document that holds no records"),
    ],
)
def test_a_file_of_another_format_is_named_with_the_formats_read(
    tmp_path: Path, content: bytes, what: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormatError) as caught:
        detect_format(path)
    assert what in caught.value.message
    assert "It reads: csv" in caught.value.message and "osm" in caught.value.message


def test_obd_csv_xlsx_and_jsonl_map_to_the_same_persons() -> None:
    obd = load_mapping("obd-memorial")
    csv_rows = {
        m.source_key: m.values
        for m in map(obd.apply, CsvReader(REAL_DATA / "obd-memorial-rybalko.csv").records())
    }
    xlsx_rows = {
        m.source_key: m.values
        for m in map(obd.apply, XlsxReader(REAL_DATA / "obd-memorial-rybalko.xlsx").records())
    }
    assert len(csv_rows) == 3205 and len(xlsx_rows) == 3240
    assert set(csv_rows) <= set(xlsx_rows)
    same = sum(1 for key, values in csv_rows.items() if xlsx_rows[key] == values)
    assert same >= 3150  # the workbook was saved later: a few cards changed
    first = csv_rows["obd:6891611"]
    assert first["id"] == "obd-6891611"
    assert (first["birth_date"], first["death_date"]) == ("1910", "1944-06-21")
    assert first["fate"] == "killed_in_action"
    two_ranks = csv_rows["obd:301196912"]
    assert (two_ranks["rank"], two_ranks["rank_variants"]) == ("красноармеец", ["рядовой"])
    jsonl = JsonLinesReader(REAL_DATA / "obd-memorial-atanov-kibenko-kirilikhin.jsonl")
    assert obd.matches(jsonl.columns)
    mapped = [obd.apply(r) for r in jsonl.records()]
    assert len(mapped) == 857 and not any(m.problems for m in mapped)


def test_obd_dates_as_archives_write_them_become_edtf() -> None:
    obd = load_mapping("obd-memorial")
    mapped = list(map(obd.apply, CsvReader(REAL_DATA / "obd-memorial-rybalko.csv").records()))
    deaths = collections.Counter(m.values.get("death_date", "") for m in mapped)
    assert deaths["1941-07-20/1941-08-07"] >= 1  # `Между 20.07.1941 и 07.08.1941`
    assert any(d.startswith("../") for d in deaths)  # `До ...`, `Не позднее ...`
    refused = [p for m in mapped for p in m.problems]
    # One card says 31.11.1941: refused with its reason, every other date is read.
    assert [(p.field, p.message) for p in refused] == [("death_date", "1941-11 has no day 31")]


def test_aberdeenshire_corrupted_coordinates_reach_validation_as_given() -> None:
    mapping = load_mapping("iwm-war-memorials")
    reader = CsvReader(REAL_DATA / "uk-scotland-aberdeenshire-civic-war-memorials.csv")
    assert reader.delimiter == ";" and "CIVIL_PARISH" in reader.columns  # header trimmed
    mapped = [mapping.apply(r) for r in reader.records()]
    assert sum(1 for m in mapped if m.values.get("lat", "").count(",") > 1) == 142
    assert mapped[0].values["country"] == "GB" and mapped[0].values["region"] == "GB-SCT"


def test_shapefile_is_reprojected_by_its_prj_definition_with_outlines() -> None:
    reader = GeoReader(REAL_DATA / "moscow-repression-burial-sites.shp", "shp")
    assert any("its definition was used" in note for note in reader.notes)
    records = list(reader.records())
    assert len(records) == 7
    for record in records:
        lon, lat = point_of(record.geometry)
        # The file's own centroid columns agree with the reprojected polygon's centre.
        expected = (record.fields["Y_centroid"], record.fields["X_centroid"])
        assert haversine_m(lat, lon, *expected) < 50
        assert outline_of(record.geometry)["type"] == "Polygon"


def test_kml_folders_are_layers_and_every_placemark_is_read() -> None:
    reader = GeoReader(REAL_DATA / "nz-memorials-register.kml", "kml")
    records = list(reader.records())
    assert len(records) == 1571
    assert {r.layer for r in records} == {
        "World Wars", "NZ Wars", "Sth African War", "Other memorials", "Other"
    }  # fmt: skip


def test_egrokn_reads_memorials_skips_other_heritage_and_swaps_lat_lon() -> None:
    mapper = EgroknMapper()
    mapped = [mapper.apply(r) for r in EgroknReader(REAL_DATA / "egrokn-orel-city.json").records()]
    assert len(mapped) == 296
    kept = [m for m in mapped if not m.skip]
    assert 50 <= len(kept) <= 80
    assert all(m.skip.startswith("not memorial heritage") for m in mapped if m.skip)
    kinds = collections.Counter(m.values["kind"] for m in kept)
    assert kinds["mass_grave"] >= 5 and kinds["individual_grave"] >= 30
    assert all(m.values["region"] == "RU-ORL" for m in kept)
    swapped = [m for m in kept if any("read swapped" in n for n in m.notes)]
    for m in swapped:  # swapped points still fall in Oryol
        assert haversine_m(m.values["lat"], m.values["lon"], 52.97, 36.07) < 20_000


def test_mapping_file_errors_name_the_key() -> None:
    with pytest.raises(MappingError, match="fields.colour"):
        compile_mapping({"record_type": "persons", "fields": {"colour": "x"}}, "m")
    with pytest.raises(MappingError, match="record_type"):
        compile_mapping({"record_type": "cars", "fields": {"surname": "x"}}, "m")
    with pytest.raises(MappingError, match="unknown option 'splitt'"):
        compile_mapping({"record_type": "persons", "fields": {"rank": {"splitt": "|"}}}, "m")
    with pytest.raises(MappingError, match="neither a shipped mapping"):
        load_mapping("no-such-mapping")


def test_csv_in_cp1251_needs_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("Фамилия;Имя\r\nРыбалко;Петр\r\n".encode("cp1251"))
    with pytest.raises(ValidationError, match="--encoding cp1251"):
        CsvReader(path)
    reader = CsvReader(path, encoding="cp1251")
    assert [r.fields for r in reader.records()] == [{"Фамилия": "Рыбалко", "Имя": "Петр"}]
