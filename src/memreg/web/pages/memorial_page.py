"""A memorial's page: everything the register knows of it, its names, its history."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from memreg.domain.errors import NotFoundError
from memreg.domain.licences import LICENCES
from memreg.store.history import record_history
from memreg.store.inscriptions import (
    persons_on_stone,
    place_after,
    place_cursor,
    stone_page,
    stone_totals,
)
from memreg.store.inspection_queries import memorial_condition, memorial_inspections, memorial_tasks
from memreg.store.page_queries import (
    memorial_events,
    memorial_sources,
    settlement_honours,
)
from memreg.store.paging import MAX_OFFSET, check_offset
from memreg.store.photos import published_photos
from memreg.store.queries import get_memorial, memorial_persons
from memreg.store.schema import memorials
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.linked_data import linked_data_response
from memreg.web.pages.common import page_language, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100
STONE_PAGE_SIZE = 100
HISTORY_SHOWN = 50


def shown_name(record: dict[str, Any], lang: str) -> str:
    """A memorial's name in the page's language, else its primary name."""
    names = record.get("names") or {}
    if isinstance(names, str):
        names = json.loads(names)
    return str(names.get(lang) or record["name"])


def _status_history(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    changes = []
    for entry in history:
        after = entry.get("after") or {}
        if "status" in after:
            before = (entry.get("before") or {}).get("status")
            changes.append({"at": entry["at"], "from": before, "to": after["status"],
                            "reason": entry.get("reason")})  # fmt: skip
    return changes


def _photos(conn: Any, memorial_pk: int) -> list[dict[str, Any]]:
    """The memorial's published photos, each with its licence's name and URI."""
    shown = []
    for photo in published_photos(conn, memorial_pk):
        licence = LICENCES.get(photo["licence"] or "")
        shown.append(photo | {"licence_label": licence.label if licence else None,
                              "licence_uri": licence.uri if licence else None})  # fmt: skip
    return shown


def _external_links(memorial: dict[str, Any]) -> list[tuple[str, str]]:
    links = []
    osm = memorial.get("osm_id") or ""
    kind, _, number = osm.partition("/") if "/" in osm else ("node", "", osm)
    if number.isdigit() and kind in ("node", "way", "relation"):
        links.append(("OpenStreetMap", f"https://www.openstreetmap.org/{kind}/{number}"))
    wikidata = memorial.get("wikidata") or ""
    if wikidata[:1] == "Q" and wikidata[1:].isdigit():
        links.append(("Wikidata", f"https://www.wikidata.org/wiki/{wikidata}"))
    return links


def memorial_json_ld(memorial: dict[str, Any], url: str, lang: str) -> dict[str, Any]:
    """schema.org: a LandmarksOrHistoricalBuildings (a Place) with its names and position."""
    names = memorial.get("names") or {}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LandmarksOrHistoricalBuildings",
        "@id": url,
        "url": url,
        "name": shown_name(memorial, lang),
        "identifier": memorial["id"],
        "additionalType": memorial["kind"],
        "address": {"@type": "PostalAddress", "addressCountry": memorial["country"],
                    **({"addressRegion": memorial["region"]} if memorial["region"] else {}),
                    **({"addressLocality": memorial["settlement"]}
                       if memorial["settlement"] else {}),
                    **({"streetAddress": memorial["address"]} if memorial["address"] else {})},
    }  # fmt: skip
    alternates = sorted({v for v in names.values() if v and v != data["name"]})
    if alternates:
        data["alternateName"] = alternates
    if memorial["lat"] is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": memorial["lat"],
                       "longitude": memorial["lon"]}  # fmt: skip
    same_as = [link for _, link in _external_links(memorial)]
    if same_as:
        data["sameAs"] = same_as
    return data


def _with_stone(request: Request, cursor: str | None) -> str:
    """This page's query with the stone's list starting at `cursor` (None: its start),
    the register's list left where it is."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "stone"]
    if cursor is not None:
        kept.append(("stone", cursor))
    return "?" + urlencode(kept) + "#stone"


def condition_context(conn: Any, memorial_pk: int) -> dict[str, Any]:
    """The memorial's latest inspection, when the next is due, and its open tasks."""
    latest, _ = memorial_inspections(conn, memorial_pk, 1)
    condition = memorial_condition(conn, memorial_pk)
    today = datetime.now(UTC).date().isoformat()
    due = condition["due_on"] if condition else ""
    return {"inspection": latest[0] if latest else None, "due_on": due,
            "overdue": bool(due) and due < today,
            "open_tasks": memorial_tasks(conn, memorial_pk)}  # fmt: skip


@router.api_route("/memorials/{memorial_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def memorial_page(
    request: Request,
    memorial_id: str,
    conn: ConnDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    order: Annotated[Literal["name", "birth"], Query()] = "name",
    surname: Annotated[str | None, Query(max_length=100)] = None,
    stone: Annotated[str | None, Query(max_length=2000)] = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    """A memorial and its names, PAGE_SIZE at a time (the first pages by number, the rest by
    the cursor of the `next` link), by surname or by year of birth, or only the surnames
    beginning with `surname`; beside them the names as carved on the stone, by panel, row
    and position, paged by their own cursor (`stone`)."""
    if (linked := linked_data_response(request, conn, "memorial", memorial_id)) is not None:
        return linked  # a client asking for JSON-LD gets the record's Linked Art
    row = get_memorial(conn, check_record_id("memorial", memorial_id))
    if row is None:
        raise NotFoundError("memorial", memorial_id)
    language = page_language(request)
    surname = (surname or "").strip() or None
    offset = 0 if cursor else check_offset((page - 1) * PAGE_SIZE)
    people, total, following = memorial_persons(
        conn, row, PAGE_SIZE, offset=offset, cursor=cursor, order=order, surname=surname
    )
    carved, stone_next = stone_page(conn, row["pk"], STONE_PAGE_SIZE, place_after(stone))
    on_stone = persons_on_stone(conn, row["pk"], [p["id"] for p in people])
    history = record_history(conn, memorials, "memorial", row["id"]) or []
    url = str(request.url_for("memorial_page", memorial_id=row["id"]))
    return render(
        request,
        "memorial.html",
        {
            "memorial": row, "name": shown_name(row, language), "persons": people,
            "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)),
            "next_cursor": following, "numbered_prev": (page - 2) * PAGE_SIZE <= MAX_OFFSET,
            "first_number": (page - 1) * PAGE_SIZE + 1, "order": order,
            "surname": surname or "", "paged_by_cursor": bool(cursor),
            "carved": carved, "stone_totals": stone_totals(conn, row["id"]),
            "on_stone": on_stone, "stone_cursor": stone or "",
            "stone_next": _with_stone(request, place_cursor(stone_next)) if stone_next else None,
            "stone_first": _with_stone(request, None) if stone else None,
            "status_history": _status_history(history),
            "history": history[-HISTORY_SHOWN:][::-1], "history_total": len(history),
            "photos": _photos(conn, row["pk"]), "events": memorial_events(conn, row["pk"]),
            "sources": memorial_sources(conn, row),
            "honours": settlement_honours(conn, row["settlement"], row["country"], row["region"]),
            "external_links": _external_links(row), **condition_context(conn, row["pk"]),
            "json_ld": memorial_json_ld(row, url, language),
            "contact_email": settings.contact_email,
            "tile_url": settings.tile_url, "tile_attribution": settings.tile_attribution,
        },
        page="memorial",
    )  # fmt: skip
