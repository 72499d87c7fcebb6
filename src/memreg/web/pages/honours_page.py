"""/honours: every title a settlement holds, with its places on a map and its sources."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from memreg.store.page_queries import honours_list
from memreg.store.schema import sources
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.pages import labels
from memreg.web.pages.common import page_language, render

router = APIRouter(include_in_schema=False)


@router.api_route("/honours", methods=["GET", "HEAD"], response_class=HTMLResponse)
def honours_page(request: Request, conn: ConnDep, settings: SettingsDep) -> Any:
    lang = page_language(request)
    honours = honours_list(conn)
    cited = {h["source_pk"] for h in honours if h.get("source_pk")}
    by_pk = {
        row["pk"]: dict(row)
        for row in conn.execute(select(sources).where(sources.c.pk.in_(sorted(cited)))).mappings()
    } if cited else {}  # fmt: skip
    groups: dict[str, list[dict[str, Any]]] = {}
    for honour in honours:
        honour["label"] = labels.honour_title(honour["title"], honour["title_year"], lang)
        honour["source"] = by_pk.get(honour.get("source_pk"))
        groups.setdefault(honour["title"], []).append(honour)
    order = list(labels.HONOUR_TITLES)
    titled = sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else 99)
    points = [[h["lat"], h["lon"], f"{h['settlement']}: {h['label']}"] for h in honours
              if h["lat"] is not None]  # fmt: skip
    return render(
        request,
        "honours.html",
        {"groups": titled, "points": json.dumps(points, ensure_ascii=False),
         "has_points": bool(points), "count": len(honours),
         "sources": sorted(by_pk.values(), key=lambda s: s["title"]),
         "tile_url": settings.tile_url, "tile_attribution": settings.tile_attribution},
        page="honours",
    )  # fmt: skip
