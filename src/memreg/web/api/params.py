"""Parsing the API's query and path parameters, with errors that name the parameter.

The patterns below are published in /api/openapi.json and are exactly what the parsers
accept, so a client (or schemathesis) can tell valid input from invalid by the schema alone.
"""

from __future__ import annotations

import math
import re

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.domain.places import country_codes, region_codes, split_bbox
from memreg.domain.validation import ID_PATTERN
from memreg.domain.vocabulary import MemorialKind
from memreg.store.backend import BBox

# A decimal number as JavaScript and most GIS tools print it: 27.5, -0.25, .5, 1e-7.
_NUMBER = r" *[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)? *"
NUMBER = re.compile(_NUMBER)
BBOX_PATTERN = "^" + ",".join([_NUMBER] * 4) + "$"
NEAR_PATTERN = "^" + ",".join([_NUMBER] * 2) + "$"
COUNTRY_PATTERN = "^[A-Za-z]{2}$"
REGION_PATTERN = "^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$"
KINDS = [k.value for k in MemorialKind]


def _numbers(parameter: str, text: str, count: int) -> list[float]:
    parts = text.split(",")
    if len(parts) != count:
        raise BadRequestError(parameter, f"needs {count} comma-separated numbers")
    if not all(NUMBER.fullmatch(p) for p in parts):
        raise BadRequestError(parameter, "must be decimal numbers such as 27.56")
    values = [float(p) for p in parts]
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
        raise BadRequestError("country", "not an ISO 3166-1 alpha-2 code (e.g. BY, RU, UA)")
    return code


def check_region(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.upper()
    if code not in region_codes():
        raise BadRequestError("region", "not an ISO 3166-2 code (e.g. BY-HM, RU-MOW)")
    return code


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise BadRequestError("kind", "must be one of " + ", ".join(KINDS))
    return kind


def check_record_id(record_type: str, record_id: str) -> str:
    """An id no record can have (a NUL, a space, 5,000 characters) is simply not found.

    Answering before the query keeps such input away from the database, which may refuse it
    (PostgreSQL cannot compare text holding a NUL byte).
    """
    if not ID_PATTERN.fullmatch(record_id):
        shown = record_id if len(record_id) <= 80 else record_id[:77] + "..."
        raise NotFoundError(record_type, shown)
    return record_id
