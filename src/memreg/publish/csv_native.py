"""The native CSV, as `memreg import` reads it (docs/import-format.md), written record by record.

The columns are those the importer accepts, so an export imports back unchanged. A person
row carries one memorial link, since an id may appear only once in a file; a person with
more links gets the second in `<file>.links-2.csv`, the third in `<file>.links-3.csv` ...
(id, surname, memorial_id, role), which `memreg import persons` adds one file at a time.
A stream (HTTP) has no room for such files: it carries each person's first link only.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, BinaryIO

MEMORIAL_COLUMNS = [
    "id", "kind", "name", "lat", "lon", "country", "region", "settlement",
    "name_ru", "name_be", "name_uk", "name_en", "name_kk", "name_ky", "name_uz", "name_tg",
    "name_hy", "name_az", "name_ka", "name_ro", "name_tk",
    "address", "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
    "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
]  # fmt: skip
PERSON_COLUMNS = [
    "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "birthplace",
    "rank", "unit", "fate", "memorial_id", "role",
]  # fmt: skip
LINK_COLUMNS = ["id", "surname", "memorial_id", "role"]


class _Utf8:
    """What csv.writer writes to: each row encoded once, straight into the binary output."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text.encode("utf-8"))


# csv writes None as an empty cell and a float as its repr, the shortest text that reads
# back as the same number: cells go to it as they are.


def memorial_cells(row: dict[str, Any]) -> list[Any]:
    names = row.get("names") or {}
    return [names.get(c[5:]) if c.startswith("name_") else row.get(c) for c in MEMORIAL_COLUMNS]


def person_cells(row: dict[str, Any], link: dict[str, Any] | None) -> list[Any]:
    cells = [row.get(c) for c in PERSON_COLUMNS[:-2]]
    if link:
        cells += (link["memorial_id"], link["role"])
    else:
        cells += (None, None)
    return cells


class NativeCsvWriter:
    def __init__(self, target: BinaryIO | Path, record_type: str) -> None:
        self.path = target if isinstance(target, Path) else None
        self.out: BinaryIO = target.open("wb") if isinstance(target, Path) else target
        self.record_type = record_type
        self.csv = csv.writer(_Utf8(self.out), lineterminator="\n")
        self.csv.writerow(MEMORIAL_COLUMNS if record_type == "memorial" else PERSON_COLUMNS)
        self.link_files: list[tuple[BinaryIO, Any]] = []

    def write(self, row: dict[str, Any], links: list[dict[str, Any]] | None = None) -> None:
        if self.record_type == "memorial":
            self.csv.writerow(memorial_cells(row))
            return
        links = links or []
        self.csv.writerow(person_cells(row, links[0] if links else None))
        if self.path is not None:
            for number, link in enumerate(links[1:], start=2):
                writer = self._link_writer(number)
                writer.writerow([row["id"], row["surname"], link["memorial_id"], link["role"]])

    def _link_writer(self, number: int) -> Any:
        assert self.path is not None
        while len(self.link_files) < number - 1:
            path = self.link_file(self.path, len(self.link_files) + 2)
            handle = path.open("wb")
            writer = csv.writer(_Utf8(handle), lineterminator="\n")
            writer.writerow(LINK_COLUMNS)
            self.link_files.append((handle, writer))
        return self.link_files[number - 2][1]

    @staticmethod
    def link_file(path: Path, number: int) -> Path:
        return path.with_name(f"{path.stem}.links-{number}{path.suffix or '.csv'}")

    @property
    def extra_files(self) -> list[Path]:
        assert self.path is not None or not self.link_files
        return [self.link_file(self.path, n + 2) for n in range(len(self.link_files))]  # type: ignore[arg-type]

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        for handle, _ in self.link_files:
            handle.close()
        if self.path is not None:
            self.out.close()
        else:
            self.out.flush()
