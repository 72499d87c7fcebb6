"""Parsing the API's compound query parameters, with errors that name the parameter."""

from __future__ import annotations

import math

from memreg.domain.errors import BadRequestError
from memreg.domain.places import country_codes, region_codes, split_bbox
from memreg.domain.vocabulary import MemorialKind
from memreg.store.backend import BBox


def _numbers(parameter: str, text: str, count: int) -> list[float]:
    parts = text.split(",")
    if len(parts) != count:
        raise BadRequestError(parameter, f"needs {count} comma-separated numbers")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise BadRequestError(parameter, "must be numbers") from None
    if not all(math.isfinite(v) for v in values):
        raise BadRequestError(parameter, "must be finite numbers")
    return values


def parse_bbox(text: str) -> tuple[BBox, ...]:
    """min_lon,min_lat,max_lon,max_lat; a box with min_lon > max_lon crosses the antimeridian."""
    min_lon, min_lat, max_lon, max_lat = _numbers("bbox", text, 4)
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise BadRequestError("bbox", "longitudes must be between -180 and 180")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise BadRequestError("bbox", "latitudes must be between -90 and 90")
    if min_lat > max_lat:
        raise BadRequestError("bbox", "min_lat is greater than max_lat")
    return tuple(split_bbox(min_lon, min_lat, max_lon, max_lat))


def parse_near(text: str) -> tuple[float, float]:
    lat, lon = _numbers("near", text, 2)
    if not -90 <= lat <= 90:
        raise BadRequestError("near", "latitude must be between -90 and 90")
    if not -180 <= lon <= 180:
        raise BadRequestError("near", "longitude must be between -180 and 180")
    return lat, lon


def check_country(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.upper()
    if code not in country_codes():
        raise BadRequestError("country", "not an ISO 3166-1 alpha-2 code")
    return code


def check_region(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.upper()
    if code not in region_codes():
        raise BadRequestError("region", "not an ISO 3166-2 code")
    return code


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in {k.value for k in MemorialKind}:
        raise BadRequestError("kind", "must be one of " + ", ".join(k.value for k in MemorialKind))
    return kind
