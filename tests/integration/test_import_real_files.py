"""Every real published file in ../shared/data/real loads through its importer, or is refused
record by record with a precise reason, on SQLite and PostgreSQL (import_file, the service
behind `memreg import`)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import ImportRejectedError, ValidationError
from memreg.domain.places import haversine_m
from memreg.services.import_mapped import import_file
from memreg.services.register import check
from memreg.store.engine import Store
from memreg.store.schema import memorials, persons, revisions, source_keys
from tests.conftest import REAL_DATA

ACTOR = "registrar:test"


def count(store: Store, table: Any, *where: Any) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def memorial(store: Store, record_id: str) -> dict[str, Any]:
    with store.engine.connect() as conn:
        row = conn.execute(select(memorials).where(memorials.c.id == record_id)).mappings().one()
    return dict(row)


def test_obd_csv_is_refused_whole_for_its_one_impossible_date(store: Store) -> None:
    with pytest.raises(ImportRejectedError) as caught:
        import_file(store, ACTOR, "person", REAL_DATA / "obd-memorial-rybalko.csv")
    problems = caught.value.problems
    assert [(p.line, p.field, p.value) for p in problems] == [(1657, "death_date", "31.11.1941")]
    assert count(store, persons) == 0 and count(store, revisions) == 0


def test_obd_csv_then_xlsx_loads_and_reimport_reports_changes(store: Store, tmp_path: Path) -> None:
    rejected = tmp_path / "rejected.csv"
    first = import_file(
        store, ACTOR, "person", REAL_DATA / "obd-memorial-rybalko.csv",
        accept_partial=True, rejected_path=rejected, source_id="obd-memorial",
    )  # fmt: skip
    assert (first.created, first.rejected) == (3204, 1)
    assert first.mapping.startswith("obd-memorial")
    with rejected.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["ID"]) for r in rows] == [("1657", "65598343")]
    assert "no day 31" in rows[0]["reason"]
    assert count(store, source_keys) == 3204
    # Partial dates as EDTF, the archives' intervals included (the strict native CSV import
    # refused such rows).
    with store.engine.connect() as conn:
        row = conn.execute(select(persons).where(persons.c.id == "obd-301196912")).mappings().one()
        interval = conn.execute(
            select(func.count()).where(persons.c.death_date == "1941-07-20/1941-08-07")
        ).scalar_one()
    assert (row["birth_date"], row["birth_year"]) == ("1912-12-18", 1912)
    assert (row["rank"], row["rank_variants"]) == ("красноармеец", ["рядовой"])
    assert interval >= 1
    # The workbook saved later holds 35 more cards: they are added, the rest is unchanged.
    second = import_file(
        store, ACTOR, "person", REAL_DATA / "obd-memorial-rybalko.xlsx",
        accept_partial=True, rejected_path=rejected, source_id="obd-memorial",
    )  # fmt: skip
    assert second.created == 35 and second.created + second.updated + second.unchanged == 3239
    again = import_file(
        store, ACTOR, "person", REAL_DATA / "obd-memorial-rybalko.xlsx",
        accept_partial=True, rejected_path=rejected,
    )  # fmt: skip
    assert (again.created, again.updated, again.revision_id) == (0, 0, None)
    assert check(store) == []


def test_reimport_updates_by_source_key_and_names_the_changed_fields(
    store: Store, tmp_path: Path
) -> None:
    source = REAL_DATA / "pamyat-naroda-kukhliy-sample.csv"
    first = import_file(store, ACTOR, "person", source)
    assert first.created == 20 and count(store, source_keys) == 20
    changed = tmp_path / "kukhliy.csv"
    text = source.read_text(encoding="utf-8").replace("лейтенант", "ст. лейтенант", 1)
    changed.write_text(text, encoding="utf-8")
    second = import_file(store, ACTOR, "person", changed)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 19)
    assert dict(second.changed_fields) == {"rank": 1}


def test_jsonl_of_obd_cards_loads_with_absent_fields(store: Store) -> None:
    report = import_file(
        store, ACTOR, "person", REAL_DATA / "obd-memorial-atanov-kibenko-kirilikhin.jsonl"
    )
    assert (report.created, report.rejected) == (857, 0)
    assert count(store, persons, persons.c.birth_date.is_(None)) == 145


def test_egrokn_memorials_load_and_other_heritage_is_skipped_with_reasons(store: Store) -> None:
    report = import_file(store, ACTOR, "memorial", REAL_DATA / "egrokn-orel-city.json")
    assert report.format_name == "egrokn"
    assert report.created + report.skipped == 296 and report.skipped > 200
    assert all(r.startswith("not memorial heritage") for r in report.skip_reasons)
    assert report.notes["additionalCoordinates in [lat, lon] order: read swapped"] >= 1
    grave = memorial(store, "egrokn-176736")  # Братская могила советских воинов ...
    assert (grave["kind"], grave["region"], grave["country"]) == ("mass_grave", "RU-ORL", "RU")
    assert grave["protection_level"] == "regional"
    assert grave["external_ids"] == {"egrokn": grave["protection_number"]}
    assert haversine_m(grave["lat"], grave["lon"], 52.97, 36.07) < 15_000
    dry = import_file(store, ACTOR, "memorial", REAL_DATA / "egrokn-orel-city.json", dry_run=True)
    assert (dry.created, dry.updated, dry.revision_id) == (0, 0, None)


def test_shapefile_polygons_are_reprojected_and_kept_as_outlines(store: Store) -> None:
    shp = REAL_DATA / "moscow-repression-burial-sites.shp"
    with pytest.raises(ImportRejectedError, match=r"country: is required: the file gives none"):
        import_file(store, ACTOR, "memorial", shp)
    report = import_file(store, ACTOR, "memorial", shp, defaults={"country": "RU"})
    assert report.created == 7
    with store.engine.connect() as conn:
        rows = conn.execute(select(memorials)).mappings().all()
    for row in rows:
        assert row["kind"] == "mass_grave" and row["outline"]["type"] == "Polygon"
    butovo = next(r for r in rows if "Бутов" in r["name"])
    assert haversine_m(butovo["lat"], butovo["lon"], 55.533188, 37.595518) < 50


def test_kml_loads_except_the_placemark_without_a_name(store: Store, tmp_path: Path) -> None:
    kml = REAL_DATA / "nz-memorials-register.kml"
    with pytest.raises(ImportRejectedError) as caught:
        import_file(store, ACTOR, "memorial", kml, defaults={"country": "NZ"})
    assert [(p.line, p.field) for p in caught.value.problems] == [(988, "name")]
    report = import_file(
        store, ACTOR, "memorial", kml, defaults={"country": "NZ"}, accept_partial=True,
        rejected_path=tmp_path / "rejected.csv",
    )  # fmt: skip
    assert (report.created, report.rejected) == (1570, 1)
    assert count(store, memorials, memorials.c.name.like("%&%;%")) == 0  # entities decoded


def test_wikidata_sparql_geojson_loads_keyed_by_item(store: Store) -> None:
    path = REAL_DATA / "wikidata-azerbaijan-heritage-monuments.geojson"
    report = import_file(store, ACTOR, "memorial", path, defaults={"country": "AZ"})
    assert report.format_name == "wikidata" and report.created == 893
    row = memorial(store, "wikidata-Q754560")
    assert (row["wikidata"], row["country"], row["protection_number"]) == ("Q754560", "AZ", "1")
    assert count(store, source_keys, source_keys.c.key == "wikidata:Q754560") == 1


def test_stirling_list_refuses_its_repeated_iwm_ids_by_line(store: Store) -> None:
    path = REAL_DATA / "uk-scotland-stirling-civic-war-memorials.csv"
    with pytest.raises(ImportRejectedError) as caught:
        import_file(store, ACTOR, "memorial", path)
    assert {(p.line, p.field) for p in caught.value.problems} == {
        (47, "id"), (72, "id"), (91, "id"), (104, "id"), (115, "id")
    }  # fmt: skip
    assert "already given on line 46" in str(caught.value)


def test_aberdeenshire_corrupted_coordinates_are_reported_not_loaded(
    store: Store, tmp_path: Path
) -> None:
    path = REAL_DATA / "uk-scotland-aberdeenshire-civic-war-memorials.csv"
    report = import_file(
        store, ACTOR, "memorial", path, accept_partial=True, rejected_path=tmp_path / "r.csv"
    )
    assert report.rejected == 142 and report.created == 170 - 142
    reasons = {p.message for p in report.problems if p.field in ("lat", "lon")}
    assert any("spreadsheet's" in r for r in reasons)
    # The 28 rows loaded give no coordinates at all (NONE): nothing corrupted was stored.
    assert count(store, memorials, memorials.c.lat.is_not(None)) == 0


def test_cwgc_list_loads_with_countries_from_their_names(store: Store) -> None:
    report = import_file(store, ACTOR, "memorial", REAL_DATA / "cwgc-cemeteries-2016-11-23.csv")
    assert (report.created, report.rejected) == (15814, 0)
    assert count(store, memorials, memorials.c.country == "IE") >= 534  # "Ireland, Republic of"
    assert count(store, memorials, memorials.c.kind == "war_cemetery") > 14_000


def test_persons_command_refuses_a_memorial_format(store: Store) -> None:
    with pytest.raises(ValidationError, match="hold memorials"):
        import_file(store, ACTOR, "person", REAL_DATA / "nz-memorials-register.kml")


def test_rejected_path_equal_to_the_input_is_refused_before_reading(
    store: Store, tmp_path: Path
) -> None:
    path = REAL_DATA / "pamyat-naroda-kukhliy-sample.csv"
    with pytest.raises(ValidationError, match="is the file being imported"):
        import_file(store, ACTOR, "person", path, accept_partial=True, rejected_path=path)
