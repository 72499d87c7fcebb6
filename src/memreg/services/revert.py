"""Undoing changes: revert a record to one of its revisions, restore a retired record.

Both are new revisions, never a rewrite of the old ones: a revert writes the fields that
differ from the record as it was after the revision asked for (the revision names that
revision in its summary and carries a required reason); a restore brings a retired record
back into the public register. Derived rows (totals, map, words, person search) follow in
the same unit of work, as for any edit. A record merged into another is refused: its fields
live on in the survivor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select

from memreg.domain.errors import (
    BadRequestError,
    ConflictError,
    FieldProblem,
    MergedRecordError,
    ValidationError,
)
from memreg.domain.events import RecordChanged
from memreg.domain.revisions import CannotUndoError, fields_after, fields_of
from memreg.domain.validation import MAX_TEXT
from memreg.services import upkeep
from memreg.services.editing import _actor, _clean_text
from memreg.store.engine import Store
from memreg.store.history import is_revision_of, later_revisions
from memreg.store.records import require_row, update_row
from memreg.store.schema import memorials, persons
from memreg.store.tallies import person_memorial_ids
from memreg.store.unit_of_work import UnitOfWork, run_write

TABLES: dict[str, Table] = {"memorial": memorials, "person": persons}


def _table(record_type: str) -> Table:
    if record_type not in TABLES:
        raise BadRequestError("record_type", "must be memorial or person")
    return TABLES[record_type]


def _reason(reason: str | None, doing: str) -> str:
    why = _clean_text("reason", reason, MAX_TEXT)
    if why is None:
        raise ValidationError([FieldProblem("reason", f"is required to {doing}")])
    return why


def _refuse_merged(uow: UnitOfWork, table: Table, record_type: str, row: dict[str, Any]) -> None:
    if row["merged_into_pk"] is None:
        return
    survivor = uow.conn.execute(
        select(table.c.id).where(table.c.pk == row["merged_into_pk"])
    ).scalar_one()
    raise MergedRecordError(record_type, row["id"], survivor)


def _check_version(record_type: str, row: dict[str, Any], expected: int | None) -> None:
    if expected is not None and expected != row["version"]:
        raise ConflictError(record_type, row["id"], expected, row["version"])


def _indexes_follow(
    uow: UnitOfWork, record_type: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    if record_type == "memorial":
        upkeep.memorial_written(uow.conn, before, after)
    else:
        upkeep.person_changed(uow.conn, before["pk"], before, after)


def revert_record(
    store: Store,
    actor: str,
    record_type: str,
    record_id: str,
    revision: int,
    reason: str | None,
    expected_version: int | None,
) -> dict[str, Any]:
    """Bring the record's fields back to what they were after `revision`, as a new revision.

    Retirement is left as it is (restore and retire change it); a revert that would change
    nothing writes nothing and returns the record as it is.
    """
    table = _table(record_type)
    actor = _actor(actor)
    why = _reason(reason, "revert")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        _refuse_merged(uow, table, record_type, current)
        _check_version(record_type, current, expected_version)
        if not is_revision_of(uow.conn, record_type, current, revision):
            raise ValidationError(
                [FieldProblem("revision", f"is not a revision of {record_type} {record_id}",
                              value=str(revision))]
            )  # fmt: skip
        later = later_revisions(uow.conn, record_type, record_id, revision)
        try:
            target = fields_after(current, later)
        except CannotUndoError as exc:
            raise ValidationError(
                [FieldProblem("revision", f"revision {exc.revision}, an import, changed the "
                              "record after it and keeps no earlier values: revert to "
                              f"revision {exc.revision} or a later one", value=str(revision))]
            ) from None  # fmt: skip
        now = fields_of(current)
        diff = {k: v for k, v in target.items() if now.get(k) != v}
        if not diff:
            return current
        revision_pk = uow.record_revision(
            "revert",
            reason=why,
            record_type=record_type,
            record_id=record_id,
            before={k: now.get(k) for k in diff},
            after=diff,
            summary={"reverted_to": revision},
        )
        row = update_row(uow.conn, table, record_type, current, diff, expected_version, revision_pk)
        _indexes_follow(uow, record_type, current, row)
        uow.events.append(RecordChanged(record_type, record_id, row["version"]))
        uow.commit()
        return row

    return run_write(store, actor, work)


def restore_record(
    store: Store,
    actor: str,
    record_type: str,
    record_id: str,
    reason: str | None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Bring a retired record back into the public register, as a new revision.

    Restoring a live record changes nothing.
    """
    table = _table(record_type)
    actor = _actor(actor)
    why = _reason(reason, "restore")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        _refuse_merged(uow, table, record_type, current)
        _check_version(record_type, current, expected_version)
        if current["retired_at"] is None:
            return current
        changes = {"retired_at": None, "retired_reason": None}
        revision_pk = uow.record_revision(
            "restore",
            reason=why,
            record_type=record_type,
            record_id=record_id,
            before={"retired_at": current["retired_at"],
                    "retired_reason": current["retired_reason"]},
            after=changes,
        )  # fmt: skip
        row = update_row(
            uow.conn, table, record_type, current, changes, expected_version, revision_pk
        )
        if record_type == "memorial":
            upkeep.memorial_written(uow.conn, current, row)
        else:
            linked = person_memorial_ids(uow.conn, current["pk"])
            upkeep.person_created(uow.conn, current["pk"], row, linked)
        uow.events.append(RecordChanged(record_type, record_id, row["version"]))
        uow.commit()
        return row

    return run_write(store, actor, work)
