"""The validated rows of a native CSV file, chunk by chunk, for the bulk import.

Reading and validating is pure work: for a large file it runs in a helper process while the
importing process writes the previous chunk, so the two use two cores. Either way the rows,
their order, their records and their problems are the same: the helper runs this same code.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import memreg
from memreg.domain.errors import FieldProblem, MemregError
from memreg.domain.identifiers import content_id
from memreg.domain.memorial_validator import MemorialValidator
from memreg.domain.validation import PersonValidator
from memreg.ingest.native_csv import CsvFile, iter_rows
from memreg.services.seen_ids import SeenIds

Validator = Callable[[dict[str, Any], int | None], tuple[dict[str, Any] | None, list[Any]]]
CHUNK = 20_000
FIRST_CHUNK = 2_000  # a small first chunk lets the writing start early
HELPER_MIN_ROWS = 50_000  # below this, starting a process costs about what it saves

MEMORIAL_FIELDS = (
    "id", "kind", "name", "names", "lat", "lon", "country", "region", "settlement", "address",
    "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
    "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
    "outline", "external_ids",
)  # fmt: skip
PERSON_FIELDS = (
    "id", "surname", "given_name", "patronymic", "name_variants", "birth_date", "birth_year",
    "death_date", "death_year", "birthplace", "rank", "unit", "fate", "rank_variants",
)  # fmt: skip


@dataclass(frozen=True)
class RowRules:
    """How one record type's rows are validated and which stored fields they fill."""

    record_type: str
    fields: tuple[str, ...]  # table columns an import fills, `id` first
    make_validator: Callable[[], Validator]


RULES = {
    "memorial": RowRules("memorial", MEMORIAL_FIELDS, MemorialValidator),
    "person": RowRules("person", PERSON_FIELDS, PersonValidator),
}


@dataclass
class Chunk:
    """Consecutive rows of a file, column by column; what is rare is kept by position."""

    lines: list[int] = field(default_factory=list)  # where each row starts in the file
    # One list per stored field (RowRules.fields order); a refused row holds None in each.
    columns: list[list[Any]] = field(default_factory=list)
    memorial_ids: list[str | None] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)
    rows: list[dict[str, str]] | None = None  # the rows as read, when the caller keeps them
    problems: dict[int, list[FieldProblem]] = field(default_factory=dict)  # refused rows
    content_ids: set[int] = field(default_factory=set)  # rows whose id comes from content
    # Rows whose id an earlier well-formed row has too: the line of the first such row.
    earlier: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def select(self, positions: list[int]) -> tuple[list[list[Any]], list[Any], list[Any]]:
        """The columns, memorial ids and roles of the rows at these positions only."""
        pick = [[values[i] for i in positions] for values in self.columns]
        return pick, [self.memorial_ids[i] for i in positions], [self.roles[i] for i in positions]


def validated_chunks(
    csv_file: CsvFile,
    record_type: str,
    keep_rows: bool,
    chunk: int | None = None,
    first_chunk: int | None = None,
) -> Generator[Chunk, None, None]:
    """Every row of the file validated, in file order, `chunk` rows at a time."""
    chunk = chunk or CHUNK
    size = min(chunk, first_chunk or FIRST_CHUNK)
    rules = RULES[record_type]
    validate = rules.make_validator()
    values_of = itemgetter(*rules.fields)
    refused_values = (None,) * len(rules.fields)
    is_person = record_type == "person"
    seen = SeenIds()  # ids of earlier chunks, each with the line where it first appeared
    chunk_first: dict[str, int] = {}  # the same for this chunk
    current, rows = Chunk(rows=[] if keep_rows else None), []
    try:
        for line, row in iter_rows(csv_file):
            position = len(current.lines)
            current.lines.append(line)
            if current.rows is not None:
                current.rows.append({} if isinstance(row, FieldProblem) else row)
            if isinstance(row, FieldProblem):
                record, problems = None, [row]
            else:
                record, problems = validate(row, line)
            if record is None:
                rows.append(refused_values)
                current.memorial_ids.append(None)
                current.roles.append(None)
                current.problems[position] = problems
            else:
                memorial_id = record.pop("memorial_id", None)
                role = record.pop("role", None)
                values = values_of(record)
                if values[0] is None:  # the content as validated, name_variants still a list
                    key = content_id(record_type, [*values[1:], memorial_id, role])
                    values = (key, *values[1:])
                    current.content_ids.add(position)
                if is_person and not values[4]:  # an empty name_variants list is stored as NULL
                    values = (*values[:4], None, *values[5:])
                rows.append(values)
                current.memorial_ids.append(memorial_id)
                current.roles.append(role)
                chunk_first.setdefault(values[0], line)
            if len(rows) >= size:
                yield _finished(current, rows, chunk_first, seen)
                current, rows, size = Chunk(rows=[] if keep_rows else None), [], chunk
                chunk_first = {}
        if rows:
            yield _finished(current, rows, chunk_first, seen)
    finally:
        seen.close()


def _finished(
    current: Chunk, rows: list[tuple[Any, ...]], chunk_first: dict[str, int], seen: SeenIds
) -> Chunk:
    """Put the chunk's columns together and mark rows whose id an earlier row had."""
    current.columns = [list(column) for column in zip(*rows, strict=True)]
    before = seen.first_lines(chunk_first)
    if before or len(chunk_first) < len(rows) - len(current.problems):
        ids = current.columns[0]
        for position, line in enumerate(current.lines):
            record_id = ids[position]
            if record_id is None:  # a refused row
                continue
            first = before.get(record_id) or chunk_first[record_id]
            if first != line:
                current.earlier[position] = first
    seen.add({i: line for i, line in chunk_first.items() if i not in before})
    return current


def validated_chunks_in_helper(
    csv_file: CsvFile,
    record_type: str,
    keep_rows: bool,
    chunk: int | None = None,
    first_chunk: int | None = None,
) -> Generator[Chunk, None, None]:
    """validated_chunks computed by a helper process; stops it if the caller stops early.

    The helper is a fresh interpreter that runs only `helper_main` (multiprocessing would
    re-run the caller's main script). It sends pickled chunks through its stdout; the pipe's
    back-pressure keeps at most about one chunk waiting, so memory stays bounded.
    """
    python_path = [str(Path(memreg.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")]
    try:
        helper = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            [
                sys.executable,
                "-c",
                "from memreg.services.import_rows import helper_main; helper_main()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in python_path if p)},
        )
    except OSError:  # no process can be started here: do the work in this one
        yield from validated_chunks(csv_file, record_type, keep_rows, chunk, first_chunk)
        return
    assert helper.stdin is not None and helper.stdout is not None
    try:
        task = (csv_file, record_type, keep_rows, chunk or CHUNK, first_chunk or FIRST_CHUNK)
        pickle.dump(task, helper.stdin)
        helper.stdin.close()
        while True:
            try:
                kind, payload = pickle.load(helper.stdout)  # noqa: S301 (our own helper)
            except EOFError:
                raise RuntimeError(
                    f"the import's helper process stopped (exit code {helper.wait()})"
                ) from None
            if kind == "chunk":
                yield payload
            elif kind == "done":
                return
            elif kind == "error":
                raise payload
            else:
                raise RuntimeError(f"the import's helper process failed: {payload}")
    finally:
        if helper.poll() is None:
            helper.kill()
        helper.wait()
        helper.stdout.close()


def helper_main() -> None:
    """The helper process: read its task from stdin, send every chunk to stdout."""
    csv_file, record_type, keep_rows, chunk, first_chunk = pickle.load(sys.stdin.buffer)  # noqa: S301
    out = sys.stdout.buffer
    gc.freeze()  # this process makes no cycles: spare the collector the module objects
    gc.set_threshold(100_000, 50, 50)
    try:
        for rows in validated_chunks(csv_file, record_type, keep_rows, chunk, first_chunk):
            pickle.dump(("chunk", rows), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done", None), out)
    except Exception as exc:  # hand it to the importing process, which raises it
        if isinstance(exc, MemregError) or type(exc).__module__ == "builtins":
            pickle.dump(("error", exc), out)  # ours, OSError and the like: raised there as is
        else:  # ours may not survive pickling: their text is enough
            pickle.dump(("failed", "".join(traceback.format_exception(exc))), out)
    out.flush()
