"""Countries (ISO 3166-1 alpha-2), regions (ISO 3166-2) and WGS84 coordinates."""

from __future__ import annotations

import math
from functools import cache

import pycountry

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), used for every distance we report


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def region_codes() -> dict[str, str]:
    """ISO 3166-2 code -> the country it belongs to."""
    return {s.code: s.country_code for s in pycountry.subdivisions}


def country_problem(code: str) -> str | None:
    if code not in country_codes():
        return "not an ISO 3166-1 alpha-2 country code (e.g. BY, RU, UA)"
    return None


def region_problem(code: str, country: str) -> str | None:
    owner = region_codes().get(code)
    if owner is None:
        return "not an ISO 3166-2 region code (e.g. BY-HM, RU-MOW)"
    if country and owner != country:
        return f"region {code} is in {owner}, not in {country}"
    return None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on the mean sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bbox_around(lat: float, lon: float, radius_m: float) -> list[tuple[float, float, float, float]]:
    """Boxes (min_lon, min_lat, max_lon, max_lat) covering a circle; split at the antimeridian."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if min_lat <= -90.0 or max_lat >= 90.0:
        return [(-180.0, min_lat, 180.0, max_lat)]
    coslat = min(math.cos(math.radians(min_lat)), math.cos(math.radians(max_lat)))
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * coslat)) if coslat > 1e-9 else 360.0
    if dlon >= 180.0:
        return [(-180.0, min_lat, 180.0, max_lat)]
    return split_bbox(lon - dlon, min_lat, lon + dlon, max_lat)


def split_bbox(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float
) -> list[tuple[float, float, float, float]]:
    """A box whose longitudes run past ±180 becomes two boxes inside [-180, 180]."""
    if min_lon < -180.0:
        return [(min_lon + 360.0, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon, max_lat)]
    if max_lon > 180.0:
        return [(min_lon, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon - 360.0, max_lat)]
    if min_lon > max_lon:  # a box given across the antimeridian, e.g. 170,60,-170,70
        return [(min_lon, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon, max_lat)]
    return [(min_lon, min_lat, max_lon, max_lat)]
