"""Exporting memorials or persons to a file or a stream, in any format of publish/formats.py.

Records are read in key order by chunks from one snapshot of the register and handed to
the writer one by one, so memory stays bounded by a chunk however large the register.
A file export that fails leaves no file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memreg.domain.errors import BadRequestError
from memreg.publish.csv_native import NativeCsvWriter
from memreg.publish.formats import FORMATS, ExportFormat, RecordWriter
from memreg.store.engine import Store
from memreg.store.queries import MemorialFilter
from memreg.store.streams import PersonFilter, memorial_rows, person_rows, snapshot

RECORD_TYPES = ("memorial", "person")
STREAM_BLOCK = 256 * 1024  # bytes gathered before a stream hands them on
Progress = Callable[[int], None]


@dataclass
class ExportReport:
    record_type: str
    format: str
    path: str
    records: int = 0
    seconds: float = 0.0
    extra_files: list[str] = field(default_factory=list)


def export_format(name: str) -> ExportFormat:
    if name not in FORMATS:
        raise BadRequestError("format", "must be one of " + ", ".join(FORMATS))
    return FORMATS[name]


def _records(
    conn: Any, store: Store, record_type: str, flt: MemorialFilter | PersonFilter
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]] | None]]:
    if record_type == "memorial":
        assert isinstance(flt, MemorialFilter)
        for row in memorial_rows(conn, store.backend, flt):
            yield row, None
    else:
        assert isinstance(flt, PersonFilter)
        yield from person_rows(conn, store.backend, flt)


def _check_type(record_type: str) -> None:
    if record_type not in RECORD_TYPES:
        raise BadRequestError("record_type", "must be memorial or person")


def export_to_file(
    store: Store,
    record_type: str,
    format_name: str,
    path: Path,
    flt: MemorialFilter | PersonFilter,
    progress: Progress | None = None,
) -> ExportReport:
    """Write every matching record to `path` (replaced if it exists)."""
    _check_type(record_type)
    fmt = export_format(format_name)
    started = time.perf_counter()
    report = ExportReport(record_type, fmt.name, str(path))
    if fmt.needs_path and path.exists():
        path.unlink()  # a GeoPackage is a database: start from no file at all
    writer: RecordWriter = fmt.open_path(path, record_type)
    try:
        with snapshot(store) as conn:
            for row, links in _records(conn, store, record_type, flt):
                writer.write(row, links)
                report.records += 1
                if progress and report.records % 10_000 == 0:
                    progress(report.records)
        writer.close()
    except BaseException:
        _remove(path, writer)
        raise
    if isinstance(writer, NativeCsvWriter):
        report.extra_files = [str(p) for p in writer.extra_files]
    report.seconds = time.perf_counter() - started
    return report


def _remove(path: Path, writer: RecordWriter) -> None:
    with contextlib.suppress(Exception):  # the export failed already; its file goes anyway
        writer.close()
    extra = writer.extra_files if isinstance(writer, NativeCsvWriter) else []
    for leftover in (path, *extra):
        Path(leftover).unlink(missing_ok=True)


class _Buffer:
    """A binary sink the stream empties after each record."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def export_stream(
    store: Store, record_type: str, format_name: str, flt: MemorialFilter | PersonFilter
) -> Iterator[bytes]:
    """The export as blocks of bytes, for HTTP. A GeoPackage goes through a temporary file."""
    _check_type(record_type)
    fmt = export_format(format_name)
    if fmt.needs_path:
        return _file_stream(store, record_type, fmt.name, flt)
    return _direct_stream(store, record_type, fmt, flt)


def _direct_stream(
    store: Store, record_type: str, fmt: ExportFormat, flt: MemorialFilter | PersonFilter
) -> Iterator[bytes]:
    sink = _Buffer()
    writer = fmt.open_stream(sink, record_type)  # type: ignore[arg-type]
    with snapshot(store) as conn:
        for row, links in _records(conn, store, record_type, flt):
            writer.write(row, links)
            if sink.size >= STREAM_BLOCK:
                yield sink.take()
    writer.close()
    yield sink.take()


def _file_stream(
    store: Store, record_type: str, format_name: str, flt: MemorialFilter | PersonFilter
) -> Iterator[bytes]:
    handle, name = tempfile.mkstemp(prefix="memreg-export-", suffix="." + format_name)
    os.close(handle)
    path = Path(name)
    try:
        export_to_file(store, record_type, format_name, path, flt)
        with path.open("rb") as source:
            while block := source.read(STREAM_BLOCK):
                yield block
    finally:
        path.unlink(missing_ok=True)
