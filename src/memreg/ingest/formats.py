"""One entry for every input format: open a file as a reader with the mapper that fits it.

Adding a format is one reader module and one line in `open_source`. The native CSV keeps
its own fast path (ingest/native_csv.py); every other file is read as source records and
mapped (a mapping file, a shipped mapping chosen by the header, the format's own mapper,
or a mapping made from the field names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from memreg.domain.errors import FieldProblem, ValidationError
from memreg.ingest.automap import auto_mapping
from memreg.ingest.detect import FORMATS, check_file, detect_format
from memreg.ingest.mapping import Mapping, load_mapping, mapping_for_header, shipped_mappings
from memreg.ingest.native_csv import MEMORIAL_COLUMNS, PERSON_COLUMNS, REJECTED_FILE_COLUMNS
from memreg.ingest.records import Mapped, Reader, SourceRecord

MEMORIAL_ONLY = ("geojson", "kml", "shp", "gpkg", "egrokn", "osm", "wikidata")


class Mapper(Protocol):
    name: str
    record_type: str

    @property
    def targets(self) -> set[str] | frozenset[str]: ...

    def apply(self, record: SourceRecord) -> Mapped: ...


@dataclass
class OpenedSource:
    """A file ready to import: its format and, unless it is native CSV, reader and mapper."""

    path: Path
    format_name: str
    native: bool = False
    reader: Reader | None = None
    mapper: Mapper | None = None
    mapping_origin: str = ""  # how the mapping was chosen, for the report
    notes: list[str] = field(default_factory=list)


def namespace_for(text: str) -> str:
    """A source-key namespace from a source id or a file name (`Stirling 2023` -> stirling-2023)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:30].strip("-")
    return slug if slug and slug[0].isalpha() else f"src-{slug}".strip("-")


def _problem(field_name: str, message: str) -> ValidationError:
    return ValidationError([FieldProblem(field_name, message)])


def _is_native(columns: list[str], record_type: str) -> bool:
    known = set(MEMORIAL_COLUMNS if record_type == "memorial" else PERSON_COLUMNS)
    names = [c.strip().lower() for c in columns]
    if names[:2] == REJECTED_FILE_COLUMNS:
        names = names[2:]
    return bool(names) and all(n in known for n in names)


def open_source(
    path: Path,
    record_type: str,
    *,
    format_name: str = "auto",
    mapping: str | None = None,
    encoding: str | None = None,
    defaults: dict[str, str] | None = None,
    namespace: str | None = None,
) -> OpenedSource:
    """Open `path` for an import of `record_type`; errors name the file, format or mapping."""
    check_file(path)
    if format_name == "auto":
        format_name = detect_format(path)
    elif format_name not in FORMATS:
        raise _problem("--format", "must be auto or one of " + ", ".join(FORMATS))
    if record_type == "person" and format_name in MEMORIAL_ONLY:
        raise _problem(
            "--format", f"{format_name} files hold memorials: import them with `memorials`"
        )
    defaults = defaults or {}
    chosen = load_mapping(mapping) if mapping else None
    if chosen is not None and chosen.record_type != record_type:
        raise _problem("--mapping", f"{chosen.name} maps {chosen.record_type}s, not {record_type}s")
    space = namespace or namespace_for(path.stem)
    reader: Reader
    if format_name == "egrokn":
        from memreg.ingest.egrokn import EgroknMapper, EgroknReader

        reader = EgroknReader(path)
        return OpenedSource(
            path,
            format_name,
            reader=reader,
            mapper=chosen or EgroknMapper(defaults),
            mapping_origin="the format's own",
            notes=list(reader.notes),
        )
    if format_name == "osm":
        from memreg.ingest.osm import OsmMapper, OsmReader

        return OpenedSource(
            path,
            format_name,
            reader=OsmReader(path),
            mapper=chosen or OsmMapper(defaults),
            mapping_origin="the format's own",
        )
    if format_name == "wikidata":
        from memreg.ingest.wikidata import WikidataJsonReader, WikidataMapper

        with path.open("rb") as handle:
            head = handle.read(4096)
        if b"FeatureCollection" in head or b'"Feature"' in head:
            from memreg.ingest.geofile import GeoReader

            reader = GeoReader(path, "geojson")
        else:
            reader = WikidataJsonReader(path)
        return OpenedSource(
            path,
            format_name,
            reader=reader,
            mapper=chosen or WikidataMapper(defaults),
            mapping_origin="the format's own",
        )
    if format_name in ("geojson", "kml", "shp", "gpkg"):
        from memreg.ingest.geofile import GeoReader

        reader = GeoReader(path, format_name)
        opened = _mapped(reader, record_type, chosen, defaults, space, geometry=True)
        opened.notes = list(reader.notes)
        return opened
    if format_name == "xlsx":
        from memreg.ingest.spreadsheet import XlsxReader

        return _mapped(XlsxReader(path), record_type, chosen, defaults, space)
    if format_name == "jsonl":
        from memreg.ingest.jsonlines import JsonLinesReader

        return _mapped(JsonLinesReader(path), record_type, chosen, defaults, space)
    from memreg.ingest.spreadsheet import CsvReader

    if chosen is None and encoding is None and _is_native(_peek_header(path), record_type):
        if defaults:
            raise _problem(
                "--default", "applies to mapped files; a native CSV names its own values"
            )
        return OpenedSource(path, "csv", native=True, mapping_origin="native columns")
    return _mapped(CsvReader(path, encoding), record_type, chosen, defaults, space)


def _peek_header(path: Path) -> list[str]:
    """The first line's cells, whatever its encoding: enough to tell a native CSV."""
    with path.open("rb") as handle:
        first = handle.readline(65536).decode("utf-8-sig", errors="replace")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    return [cell.strip().strip('"') for cell in first.strip().split(delimiter)]


def _mapped(
    reader: Reader,
    record_type: str,
    chosen: Mapping | None,
    defaults: dict[str, str],
    namespace: str,
    *,
    geometry: bool = False,
) -> OpenedSource:
    origin = "given with --mapping"
    mapping = chosen
    if mapping is None:
        mapping = mapping_for_header(reader.columns, record_type)
        origin = "chosen by the file's columns"
    if mapping is None:
        mapping = auto_mapping(reader.columns, record_type, namespace, geometry=geometry)
        origin = "made from the file's field names"
    if mapping is None:
        names = ", ".join(reader.columns[:30]) or "none"
        shipped = ", ".join(
            n for n, m in shipped_mappings().items() if m.record_type == record_type
        )
        needed = "a name" if record_type == "memorial" else "a surname"
        raise ValidationError(
            [
                FieldProblem(
                    "--mapping",
                    (
                        f"{reader.path.name}: no field gives {needed} (its fields: {names}); give "
                        f"--mapping with a shipped mapping ({shipped}) or a mapping file"
                    ),
                )
            ]
        )
    if defaults:
        mapping = mapping.with_defaults(defaults)
    missing = [c for c in mapping.columns if c not in reader.columns and "." not in c]
    notes = []
    if missing and reader.columns and reader.format_name in ("csv", "xlsx"):
        raise ValidationError(
            [
                FieldProblem(
                    c, f"is named by the mapping {mapping.name} but is not a column of the file", 1
                )
                for c in missing
            ]
        )
    unused = [c for c in reader.columns if c not in mapping.columns]
    if unused:
        notes.append("fields not imported: " + ", ".join(unused[:40]))
    return OpenedSource(
        reader.path,
        reader.format_name,
        reader=reader,
        mapper=mapping,
        mapping_origin=f"{mapping.name} ({origin})",
        notes=notes,
    )
