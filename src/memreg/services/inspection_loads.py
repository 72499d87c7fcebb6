"""Many inspections and their tasks at once (the demo register, a district's survey): one
unit of work, one revision, the condition rows and map points of their memorials brought up
to date in it. Records whose ids the register holds already are left as they are, so
loading the same survey twice changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select

from memreg.domain.errors import ValidationError
from memreg.domain.inspections import TASK_STATES, problem, validate_inspection, validate_task
from memreg.services.inspections import authorise
from memreg.services.users import User
from memreg.store.conditions import refresh_conditions
from memreg.store.engine import Store
from memreg.store.map_index import reindex_memorials
from memreg.store.records import pks_by_id
from memreg.store.schema import inspections, maintenance_tasks, memorials
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now


def _validated(
    rows: list[dict[str, Any]], tasks: list[dict[str, Any]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    problems = []
    checked = []
    for line, row in enumerate(rows, start=1):
        fields = {k: v for k, v in row.items() if k not in ("id", "memorial_id")}
        record, found = validate_inspection(fields, today)
        problems += [problem(f"inspections[{line}].{p.field}", p.message, p.value) for p in found]
        checked.append({**record, "id": row["id"], "memorial_id": row["memorial_id"]})
    checked_tasks = []
    for line, task in enumerate(tasks, start=1):
        record, found = validate_task({"title": task.get("title"), "notes": task.get("notes")})
        problems += [problem(f"tasks[{line}].{p.field}", p.message, p.value) for p in found]
        if task.get("state", "open") not in TASK_STATES:
            problems.append(problem(f"tasks[{line}].state", "must be open, in_progress or done"))
        checked_tasks.append({**task, **record})
    if problems:
        raise ValidationError(problems)
    return checked, checked_tasks


def load_inspections(
    store: Store,
    user: User,
    rows: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    reason: str | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Write the inspections (each with `id` and `memorial_id`) and tasks (each with `id`,
    `inspection_id`, `title` and `state`) the register does not hold yet."""
    checked, checked_tasks = _validated(rows, tasks, today or datetime.now(UTC).date())

    def work(uow: UnitOfWork) -> dict[str, int]:
        conn = uow.conn
        authorise(user, None)
        held = set(pks_by_id(conn, inspections, [r["id"] for r in checked]))
        held_tasks = set(pks_by_id(conn, maintenance_tasks, [t["id"] for t in checked_tasks]))
        new = [r for r in checked if r["id"] not in held]
        new_tasks = [t for t in checked_tasks if t["id"] not in held_tasks]
        if not new and not new_tasks:
            return {"inspections": 0, "tasks": 0}
        memorial_pks = pks_by_id(conn, memorials, {r["memorial_id"] for r in new})
        missing = sorted({r["memorial_id"] for r in new} - set(memorial_pks))
        if missing:
            raise ValidationError([problem("memorial_id", "no memorial has this id", missing[0])])
        revision = uow.record_revision(
            "import", reason=reason, record_type="inspection",
            summary={"inspections": len(new), "tasks": len(new_tasks)},
        )  # fmt: skip
        bookkeeping = {"version": 1, "created_revision_id": revision, "revision_id": revision}
        if new:
            conn.execute(
                insert(inspections),
                [{**{k: v for k, v in r.items() if k != "memorial_id"},
                  "memorial_pk": memorial_pks[r["memorial_id"]], **bookkeeping} for r in new],
            )  # fmt: skip
        inspection_pks = pks_by_id(conn, inspections, {t["inspection_id"] for t in new_tasks})
        unknown = sorted({t["inspection_id"] for t in new_tasks} - set(inspection_pks))
        if unknown:
            raise ValidationError(
                [problem("inspection_id", "no inspection has this id", unknown[0])]
            )
        task_memorials = dict(
            conn.execute(
                select(inspections.c.pk, inspections.c.memorial_pk).where(
                    inspections.c.pk.in_(bindparam("pks", expanding=True))
                ),
                {"pks": list(inspection_pks.values()) or [0]},
            ).all()
        )
        now = utc_now()
        if new_tasks:
            conn.execute(
                insert(maintenance_tasks),
                [{"id": t["id"], "inspection_pk": inspection_pks[t["inspection_id"]],
                  "memorial_pk": task_memorials[inspection_pks[t["inspection_id"]]],
                  "title": t["title"], "notes": t["notes"], "state": t.get("state", "open"),
                  "state_changed_at": now, "state_changed_by": user.actor, **bookkeeping}
                 for t in new_tasks],
            )  # fmt: skip
        touched = {memorial_pks[r["memorial_id"]] for r in new} | set(task_memorials.values())
        refresh_conditions(conn, sorted(touched))
        reindex_memorials(conn, sorted(touched), uow.store.backend)
        uow.commit()
        return {"inspections": len(new), "tasks": len(new_tasks)}

    return run_write(store, user.actor, work)
