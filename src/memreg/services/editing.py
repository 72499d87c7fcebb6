"""Use cases that create, change and retire one record; each writes its revision.

Every write runs in one unit of work that records its revision (actor, action, reason,
before/after) in the same transaction, so a refused write leaves no trace at all. Input is
refused, naming the field, when it is invalid or when it names a field this use case does
not set (ids never change; versions, keys and retirement are the register's bookkeeping).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from memreg.domain.errors import (
    AlreadyExistsError,
    BadRequestError,
    ConflictError,
    FieldProblem,
    ValidationError,
)
from memreg.domain.events import RecordChanged, RecordCreated, RecordRetired
from memreg.domain.identifiers import new_id
from memreg.domain.permissions import Grant
from memreg.domain.text import text_fault
from memreg.domain.validation import MAX_TEXT, validate_memorial, validate_person
from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.services import permits, upkeep
from memreg.store.engine import Store
from memreg.store.records import get_row, insert_row, public_values, require_row, update_row
from memreg.store.schema import memorials, person_memorials, persons
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

Validator = Callable[[dict[str, Any], int | None], tuple[dict[str, Any] | None, list[FieldProblem]]]
LINK_FIELDS = ("memorial_id", "role")
MAX_ACTOR = 200
NAME_FIELDS = frozenset(f"name_{lang}" for lang in NAME_LANGUAGES)
# The fields a person or an editor may give; everything else is bookkeeping or derived.
MEMORIAL_INPUTS = frozenset(
    {
        "id", "kind", "name", "names", "lat", "lon", "country", "region", "settlement",
        "address", "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
        "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
    }
) | NAME_FIELDS  # fmt: skip
PERSON_INPUTS = frozenset(
    {
        "id", "surname", "given_name", "patronymic", "name_variants", "birth_date",
        "death_date", "birthplace", "rank", "unit", "fate", *LINK_FIELDS,
    }
)  # fmt: skip
_KINDS: dict[str, tuple[Any, Validator, frozenset[str]]] = {
    "memorial": (memorials, validate_memorial, MEMORIAL_INPUTS),
    "person": (persons, validate_person, PERSON_INPUTS),
}


# More to write in the same transaction, once the record is written: (unit of work, the
# record as written, its revision or None when nothing changed). Approving a proposal
# marks it approved this way, so the change and the decision land together or not at all.
AlsoWrite = Callable[[UnitOfWork, dict[str, Any], int | None], None]


def _kind(record_type: str) -> tuple[Any, Validator, frozenset[str]]:
    if record_type not in _KINDS:
        raise BadRequestError("record_type", "must be memorial or person")
    return _KINDS[record_type]


def _problem(field: str, message: str, value: str | None = None) -> ValidationError:
    return ValidationError([FieldProblem(field=field, message=message, value=value)])


def _clean_text(field: str, value: str | None, limit: int) -> str | None:
    """Free text kept in a revision (reason, actor): trimmed, bounded, valid Unicode."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    fault = text_fault(value)
    if fault:
        raise _problem(field, fault)
    if len(value) > limit:
        raise _problem(field, f"longer than {limit} characters")
    return value


def _actor(actor: str) -> str:
    cleaned = _clean_text("actor", actor, MAX_ACTOR)
    if cleaned is None:
        raise _problem("actor", "is required: every revision names who made it")
    return cleaned


def _refuse_unknown(fields: set[str], allowed: frozenset[str]) -> None:
    unknown = sorted(fields - allowed)
    if unknown:
        raise ValidationError(
            [FieldProblem(field=f, message="cannot be set here") for f in unknown]
        )


def _names_as_fields(raw: dict[str, Any], *, stored: bool = False) -> dict[str, Any]:
    """Turn a `names` mapping into name_<lang> fields so each is validated like the others.

    Names given by an editor in a language the register does not know are refused; `stored`
    names (already in the register) in such a language are left out.
    """
    names = raw.get("names")
    if "names" not in raw:
        return raw
    out = {k: v for k, v in raw.items() if k != "names"}
    if names is None:
        return out
    if not isinstance(names, dict):
        raise _problem("names", "must map a language code to a name")
    for lang, value in names.items():
        field = f"name_{lang}"
        if field not in NAME_FIELDS:
            if stored:
                continue
            raise _problem(
                "names", "unknown language; use one of " + ", ".join(NAME_LANGUAGES), str(lang)
            )
        if value is not None and not isinstance(value, str):
            raise _problem(field, "must be text")
        out.setdefault(field, value)
    return out


def _validated(validator: Validator, raw: dict[str, Any]) -> dict[str, Any]:
    if validator is validate_memorial:
        raw = _names_as_fields(raw)
    record, problems = validator(raw, None)
    if problems or record is None:
        raise ValidationError(problems)
    return record


def create_memorial(
    store: Store,
    actor: str,
    raw: dict[str, Any],
    reason: str | None = None,
    *,
    grant: Grant | None = None,
    also: AlsoWrite | None = None,
) -> dict[str, Any]:
    """Create a memorial (its id is made up when not given) with its `create` revision."""
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_TEXT)
    _refuse_unknown(set(raw), MEMORIAL_INPUTS)
    record = _validated(validate_memorial, raw)
    record["id"] = record["id"] or new_id("memorial")
    permits.require_memorial(grant, record, "the new memorial")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _refuse_existing(uow, memorials, "memorial", record["id"])
        revision = uow.record_revision(
            "create", reason=why, record_type="memorial", record_id=record["id"], after=record
        )
        pk = insert_row(uow.conn, memorials, record, revision)
        upkeep.memorial_written(uow.conn, None, record | {"pk": pk})
        uow.events.append(RecordCreated("memorial", record["id"]))
        created = require_row(uow.conn, memorials, "memorial", record["id"])  # as written
        if also is not None:
            also(uow, created, revision)
        uow.commit()
        return created

    return run_write(store, actor, work)


def create_person(
    store: Store,
    actor: str,
    raw: dict[str, Any],
    reason: str | None = None,
    *,
    grant: Grant | None = None,
    also: AlsoWrite | None = None,
) -> dict[str, Any]:
    """Create a person, linked to a memorial when `memorial_id` is given."""
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_TEXT)
    _refuse_unknown(set(raw), PERSON_INPUTS)
    record = _validated(validate_person, raw)
    record["id"] = record["id"] or new_id("person")
    link = {k: record.pop(k) for k in LINK_FIELDS}
    record["name_variants"] = record["name_variants"] or None
    record["rank_variants"] = record["rank_variants"] or None

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _refuse_existing(uow, persons, "person", record["id"])
        memorial = None
        if link["memorial_id"]:
            memorial = get_row(uow.conn, memorials, link["memorial_id"])
            if memorial is None:
                raise _problem("memorial_id", "no memorial has this id", link["memorial_id"])
            permits.require_memorial(grant, memorial)
        elif grant is not None:
            grant.require_place(None, None, "a person linked to no memorial")
        revision = uow.record_revision(
            "create",
            reason=why,
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
                    **upkeep.link_keys(record),
                )
            )
        upkeep.person_created(
            uow.conn, person_pk, record, [memorial["id"]] if memorial is not None else []
        )
        uow.events.append(RecordCreated("person", record["id"]))
        created = require_row(uow.conn, persons, "person", record["id"])  # as written
        if also is not None:
            also(uow, created, revision)
        uow.commit()
        return created

    return run_write(store, actor, work)


def _require_place(
    conn: Connection, grant: Grant | None, record_type: str, current: dict[str, Any]
) -> None:
    if record_type == "memorial":
        permits.require_memorial(grant, current)
    else:
        permits.require_person(conn, grant, current["pk"], current["id"])


def _refuse_existing(uow: UnitOfWork, table: Any, record_type: str, record_id: str) -> None:
    if get_row(uow.conn, table, record_id) is not None:
        raise AlreadyExistsError(record_type, record_id)


def _update_input(
    record_type: str, before: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    """The stored record with the changes applied, as the validator takes it."""
    current = {k: v for k, v in before.items() if v is not None}
    if record_type == "memorial":
        if "names" in changes:  # a new `names` replaces the old set of names
            current.pop("names", None)
        current = _names_as_fields(current, stored=True)
        counts = ("buried_total", "buried_known")
        if any(c in changes for c in counts) and "buried_unknown" not in changes:
            total, known = before.get("buried_total"), before.get("buried_known")
            if (
                total is not None
                and known is not None
                and before.get("buried_unknown") == total - known
            ):
                current.pop("buried_unknown", None)  # derived before: derive it again
    return {**current, **changes}


def changed_fields(
    record_type: str, current: dict[str, Any], changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(the record's public values, the record as changed and validated, the fields that
    differ with their new values); ValidationError naming each bad field."""
    table, validator, _ = _kind(record_type)
    before = public_values(current)
    merged = _validated(validator, _update_input(record_type, before, changes))
    after = {k: v for k, v in merged.items() if k in table.c and k != "id"}
    if record_type == "person":
        after["name_variants"] = after["name_variants"] or None
        after["rank_variants"] = after["rank_variants"] or None
    return before, merged, {k: v for k, v in after.items() if before.get(k) != v}


def check_changes(record_type: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes a caller may give for a record type (unknown fields refused)."""
    _, _, inputs = _kind(record_type)
    changes = dict(changes)
    changes.pop("id", None)
    _refuse_unknown(set(changes), inputs - set(LINK_FIELDS))
    return changes


def check_new(record_type: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A new record as it would be created (validated); ValidationError naming each field."""
    _, validator, inputs = _kind(record_type)
    _refuse_unknown(set(raw), inputs)
    return _validated(validator, raw)


def update_record(
    store: Store,
    actor: str,
    record_type: str,
    record_id: str,
    changes: dict[str, Any],
    expected_version: int | None,
    reason: str | None = None,
    *,
    grant: Grant | None = None,
    also: AlsoWrite | None = None,
) -> dict[str, Any]:
    """Change fields of a memorial or person; refused if `expected_version` is stale, or
    outside the area of a custodian's `grant` (before or after the change).

    `names` (memorials) replaces the whole set of names; `name_<lang>` changes one of them.
    A change that changes nothing writes nothing and returns the record as it is.
    """
    table, validator, inputs = _kind(record_type)
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_TEXT)
    changes = dict(changes)
    if "id" in changes and changes.pop("id") not in (None, record_id):
        raise _problem("id", "a record's id never changes")
    _refuse_unknown(set(changes), inputs - set(LINK_FIELDS))

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        _require_place(uow.conn, grant, record_type, current)
        if expected_version is not None and expected_version != current["version"]:
            raise ConflictError(record_type, record_id, expected_version, current["version"])
        before, merged, diff = changed_fields(record_type, current, changes)
        if record_type == "memorial":
            permits.require_memorial(grant, merged, f"memorial {record_id} as changed")
        if not diff:
            if also is not None:
                also(uow, current, None)
                uow.commit()
            return current
        revision = uow.record_revision(
            "update",
            reason=why,
            record_type=record_type,
            record_id=record_id,
            before={k: before.get(k) for k in diff},
            after=diff,
        )
        row = update_row(uow.conn, table, record_type, current, diff, expected_version, revision)
        if record_type == "memorial":
            upkeep.memorial_written(uow.conn, current, row)
        else:
            upkeep.person_changed(uow.conn, current["pk"], current, row)
        uow.events.append(RecordChanged(record_type, record_id, row["version"]))
        if also is not None:
            also(uow, row, revision)
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
    *,
    grant: Grant | None = None,
) -> dict[str, Any]:
    """Take a record out of the public register with a reason; it is never deleted.

    Retiring a retired record changes nothing (its first reason stays).
    """
    table, _, _ = _kind(record_type)
    actor = _actor(actor)
    why = _clean_text("reason", reason, MAX_TEXT)
    if why is None:
        raise _problem("reason", "is required to retire")

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, table, record_type, record_id)
        _require_place(uow.conn, grant, record_type, current)
        if expected_version is not None and expected_version != current["version"]:
            raise ConflictError(record_type, record_id, expected_version, current["version"])
        if current["retired_at"] is not None:
            return current
        changes = {"retired_at": utc_now(), "retired_reason": why}
        revision = uow.record_revision(
            "retire",
            reason=why,
            record_type=record_type,
            record_id=record_id,
            before={"retired_at": None, "retired_reason": None},
            after=changes,
        )
        row = update_row(uow.conn, table, record_type, current, changes, expected_version, revision)
        if record_type == "memorial":
            upkeep.memorial_written(uow.conn, current, None)
        else:
            upkeep.person_retired(uow.conn, current)
        uow.events.append(RecordRetired(record_type, record_id))
        uow.commit()
        return row

    return run_write(store, actor, work)
