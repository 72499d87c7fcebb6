"""Bulk import of the native CSV format: validate every row, write in one revision.

All-or-nothing by default: one bad row and nothing is written, with a report of every bad
row. With `accept_partial` the good rows load and the bad ones go to a file with reasons.
Re-importing the same file changes nothing (rows without an id get one from their content).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import exists, select

from memreg.domain.errors import FieldProblem, ImportRejectedError, ValidationError
from memreg.domain.events import ImportCompleted
from memreg.domain.tallies import (
    KEY_SEPARATOR,
    PERSONS,
    UNKNOWN_BIRTH,
    Tally,
    change_tally,
    new_memorials_tally,
)
from memreg.domain.text import text_fault
from memreg.domain.validation import ID_PATTERN, MAX_TEXT
from memreg.ingest.native_csv import (
    MEMORIAL_COLUMNS,
    MEMORIAL_REQUIRED,
    PERSON_COLUMNS,
    PERSON_REQUIRED,
    open_native_csv,
)
from memreg.services import upkeep
from memreg.services.import_rows import (
    HELPER_MIN_ROWS,
    MEMORIAL_FIELDS,
    PERSON_FIELDS,
    Chunk,
    validated_chunks,
    validated_chunks_in_helper,
)
from memreg.services.rejected_rows import RejectedRowsFile, rejected_target
from memreg.store.bulk import BulkWriter, LinkWriter
from memreg.store.conditions import add_new_memorials, refresh_conditions
from memreg.store.engine import Store
from memreg.store.map_index import (
    add_names,
    refresh_names,
    reindex_memorial_range,
    reindex_memorials,
)
from memreg.store.memorial_words import reindex_word_range, reindex_words
from memreg.store.person_names import add_entries, entry_rows, search_index_grew
from memreg.store.records import pks_by_id, rows_by_id
from memreg.store.schema import memorials, persons, revision_records, revisions
from memreg.store.tallies import add_tally
from memreg.store.tallies import names_tally as counted_names
from memreg.store.unit_of_work import UnitOfWork, run_write

MAX_PROBLEMS_KEPT = 10_000
Progress = Callable[[int], None]


@dataclass
class ImportReport:
    record_type: str
    file_name: str
    sha256: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links_added: int = 0
    rejected: int = 0
    duplicate_rows: int = 0
    revision_id: int | None = None
    rejected_file: str | None = None
    seconds: float = 0.0
    problems: list[FieldProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "problems"}
        out["problems"] = [p.as_dict() for p in self.problems[:100]]
        return out


@dataclass(frozen=True)
class _Spec:
    record_type: str
    table: Any
    known_columns: list[str]
    required: tuple[str, ...]
    fields: tuple[str, ...]  # table columns an import fills, `id` first

    def fields_from_header(self, header: Iterable[str]) -> set[str]:
        """The stored fields a file speaks for: only these are compared and updated."""
        out: set[str] = {"id"}
        for column in header:
            if column.startswith("name_") or column == "name":
                out.update(("name", "names") if column == "name" else ("names",))
            elif column in ("buried_total", "buried_known"):
                out.update((column, "buried_unknown"))
            elif column in ("birth_date", "death_date"):
                out.update((column, column.replace("_date", "_year")))
            elif column in self.fields:
                out.add(column)
        return out


SPECS = {
    "memorial": _Spec("memorial", memorials, MEMORIAL_COLUMNS, MEMORIAL_REQUIRED, MEMORIAL_FIELDS),
    "person": _Spec("person", persons, PERSON_COLUMNS, PERSON_REQUIRED, PERSON_FIELDS),
}


def import_csv(
    store: Store,
    actor: str,
    record_type: str,
    path: Path,
    *,
    accept_partial: bool = False,
    rejected_path: Path | None = None,
    source_id: str | None = None,
    reason: str | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a native CSV of memorials or persons as one revision.

    With `dry_run` every row is validated and compared, and the report says what would
    change, but nothing is written (the transaction is rolled back).
    """
    _check_revision_fields(source_id, reason)
    spec = SPECS[record_type]
    csv_file = open_native_csv(path, spec.known_columns, spec.required)
    target = rejected_target(path, rejected_path) if accept_partial else None
    started = time.perf_counter()
    # A large file is read and validated by a helper process while this one writes.
    read = (
        validated_chunks_in_helper if csv_file.line_count >= HELPER_MIN_ROWS else validated_chunks
    )

    def work(uow: UnitOfWork) -> ImportReport:
        report = ImportReport(record_type, path.name, csv_file.sha256)
        rejected = RejectedRowsFile(target, csv_file.header) if target else None
        job = _ImportJob(uow, spec, report, csv_file.header, rejected, source_id, reason)
        chunks = read(csv_file, record_type, accept_partial)
        try:
            for chunk in chunks:
                report.rows_read += len(chunk)
                job.process(chunk)
                if progress:
                    progress(report.rows_read)
            if progress and not report.rows_read:
                progress(0)
            report.seconds = time.perf_counter() - started
            if report.rejected and not accept_partial:
                raise ImportRejectedError(report.problems, report.rejected, path.name)
            if rejected:
                rejected.flush()  # before the commit: rows that cannot be filed fail the import
            if report.created + report.updated + report.links_added and not dry_run:
                job.finish()
                uow.events.append(
                    ImportCompleted(record_type, job.revision_pk, report.created, report.updated)
                )
                uow.commit()
                report.revision_id = job.revision_pk
            # else nothing new: leaving without commit rolls the revision back too
            if rejected and not dry_run:
                published = rejected.publish()
                report.rejected_file = str(published) if published else None
        finally:
            chunks.close()  # stops a helper process when the import fails half-way
            if rejected:
                rejected.discard()  # what publish() did not take: a failed import's rows
        report.seconds = time.perf_counter() - started
        return report

    return run_write(store, actor, work)


class _ImportJob:
    """The state of one import while its chunks are checked against the register and written."""

    def __init__(
        self,
        uow: UnitOfWork,
        spec: _Spec,
        report: ImportReport,
        header: list[str],
        rejected: RejectedRowsFile | None,
        source_id: str | None,
        reason: str | None,
    ) -> None:
        self.uow = uow
        self.spec = spec
        self.report = report
        self.rejected = rejected
        self.accept_partial = rejected is not None
        self.compared = spec.fields_from_header(header)
        self.with_links = spec.record_type == "person" and "memorial_id" in header
        self.memorial_refused: set[int] = set()  # lines refused for naming no known memorial
        self.claimed: dict[str, int] = {}  # ids taken over from such a row: the line that did
        self.tally: Tally = Counter()  # what this import adds to the running totals
        self.memorial_pks: dict[str, int] = {}
        table = spec.table
        self.table_was_empty = not uow.conn.execute(select(exists().where(table.c.pk > 0))).scalar()
        self.revision_pk = uow.record_revision(
            "import",
            reason=reason,
            record_type=spec.record_type,
            file_name=report.file_name,
            file_sha256=report.sha256,
            source_id=source_id,
        )
        self.writer = BulkWriter(uow.conn, uow.store.backend, table, spec.fields, self.revision_pk)
        self.links = LinkWriter(uow.conn, uow.store.backend, self.revision_pk)
        self.new_names: Counter[int] = Counter()  # memorial pk -> new persons linked to it
        self.recount: set[int] = set()  # memorials existing persons were linked to

    def reject(self, line: int, row: dict[str, str] | None, problems: list[FieldProblem]) -> None:
        self.report.rejected += 1
        if len(self.report.problems) < MAX_PROBLEMS_KEPT:
            self.report.problems.extend(problems)
        if self.rejected is not None:
            reasons = "; ".join(f"{p.field}: {p.message}" for p in problems)
            self.rejected.add(line, row or {}, reasons)

    def process(self, chunk: Chunk) -> None:
        """Refuse rows naming a missing memorial or a repeated id; write the others."""
        memorial_ids = set(chunk.memorial_ids)
        memorial_ids.discard(None)
        if memorial_ids:
            self._load_memorials(memorial_ids)
        if self._all_good(chunk, memorial_ids):
            good = (chunk.columns, chunk.memorial_ids, chunk.roles)
        else:
            good = chunk.select(self._sift(chunk))
        if self.report.rejected and not self.accept_partial:
            return  # the import will fail: keep validating, stop writing
        self._write(*good)

    def _all_good(self, chunk: Chunk, memorial_ids: set[str | None]) -> bool:
        """True when _sift would keep every row: checked for the whole chunk at once."""
        return (
            not chunk.problems
            and not chunk.earlier
            and all(memorial_id in self.memorial_pks for memorial_id in memorial_ids)
        )

    def _sift(self, chunk: Chunk) -> list[int]:
        """The positions of the rows to write; refused ones are reported in file order."""
        kept: list[int] = []
        rows = chunk.rows or [{}] * len(chunk)
        lines = zip(chunk.lines, chunk.columns[0], chunk.memorial_ids, rows, strict=True)
        for position, (line, record_id, memorial_id, row) in enumerate(lines):
            if position in chunk.problems:
                self.reject(line, row, chunk.problems[position])
                continue
            if memorial_id is not None and memorial_id not in self.memorial_pks:
                self.memorial_refused.add(line)
                problem = FieldProblem("memorial_id", "no memorial has this id", line, memorial_id)
                self.reject(line, row, [problem])
                continue
            taken_on = self._taken_on(position, record_id, line, chunk)
            if taken_on is not None:
                if position in chunk.content_ids:
                    self.report.duplicate_rows += 1
                    continue
                problem = FieldProblem("id", f"already given on line {taken_on}", line, record_id)
                self.reject(line, row, [problem])
                continue
            kept.append(position)
        return kept

    def _taken_on(self, position: int, record_id: str, line: int, chunk: Chunk) -> int | None:
        """The line of the earlier row that holds this row's id, or None if the id is free.

        The first row with an id holds it unless it was refused for naming an unknown
        memorial; then the next row with that id that is not refused so takes it over.
        """
        first = chunk.earlier.get(position)
        if first is None:
            return None
        holder = self.claimed.get(record_id)
        if holder is not None:
            return holder
        if first not in self.memorial_refused:
            return first
        self.claimed[record_id] = line
        return None

    def _load_memorials(self, ids: set[str | None]) -> None:
        missing = {i for i in ids if i and i not in self.memorial_pks}
        if missing:
            self.memorial_pks.update(pks_by_id(self.uow.conn, memorials, missing))

    def _write(
        self, columns: list[list[Any]], memorial_ids: list[str | None], roles: list[str | None]
    ) -> None:
        ids = columns[0]
        if not ids:
            return
        existing = {} if self.table_was_empty else rows_by_id(self.uow.conn, self.spec.table, ids)
        new_columns, changes = self._compare(columns, existing) if existing else (columns, [])
        new_keys = self.writer.insert(new_columns)
        self.writer.update(changes)
        self.report.created += len(new_keys)
        self.report.updated += len(changes)
        if changes:
            revision, record_type = self.revision_pk, self.spec.record_type
            self.uow.conn.execute(
                revision_records.insert(),
                [
                    {"revision_pk": revision, "record_type": record_type, "record_id": row["id"]}
                    for row, _ in changes
                ],
            )
        self._tally(new_columns, new_keys, changes)
        if self.spec.record_type == "memorial":
            backend = self.uow.store.backend
            if new_keys:
                reindex_memorial_range(self.uow.conn, backend, new_keys[0], new_keys[-1])
                reindex_word_range(self.uow.conn, new_keys[0], new_keys[-1])
                add_new_memorials(self.uow.conn, new_keys[0], new_keys[-1])
            if changes:
                changed = [row["pk"] for row, _ in changes]
                reindex_memorials(self.uow.conn, changed, backend)
                reindex_words(self.uow.conn, changed)
                refresh_conditions(self.uow.conn, changed)
        elif len(new_keys):
            named = dict(zip(self.spec.fields, new_columns, strict=True))
            add_entries(self.uow.conn, self.uow.store.backend, entry_rows(new_keys, named))
        if self.with_links:
            self._write_links(columns, memorial_ids, roles, new_keys, existing)

    def _tally(
        self,
        new_columns: list[list[Any]],
        new_keys: range,
        changes: list[tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        """What the new and changed records add to the running totals."""
        if self.spec.record_type == "memorial":
            if len(new_keys):
                named = dict(zip(self.spec.fields, new_columns, strict=True))
                self.tally.update(new_memorials_tally(named))
            for current, diff in changes:
                self.tally.update(change_tally(current, {**current, **diff}))
        else:
            self.tally[(PERSONS, "")] += len(new_keys)
            for current, diff in changes:
                upkeep.person_changed(self.uow.conn, current["pk"], current, {**current, **diff})

    def _compare(
        self, columns: list[list[Any]], existing: dict[str, dict[str, Any]]
    ) -> tuple[list[list[Any]], list[tuple[dict[str, Any], dict[str, Any]]]]:
        """Split rows into new ones (by column) and (current row, changed fields) for the rest."""
        fields = self.spec.fields
        new_rows, changes = [], []
        for values in zip(*columns, strict=True):
            current = existing.get(values[0])
            if current is None:
                new_rows.append(values)
                continue
            diff = self._diff(current, dict(zip(fields, values, strict=True)))
            if diff:
                changes.append((current, diff))
            else:
                self.report.unchanged += 1
        new_columns = [list(column) for column in zip(*new_rows, strict=True)]
        return new_columns or [[] for _ in fields], changes

    def _diff(self, current: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
        diff = {}
        for name in self.compared:
            value = record.get(name)
            if name == "names" and current.get("names"):
                value = {**current["names"], **(value or {})}
            if current.get(name) != value:
                diff[name] = value
        return diff

    def _write_links(
        self,
        columns: list[list[Any]],
        memorial_ids: list[str | None],
        roles: list[str | None],
        new_keys: range,
        existing: dict[str, dict[str, Any]],
    ) -> None:
        """Link each row's person to its memorial unless that link is already there.

        A new person's link cannot be there yet, and no person occurs twice in a file, so
        only the links of persons the register already had need looking up. Each link
        carries the person's sort keys; each link of a live person counts a name.
        """
        ids = columns[0]
        sort_keys, birth_sorts = self._link_keys(columns, existing)
        person_pks: Sequence[int] = new_keys
        if existing:
            fresh = iter(new_keys)
            person_pks = [
                next(fresh) if current is None else current["pk"]
                for current in map(existing.get, ids)
            ]
        if None in memorial_ids or None in roles or existing:
            known = self.links.existing([row["pk"] for row in existing.values()])
            retired = {row["pk"] for row in existing.values() if row["retired_at"] is not None}
            links = [
                (person_pk, self.memorial_pks[memorial_id], role, key, birth, memorial_id)
                for person_pk, memorial_id, role, key, birth in zip(
                    person_pks, memorial_ids, roles, sort_keys, birth_sorts, strict=True
                )
                if memorial_id is not None and role is not None
            ]
            links = [link for link in links if link[:3] not in known]
            counted = [link[5] for link in links if link[0] not in retired]
            earlier = {row["pk"] for row in existing.values()}
            for link in links:  # a new person's link adds a name; others are recounted
                if link[0] in earlier:
                    self.recount.add(link[1])
                else:
                    self.new_names[link[1]] += 1
            columns_of_links = list(zip(*links, strict=True)) if links else [()] * 6
            added = self.links.insert(*columns_of_links[:5])
        else:  # every row is a new person with a memorial: no row-by-row step at all
            counted = cast(list[str], memorial_ids)
            memorial_pks = [self.memorial_pks[memorial_id] for memorial_id in counted]
            self.new_names.update(memorial_pks)
            added = self.links.insert(
                person_pks, memorial_pks, cast(list[str], roles), sort_keys, birth_sorts
            )
        self.tally.update(counted_names(counted))
        self.report.links_added += added

    def _link_keys(
        self, columns: list[list[Any]], existing: dict[str, dict[str, Any]]
    ) -> tuple[list[str], list[int]]:
        """Each row's sort key and birth year, as the person will stand after this import."""
        named = dict(zip(self.spec.fields, columns, strict=True))
        parts = [named[f] for f in ("id", "surname", "given_name", "patronymic", "birth_year")]
        if existing:  # a column the file does not have keeps the stored value
            fields = ("id", "surname", "given_name", "patronymic", "birth_year")
            rows = []
            for values in zip(*parts, strict=True):
                current = existing.get(values[0])
                if current is not None:
                    values = tuple(
                        v if f in self.compared else current[f]
                        for f, v in zip(fields, values, strict=True)
                    )
                rows.append(values)
            parts = [list(column) for column in zip(*rows, strict=True)] or [[]] * 5
        ids, surnames, given, patronymics, births = parts
        sep = KEY_SEPARATOR
        keys = [
            f"{s}{sep}{g or ''}{sep}{p or ''}{sep}{i}"
            for i, s, g, p in zip(ids, surnames, given, patronymics, strict=True)
        ]
        return keys, [UNKNOWN_BIRTH if b is None else b for b in births]

    def finish(self) -> None:
        self.writer.finish()
        self.links.finish()
        if self.spec.record_type == "person" and self.writer.inserted:
            search_index_grew(self.uow.conn, self.uow.store.backend)
        add_tally(self.uow.conn, self.tally)
        # The map counts each memorial's names: what new persons add is known; memorials
        # that existing persons were linked to are counted again.
        if self.new_names:
            add_names(self.uow.conn, self.new_names, self.uow.store.backend)
        if self.recount:
            refresh_names(self.uow.conn, self.recount, self.uow.store.backend)
        self.uow.conn.execute(
            revisions.update()
            .where(revisions.c.pk == self.revision_pk)
            .values(
                summary={
                    "created": self.report.created,
                    "updated": self.report.updated,
                    "unchanged": self.report.unchanged,
                    "rejected": self.report.rejected,
                    "links_added": self.report.links_added,
                    "rows_read": self.report.rows_read,
                }
            )
        )


def _check_revision_fields(source_id: str | None, reason: str | None) -> None:
    """What the import's revision will hold must fit it; refuse before reading the file."""
    problems = []
    if source_id is not None and not ID_PATTERN.match(source_id):
        problems.append(FieldProblem("source_id", "use 1-64 letters, digits, '.', '_', ':' or '-'"))
    if reason is not None and (text_fault(reason) or len(reason) > MAX_TEXT):
        problems.append(
            FieldProblem(
                "reason", f"must be valid text of at most {MAX_TEXT} characters without NUL"
            )
        )
    if problems:
        raise ValidationError(problems)
