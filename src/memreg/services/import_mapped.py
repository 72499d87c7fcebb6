"""Importing any file memreg reads: one service for every format (ingest/formats.py).

The native CSV goes to its fast path (services/imports.py). Every other file is read as
source records, mapped to the register's fields, validated, and written by the same job
as the native import: one revision naming the file, its SHA-256 and source; all or
nothing unless `accept_partial`; `dry_run` validates and reports without writing.
Records are found again by the source's own id (`obd:6891611`, `osm:node/123`), kept in
`source_keys`, so a re-import updates what changed, even after a merge moved the record.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select

from memreg.domain.errors import FieldProblem, ImportRejectedError, ValidationError
from memreg.domain.events import ImportCompleted
from memreg.ingest.files import scan_file
from memreg.ingest.formats import OpenedSource, namespace_for, open_source
from memreg.services.import_rows import RULES
from memreg.services.imports import (
    SPECS,
    ImportReport,
    Progress,
    _check_revision_fields,
    _ImportJob,
    import_csv,
)
from memreg.services.mapped_chunks import (
    HELPER_MIN_BYTES,
    MappedChunk,
    SourceTask,
    mapped_chunks,
    mapped_chunks_in_helper,
)
from memreg.services.rejected_rows import RejectedRowsFile, rejected_target
from memreg.store.engine import Store
from memreg.store.records import pks_by_id
from memreg.store.schema import memorials, persons, source_keys
from memreg.store.unit_of_work import UnitOfWork, run_write

MAX_REASONS = 20  # kinds of skip, note and change kept in a report


@dataclass
class SourceImportReport(ImportReport):
    """An import's report with what mapped formats add: format, mapping, skips and notes."""

    format_name: str = ""
    mapping: str = ""
    dry_run: bool = False
    skipped: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    changed_fields: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        for name in ("skip_reasons", "notes", "changed_fields"):
            out[name] = dict(getattr(self, name).most_common(MAX_REASONS))
        return out


def import_file(
    store: Store,
    actor: str,
    record_type: str,
    path: Path,
    *,
    format_name: str = "auto",
    mapping: str | None = None,
    encoding: str | None = None,
    defaults: dict[str, str] | None = None,
    accept_partial: bool = False,
    rejected_path: Path | None = None,
    source_id: str | None = None,
    reason: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import memorials or persons from a file of any format memreg reads."""
    _check_revision_fields(source_id, reason)
    if accept_partial:
        rejected_target(path, rejected_path)  # refused before anything is read or written
    opened = open_source(
        path,
        record_type,
        format_name=format_name,
        mapping=mapping,
        encoding=encoding,
        defaults=defaults,
        namespace=namespace_for(source_id) if source_id else None,
    )
    if opened.native:
        return import_csv(
            store,
            actor,
            record_type,
            path,
            accept_partial=accept_partial,
            rejected_path=rejected_path,
            source_id=source_id,
            reason=reason,
            progress=progress,
            dry_run=dry_run,
        )
    namespace = namespace_for(source_id) if source_id else None
    task = SourceTask(
        path, record_type, format_name, mapping, encoding, defaults or {}, namespace, accept_partial
    )
    return _import_mapped(
        store, actor, record_type, opened, accept_partial, rejected_path, source_id, reason,
        dry_run, progress, task,
    )  # fmt: skip


class _MappedJob(_ImportJob):
    """The native import's job, counting which fields each update changes."""

    changed: Counter[str]

    def _diff(self, current: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
        diff = super()._diff(current, record)
        self.changed.update(diff.keys())
        return diff


def _import_mapped(
    store: Store,
    actor: str,
    record_type: str,
    opened: OpenedSource,
    accept_partial: bool,
    rejected_path: Path | None,
    source_id: str | None,
    reason: str | None,
    dry_run: bool,
    progress: Progress | None,
    task: SourceTask,
) -> ImportReport:
    path = opened.path
    assert opened.mapper is not None and opened.reader is not None
    reader = opened.reader
    sha256 = scan_file(path).sha256
    target = rejected_target(path, rejected_path) if accept_partial else None
    started = time.perf_counter()
    spec = SPECS[record_type]
    rules = RULES[record_type]
    # A re-import compares and updates only the fields the mapping fills.
    header = [f for f in rules.fields if f in opened.mapper.targets or f == "id"]
    header += [f for f in opened.mapper.targets if f.startswith("name")]
    big = path.stat().st_size >= HELPER_MIN_BYTES and opened.format_name in ("csv", "jsonl")

    def read(digests: list[str | None]) -> Generator[MappedChunk, None, None]:
        if big:
            return mapped_chunks_in_helper(task, digests)
        return mapped_chunks(opened, digests, accept_partial)

    def work(uow: UnitOfWork) -> ImportReport:
        report = SourceImportReport(record_type, path.name, sha256)
        report.format_name, report.mapping, report.dry_run = (
            opened.format_name,
            opened.mapping_origin,
            dry_run,
        )
        report.notes.update(opened.notes)
        columns = list(reader.columns)
        rejected = RejectedRowsFile(target, columns) if target else None
        job = _MappedJob(uow, spec, report, header, rejected, source_id, reason)
        job.changed = report.changed_fields
        keys = _SourceKeys(uow, record_type, job.revision_pk)
        digests: list[str | None] = []
        chunks = read(digests)
        try:
            for mapped in chunks:
                report.skipped += mapped.skipped
                report.skip_reasons.update(mapped.skip_reasons)
                report.notes.update(mapped.notes)
                if not len(mapped.chunk):
                    continue
                pending = keys.resolve(mapped)
                report.rows_read += len(mapped.chunk)
                job.process(mapped.chunk)
                keys.remember(pending)
                if progress:
                    progress(report.rows_read)
            digest = (digests[0] if digests else None) or scan_file(path).sha256
            if digest != sha256:
                raise ValidationError([FieldProblem("file", f"{path.name} changed while it was "
                                                    "read; nothing was imported")])  # fmt: skip
            report.seconds = time.perf_counter() - started
            if report.rejected and not accept_partial:
                raise ImportRejectedError(report.problems, report.rejected, path.name)
            if rejected:
                rejected.flush()
            changed = report.created + report.updated + report.links_added + keys.added
            if changed and not dry_run:
                job.finish()
                uow.events.append(
                    ImportCompleted(record_type, job.revision_pk, report.created, report.updated)
                )
                uow.commit()
                report.revision_id = job.revision_pk
            if rejected and not dry_run:
                published = rejected.publish()
                report.rejected_file = str(published) if published else None
        finally:
            chunks.close()  # stops a helper process when the import fails half-way
            if rejected:
                rejected.discard()
        report.seconds = time.perf_counter() - started
        return report

    return run_write(store, actor, work)


class _SourceKeys:
    """The source_keys of one import: looked up per chunk, added for records first seen."""

    def __init__(self, uow: UnitOfWork, record_type: str, revision_pk: int) -> None:
        self.conn = uow.conn
        self.record_type = record_type
        self.table = memorials if record_type == "memorial" else persons
        self.column = "memorial_pk" if record_type == "memorial" else "person_pk"
        self.revision_pk = revision_pk
        self.backend = uow.store.backend
        self.added = 0
        self.seen: set[str] = set()

    def ids_for(self, keys: list[str]) -> dict[str, str]:
        """The register id of each key already known (the surviving record after a merge)."""
        table, link = self.table, source_keys
        query = (
            select(link.c.key, table.c.id)
            .join(table, table.c.pk == link.c[self.column])
            .where(link.c.record_type == self.record_type)
            .where(link.c.key.in_(bindparam("keys", expanding=True)))
        )
        found: dict[str, str] = {}
        for start in range(0, len(keys), 5000):
            for key, record_id in self.conn.execute(query, {"keys": keys[start : start + 5000]}):
                found[key] = record_id
        self.seen.update(found)
        return found

    def resolve(self, mapped: MappedChunk) -> dict[str, str]:
        """Give rows whose source key is known the id of its record; return key -> id."""
        chunk = mapped.chunk
        known = self.ids_for([k for k in mapped.keys if k])
        ids = chunk.columns[0] if chunk.columns else []
        pending: dict[str, str] = {}
        for position, key in enumerate(mapped.keys):
            if key is None or ids[position] is None:
                continue
            if key in known:
                ids[position] = known[key]
            pending[key] = ids[position]
        return pending

    def remember(self, pending: dict[str, str]) -> None:
        """Record key -> id for the keys not known yet whose record now exists."""
        new = {k: i for k, i in pending.items() if k not in self.seen}
        if not new:
            return
        pks = pks_by_id(self.conn, self.table, set(new.values()))
        rows = [
            (self.record_type, key, pks[record_id], self.revision_pk)
            for key, record_id in new.items()
            if record_id in pks
        ]
        if rows:  # many rows per statement (COPY on PostgreSQL): a key per record adds up
            columns = ["record_type", "key", self.column, "revision_id"]
            self.backend.bulk_insert(self.conn, source_keys, columns, rows)
            self.added += len(rows)
        self.seen.update(new)
