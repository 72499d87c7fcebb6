"""Reads for condition monitoring: a memorial's inspections and tasks, the dashboard's
counts per region and a region's memorials by priority. Each read is sized by what it
returns: kept counts, index ranges, LIMIT and keyset cursors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from memreg.domain.inspections import CRITICAL, DAMAGED, ROUTINE
from memreg.store.paging import decode_cursor, encode_cursor
from memreg.store.schema import (
    condition_counts,
    inspection_intervals,
    inspections,
    maintenance_tasks,
    memorial_conditions,
    memorials,
)

MAX_TASKS = 100  # tasks shown with a memorial or a region
_QUEUE_CURSOR: dict[str, tuple[type, ...]] = {"queue": (int, str, int)}
_INSPECTION_CURSOR: dict[str, tuple[type, ...]] = {"inspections": (str, int)}


def memorial_condition(conn: Connection, memorial_pk: int) -> dict[str, Any] | None:
    row = (
        conn.execute(select(memorial_conditions).where(memorial_conditions.c.pk == memorial_pk))
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def memorial_inspections(
    conn: Connection, memorial_pk: int, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """A memorial's live inspections, newest first, `limit` at a time."""
    query = select(inspections).where(
        inspections.c.memorial_pk == memorial_pk, inspections.c.retired_at.is_(None)
    )
    if cursor:
        _, (day, pk) = decode_cursor(cursor, _INSPECTION_CURSOR)
        query = query.where(
            or_(
                inspections.c.inspected_on < day,
                and_(inspections.c.inspected_on == day, inspections.c.pk < pk),
            )
        )
    rows = [
        dict(r)
        for r in conn.execute(
            query.order_by(inspections.c.inspected_on.desc(), inspections.c.pk.desc()).limit(
                limit + 1
            )
        ).mappings()
    ]
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = encode_cursor("inspections", [rows[-1]["inspected_on"], rows[-1]["pk"]])
    return rows, following


def _tasks_query() -> Any:
    return select(
        maintenance_tasks,
        inspections.c.id.label("inspection_id"),
        inspections.c.inspected_on,
        memorials.c.id.label("memorial_id"),
        memorials.c.name.label("memorial_name"),
        memorials.c.names.label("memorial_names"),
    ).select_from(
        maintenance_tasks.join(
            inspections, inspections.c.pk == maintenance_tasks.c.inspection_pk
        ).join(memorials, memorials.c.pk == maintenance_tasks.c.memorial_pk)
    )


def memorial_tasks(
    conn: Connection, memorial_pk: int, *, open_only: bool = True, limit: int = MAX_TASKS
) -> list[dict[str, Any]]:
    """A memorial's tasks (those not done, unless `open_only` is false), oldest first."""
    query = _tasks_query().where(
        maintenance_tasks.c.memorial_pk == memorial_pk, maintenance_tasks.c.retired_at.is_(None)
    )
    if open_only:
        query = query.where(maintenance_tasks.c.state != "done")
    return [
        dict(r)
        for r in conn.execute(query.order_by(maintenance_tasks.c.pk).limit(limit)).mappings()
    ]


def inspection_tasks(conn: Connection, inspection_pk: int) -> list[dict[str, Any]]:
    query = _tasks_query().where(maintenance_tasks.c.inspection_pk == inspection_pk)
    return [
        dict(r)
        for r in conn.execute(query.order_by(maintenance_tasks.c.pk).limit(MAX_TASKS)).mappings()
    ]


def region_open_tasks(
    conn: Connection, region: str, limit: int = MAX_TASKS
) -> list[dict[str, Any]]:
    """Tasks not done at the memorials of a region, oldest first (the open tasks of the
    register are a work queue: read through their state index)."""
    query = (
        _tasks_query()
        .join(memorial_conditions, memorial_conditions.c.pk == maintenance_tasks.c.memorial_pk)
        .where(
            memorial_conditions.c.region == region,
            maintenance_tasks.c.state.in_(("open", "in_progress")),
            maintenance_tasks.c.retired_at.is_(None),
        )
        .order_by(maintenance_tasks.c.pk)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def region_counts(conn: Connection, today: date) -> list[dict[str, Any]]:
    """Per region: memorials, overdue (inspected, and due before today), never inspected,
    critical, damaged, open tasks. From the kept counts, plus an index range for the days
    of this month already past."""
    month = today.isoformat()[:7]
    regions: dict[str, dict[str, int]] = {}
    for region, bucket, n in conn.execute(
        select(condition_counts).where(condition_counts.c.n != 0)
    ):
        counts = regions.setdefault(
            region,
            {"memorials": 0, "overdue": 0, "never_inspected": 0, "critical": 0, "damaged": 0,
             "open_tasks": 0},
        )  # fmt: skip
        if bucket.startswith("due:"):
            if bucket[4:] < month:
                counts["overdue"] += n
        else:
            name = {"all": "memorials", "never": "never_inspected", "tasks": "open_tasks"}
            counts[name.get(bucket, bucket)] = counts.get(name.get(bucket, bucket), 0) + n
    this_month = conn.execute(
        select(memorial_conditions.c.region, func.count())
        .where(
            memorial_conditions.c.due_on >= f"{month}-01",
            memorial_conditions.c.due_on < today.isoformat(),
        )
        .group_by(memorial_conditions.c.region)
    )
    for region, n in this_month:
        if region in regions:
            regions[region]["overdue"] += n
    return [{"region": r, **c} for r, c in sorted(regions.items()) if c["memorials"]]


def region_queue(
    conn: Connection, region: str, today: date, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """A region's memorials that need attention, by priority: reported damaged, then
    critical, then overdue (never inspected first, then the longest overdue). Each tier is
    one range of the queue index, read from the cursor on."""
    tier, after_due, after_pk = (DAMAGED, "", 0)
    if cursor:
        _, (tier, after_due, after_pk) = decode_cursor(cursor, _QUEUE_CURSOR)
        if tier not in (DAMAGED, CRITICAL, ROUTINE):
            tier = ROUTINE + 1
    c = memorial_conditions
    rows: list[dict[str, Any]] = []
    first = True
    for attention in (DAMAGED, CRITICAL, ROUTINE):
        if attention < tier or len(rows) > limit:
            continue
        query = (
            select(c, memorials.c.id, memorials.c.name, memorials.c.names, memorials.c.settlement)
            .select_from(c.join(memorials, memorials.c.pk == c.c.pk))
            .where(c.c.region == region, c.c.attention == attention)
        )
        if attention == ROUTINE:
            query = query.where(c.c.due_on < today.isoformat())
        if first and cursor and attention == tier:
            query = query.where(
                or_(c.c.due_on > after_due, and_(c.c.due_on == after_due, c.c.pk > after_pk))
            )
        first = False
        query = query.order_by(c.c.due_on, c.c.pk).limit(limit + 1 - len(rows))
        rows.extend(dict(r) for r in conn.execute(query).mappings())
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        following = encode_cursor("queue", [last["attention"], last["due_on"], last["pk"]])
    return rows, following


def list_intervals(conn: Connection) -> list[dict[str, Any]]:
    query = select(inspection_intervals.c.kind, inspection_intervals.c.region,
                   inspection_intervals.c.years)  # fmt: skip
    return [
        dict(r)
        for r in conn.execute(
            query.order_by(inspection_intervals.c.region, inspection_intervals.c.kind)
        ).mappings()
    ]
