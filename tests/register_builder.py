"""A small register with the awkward cases every open door must carry, built through services.

Memorials with every field, names in several scripts (Belarusian ў and і), text holding
commas, quotes and line breaks, one without a location, one retired; persons with no link,
one link and two links, name variants; edits and retirements in the revisions; users.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from memreg.services.editing import create_person, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.services.users import create_user
from memreg.store.engine import Store

MEMORIAL_HEADER = [
    "id", "kind", "name", "name_ru", "name_be", "name_en", "lat", "lon", "country", "region",
    "settlement", "address", "commemorates", "erected", "buried_total", "buried_known",
    "buried_unknown", "protection_level", "protection_number", "custodian", "status", "osm_id",
    "wikidata",
]  # fmt: skip
MEMORIALS = [
    ["BY-HM-0001", "mass_grave", "Брацкая магіла савецкіх воінаў",
     "Братская могила советских воинов", "Брацкая магіла савецкіх воінаў",
     "Mass grave of Soviet soldiers", "53.9023", "27.5619", "BY",
     "BY-HM", "Мінск", 'вул. Кірава, 1, "сквер"\nля ўвахода', "Вялікая Айчынная вайна", "1957",
     "320", "112", "208", "national", "712Г000001", "Мінскі гарвыканкам", "standing",
     "node/123456", "Q4115189"],
    ["BY-BR-0002", "obelisk", "Обелиск партизанам", "Обелиск партизанам", "", "", "52.0976",
     "23.7341", "BY", "BY-BR", "Брэст", "", "", "1965~", "", "", "", "", "", "", "damaged", "",
     ""],
    ["RU-MOW-0003", "memorial_complex", "Мемориал", "Мемориал", "", "Memorial", "55.7558",
     "37.6173", "RU", "RU-MOW", "Москва", "", "", "1941/1945", "1200", "1200", "0", "federal",
     "7710000000", "", "standing", "way/42", ""],
    ["KZ-0004", "plaque", "Памятная доска", "Памятная доска", "", "", "", "", "KZ", "", "Алматы",
     "", "", "", "", "", "", "", "", "", "lost", "", ""],
    ["RU-CHU-0005", "monument", "Памятник у Берингова пролива", "", "", "", "66.0", "-175.0",
     "RU", "RU-CHU", "Лорино", "", "", "", "", "", "", "", "", "", "standing", "", ""],
    ["RU-X-0006", "mass_grave", "Дубликат", "", "", "", "55.75", "37.62", "RU", "RU-MOW",
     "Москва", "", "", "", "", "", "", "", "", "", "standing", "", ""],
]  # fmt: skip
PERSON_HEADER = [
    "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "birthplace",
    "rank", "unit", "fate", "memorial_id", "role",
]  # fmt: skip
PERSONS = [
    ["obd-1", "Сідарэнка", "Іван", "Пятровіч", "1912", "1944-06-21", "в. Ўсяж", "радавы",
     "1-я гв. дивизия", "killed_in_action", "BY-HM-0001", "buried_at"],
    ["obd-2", "Рыбалко", "Николай", "Ефремович", "~1914", "1941-07?", "", "красноармеец", "",
     "missing", "BY-BR-0002", "commemorated_at"],
    ["obd-3", "Иванов", "", "", "", "[1941,1942]", "", "", "", "", "RU-MOW-0003", "buried_at"],
    ["obd-4", "O'Neil, \"Jack\"", "John", "", "1920", "", "", "", "", "other", "", ""],
    ["obd-5", "Петров", "Пётр", "", "", "", "", "", "", "", "RU-X-0006", "buried_at"],
]  # fmt: skip


@dataclass
class Built:
    live_memorials: list[str]
    retired_memorials: list[str]
    live_persons: list[str]
    retired_persons: list[str]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build_register(store: Store, folder: Path) -> Built:
    import_csv(store, "test:loader", "memorial", _csv(folder / "m.csv", MEMORIAL_HEADER, MEMORIALS))
    import_csv(store, "test:loader", "person", _csv(folder / "p.csv", PERSON_HEADER, PERSONS))
    # A second link for obd-1 (reburied here from BY-BR-0002), as the import format adds it.
    second = [["obd-1", "Сідарэнка", "BY-BR-0002", "reburied_from"]]
    links = _csv(folder / "p2.csv", ["id", "surname", "memorial_id", "role"], second)
    import_csv(store, "test:loader", "person", links)
    # An import that changes a record: it is listed in revision_records.
    change = [["RU-MOW-0003", "memorial_complex", "Мемориал", "RU", "Мэрыя Масквы"]]
    custodian = _csv(folder / "m2.csv", ["id", "kind", "name", "country", "custodian"], change)
    import_csv(store, "test:loader", "memorial", custodian, reason="custodian named")
    create_person(store, "test:editor", {"id": "obd-6", "surname": "Ковальчук",
                  "given_name": "Ганна", "name_variants": ["Kovalchuk", "Ковальчук Анна"],
                  "memorial_id": "BY-HM-0001", "role": "commemorated_at"})  # fmt: skip
    update_record(store, "test:editor", "memorial", "BY-BR-0002",
                  {"buried_total": 15, "buried_known": 3}, expected_version=1,
                  reason="count from the 2023 survey")  # fmt: skip
    retire_record(store, "test:editor", "memorial", "RU-X-0006", "duplicate of RU-MOW-0003")
    retire_record(store, "test:editor", "person", "obd-5", "duplicate record")
    create_user(store, "test:admin", "registrar1", "a-long-enough-password", "registrar")
    return Built(
        live_memorials=sorted(r[0] for r in MEMORIALS if r[0] != "RU-X-0006"),
        retired_memorials=["RU-X-0006"],
        live_persons=sorted([*(r[0] for r in PERSONS if r[0] != "obd-5"), "obd-6"]),
        retired_persons=["obd-5"],
    )
