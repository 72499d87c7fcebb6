"""The export formats: one module per format behind one small interface, one registry line each.

A writer takes records one at a time (a stored row, and for persons its memorial links)
and writes them as they come, so an export of any size holds one record in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from memreg.publish import csv_native, geojson, geopackage, jsonl

Links = list[dict[str, Any]]


class RecordWriter(Protocol):
    def write(self, row: dict[str, Any], links: Links | None = None) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str
    # A GeoPackage is a database file: it is written to a path, never to a stream.
    needs_path: bool
    open: Callable[..., RecordWriter]
    description: str

    def open_stream(self, out: BinaryIO, record_type: str) -> RecordWriter:
        return self.open(out, record_type)

    def open_path(self, path: Path, record_type: str) -> RecordWriter:
        return self.open(path, record_type)


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat(
        "csv", "csv", "text/csv; charset=utf-8", False, csv_native.NativeCsvWriter,
        "the native CSV that `memreg import` reads",
    ),
    "geojson": ExportFormat(
        "geojson", "geojson", "application/geo+json", False, geojson.GeoJsonWriter,
        "a GeoJSON FeatureCollection (RFC 7946)",
    ),
    "gpkg": ExportFormat(
        "gpkg", "gpkg", "application/geopackage+sqlite3", True, geopackage.GeoPackageWriter,
        "an OGC GeoPackage 1.3 (a feature table of memorials, an attribute table of persons)",
    ),
    "jsonl": ExportFormat(
        "jsonl", "jsonl", "application/jsonl", False, jsonl.JsonLinesWriter,
        "JSON Lines: one record a line, persons with their memorial links",
    ),
}  # fmt: skip
