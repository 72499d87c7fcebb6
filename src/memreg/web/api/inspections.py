"""Condition monitoring over the API: inspections of a memorial, the dashboard of overdue
and damaged memorials per region, maintenance tasks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.domain.inspections import (
    NO_REGION,
    ConditionGrade,
    InspectionIssue,
    TaskState,
    dashboard_region,
    priority_name,
)
from memreg.domain.places import region_codes
from memreg.services.inspections import (
    change_task,
    create_task,
    inspection_out,
    record_inspection,
    task_out,
)
from memreg.store.inspection_queries import (
    inspection_tasks,
    memorial_condition,
    memorial_inspections,
    memorial_tasks,
    region_counts,
    region_queue,
)
from memreg.store.queries import get_memorial
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id, region_choices
from memreg.web.auth import InspectorDep
from memreg.web.deps import ConnDep, StoreDep

router = APIRouter(prefix="/api", tags=["inspections"])
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page: 1 to 200")]
InspectionsCursor = Annotated[
    str | None,
    Query(max_length=500, description="From the `next` of the previous page",
          json_schema_extra={"format": "memreg-inspections-cursor"}),
]  # fmt: skip
QueueCursor = Annotated[
    str | None,
    Query(max_length=500, description="From the `next` of the previous page",
          json_schema_extra={"format": "memreg-queue-cursor"}),
]  # fmt: skip
RegionPath = Annotated[
    str,
    Path(description="ISO 3166-2 code (upper or lower case), or `none`",
         json_schema_extra={"enum": [*region_choices(), NO_REGION]}),
]  # fmt: skip


class InspectionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "inspected_on": "2026-05-09", "inspector": "Ivanova A. P., district museum",
            "grade": "poor", "issues": ["cracks", "missing_letters", "vegetation"],
            "actions_needed": "Re-cut the letters of the third panel; clear the shrubs",
            "notes": "Fence intact", "reason": "Spring inspection of the district",
        }]},
    )  # fmt: skip
    inspected_on: str | None = Field(None, description="YYYY-MM-DD, not in the future")
    inspector: str | None = Field(None, description="Who inspected")
    grade: str | None = Field(None, json_schema_extra={"enum": [g.value for g in ConditionGrade]})
    issues: list[str] | None = Field(
        None, description="Codes: " + ", ".join(i.value for i in InspectionIssue)
    )
    photos: list[str] | None = Field(None, description="Ids of photos (media) of the memorial")
    actions_needed: str | None = None
    notes: str | None = None
    reason: str | None = Field(None, max_length=5000, description="Why; kept in the revision")


class TaskIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"title": "Re-cut the letters of the third panel"}]},
    )
    title: str | None = Field(None, description="What is to be done")
    notes: str | None = None
    reason: str | None = Field(None, max_length=5000)


class TaskChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"state": "in_progress", "version": 1}]}
    )
    state: str = Field(json_schema_extra={"enum": [s.value for s in TaskState]})
    version: int | None = Field(None, description="The version you saw; a stale one gets 409")
    reason: str | None = Field(None, max_length=5000)


class TaskOut(BaseModel):
    id: str
    inspection_id: str
    memorial_id: str
    title: str
    notes: str | None = None
    state: str
    state_changed_at: str
    state_changed_by: str
    version: int


class InspectionOut(BaseModel):
    id: str
    memorial_id: str
    inspected_on: str
    inspector: str
    grade: str
    issues: list[str]
    photos: list[str]
    actions_needed: str | None = None
    notes: str | None = None
    version: int
    tasks: list[TaskOut] | None = None


class ConditionOut(BaseModel):
    last_inspected: str | None = None
    grade: str | None = None
    due_on: str | None = Field(None, description="When the next inspection is due")
    overdue: bool
    damaged: bool = Field(description="Reported damaged or vandalised")
    open_tasks: int


class MemorialInspections(BaseModel):
    memorial_id: str
    condition: ConditionOut | None = None
    inspections: list[InspectionOut]
    open_tasks: list[TaskOut]
    next: str | None = None


class RegionCounts(BaseModel):
    region: str
    memorials: int
    overdue: int = Field(description="Inspected, and the next inspection was due before today")
    never_inspected: int
    critical: int = Field(description="Latest grade critical or destroyed")
    damaged: int = Field(description="Reported damaged or vandalised")
    open_tasks: int


class Dashboard(BaseModel):
    today: str
    regions: list[RegionCounts]


class QueueItem(BaseModel):
    memorial_id: str
    name: str
    settlement: str | None = None
    kind: str
    status: str
    priority: str = Field(description="damaged, critical, never_inspected or overdue")
    last_inspected: str | None = None
    grade: str | None = None
    due_on: str | None = None
    open_tasks: int


class RegionQueue(BaseModel):
    region: str
    today: str
    items: list[QueueItem]
    next: str | None = None


def _today() -> Any:
    return datetime.now(UTC).date()


def condition_view(row: dict[str, Any] | None, today: str) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "last_inspected": row["last_inspected"], "grade": row["grade"] or None,
        "due_on": row["due_on"] or None,
        "overdue": bool(row["due_on"]) and row["due_on"] < today,
        "damaged": bool(row["damaged"]), "open_tasks": row["open_tasks"],
    }  # fmt: skip


def priority(row: dict[str, Any]) -> str:
    return priority_name(row["attention"], row["last_inspected"])


def _task(row: dict[str, Any]) -> dict[str, Any]:
    return task_out(row, row["inspection_id"], row["memorial_id"])


def dashboard_region_code(region: str) -> str:
    """A region as the dashboard's paths name it: an ISO 3166-2 code, or `none`."""
    code = dashboard_region(region, region_codes())
    if code is None:
        raise BadRequestError("region", "not an ISO 3166-2 code (e.g. BY-HM) or `none`")
    return code


@router.post(
    "/memorials/{memorial_id}/inspections",
    response_model=InspectionOut,
    response_model_exclude_none=True,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def add_inspection(
    memorial_id: str, body: InspectionIn, store: StoreDep, user: InspectorDep
) -> dict[str, Any]:
    """File an inspection of a memorial (registrar or admin)."""
    memorial_id = check_record_id("memorial", memorial_id)
    fields = body.model_dump(exclude_unset=True, exclude={"reason"})
    return record_inspection(store, user, memorial_id, fields, body.reason)


@router.get(
    "/memorials/{memorial_id}/inspections",
    response_model=MemorialInspections,
    response_model_exclude_none=True,
    responses=problem_responses(400, 404),
)
def list_inspections(
    memorial_id: str, conn: ConnDep, limit: Limit = 20, cursor: InspectionsCursor = None
) -> dict[str, Any]:
    """A memorial's inspections, newest first, each with its tasks; its condition and the
    date its next inspection is due."""
    memorial = get_memorial(conn, check_record_id("memorial", memorial_id))
    if memorial is None:
        raise NotFoundError("memorial", memorial_id)
    rows, following = memorial_inspections(conn, memorial["pk"], limit, cursor)
    today = _today().isoformat()
    return {
        "memorial_id": memorial["id"],
        "condition": condition_view(memorial_condition(conn, memorial["pk"]), today),
        "inspections": [
            inspection_out(r, memorial["id"])
            | {"tasks": [_task(t) for t in inspection_tasks(conn, r["pk"])]}
            for r in rows
        ],
        "open_tasks": [_task(t) for t in memorial_tasks(conn, memorial["pk"])],
        "next": following,
    }


@router.get("/inspections/dashboard", response_model=Dashboard)
def dashboard(conn: ConnDep) -> dict[str, Any]:
    """Per region: memorials overdue for inspection, never inspected, critical, reported
    damaged, and open maintenance tasks. Memorials without a region are under `none`."""
    today = _today()
    regions = region_counts(conn, today)
    for counts in regions:
        counts["region"] = counts["region"] or NO_REGION
    return {"today": today.isoformat(), "regions": regions}


@router.get(
    "/inspections/dashboard/{region}",
    response_model=RegionQueue,
    response_model_exclude_none=True,
    responses=problem_responses(400),
)
def dashboard_list(
    region: RegionPath, conn: ConnDep, limit: Limit = 50, cursor: QueueCursor = None
) -> dict[str, Any]:
    """A region's memorials that need attention, by priority: reported damaged or
    vandalised, then critical, then never inspected, then the longest overdue."""
    code = dashboard_region_code(region)
    today = _today()
    rows, following = region_queue(conn, code, today, limit, cursor)
    items = [
        {
            "memorial_id": r["id"],
            "name": r["name"],
            "settlement": r["settlement"],
            "kind": r["kind"],
            "status": r["status"],
            "priority": priority(r),
            "last_inspected": r["last_inspected"],
            "grade": r["grade"] or None,
            "due_on": r["due_on"] or None,
            "open_tasks": r["open_tasks"],
        }  # fmt: skip
        for r in rows
    ]
    return {"region": code or NO_REGION, "today": today.isoformat(), "items": items,
            "next": following}  # fmt: skip


@router.post(
    "/inspections/{inspection_id}/tasks",
    response_model=TaskOut,
    response_model_exclude_none=True,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def add_task(
    inspection_id: str, body: TaskIn, store: StoreDep, user: InspectorDep
) -> dict[str, Any]:
    """Open a maintenance task for what an inspection found (registrar or admin)."""
    inspection_id = check_record_id("inspection", inspection_id)
    fields = body.model_dump(exclude_unset=True, exclude={"reason"})
    return create_task(store, user, inspection_id, fields, body.reason)


@router.patch(
    "/tasks/{task_id}",
    response_model=TaskOut,
    response_model_exclude_none=True,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def move_task(
    task_id: str, body: TaskChange, store: StoreDep, user: InspectorDep
) -> dict[str, Any]:
    """Move a task to open, in_progress or done; who and when are kept with it."""
    task_id = check_record_id("task", task_id)
    return change_task(store, user, task_id, body.state, body.version, body.reason)
