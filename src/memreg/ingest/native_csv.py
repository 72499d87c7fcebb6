"""Reading the register's native CSV files as spreadsheets really save them.

Accepts UTF-8 with or without a BOM, CRLF or LF line ends, and comma, semicolon or tab as
the separator (Excel in most CIS locales writes semicolons). Refuses, naming the line:
other encodings, unknown or missing columns, rows with more cells than the header.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from memreg.domain.errors import FieldProblem, ValidationError

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

csv.field_size_limit(MAX_FIELD_BYTES)


@dataclass(frozen=True)
class CsvFile:
    """An opened native CSV: its header (lower-cased, trimmed) and facts about the file."""

    path: Path
    header: list[str]
    delimiter: str
    sha256: str
    size: int
    line_count: int


def file_digest(path: Path) -> tuple[str, int, int]:
    """SHA-256, size in bytes and number of line ends, read once in blocks."""
    digest = hashlib.sha256()
    size = lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), size, lines


def _check_utf8(path: Path) -> None:
    with path.open("rb") as handle:
        for line_number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex().upper()
                raise ValidationError(
                    [
                        FieldProblem(
                            field="file",
                            line=line_number,
                            message=(
                                f"is not UTF-8 (byte 0x{bad} at character {exc.start + 1}); "
                                "save it as 'CSV UTF-8' and import again"
                            ),
                        )
                    ]
                ) from None


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def open_native_csv(path: Path, known: list[str], required: tuple[str, ...]) -> CsvFile:
    """Check the file and its header; raise ValidationError naming what is wrong."""
    if not path.is_file():
        raise ValidationError([FieldProblem(field="file", message=f"{path} does not exist")])
    sha256, size, lines = file_digest(path)
    if size == 0:
        raise ValidationError([FieldProblem(field="file", message="is empty")])
    _check_utf8(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        if not first.strip():
            raise ValidationError([FieldProblem(field="file", line=1, message="has no header")])
        delimiter = _sniff_delimiter(first)
        header = [
            h.strip().lower() for h in next(csv.reader(io.StringIO(first), delimiter=delimiter))
        ]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(FieldProblem(field=f"column {position}", line=1, message="has no name"))
        elif column not in known:
            problems.append(
                FieldProblem(
                    field=column,
                    line=1,
                    message="is not a known column; known: " + ", ".join(known),
                )
            )
        elif column in seen:
            problems.append(FieldProblem(field=column, line=1, message="appears twice"))
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(
                FieldProblem(field=column, line=1, message="required column is missing")
            )
    if problems:
        raise ValidationError(problems)
    return CsvFile(path, header, delimiter, sha256, size, lines)


def iter_rows(csv_file: CsvFile) -> Iterator[tuple[int, dict[str, str] | FieldProblem]]:
    """Yield (line number, row by column) or (line number, problem) for a malformed row.

    Blank lines are skipped. The line number is where the row starts in the file.
    """
    header = csv_file.header
    width = len(header)
    with csv_file.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=csv_file.delimiter)
        try:
            next(reader)
            line = reader.line_num + 1
            for cells in reader:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    line = reader.line_num + 1
                    continue
                if len(cells) > width and any(c.strip() for c in cells[width:]):
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
            yield (
                reader.line_num,
                FieldProblem(
                    field="row", line=reader.line_num, message=f"is not valid CSV ({exc})"
                ),
            )
