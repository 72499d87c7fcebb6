"""Reading the register's native CSV files as spreadsheets really save them.

Accepts UTF-8 with or without a BOM, CRLF, LF or CR line ends, and comma, semicolon or tab
as the separator (Excel in most CIS locales writes semicolons). Rows that are blank or hold
only separators (Excel writes `;;;;` for an empty row) are skipped. Refuses, naming the line:
other encodings, unknown or missing columns, rows with more cells than the header. A file
that is not valid CSV (a quote that is never closed, text after a closing quote) is refused
as a whole, since no row after the fault can be trusted to start where it seems to.

A file of rejected rows (written by an import with --accept-partial) starts with the columns
`line` and `reason`; they are ignored, so the file can be corrected and imported as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from memreg.domain.errors import FieldProblem, ValidationError
from memreg.ingest.files import BLOCK, FileScan, HashingReader, path_problem, scan_file

MEMORIAL_COLUMNS = [
    "id", "kind", "name", "lat", "lon", "country", "region", "settlement",
    "name_ru", "name_be", "name_uk", "name_en", "name_kk", "name_ky", "name_uz", "name_tg",
    "name_hy", "name_az", "name_ka", "name_ro", "name_tk",
    "address", "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
    "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
]  # fmt: skip
MEMORIAL_REQUIRED = ("kind", "country")
PERSON_COLUMNS = [
    "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "birthplace",
    "rank", "unit", "fate", "memorial_id", "role",
]  # fmt: skip
PERSON_REQUIRED = ("surname",)
MAX_FIELD_BYTES = 1_000_000
REJECTED_FILE_COLUMNS = ["line", "reason"]  # what a rejected-rows file puts first

csv.field_size_limit(MAX_FIELD_BYTES)


@dataclass(frozen=True)
class CsvFile:
    """An opened native CSV: its header (lower-cased, trimmed) and facts about the file.

    `skip` leading columns of every row are not part of the record (a rejected-rows file's
    `line` and `reason`); `header` names the columns after them.
    """

    path: Path
    header: list[str]
    delimiter: str
    sha256: str
    size: int
    line_count: int
    skip: int = 0


def _refuse(
    path: Path, message: str, line: int | None = None, field: str = "file"
) -> ValidationError:
    problem = FieldProblem(field=field, message=message, line=line)
    return ValidationError([problem], message=f"{path.name}: {problem}; nothing was imported")


def _encoding_hint(raw: bytes) -> str:
    """Name the encoding a non-UTF-8 line most likely has, when it is a common one."""
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return ""
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return " (it looks like Windows-1251, 'ANSI' Cyrillic)"
    return ""


def _check_scan(path: Path, scan: FileScan) -> None:
    if scan.utf16:
        raise _refuse(
            path,
            "is UTF-16 (Excel's 'Unicode Text'); save it as 'CSV UTF-8' and import again",
            line=1,
        )
    if scan.fault is not None:
        fault = scan.fault
        raise _refuse(
            path,
            f"is not UTF-8 (byte 0x{fault.value.hex().upper()} at byte {fault.byte} of the line)"
            f"{_encoding_hint(fault.raw_line)}; save it as 'CSV UTF-8' and import again",
            line=fault.line,
        )


def changed_during_import(path: Path) -> ValidationError:
    return _refuse(
        path,
        "changed while it was being imported (its bytes are no longer those it had when the "
        "import began); import it again once nothing writes to it",
    )


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def open_native_csv(path: Path, known: list[str], required: tuple[str, ...]) -> CsvFile:
    """Check the file and its header; raise ValidationError naming what is wrong."""
    problem = path_problem(path)
    if problem:
        raise ValidationError([FieldProblem(field="file", message=problem)])
    scan = scan_file(path)
    if scan.size == 0:
        raise _refuse(path, "is empty")
    _check_scan(path, scan)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        if not first.strip():
            raise _refuse(path, "has no header (the first line must name the columns)", line=1)
        delimiter = _sniff_delimiter(first)
        header = [
            h.strip().lower() for h in next(csv.reader(io.StringIO(first), delimiter=delimiter))
        ]
    skip = len(REJECTED_FILE_COLUMNS) if header[:2] == REJECTED_FILE_COLUMNS else 0
    header = header[skip:]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1 + skip):
        if not column:
            problems.append(FieldProblem(field=f"column {position}", line=1, message="has no name"))
        elif column not in known:
            problems.append(FieldProblem(field=column, line=1, message="is not a known column"))
        elif column in seen:
            problems.append(FieldProblem(field=column, line=1, message="appears twice"))
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(
                FieldProblem(field=column, line=1, message="required column is missing")
            )
    if any(p.message == "is not a known column" for p in problems):
        known_text = "the known columns are " + ", ".join(known)
        problems.append(FieldProblem(field="header", line=1, message=known_text))
    if problems:
        raise ValidationError(problems)
    return CsvFile(path, header, delimiter, scan.sha256, scan.size, scan.line_count, skip)


def _csv_fault(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return (
            'has a quote (") that is never closed, so the rest of the file would be read '
            "as one cell"
        )
    if "expected after" in text:
        return 'has text right after a closing quote (write a quote inside a cell as "")'
    if "field larger than field limit" in text:
        return f"has a cell longer than {MAX_FIELD_BYTES:,} characters"
    return f"is not valid CSV ({text})"


def iter_rows(csv_file: CsvFile) -> Iterator[tuple[int, dict[str, str] | FieldProblem]]:
    """Yield (line number, row by column) or (line number, problem) for a malformed row.

    Blank rows and rows of empty cells are skipped. The line number is where the row starts
    in the file, also when an earlier cell spans several lines. A fault in the CSV itself
    raises ValidationError naming the line where the faulty row starts. The bytes are hashed
    as they are read; if they are not those `open_native_csv` checked, the file changed
    under the import and ValidationError says so after the last row.
    """
    header = csv_file.header
    width = len(header)
    skip = csv_file.skip
    raw = HashingReader(csv_file.path)
    handle = io.TextIOWrapper(io.BufferedReader(raw, BLOCK), encoding="utf-8-sig", newline="")
    with handle:
        reader = csv.reader(handle, delimiter=csv_file.delimiter, strict=True)
        line = 1
        try:
            next(reader)
            line = reader.line_num + 1
            for cells in reader:
                if skip:
                    cells = cells[skip:]
                if not "".join(cells).strip():
                    line = reader.line_num + 1
                    continue
                if len(cells) > width and "".join(cells[width:]).strip():
                    yield (
                        line,
                        FieldProblem(
                            field="row",
                            line=line,
                            message=f"has {len(cells)} cells but the header has {width}",
                        ),
                    )
                else:
                    yield line, dict(zip(header, cells, strict=False))
                line = reader.line_num + 1
        except csv.Error as exc:
            if _unchanged(csv_file, raw):
                raise _refuse(csv_file.path, _csv_fault(exc), line=line, field="row") from None
            raise changed_during_import(csv_file.path) from None
        except (UnicodeDecodeError, StopIteration):  # checked as UTF-8 with a header before
            raise changed_during_import(csv_file.path) from None
        if not _unchanged(csv_file, raw):
            raise changed_during_import(csv_file.path)


def _unchanged(csv_file: CsvFile, raw: HashingReader) -> bool:
    """True when the whole file, as read now, has the bytes the import began with."""
    raw.drain()
    return raw.size == csv_file.size and raw.hexdigest() == csv_file.sha256
