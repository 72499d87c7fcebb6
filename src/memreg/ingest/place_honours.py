"""The real titles of settlements (place honours) and the decisions that awarded them, as
kept in data/place_honours.csv and data/place_honour_sources.csv: hero cities and the hero
fortress (USSR, 1965-1985), cities of military glory and of labour valour (Russia), and the
cultural capitals of the CIS. The demo register loads them for its own settlements."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class HonourRow:
    country: str
    region: str | None
    settlement: str
    other_names: tuple[str, ...]
    title: str
    title_year: int | None
    awarded_on: str | None
    source: str


@dataclass(frozen=True)
class SourceRow:
    id: str
    kind: str
    title: str
    reference: str | None
    url: str | None


def read_place_honours(path: Path = DATA / "place_honours.csv") -> list[HonourRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            HonourRow(row["country"], row["region"] or None, row["settlement"],
                      tuple(n for n in row["other_names"].split("|") if n), row["title"],
                      int(row["title_year"]) if row["title_year"] else None,
                      row["awarded_on"] or None, row["source"])
            for row in csv.DictReader(handle)
        ]  # fmt: skip


def read_honour_sources(path: Path = DATA / "place_honour_sources.csv") -> list[SourceRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            SourceRow(row["id"], row["kind"], row["title"], row["reference"] or None,
                      row["url"] or None)
            for row in csv.DictReader(handle)
        ]  # fmt: skip
