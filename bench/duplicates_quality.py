"""Precision and recall of the duplicate finder on a labelled sample built from the real files.

    .venv/bin/python bench/duplicates_quality.py

Persons (OBD Memorial, Рыбалко CSV and the Атанов/Кибенко/Кирилихин JSON Lines; OBD keeps one
record per source document, so one soldier appears several times): every pair of records
sharing surname, given name and patronymic is a pair a registrar must judge. Each is
labelled by evidence the finder does not use: the same conscription record (`Дата и место
призыва`) or the same unit and date of loss say "one person"; two different birth years,
or two different full birth dates, say "two persons"; other pairs stay unlabelled and are
left out. Memorials: pairs of distinct EGROKN objects within 1 km of each other (distinct
entries of one register, two graves share one point) and of the Stirling list (different
IWM ids) are "distinct"; Stirling rows repeating one IWM id are "the same".
Precision = found pairs labelled same / found pairs labelled; recall = labelled-same pairs
found / labelled-same pairs.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from memreg.domain.places import haversine_m
from memreg.ingest.duplicates import (
    MemorialKey,
    Stats,
    memorial_candidates,
    memorial_key,
    person_candidates,
    person_key,
)
from memreg.ingest.egrokn import EgroknMapper, EgroknReader
from memreg.ingest.jsonlines import JsonLinesReader
from memreg.ingest.mapping import load_mapping
from memreg.ingest.spreadsheet import CsvReader

REAL = Path(
    os.environ.get("MEMREG_REAL_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
)


def _persons() -> tuple[list[Any], dict[int, dict[str, Any]]]:
    obd = load_mapping("obd-memorial")
    keys, raw = [], {}
    readers = [
        CsvReader(REAL / "obd-memorial-rybalko.csv"),
        JsonLinesReader(REAL / "obd-memorial-atanov-kibenko-kirilikhin.jsonl"),
    ]
    pk = 0
    for reader in readers:
        for record in reader.records():
            mapped = obd.apply(record)
            if mapped.problems:
                continue
            values = mapped.values
            year = values.get("birth_date", "")[:4]
            pk += 1
            keys.append(
                person_key(
                    {
                        **values,
                        "pk": pk,
                        "id": values["id"],
                        "birth_year": int(year) if year.isdigit() else None,
                    }
                )
            )
            raw[pk] = record.fields
    return keys, raw


def _person_label(a: dict[str, Any], b: dict[str, Any]) -> bool | None:
    def get(row: dict[str, Any], field: str) -> str:
        return str(row.get(field) or "").strip()

    birth_a, birth_b = get(a, "Дата рождения/Возраст"), get(b, "Дата рождения/Возраст")
    if birth_a and birth_b:
        if birth_a[-4:] != birth_b[-4:]:
            return False
        if "_" not in birth_a + birth_b and birth_a != birth_b:
            return False
    draft_a, draft_b = get(a, "Дата и место призыва"), get(b, "Дата и место призыва")
    if draft_a and draft_a == draft_b:
        return True
    unit_a, unit_b = get(a, "Последнее место службы"), get(b, "Последнее место службы")
    if (
        unit_a
        and unit_a == unit_b
        and get(a, "Дата выбытия")
        and get(a, "Дата выбытия") == get(b, "Дата выбытия")
    ):
        return True
    return None


def persons_quality() -> dict[str, Any]:
    keys, raw = _persons()
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for key in keys:
        groups[(key.surname, key.given, key.patronymic)].append(key)
    labels: dict[tuple[int, int], bool] = {}
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            label = _person_label(raw[a.pk], raw[b.pk])
            if label is not None:
                labels[(min(a.pk, b.pk), max(a.pk, b.pk))] = label
    found = {(c.a, c.b) for c in person_candidates(keys, stats=Stats())}
    return _measure("persons (OBD Memorial)", labels, found, len(keys))


def _memorials() -> tuple[list[MemorialKey], dict[tuple[int, int], bool]]:
    keys: list[MemorialKey] = []
    mapper = EgroknMapper()
    pk = 0
    for record in EgroknReader(REAL / "egrokn-orel-city.json").records():
        mapped = mapper.apply(record)
        if mapped.skip or mapped.problems or mapped.values.get("lat") is None:
            continue
        pk += 1
        keys.append(
            memorial_key({**mapped.values, "pk": pk, "names": {}, "sources": [mapped.source_key]})
        )
    egrokn = list(keys)
    iwm = load_mapping("iwm-war-memorials")
    stirling: list[tuple[MemorialKey, str]] = []
    for record in CsvReader(REAL / "uk-scotland-stirling-civic-war-memorials.csv").records():
        mapped = iwm.apply(record)
        values = mapped.values
        try:
            lat, lon = float(values["lat"]), float(values["lon"])
        except (KeyError, ValueError):
            continue
        pk += 1
        key = memorial_key(
            {
                **values,
                "pk": pk,
                "id": f"row-{pk}",
                "lat": lat,
                "lon": lon,
                "names": {},
                "sources": [mapped.source_key] if mapped.source_key else [],
            }
        )
        keys.append(key)
        stirling.append((key, (values.get("external_ids") or {}).get("iwm", "")))
    labels: dict[tuple[int, int], bool] = {}
    for a, b in itertools.combinations(egrokn, 2):
        if haversine_m(a.lat or 0, a.lon or 0, b.lat or 0, b.lon or 0) <= 1000:
            labels[(a.pk, b.pk)] = False
    for (a, ida), (b, idb) in itertools.combinations(stirling, 2):
        if ida and ida == idb:
            labels[(a.pk, b.pk)] = True
        elif ida and idb and haversine_m(a.lat or 0, a.lon or 0, b.lat or 0, b.lon or 0) <= 1000:
            labels[(a.pk, b.pk)] = False
    return keys, labels


def memorials_quality() -> dict[str, Any]:
    keys, labels = _memorials()
    found = {(c.a, c.b) for c in memorial_candidates(keys, stats=Stats())}
    return _measure("memorials (EGROKN Oryol, Stirling list)", labels, found, len(keys))


def _measure(
    name: str, labels: dict[tuple[int, int], bool], found: set[tuple[int, int]], records: int
) -> dict[str, Any]:
    same = {p for p, v in labels.items() if v}
    judged = [p for p in found if p in labels]
    true_found = sum(1 for p in judged if labels[p])
    return {
        "sample": name,
        "records": records,
        "labelled pairs": len(labels),
        "labelled same": len(same),
        "labelled distinct": len(labels) - len(same),
        "found": len(found),
        "found and labelled": len(judged),
        "precision": true_found / len(judged) if judged else None,
        "recall": len(same & found) / len(same) if same else None,
    }


def main() -> None:
    rows = [persons_quality(), memorials_quality()]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("| " + " | ".join("---" for _ in columns) + " |")
    for row in rows:
        cells = [
            f"{v:.3f}" if isinstance(v, float) else ("n/a" if v is None else str(v))
            for v in row.values()
        ]
        print("| " + " | ".join(cells) + " |")
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
