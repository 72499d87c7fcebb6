"""Server-rendered public pages: the map and a memorial's page with its names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from memreg.domain.errors import NotFoundError
from memreg.store.paging import MAX_OFFSET, check_offset
from memreg.store.queries import get_memorial, memorial_persons, register_stats
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.linked_data import linked_data_response
from memreg.web.pages.templating import templates

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def map_page(request: Request, conn: ConnDep, settings: SettingsDep) -> Any:
    return templates.TemplateResponse(
        request,
        "map.html",
        {"stats": register_stats(conn), "tile_url": settings.tile_url,
         "tile_attribution": settings.tile_attribution},
    )  # fmt: skip


@router.api_route("/memorials/{memorial_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def memorial_page(
    request: Request,
    memorial_id: str,
    conn: ConnDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Any:
    """A memorial and its names, PAGE_SIZE at a time: the first pages by number, the rest
    by the cursor of the `next` link (any page costs what the first does)."""
    if (linked := linked_data_response(request, conn, "memorial", memorial_id)) is not None:
        return linked  # a client asking for JSON-LD gets the record's Linked Art
    row = get_memorial(conn, check_record_id("memorial", memorial_id))
    if row is None:
        raise NotFoundError("memorial", memorial_id)
    offset = 0 if cursor else check_offset((page - 1) * PAGE_SIZE)
    people, total, following = memorial_persons(conn, row, PAGE_SIZE, offset=offset, cursor=cursor)
    pages = max(1, -(-total // PAGE_SIZE))
    return templates.TemplateResponse(
        request,
        "memorial.html",
        {"memorial": row, "persons": people, "total": total, "page": page, "pages": pages,
         "next_cursor": following, "numbered_prev": (page - 2) * PAGE_SIZE <= MAX_OFFSET,
         "first_number": (page - 1) * PAGE_SIZE + 1, "tile_url": settings.tile_url,
         "tile_attribution": settings.tile_attribution},
    )  # fmt: skip


def install_pages(app: FastAPI) -> None:
    app.mount("/static/app", StaticFiles(directory=HERE / "static"), name="static")
    app.mount(
        "/static/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet"
    )
    app.mount("/static/markercluster",
              StaticFiles(directory=xstatic.pkg.leaflet_markercluster.BASE_DIR),
              name="markercluster")  # fmt: skip
    app.include_router(router)
