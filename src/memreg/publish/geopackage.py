"""OGC GeoPackage 1.3, written by hand with SQLite: no GDAL needed to write one.

The file holds the tables the standard requires (gpkg_spatial_ref_sys with EPSG:4326 and
the two undefined systems, gpkg_contents, gpkg_geometry_columns) and one user table:
`memorials`, a feature table whose geometry is a GeoPackage binary blob (header, then
little-endian WKB), or `persons`, an attributes table. Nested values (names, links) are
JSON text. Rows go in by batches inside one transaction; the layer's extent is recorded
in gpkg_contents when the writer closes.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path
from typing import Any

from memreg.publish.shapes import (
    INTEGER_FIELDS,
    MEMORIAL_GEOMETRY_TYPE,
    REAL_FIELDS,
    flat_value,
    geometry_bounds,
    memorial_geometry,
    memorial_properties,
    person_properties,
)

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300  # GeoPackage 1.3.0
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
BATCH = 5000
_WKB_TYPES = {"Point": 1, "LineString": 2, "Polygon": 3, "MultiPoint": 4,
              "MultiLineString": 5, "MultiPolygon": 6}  # fmt: skip

_CORE_TABLES = """
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
"""


def _wkb(geometry: dict[str, Any]) -> bytes:
    kind = geometry["type"]
    coords = geometry["coordinates"]
    head = struct.pack("<BI", 1, _WKB_TYPES[kind])
    if kind == "Point":
        return head + struct.pack("<dd", *coords[:2])
    if kind == "LineString":
        return head + _points(coords)
    if kind == "Polygon":
        return head + struct.pack("<I", len(coords)) + b"".join(_points(r) for r in coords)
    parts = [{"type": kind[5:], "coordinates": c} for c in coords]
    return head + struct.pack("<I", len(parts)) + b"".join(_wkb(p) for p in parts)


def _points(points: list[list[float]]) -> bytes:
    return struct.pack("<I", len(points)) + b"".join(struct.pack("<dd", *p[:2]) for p in points)


def geometry_blob(geometry: dict[str, Any]) -> bytes:
    """GeoPackage binary: magic, version 0, flags (little-endian; envelope unless a point)."""
    if geometry["type"] == "Point":
        return b"GP\x00\x01" + struct.pack("<i", 4326) + _wkb(geometry)
    bounds = geometry_bounds(geometry)
    assert bounds is not None
    min_x, min_y, max_x, max_y = bounds
    envelope = struct.pack("<dddd", min_x, max_x, min_y, max_y)
    return b"GP\x00\x03" + struct.pack("<i", 4326) + envelope + _wkb(geometry)


def _sql_type(name: str) -> str:
    if name in INTEGER_FIELDS:
        return "INTEGER"
    if name in REAL_FIELDS:
        return "REAL"
    return "TEXT"


class GeoPackageWriter:
    def __init__(self, target: Path, record_type: str) -> None:
        if not isinstance(target, Path):
            raise TypeError("a GeoPackage is written to a file path")
        self.record_type = record_type
        self.table = "memorials" if record_type == "memorial" else "persons"
        sample = memorial_properties({}) if record_type == "memorial" else person_properties({}, [])
        self.fields = list(sample)
        self.conn = sqlite3.connect(target, isolation_level=None)
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.conn.execute(f"PRAGMA user_version = {USER_VERSION}")
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.executescript(_CORE_TABLES)
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT, "longitude/latitude, WGS 84"),
                ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
                ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
            ],
        )
        columns = ", ".join(f'"{f}" {_sql_type(f)}' for f in self.fields)
        geometry = f"geom {MEMORIAL_GEOMETRY_TYPE}, " if record_type == "memorial" else ""
        self.conn.execute(
            f'CREATE TABLE "{self.table}" '
            f"(fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {geometry}{columns})"
        )
        names = (["geom"] if record_type == "memorial" else []) + self.fields
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{n}"' for n in names)
        self.insert = f'INSERT INTO "{self.table}" ({quoted}) VALUES ({marks})'
        self.batch: list[tuple[Any, ...]] = []
        self.bounds: list[float] | None = None

    def write(self, row: dict[str, Any], links: list[dict[str, Any]] | None = None) -> None:
        if self.record_type == "memorial":
            properties = memorial_properties(row)
            geometry = memorial_geometry(row)
            blob = geometry_blob(geometry) if geometry else None
            self._extend(geometry_bounds(geometry))
            values: list[Any] = [blob]
        else:
            properties = person_properties(row, links or [])
            values = []
        values += [flat_value(f, properties[f]) for f in self.fields]
        self.batch.append(tuple(values))
        if len(self.batch) >= BATCH:
            self.flush()

    def _extend(self, box: tuple[float, float, float, float] | None) -> None:
        if box is None:
            return
        if self.bounds is None:
            self.bounds = list(box)
            return
        b = self.bounds
        self.bounds = [min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])]

    def flush(self) -> None:
        if self.batch:
            self.conn.executemany(self.insert, self.batch)
            self.batch = []

    def close(self) -> None:
        self.flush()
        bounds: list[float | None] = [*self.bounds] if self.bounds else [None] * 4
        if self.record_type == "memorial":
            self.conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, "
                "min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
                (self.table, self.table, "memorials of the register", *bounds),
            )
            self.conn.execute(
                "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)",
                (self.table, MEMORIAL_GEOMETRY_TYPE),
            )
        else:
            self.conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                "VALUES (?, 'attributes', ?, ?)",
                (self.table, self.table, "persons of the register, with their memorial links"),
            )
        self.conn.execute("COMMIT")
        self.conn.close()
