"""Bulk import of the native CSV format: validate every row, write in one revision.

All-or-nothing by default: one bad row and nothing is written, with a report of every bad
row. With `accept_partial` the good rows load and the bad ones go to a file with reasons.
Re-importing the same file changes nothing (rows without an id get one from their content).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from memreg.domain.errors import FieldProblem, ImportRejectedError
from memreg.domain.events import ImportCompleted
from memreg.domain.identifiers import content_id
from memreg.domain.validation import validate_memorial, validate_person
from memreg.ingest.native_csv import (
    MEMORIAL_COLUMNS,
    MEMORIAL_REQUIRED,
    PERSON_COLUMNS,
    PERSON_REQUIRED,
    iter_rows,
    open_native_csv,
)
from memreg.store.bulk import BulkWriter, LinkWriter
from memreg.store.engine import Store
from memreg.store.records import pks_by_id, rows_by_id
from memreg.store.schema import memorials, persons, revision_records, revisions
from memreg.store.unit_of_work import UnitOfWork, run_write

CHUNK = 20_000
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
    validator: Callable[[dict[str, Any], int | None], tuple[dict[str, Any] | None, list[Any]]]
    fields: tuple[str, ...]  # table columns an import fills

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


_MEMORIAL_FIELDS = (
    "id", "kind", "name", "names", "lat", "lon", "country", "region", "settlement", "address",
    "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
    "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
)  # fmt: skip
_PERSON_FIELDS = (
    "id", "surname", "given_name", "patronymic", "name_variants", "birth_date", "birth_year",
    "death_date", "death_year", "birthplace", "rank", "unit", "fate",
)  # fmt: skip
SPECS = {
    "memorial": _Spec("memorial", memorials, MEMORIAL_COLUMNS, MEMORIAL_REQUIRED,
                      validate_memorial, _MEMORIAL_FIELDS),
    "person": _Spec("person", persons, PERSON_COLUMNS, PERSON_REQUIRED, validate_person,
                    _PERSON_FIELDS),
}  # fmt: skip


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
) -> ImportReport:
    """Import a native CSV of memorials or persons as one revision."""
    spec = SPECS[record_type]
    csv_file = open_native_csv(path, spec.known_columns, spec.required)
    started = time.perf_counter()

    def work(uow: UnitOfWork) -> ImportReport:
        report = ImportReport(record_type, path.name, csv_file.sha256)
        job = _ImportJob(uow, spec, report, csv_file.header, accept_partial, source_id, reason)
        rejected_rows: list[tuple[int, dict[str, str], str]] = []
        batch: list[tuple[int, dict[str, str]]] = []
        for line, row in iter_rows(csv_file):
            report.rows_read += 1
            if isinstance(row, FieldProblem):
                job.reject(line, {}, [row], rejected_rows)
                continue
            batch.append((line, row))
            if len(batch) >= CHUNK:
                job.process(batch, rejected_rows)
                batch = []
                if progress:
                    progress(report.rows_read)
        job.process(batch, rejected_rows)
        if progress:
            progress(report.rows_read)
        report.seconds = time.perf_counter() - started
        if report.rejected and not accept_partial:
            raise ImportRejectedError(report.problems, report.rejected, path.name)
        if report.created + report.updated + report.links_added == 0:
            return report  # nothing new: roll back the revision too
        job.finish()
        uow.events.append(
            ImportCompleted(record_type, job.revision_pk, report.created, report.updated)
        )
        uow.commit()
        report.revision_id = job.revision_pk
        if rejected_rows:
            report.rejected_file = str(
                _write_rejected(path, rejected_path, csv_file.header, rejected_rows)
            )
        report.seconds = time.perf_counter() - started
        return report

    return run_write(store, actor, work)


class _ImportJob:
    """The state of one import while its chunks are validated and written."""

    def __init__(
        self,
        uow: UnitOfWork,
        spec: _Spec,
        report: ImportReport,
        header: list[str],
        accept_partial: bool,
        source_id: str | None,
        reason: str | None,
    ) -> None:
        self.uow = uow
        self.spec = spec
        self.report = report
        self.accept_partial = accept_partial
        self.compared = spec.fields_from_header(header)
        self.with_links = spec.record_type == "person" and "memorial_id" in header
        self.seen: dict[str, int] = {}
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

    def reject(
        self,
        line: int,
        row: dict[str, str],
        problems: list[FieldProblem],
        rejected_rows: list[tuple[int, dict[str, str], str]],
    ) -> None:
        self.report.rejected += 1
        if len(self.report.problems) < MAX_PROBLEMS_KEPT:
            self.report.problems.extend(problems)
        if self.accept_partial:
            rejected_rows.append(
                (line, row, "; ".join(f"{p.field}: {p.message}" for p in problems))
            )

    def process(
        self,
        batch: list[tuple[int, dict[str, str]]],
        rejected_rows: list[tuple[int, dict[str, str], str]],
    ) -> None:
        good: list[tuple[dict[str, Any], str | None, str | None]] = []
        validator, record_type = self.spec.validator, self.spec.record_type
        if self.with_links:
            self._load_memorials(row.get("memorial_id", "").strip() for _, row in batch)
        for line, row in batch:
            record, problems = validator(row, line)
            if record is None:
                self.reject(line, row, problems, rejected_rows)
                continue
            memorial_id = record.pop("memorial_id", None)
            role = record.pop("role", None)
            if memorial_id is not None and memorial_id not in self.memorial_pks:
                problem = FieldProblem("memorial_id", "no memorial has this id", line, memorial_id)
                self.reject(line, row, [problem], rejected_rows)
                continue
            if record["id"] is None:
                record["id"] = content_id(
                    record_type, [record[f] for f in self.spec.fields[1:]] + [memorial_id, role]
                )
                if record["id"] in self.seen:
                    self.report.duplicate_rows += 1
                    continue
            elif record["id"] in self.seen:
                problem = FieldProblem(
                    "id", f"already given on line {self.seen[record['id']]}", line, record["id"]
                )
                self.reject(line, row, [problem], rejected_rows)
                continue
            self.seen[record["id"]] = line
            if record_type == "person" and not record["name_variants"]:
                record["name_variants"] = None
            good.append((record, memorial_id, role))
        if self.report.rejected and not self.accept_partial:
            return  # the import will fail: keep validating, stop writing
        self._write(good)

    def _load_memorials(self, ids: Iterable[str]) -> None:
        missing = {i for i in ids if i and i not in self.memorial_pks}
        if missing:
            self.memorial_pks.update(pks_by_id(self.uow.conn, memorials, missing))

    def _write(self, good: list[tuple[dict[str, Any], str | None, str | None]]) -> None:
        if not good:
            return
        existing = (
            {}
            if self.table_was_empty
            else rows_by_id(self.uow.conn, self.spec.table, [r["id"] for r, _, _ in good])
        )
        new_records, changes = [], []
        for record, _, _ in good:
            current = existing.get(record["id"])
            if current is None:
                new_records.append(record)
                continue
            diff = self._diff(current, record)
            if diff:
                changes.append((current, diff))
            else:
                self.report.unchanged += 1
        new_keys = dict(
            zip((r["id"] for r in new_records), self.writer.insert(new_records), strict=True)
        )
        self.writer.update(changes)
        self.report.created += len(new_records)
        self.report.updated += len(changes)
        if changes:
            self.uow.conn.execute(
                revision_records.insert(),
                [
                    {
                        "revision_pk": self.revision_pk,
                        "record_type": self.spec.record_type,
                        "record_id": current["id"],
                    }
                    for current, _ in changes
                ],
            )
        if self.with_links:
            self._write_links(good, new_keys, existing)

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
        good: list[tuple[dict[str, Any], str | None, str | None]],
        new_keys: dict[str, int],
        existing: dict[str, dict[str, Any]],
    ) -> None:
        known_links = self.links.existing([row["pk"] for row in existing.values()])
        to_add = []
        for record, memorial_id, role in good:
            if memorial_id is None or role is None:
                continue
            person_pk = new_keys.get(record["id"]) or existing[record["id"]]["pk"]
            link = (person_pk, self.memorial_pks[memorial_id], role)
            if link not in known_links:
                known_links.add(link)
                to_add.append(link)
        self.links.insert(to_add)
        self.report.links_added += len(to_add)

    def finish(self) -> None:
        self.writer.finish()
        self.links.finish()
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


def _write_rejected(
    source: Path,
    target: Path | None,
    header: list[str],
    rows: list[tuple[int, dict[str, str], str]],
) -> Path:
    target = target or source.with_name(f"rejected-{source.stem}.csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reason", *header])
        for line, row, why in rows:
            writer.writerow([line, why, *(row.get(c, "") for c in header)])
    return target
