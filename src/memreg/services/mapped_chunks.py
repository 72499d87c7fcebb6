"""The mapped and validated records of any source file, chunk by chunk, for the import.

Reading, mapping and validating touch no database: for a large file they run in a helper
process (like the native CSV's, services/import_rows.py) while the importing process looks
up source keys and writes the previous chunk, so the two use two cores. Either way the
chunks are the same: the helper runs this same code.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import subprocess
import sys
import traceback
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import memreg
from memreg.domain.errors import FieldProblem, MemregError
from memreg.domain.identifiers import content_id
from memreg.ingest.formats import OpenedSource, open_source
from memreg.ingest.records import Mapped
from memreg.services.import_rows import CHUNK, FIRST_CHUNK, RULES, Chunk, _finished
from memreg.services.seen_ids import SeenIds

HELPER_MIN_BYTES = 8_000_000  # below this, starting a process costs about what it saves
MAX_REASONS = 1000
_HELPER = "from memreg.services.mapped_chunks import helper_main; helper_main()"


@dataclass(frozen=True)
class SourceTask:
    """Everything needed to open a source file again, in a helper process."""

    path: Path
    record_type: str
    format_name: str
    mapping: str | None
    encoding: str | None
    defaults: dict[str, str]
    namespace: str | None
    keep_rows: bool = False  # the records as read travel with their chunk (rejected-rows file)

    def open(self) -> OpenedSource:
        return open_source(
            self.path, self.record_type, format_name=self.format_name, mapping=self.mapping,
            encoding=self.encoding, defaults=self.defaults, namespace=self.namespace,
        )  # fmt: skip


@dataclass
class MappedChunk:
    chunk: Chunk
    keys: list[str | None]  # each position's source key
    skipped: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)


def _raw_row(fields: dict[str, Any] | None) -> dict[str, str]:
    out = {}
    for key, value in (fields or {}).items():
        if isinstance(value, (dict, list)):
            out[key] = json.dumps(value, ensure_ascii=False)[:2000]
        else:
            out[key] = "" if value is None else str(value)
    return out


def with_hint(problem: FieldProblem) -> FieldProblem:
    """A mapped file that gives no country is told how to give one."""
    if problem.field == "country" and problem.message == "is required":
        return FieldProblem(
            "country",
            "is required: the file gives none (import with --default country=XX, "
            "or map a column to it)",
            problem.line,
        )
    return problem


def mapped_chunks(
    opened: OpenedSource, digest: list[str | None], keep_rows: bool = True
) -> Generator[MappedChunk, None, None]:
    """Every record mapped and validated, in file order; `digest` gets the reader's SHA-256."""
    assert opened.reader is not None and opened.mapper is not None
    record_type = opened.mapper.record_type
    rules = RULES[record_type]
    validate = rules.make_validator()
    values_of = itemgetter(*rules.fields)
    refused = (None,) * len(rules.fields)
    flat = opened.format_name in ("csv", "xlsx")
    mapper = opened.mapper

    def fresh() -> MappedChunk:
        return MappedChunk(Chunk(rows=[] if keep_rows else None), [])

    seen = SeenIds()
    size = FIRST_CHUNK
    batch: list[Mapped] = []
    current = fresh()
    try:
        for record in opened.reader.records():
            mapped = mapper.apply(record)
            if mapped.skip:
                current.skipped += 1
                if len(current.skip_reasons) < MAX_REASONS:
                    current.skip_reasons[mapped.skip] += 1
                continue
            if mapped.notes:
                current.notes.update(mapped.notes)
            batch.append(mapped)
            if len(batch) >= size:
                yield _build(current, batch, record_type, validate, values_of, refused, seen, flat)
                batch, size, current = [], CHUNK, fresh()
        if batch or current.skipped:
            yield _build(current, batch, record_type, validate, values_of, refused, seen, flat)
        digest.append(getattr(opened.reader, "digest", None))
    finally:
        seen.close()


def _build(
    current: MappedChunk,
    batch: list[Mapped],
    record_type: str,
    validate: Any,
    values_of: Any,
    refused: tuple[None, ...],
    seen: SeenIds,
    flat: bool,
) -> MappedChunk:
    chunk = current.chunk
    rows: list[tuple[Any, ...]] = []
    chunk_first: dict[str, int] = {}
    is_person = record_type == "person"
    for position, mapped in enumerate(batch):
        line = mapped.line
        chunk.lines.append(line)
        if chunk.rows is not None:
            chunk.rows.append(
                mapped.raw if flat and mapped.raw is not None else _raw_row(mapped.raw)
            )
        current.keys.append(mapped.source_key)
        unreadable = bool(mapped.problems) and mapped.problems[0].field == "row"
        record, problems = (None, []) if unreadable else validate(mapped.values, line)
        if mapped.problems:  # what mapping found, and what validation finds besides
            record, problems = None, [*mapped.problems, *problems]
        if record is None:
            rows.append(refused)
            chunk.memorial_ids.append(None)
            chunk.roles.append(None)
            chunk.problems[position] = [
                with_hint(
                    p if p.line is not None else FieldProblem(p.field, p.message, line, p.value)
                )
                for p in problems
            ]
            continue
        memorial_id = record.pop("memorial_id", None)
        role = record.pop("role", None)
        values = values_of(record)
        if values[0] is None:
            values = (content_id(record_type, [*values[1:], memorial_id, role]), *values[1:])
            chunk.content_ids.add(position)
        if is_person:
            values = (*values[:4], values[4] or None, *values[5:])
        rows.append(values)
        chunk.memorial_ids.append(memorial_id)
        chunk.roles.append(role)
        chunk_first.setdefault(values[0], line)
    if rows:
        _finished(chunk, rows, chunk_first, seen)
    return current


def mapped_chunks_in_helper(
    task: SourceTask, digest: list[str | None]
) -> Generator[MappedChunk, None, None]:
    """mapped_chunks computed by a helper process; stops it if the caller stops early."""
    python_path = [str(Path(memreg.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")]
    try:
        helper = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            [
                sys.executable,
                "-c",
                "from memreg.services.mapped_chunks import helper_main; helper_main()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in python_path if p)},
        )
    except OSError:  # no process can be started here: do the work in this one
        yield from mapped_chunks(task.open(), digest, task.keep_rows)
        return
    assert helper.stdin is not None and helper.stdout is not None
    try:
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
                digest.append(payload)
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
    task: SourceTask = pickle.load(sys.stdin.buffer)  # noqa: S301
    out = sys.stdout.buffer
    gc.freeze()
    gc.set_threshold(100_000, 50, 50)
    try:
        digest: list[str | None] = []
        for chunk in mapped_chunks(task.open(), digest, task.keep_rows):
            pickle.dump(("chunk", chunk), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done", digest[0] if digest else None), out)
    except Exception as exc:
        if isinstance(exc, MemregError) or type(exc).__module__ == "builtins":
            pickle.dump(("error", exc), out)
        else:
            pickle.dump(("failed", "".join(traceback.format_exception(exc))), out)
    out.flush()
