"""The map explorer (`/` and `/map`): clusters from the server, filters, a list of what the
view holds, permalinks, "near me" and "near a place"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from memreg.store.map_queries import map_extent, map_facets
from memreg.store.queries import register_stats
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.pages import labels
from memreg.web.pages.common import BORDERS_URL, page_language, render

router = APIRouter(include_in_schema=False)
FILTERS = ("kind", "status", "has_names", "country", "region", "conflict", "condition")


def _options(facets: dict[str, dict[str, int]], lang: str) -> dict[str, list[tuple[str, str]]]:
    """(value, label) per filter, in the order people look for them."""

    def sort_by_label(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(items, key=lambda item: item[1].casefold())

    label = labels.FILTERS
    return {
        "kind": [(k, label["kind"](k, lang)) for k in labels.KINDS if k in facets["kind"]],
        "status": [(s, label["status"](s, lang)) for s in labels.STATUSES
                   if s in facets["status"]],
        "has_names": [(v, label["has_names"](v, lang)) for v in ("yes", "no")],
        "country": sort_by_label([(c, labels.country_name(c, lang)) for c in facets["country"]]),
        "region": sort_by_label([(r, labels.region_label(r, lang)) for r in facets["region"]]),
        "conflict": sorted((c, c) for c in facets["conflict"]),
        "condition": [(c, label["condition"](c, lang)) for c in facets["condition"]],
    }  # fmt: skip


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
@router.api_route("/map", methods=["GET", "HEAD"], response_class=HTMLResponse)
def map_page(
    request: Request,
    conn: ConnDep,
    settings: SettingsDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    has_names: Annotated[str | None, Query(max_length=3)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    region: Annotated[str | None, Query(max_length=10)] = None,
    conflict: Annotated[str | None, Query(max_length=100)] = None,
    condition: Annotated[str | None, Query(max_length=20)] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-540, le=540)] = None,
    z: Annotated[int | None, Query(ge=0, le=20)] = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    """The filters chosen come back selected; the view is restored by the script."""
    language = page_language(request)
    facets = map_facets(conn)
    chosen = {"kind": kind, "status": status, "has_names": has_names, "country": country,
              "region": region, "conflict": conflict, "condition": condition}  # fmt: skip
    config = {
        "tileUrl": settings.tile_url,
        "tileAttribution": settings.tile_attribution,
        "borders": BORDERS_URL if request.app.state.has_borders else "",
        "lang": language,
        "extent": map_extent(conn),
    }
    options = _options(facets, language)
    region_labels = dict(options["region"]) | dict(options["country"])
    return render(
        request,
        "map.html",
        {"stats": register_stats(conn), "options": options, "config": config,
         "chosen": {k: v for k, v in chosen.items() if v}, "region_labels": region_labels,
         "kind_labels": {k: labels.FILTERS["kind"](k, language) for k in labels.KINDS}},
        page="map",
    )  # fmt: skip
