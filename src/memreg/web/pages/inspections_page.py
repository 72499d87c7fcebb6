"""/inspections: memorials overdue for inspection, critical or damaged, per region; and
/inspections/{region}: that region's memorials by priority, with its open tasks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from memreg.domain.inspections import NO_REGION, priority_name
from memreg.store.inspection_queries import region_counts, region_open_tasks, region_queue
from memreg.web.api.inspections import dashboard_region_code
from memreg.web.deps import ConnDep
from memreg.web.pages.common import page_language, render
from memreg.web.pages.memorial_page import shown_name

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.api_route("/inspections", methods=["GET", "HEAD"], response_class=HTMLResponse)
def inspections_page(request: Request, conn: ConnDep) -> Any:
    today = datetime.now(UTC).date()
    regions = region_counts(conn, today)
    for counts in regions:
        counts["path"] = counts["region"] or NO_REGION
    regions.sort(key=lambda c: (-c["damaged"], -c["critical"], -c["overdue"], c["region"]))
    totals = {
        name: sum(c[name] for c in regions)
        for name in ("memorials", "overdue", "never_inspected", "critical", "damaged",
                     "open_tasks")
    }  # fmt: skip
    return render(
        request,
        "inspections.html",
        {"regions": regions, "totals": totals, "today": today.isoformat()},
        page="inspections",
    )


@router.api_route("/inspections/{region}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def region_inspections_page(
    request: Request,
    region: str,
    conn: ConnDep,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Any:
    code = dashboard_region_code(region)
    lang = page_language(request)
    today = datetime.now(UTC).date()
    rows, following = region_queue(conn, code, today, PAGE_SIZE, cursor)
    for row in rows:
        row["priority"] = priority_name(row["attention"], row["last_inspected"])
        row["shown_name"] = shown_name(row, lang)
    tasks = region_open_tasks(conn, code)
    for task in tasks:
        task["shown_name"] = shown_name(
            {"name": task["memorial_name"], "names": task["memorial_names"]}, lang
        )
    return render(
        request,
        "inspections_region.html",
        {"region": code, "path": code or NO_REGION, "rows": rows, "next_cursor": following,
         "tasks": tasks, "today": today.isoformat(), "paged": bool(cursor)},
        page="inspections",
    )  # fmt: skip
