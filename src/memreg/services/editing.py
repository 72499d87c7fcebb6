"""Use cases that create, change and retire one record; each writes its revision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from memreg.domain.errors import AlreadyExistsError, ConflictError, FieldProblem, ValidationError
from memreg.domain.events import RecordChanged, RecordCreated, RecordRetired
from memreg.domain.identifiers import new_id
from memreg.domain.validation import validate_memorial, validate_person
from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.store.engine import Store
from memreg.store.records import get_row, insert_row, public_values, require_row, update_row
from memreg.store.schema import memorials, person_memorials, persons
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

Validator = Callable[[dict[str, Any], int | None], tuple[dict[str, Any] | None, list[FieldProblem]]]
LINK_FIELDS = ("memorial_id", "role")


def _validated(validator: Validator, raw: dict[str, Any]) -> dict[str, Any]:
    record, problems = validator(raw, None)
    if problems or record is None:
        raise ValidationError(problems)
    return record


def _require_reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise ValidationError([FieldProblem(field="reason", message="is required to retire")])
    return reason.strip()


def create_memorial(
    store: Store, actor: str, raw: dict[str, Any], reason: str | None = None
) -> dict[str, Any]:
    record = _validated(validate_memorial, raw)
    record["id"] = record["id"] or new_id("memorial")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _refuse_existing(uow, memorials, "memorial", record["id"])
        revision = uow.record_revision(
            "create", reason=reason, record_type="memorial", record_id=record["id"], after=record
        )
        insert_row(uow.conn, memorials, record, revision)
        uow.events.append(RecordCreated("memorial", record["id"]))
        uow.commit()
        return require_row(uow.conn, memorials, "memorial", record["id"])

    return run_write(store, actor, work)


def create_person(
    store: Store, actor: str, raw: dict[str, Any], reason: str | None = None
) -> dict[str, Any]:
    record = _validated(validate_person, raw)
    record["id"] = record["id"] or new_id("person")
    link = {k: record.pop(k) for k in LINK_FIELDS}
    record["name_variants"] = record["name_variants"] or None

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _refuse_existing(uow, persons, "person", record["id"])
        memorial = None
        if link["memorial_id"]:
            memorial = get_row(uow.conn, memorials, link["memorial_id"])
            if memorial is None:
                raise ValidationError(
                    [
                        FieldProblem(
                            field="memorial_id",
                            message="no memorial has this id",
                            value=link["memorial_id"],
                        )
                    ]
                )
        revision = uow.record_revision(
            "create",
            reason=reason,
            record_type="person",
            record_id=record["id"],
            after={**record, **link},
        )
        person_pk = insert_row(uow.conn, persons, record, revision)
        if memorial is not None:
            uow.conn.execute(
                person_memorials.insert().values(
                    person_pk=person_pk,
                    memorial_pk=memorial["pk"],
                    role=link["role"],
                    revision_id=revision,
                )
            )
        uow.events.append(RecordCreated("person", record["id"]))
        uow.commit()
        return require_row(uow.conn, persons, "person", record["id"])

    return run_write(store, actor, work)


def _refuse_existing(uow: UnitOfWork, table: Any, record_type: str, record_id: str) -> None:
    if get_row(uow.conn, table, record_id) is not None:
        raise AlreadyExistsError(record_type, record_id)


_KINDS: dict[str, tuple[Any, Validator]] = {
    "memorial": (memorials, validate_memorial),
    "person": (persons, validate_person),
}


def update_record(
    store: Store,
    actor: str,
    record_type: str,
    record_id: str,
    changes: dict[str, Any],
    expected_version: int | None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Change fields of a memorial or person; refused if `expected_version` is stale."""
    table, validator = _KINDS[record_type]
    unknown = sorted(set(changes) - set(table.c.keys()) - {"names"} - _name_fields(record_type))
    if unknown:
        raise ValidationError(
            [FieldProblem(field=f, message="cannot be changed here") for f in unknown]
        )

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        before = public_values(current)
        merged = _validated(validator, {**_as_input(before), **changes, "id": record_id})
        after = {k: v for k, v in merged.items() if k in table.c and k != "id"}
        if record_type == "person":
            after["name_variants"] = after["name_variants"] or None
        diff = {k: v for k, v in after.items() if before.get(k) != v}
        if not diff:
            if expected_version is not None and expected_version != current["version"]:
                raise ConflictError(record_type, record_id, expected_version, current["version"])
            return current
        revision = uow.record_revision(
            "update",
            reason=reason,
            record_type=record_type,
            record_id=record_id,
            before={k: before.get(k) for k in diff},
            after=diff,
        )
        row = update_row(uow.conn, table, record_type, current, diff, expected_version, revision)
        uow.events.append(RecordChanged(record_type, record_id, row["version"]))
        uow.commit()
        return row

    return run_write(store, actor, work)


def retire_record(
    store: Store,
    actor: str,
    record_type: str,
    record_id: str,
    reason: str,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Take a record out of the public register with a reason; it is never deleted."""
    table, _ = _KINDS[record_type]
    why = _require_reason(reason)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        if current["retired_at"] is not None:
            return current
        changes = {"retired_at": utc_now(), "retired_reason": why}
        revision = uow.record_revision(
            "retire",
            reason=why,
            record_type=record_type,
            record_id=record_id,
            before={"retired_at": None},
            after=changes,
        )
        row = update_row(uow.conn, table, record_type, current, changes, expected_version, revision)
        uow.events.append(RecordRetired(record_type, record_id))
        uow.commit()
        return row

    return run_write(store, actor, work)


def _name_fields(record_type: str) -> set[str]:
    return {f"name_{lang}" for lang in NAME_LANGUAGES} if record_type == "memorial" else set()


def _as_input(values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as a validator takes them (None for absent)."""
    return {k: v for k, v in values.items() if v is not None}
