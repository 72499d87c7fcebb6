"""Nasty input to the mapped importers: every bad record is named, nothing bad is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from memreg.domain.errors import ImportRejectedError, ValidationError
from memreg.services.import_mapped import import_file
from memreg.services.register import check
from memreg.store.engine import Store


def test_broken_json_lines_are_refused_by_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cards.jsonl"
    good = {"ID": "1", "Фамилия": "Иванов", "Имя": "Иван", "Дата рождения/Возраст": "__.__.1910"}
    nul = {**good, "ID": "3", "Фамилия": "Ива\x00нов"}
    lines = [json.dumps(good, ensure_ascii=False), '{"ID": "2", "Фамилия": ', "[1, 2]",
             json.dumps(nul, ensure_ascii=False)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError) as caught:
        import_file(store, "t", "person", path)
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(2, "row"), (3, "row"), (4, "surname")}
    report = import_file(
        store, "t", "person", path, accept_partial=True, rejected_path=tmp_path / "r.csv"
    )
    assert (report.created, report.rejected) == (1, 3)
    assert check(store) == []


def test_geojson_out_of_range_coordinates_are_refused(store: Store, tmp_path: Path) -> None:
    features = [
        {"type": "Feature", "properties": {"name": "Обелиск", "country": "BY"},
         "geometry": {"type": "Point", "coordinates": [27.5, 53.9]}},
        {"type": "Feature", "properties": {"name": "Памятник", "country": "BY"},
         "geometry": {"type": "Point", "coordinates": [3_000_000.0, 7_000_000.0]}},
    ]  # fmt: skip
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    with pytest.raises(ImportRejectedError, match="not WGS84 degrees"):
        import_file(store, "t", "memorial", path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04" + b"\x00" * 64, "a damaged ZIP archive"),
        (b"<?xml version='1.0'?><kml><Document></Document></kml>", "no field gives a name"),
    ],
)
def test_unreadable_files_are_refused_whole(
    store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        import_file(store, "t", "memorial", path)


def test_a_mapping_naming_a_missing_column_is_refused_before_reading(
    store: Store, tmp_path: Path
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "record_type: persons\nfields:\n  surname: Фамилия\n  rank: Звание\n", "utf-8"
    )
    path = tmp_path / "list.csv"
    path.write_text("Фамилия;Имя\nИванов;Иван\n", "utf-8")
    with pytest.raises(ValidationError, match="Звание: is named by the mapping"):
        import_file(store, "t", "person", path, mapping=str(mapping))
