"""Spreadsheets as registrars keep them: CSV in any dialect and encoding, and XLSX.

CSV: comma, semicolon, tab or `|` (whichever the header line holds most), with or without
a BOM, any line ends, UTF-8 unless `encoding` says otherwise (cp1251 is common). XLSX: the
first sheet, read row by row (openpyxl's read-only mode keeps memory flat). The first row
that holds anything is the header; header names are trimmed (`CIVIL_PARISH ` is
`CIVIL_PARISH`); blank rows are skipped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from memreg.domain.errors import FieldProblem, ValidationError
from memreg.ingest.files import BLOCK, HashingReader
from memreg.ingest.records import SourceRecord, refuse_file

MAX_CELL = 1_000_000
csv.field_size_limit(MAX_CELL)


def check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValidationError(
            [FieldProblem("--encoding", "is not an encoding Python knows (e.g. cp1251, utf-8)")]
        ) from None


def _header(cells: list[Any]) -> list[str]:
    header = ["" if c is None else str(c).strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    return header


def _check_header(path: Path, header: list[str], line: int) -> None:
    seen: set[str] = set()
    problems = []
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(FieldProblem(f"column {position}", "has no name", line))
        elif name in seen:
            problems.append(FieldProblem(name, "appears twice in the header", line))
        seen.add(name)
    if problems:
        raise ValidationError(problems, message=f"{path.name}: " + "; ".join(map(str, problems)))


class CsvReader:
    format_name = "csv"

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        self.digest: str | None = None
        self.encoding = check_encoding(encoding) if encoding else "utf-8-sig"
        with path.open("rb") as handle:
            start = handle.read(4)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")) and not self.encoding.startswith("utf-16"):
            raise refuse_file(path, "is UTF-16 (Excel's 'Unicode Text'): use --encoding utf-16 "
                              "or save it as 'CSV UTF-8'", line=1)  # fmt: skip
        first = self._first_line()
        counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
        best = max(counts, key=lambda d: counts[d])
        self.delimiter = best if counts[best] else ","
        self.columns = _header(next(csv.reader(io.StringIO(first), delimiter=self.delimiter)))
        if not self.columns:
            raise refuse_file(path, "has no header (the first line must name the columns)", 1)
        _check_header(path, self.columns, 1)

    def _first_line(self) -> str:
        return next(self._lines(), "")

    def _lines(self) -> Iterator[str]:
        """The file's lines decoded one by one, so a bad byte is named by its own line.

        The bytes are hashed as they are read: `digest` is then the SHA-256 of the rows read.
        """
        decoder = codecs.getincrementaldecoder(self.encoding)()
        raw = HashingReader(self.path)
        with io.BufferedReader(raw, BLOCK) as handle:
            for line, data in enumerate(handle, start=1):
                try:
                    yield decoder.decode(data)
                except UnicodeDecodeError as exc:
                    raise self._not_encoded(exc, line) from None
            raw.drain()
            self.digest = raw.hexdigest()

    def _not_encoded(self, exc: UnicodeDecodeError, line: int) -> ValidationError:
        bad = exc.object[exc.start : exc.start + 1].hex().upper()
        hint = (
            "; save it as 'CSV UTF-8', or if it is Windows 'ANSI' Cyrillic import it "
            "with --encoding cp1251"
        )
        if self.encoding not in ("utf-8", "utf-8-sig"):
            hint = ""
        name = "UTF-8" if self.encoding.startswith("utf-8") else self.encoding
        return refuse_file(self.path, f"is not {name} (byte 0x{bad}){hint}", line=line)

    def records(self) -> Iterator[SourceRecord]:
        header, width = self.columns, len(self.columns)
        reader = csv.reader(self._lines(), delimiter=self.delimiter, strict=True)
        line = 1
        try:
            next(reader)
            line = reader.line_num + 1
            for cells in reader:
                if "".join(cells).strip():
                    record = SourceRecord(line, dict(zip(header, cells, strict=False)))
                    if len(cells) > width and "".join(cells[width:]).strip():
                        record.problem = f"has {len(cells)} cells but the header has {width}"
                    yield record
                line = reader.line_num + 1
        except csv.Error as exc:
            raise refuse_file(self.path, f"is not valid CSV ({exc})", line=line) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class XlsxReader:
    format_name = "xlsx"

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook  # a large library, needed only for workbooks

        self.path = path
        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise refuse_file(path, f"is not a readable .xlsx workbook ({exc})") from None
        self._sheet = self._book.worksheets[0]
        self.layer = self._sheet.title
        self.header_row = 0
        self.columns: list[str] = []
        for number, row in enumerate(self._sheet.iter_rows(values_only=True), start=1):
            if any(c is not None and str(c).strip() for c in row):
                self.header_row, self.columns = number, _header(list(row))
                break
        if not self.columns:
            raise refuse_file(path, f"has nothing on its first sheet ({self.layer!r})")
        _check_header(path, self.columns, self.header_row)

    def records(self) -> Iterator[SourceRecord]:
        header, width = self.columns, len(self.columns)
        rows = self._sheet.iter_rows(min_row=self.header_row + 1, values_only=True)
        try:
            for number, row in enumerate(rows, start=self.header_row + 1):
                cells = [_cell(v) for v in row]
                if not "".join(cells).strip():
                    continue
                record = SourceRecord(
                    number, dict(zip(header, cells, strict=False)), layer=self.layer
                )
                if len(cells) > width and "".join(cells[width:]).strip():
                    record.problem = f"has values beyond the header's {width} columns"
                yield record
        finally:
            self._book.close()
