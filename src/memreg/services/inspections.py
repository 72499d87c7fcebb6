"""Condition monitoring: record inspections, open and move maintenance tasks, set how often
memorials are inspected. Each write is one unit of work with its revision, and brings the
memorial's condition row (store/conditions.py) and its map point up to date in it.

Who may write is decided in one place, `authorise`: registrars and admins everywhere (the
region is passed so that custodians scoped to regions can be let in there).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, select

from memreg.domain.errors import ConflictError, MemregError, ValidationError
from memreg.domain.events import RecordChanged, RecordCreated
from memreg.domain.identifiers import new_id
from memreg.domain.inspections import (
    interval_years,
    problem,
    task_state,
    validate_inspection,
    validate_task,
)
from memreg.domain.permissions import Action, ForbiddenError
from memreg.domain.places import region_codes
from memreg.domain.text import text_fault
from memreg.domain.validation import MAX_TEXT
from memreg.domain.vocabulary import MemorialKind, Role
from memreg.services import upkeep
from memreg.services.users import User
from memreg.store.conditions import refresh_where
from memreg.store.engine import Store
from memreg.store.records import insert_row, require_row, update_row
from memreg.store.schema import (
    inspection_intervals,
    inspections,
    maintenance_tasks,
    media,
    memorials,
)
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

KINDS = frozenset(k.value for k in MemorialKind)


class NotAllowedError(MemregError):
    def __init__(self, role: str) -> None:
        super().__init__(
            message=f"the {role} role cannot record inspections or tasks here",
            code="forbidden",
            status=403,
        )


def authorise(user: User, region: str | None) -> None:
    """The one check of who may write condition records for a memorial of `region`
    (None: every region, as an inspection interval of the whole register)."""
    grant = user.grant
    grant.require(Action.INSPECT)
    if region is None:
        if grant.area is not None:
            raise ForbiddenError("a custodian keeps its own area, not the whole register's rules")
        return
    grant.require_place(region.split("-")[0] or None, region, f"a memorial of {region}")


def operator(name: str) -> User:
    """The person at the console (`memreg` commands): they hold the register's files."""
    return User(username=name, role=Role.ADMIN, regions=())


def _today() -> date:
    return datetime.now(UTC).date()


def _reason(reason: str | None) -> str | None:
    if reason is None or not reason.strip():
        return None
    reason = reason.strip()
    fault = text_fault(reason) or (
        f"longer than {MAX_TEXT} characters" if len(reason) > MAX_TEXT else None
    )
    if fault:
        raise ValidationError([problem("reason", fault)])
    return reason


def _live_memorial(uow: UnitOfWork, memorial_id: str) -> dict[str, Any]:
    memorial = require_row(uow.conn, memorials, "memorial", memorial_id)
    if memorial["retired_at"] is not None or memorial["merged_into_pk"] is not None:
        raise ValidationError(
            [problem("memorial_id", "the memorial is retired from the register", memorial_id)]
        )
    return memorial


def _check_photos(uow: UnitOfWork, memorial_pk: int, photo_ids: list[str]) -> None:
    if not photo_ids:
        return
    found = {
        row.id: row
        for row in uow.conn.execute(
            select(media.c.id, media.c.memorial_pk, media.c.retired_at).where(
                media.c.id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": photo_ids},
        )
    }
    problems = []
    for photo_id in photo_ids:
        row = found.get(photo_id)
        if row is None or row.retired_at is not None:
            problems.append(problem("photos", "no photo has this id", photo_id))
        elif row.memorial_pk is not None and row.memorial_pk != memorial_pk:
            problems.append(problem("photos", "is a photo of another memorial", photo_id))
    if problems:
        raise ValidationError(problems)


def inspection_out(row: dict[str, Any], memorial_id: str) -> dict[str, Any]:
    """An inspection as interfaces show it."""
    return {
        "id": row["id"], "memorial_id": memorial_id, "inspected_on": row["inspected_on"],
        "inspector": row["inspector"], "grade": row["condition"],
        "issues": [c for c in (row["issues_found"] or "").split(",") if c],
        "photos": list(row["photos"] or []), "actions_needed": row["actions_needed"],
        "notes": row["notes"], "version": row["version"],
    }  # fmt: skip


def record_inspection(
    store: Store,
    user: User,
    memorial_id: str,
    raw: dict[str, Any],
    reason: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """File an inspection of a memorial; its condition row and map point follow."""
    record, problems = validate_inspection(raw, today or _today())
    why = _reason(reason)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        memorial = _live_memorial(uow, memorial_id)
        authorise(user, memorial["region"])
        if problems:
            raise ValidationError(problems)
        _check_photos(uow, memorial["pk"], record["photos"] or [])
        inspection_id = new_id("inspection")
        values = {**record, "id": inspection_id, "memorial_pk": memorial["pk"]}
        revision = uow.record_revision(
            "create", reason=why, record_type="inspection", record_id=inspection_id,
            after={**record, "memorial_id": memorial_id},
        )  # fmt: skip
        insert_row(uow.conn, inspections, values, revision)
        upkeep.condition_changed(uow.conn, memorial["pk"])
        uow.events.append(RecordCreated("inspection", inspection_id))
        created = require_row(uow.conn, inspections, "inspection", inspection_id)
        uow.commit()
        return inspection_out(created, memorial_id)

    return run_write(store, user.actor, work)


def task_out(row: dict[str, Any], inspection_id: str, memorial_id: str) -> dict[str, Any]:
    return {
        "id": row["id"], "inspection_id": inspection_id, "memorial_id": memorial_id,
        "title": row["title"], "notes": row["notes"], "state": row["state"],
        "state_changed_at": row["state_changed_at"],
        "state_changed_by": row["state_changed_by"], "version": row["version"],
    }  # fmt: skip


def _inspection_and_memorial(
    uow: UnitOfWork, inspection_pk: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    inspection = (
        uow.conn.execute(select(inspections).where(inspections.c.pk == inspection_pk))
        .mappings()
        .one()
    )
    memorial = (
        uow.conn.execute(select(memorials).where(memorials.c.pk == inspection["memorial_pk"]))
        .mappings()
        .one()
    )
    return dict(inspection), dict(memorial)


def create_task(
    store: Store, user: User, inspection_id: str, raw: dict[str, Any], reason: str | None = None
) -> dict[str, Any]:
    """Open a maintenance task for what an inspection found."""
    record, problems = validate_task(raw)
    why = _reason(reason)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        inspection = require_row(uow.conn, inspections, "inspection", inspection_id)
        _, memorial = _inspection_and_memorial(uow, inspection["pk"])
        authorise(user, memorial["region"])
        if problems:
            raise ValidationError(problems)
        if inspection["retired_at"] is not None:
            raise ValidationError(
                [problem("inspection_id", "the inspection is retired", inspection_id)]
            )
        task_id = new_id("task")
        now = utc_now()
        values = {
            **record, "id": task_id, "inspection_pk": inspection["pk"],
            "memorial_pk": memorial["pk"], "state": "open", "state_changed_at": now,
            "state_changed_by": user.actor,
        }  # fmt: skip
        revision = uow.record_revision(
            "create", reason=why, record_type="task", record_id=task_id,
            after={**record, "state": "open", "inspection_id": inspection_id},
        )  # fmt: skip
        insert_row(uow.conn, maintenance_tasks, values, revision)
        upkeep.condition_changed(uow.conn, memorial["pk"], map_too=False)
        uow.events.append(RecordCreated("task", task_id))
        row = require_row(uow.conn, maintenance_tasks, "task", task_id)
        uow.commit()
        return task_out(row, inspection_id, memorial["id"])

    return run_write(store, user.actor, work)


def change_task(
    store: Store,
    user: User,
    task_id: str,
    state: Any,
    expected_version: int | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Move a task to open, in_progress or done; who and when are kept with it."""
    new_state, problems = task_state(state)
    why = _reason(reason)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        current = require_row(uow.conn, maintenance_tasks, "task", task_id)
        inspection, memorial = _inspection_and_memorial(uow, current["inspection_pk"])
        authorise(user, memorial["region"])
        if problems:
            raise ValidationError(problems)
        if expected_version is not None and expected_version != current["version"]:
            raise ConflictError("task", task_id, expected_version, current["version"])
        if current["state"] == new_state:
            return task_out(current, inspection["id"], memorial["id"])
        changes = {"state": new_state, "state_changed_at": utc_now(),
                   "state_changed_by": user.actor}  # fmt: skip
        revision = uow.record_revision(
            "update", reason=why, record_type="task", record_id=task_id,
            before={"state": current["state"]}, after={"state": new_state},
        )  # fmt: skip
        row = update_row(
            uow.conn, maintenance_tasks, "task", current, changes, expected_version, revision
        )
        upkeep.condition_changed(uow.conn, memorial["pk"], map_too=False)
        uow.events.append(RecordChanged("task", task_id, row["version"]))
        uow.commit()
        return task_out(row, inspection["id"], memorial["id"])

    return run_write(store, user.actor, work)


def set_interval(
    store: Store,
    user: User,
    years: Any,
    kind: str | None = None,
    region: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Inspect memorials of this kind and/or region every `years` years (neither: the
    register's default); the due dates of the memorials it covers are computed again."""
    value, problems = interval_years(years)
    if kind is not None and kind not in KINDS:
        problems.append(problem("kind", "must be one of " + ", ".join(sorted(KINDS)), kind))
    if region is not None:
        region = region.strip().upper()
        if region not in region_codes():
            problems.append(problem("region", "is not an ISO 3166-2 code", region))
    why = _reason(reason)
    if problems:
        raise ValidationError(problems)
    key = {"kind": kind or "", "region": region or ""}

    def work(uow: UnitOfWork) -> dict[str, Any]:
        authorise(user, region)
        old = uow.conn.execute(
            select(inspection_intervals.c.years).where(
                inspection_intervals.c.kind == key["kind"],
                inspection_intervals.c.region == key["region"],
            )
        ).scalar()
        if old == value:
            return {**key, "years": value, "memorials": 0}
        revision = uow.record_revision(
            "update", reason=why, record_type="inspection_interval",
            record_id=f"{key['kind'] or '*'}/{key['region'] or '*'}",
            before={"years": old}, after={"years": value},
        )  # fmt: skip
        if old is None:
            uow.conn.execute(
                inspection_intervals.insert().values(**key, years=value, revision_id=revision)
            )
        else:
            uow.conn.execute(
                inspection_intervals.update()
                .where(
                    inspection_intervals.c.kind == key["kind"],
                    inspection_intervals.c.region == key["region"],
                )
                .values(years=value, revision_id=revision)
            )
        touched = refresh_where(uow.conn, kind, region)
        uow.commit()
        return {**key, "years": value, "memorials": touched}

    return run_write(store, user.actor, work)
