"""Which format a file is in, told from its content (its name only breaks ties).

A file the import does not read is named for what it is (a PDF, an Excel 97 workbook, a
Word document, a zipped Shapefile ...) together with the formats it does read.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

from memreg.domain.errors import FieldProblem, ValidationError

FORMATS = ("csv", "xlsx", "jsonl", "geojson", "kml", "shp", "gpkg", "egrokn", "osm", "wikidata")
FORMAT_TITLES = {
    "csv": "CSV (native columns, or any columns with a mapping)",
    "xlsx": "Excel workbook (.xlsx)",
    "jsonl": "JSON Lines or a JSON array of records",
    "geojson": "GeoJSON",
    "kml": "KML",
    "shp": "ESRI Shapefile (.shp with .dbf, .shx, .prj)",
    "gpkg": "GeoPackage",
    "egrokn": "EGROKN open-data export (JSON, JSON Lines)",
    "osm": "OpenStreetMap (.osm, .osm.pbf, .osm.gz, .osm.bz2)",
    "wikidata": "Wikidata entity JSON, SPARQL results (JSON or GeoJSON)",
}
PREFIX = 256 * 1024  # enough of a JSON file to tell what it holds
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_WIKIDATA_ENTITY = re.compile(rb'"(?:https?://www\.wikidata\.org/entity/)?Q[1-9][0-9]*"')


class UnsupportedFormatError(ValidationError):
    """A file of a format the import does not read."""

    def __init__(self, path: Path, what: str, hint: str = "") -> None:
        readable = "; ".join(f"{k} ({v})" for k, v in FORMAT_TITLES.items())
        message = f"{path.name} is {what}, which memreg import does not read"
        if hint:
            message += f" ({hint})"
        message += f". It reads: {readable}"
        super().__init__([FieldProblem(field="file", message=message)], message=message)
        self.code = "unsupported-format"


def _refuse(message: str) -> ValidationError:
    return ValidationError([FieldProblem(field="file", message=message)], message=message)


def check_file(path: Path) -> None:
    if path.is_dir():
        raise _refuse(f"{path} is a folder, not a file")
    if not path.is_file():
        raise _refuse(f"{path} does not exist")
    if path.stat().st_size == 0:
        raise _refuse(f"{path.name} is empty")


def detect_format(path: Path) -> str:
    """One of FORMATS, or UnsupportedFormatError saying what the file is instead."""
    check_file(path)
    with path.open("rb") as handle:
        head = handle.read(PREFIX)
    name = path.name.lower()
    if head.startswith(b"PK\x03\x04"):
        return _zip(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnsupportedFormatError(
            path, "an Excel 97-2003 workbook (.xls) or another old Office file",
            "save it as .xlsx or as CSV UTF-8",
        )  # fmt: skip
    if head.startswith(b"SQLite format 3\x00"):
        return _sqlite(path, head)
    if name.endswith((".dbf", ".shx", ".prj", ".cpg")):
        raise UnsupportedFormatError(
            path, "one part of a Shapefile", f"import {path.with_suffix('.shp').name} beside it"
        )
    if head[:4] == b"\x00\x00\x27\x0a":
        return "shp"
    if b"OSMHeader" in head[:64]:
        return "osm"
    if head.startswith((b"\x1f\x8b", b"BZh")):
        if name.endswith((".osm.gz", ".osm.bz2")):
            return "osm"
        raise UnsupportedFormatError(path, "a compressed file", "decompress it first")
    for magic, what in (
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
    ):
        if head.startswith(magic):
            raise UnsupportedFormatError(path, what)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text: the CSV reader says how to save it
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return _xml(path, text)
    if text.startswith((b"{", b"[")):
        return _json(path, text)
    if b"\x00" in head[:8192]:
        raise UnsupportedFormatError(path, "a binary file of a kind memreg does not know")
    return "csv"


def _zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise UnsupportedFormatError(path, "a damaged ZIP archive") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    lowered = [n.lower() for n in names]
    if any(n.startswith("word/") for n in lowered):
        raise UnsupportedFormatError(path, "a Word document", "save its table as CSV UTF-8")
    if "content.xml" in lowered:
        raise UnsupportedFormatError(
            path, "an OpenDocument file (.ods, .odt)", "save the sheet as .xlsx or CSV UTF-8"
        )
    if any(n.endswith(".shp") for n in lowered):
        raise UnsupportedFormatError(path, "a zipped Shapefile", "unzip it and import the .shp")
    if any(n.endswith(".kml") for n in lowered):
        raise UnsupportedFormatError(path, "a KMZ (zipped KML)", "unzip it and import the .kml")
    raise UnsupportedFormatError(path, "a ZIP archive")


def _sqlite(path: Path, head: bytes) -> str:
    if head[68:72] == b"GPKG":
        return "gpkg"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        tables = set()
    if "gpkg_contents" in tables:
        return "gpkg"
    if "memorials" in tables and "revisions" in tables:
        raise UnsupportedFormatError(
            path, "a memreg register", "use memreg copy to move a whole register"
        )
    raise UnsupportedFormatError(path, "an SQLite database that is not a GeoPackage")


def _xml(path: Path, text: bytes) -> str:
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", text, flags=re.S).lstrip()
    match = _XML_ROOT.match(body)
    root = match[1].decode("ascii", "replace").lower() if match else ""
    if root == "kml":
        return "kml"
    if root == "osm":
        return "osm"
    if root == "html":
        raise UnsupportedFormatError(path, "an HTML page")
    if root == "gpx":
        raise UnsupportedFormatError(path, "a GPX track", "convert it to GeoJSON or KML")
    if root in ("feed", "rss"):
        raise UnsupportedFormatError(path, "a news feed")
    raise UnsupportedFormatError(path, f"an XML document with the root <{root or '?'}>")


def _json(path: Path, text: bytes) -> str:
    compact = re.sub(rb"\s+", b"", text[:PREFIX])
    if b'"entities":{' in compact[:200] or compact.startswith(b'[{"type":"item"'):
        return "wikidata"
    if b'"head":{' in compact[:300] and b'"vars":[' in compact[:2000]:
        return "wikidata"
    if b'"nativeId":' in compact or b'"general":{' in compact:
        return "egrokn"
    if b'"type":"FeatureCollection"' in compact or compact.startswith(b'{"type":"Feature"'):
        if b'"item":"http://www.wikidata.org/entity/Q' in compact or (
            b'"item":' in compact and _WIKIDATA_ENTITY.search(compact)
        ):
            return "wikidata"
        return "geojson"
    if b'"type":"Feature"' in compact[:2000] and b'"geometry"' in compact[:4000]:
        return "geojson"  # GeoJSON text sequences: one feature a line
    if compact.startswith((b"[{", b"[]")) or (
        compact.startswith(b"{") and re.search(rb"}\s*\r?\n\s*{", text[:PREFIX])
    ):
        return "jsonl"
    raise UnsupportedFormatError(path, "a JSON document that holds no records")
