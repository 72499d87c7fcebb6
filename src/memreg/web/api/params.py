"""Parsing the API's query and path parameters, with errors that name the parameter.

The patterns below are published in /api/openapi.json and are exactly what the parsers
accept, so a client (or schemathesis) can tell valid input from invalid by the schema alone.
"""

from __future__ import annotations

import re

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.domain.places import country_codes, region_codes, split_bbox
from memreg.domain.validation import ID_PATTERN
from memreg.domain.vocabulary import MemorialKind
from memreg.store.backend import BBox

# A decimal number as JavaScript and most GIS tools print it: 27.5, -0.25, .5, 1e-7.
_NUMBER = r" *[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)? *"
NUMBER = re.compile(_NUMBER)


def _degrees(limit: int, below: str) -> str:
    """Decimal degrees from -limit to limit, as a pattern: `below` matches the whole
    numbers 0 to limit-1; exponents only shrink (1e-7, as JavaScript prints tiny values)."""
    return (
        rf" *[+-]?(?:0*(?:{below})(?:\.[0-9]*)?|0*{limit}(?:\.0*)?|\.[0-9]+"
        r"|(?:[0-9](?:\.[0-9]*)?|\.[0-9]+)[eE]-[0-9]+) *"
    )


_LAT = _degrees(90, "[0-9]|[1-8][0-9]")
_LON = _degrees(180, "[0-9]|[1-9][0-9]|1[0-7][0-9]")
LATITUDE, LONGITUDE = re.compile(_LAT), re.compile(_LON)
BBOX_PATTERN = "^" + ",".join([_LON, _LAT, _LON, _LAT]) + "$"
NEAR_PATTERN = "^" + ",".join([_LAT, _LON]) + "$"
KINDS = [k.value for k in MemorialKind]


def _degrees_of(parameter: str, text: str, axes: list[str]) -> list[float]:
    """The numbers of a parameter, each checked against its axis exactly as the published
    pattern does, with a message that says which rule a value broke."""
    parts = text.split(",")
    if len(parts) != len(axes):
        raise BadRequestError(parameter, f"needs {len(axes)} comma-separated numbers")
    for part, axis in zip(parts, axes, strict=True):
        pattern, limit = (LATITUDE, 90) if axis == "lat" else (LONGITUDE, 180)
        if pattern.fullmatch(part):
            continue
        if not NUMBER.fullmatch(part):
            raise BadRequestError(parameter, "must be decimal numbers such as 27.56")
        plural = "latitudes" if axis == "lat" else "longitudes"
        raise BadRequestError(
            parameter, f"{plural} must be between -{limit} and {limit} (decimal degrees)"
        )
    return [float(p) for p in parts]


def parse_bbox(text: str) -> tuple[BBox, ...]:
    """min_lon,min_lat,max_lon,max_lat; a box with min_lon > max_lon crosses the antimeridian.

    Latitudes may come in either order: a box between two parallels is the same box.
    """
    min_lon, min_lat, max_lon, max_lat = _degrees_of("bbox", text, ["lon", "lat", "lon", "lat"])
    if min_lat > max_lat:
        min_lat, max_lat = max_lat, min_lat
    return tuple(split_bbox(min_lon, min_lat, max_lon, max_lat))


def parse_near(text: str) -> tuple[float, float]:
    lat, lon = _degrees_of("near", text, ["lat", "lon"])
    return lat, lon


def country_choices() -> list[str]:
    """What `country` accepts, as published: each ISO 3166-1 code in upper or lower case."""
    codes = sorted(country_codes())
    return codes + [c.lower() for c in codes]


def region_choices() -> list[str]:
    """What `region` accepts, as published: each ISO 3166-2 code in upper or lower case."""
    codes = sorted(region_codes())
    return codes + [c.lower() for c in codes]


def check_country(code: str | None) -> str | None:
    if code is None:
        return None
    if code.upper() not in country_codes() or code not in (code.upper(), code.lower()):
        raise BadRequestError("country", "not an ISO 3166-1 alpha-2 code (e.g. BY, RU, UA)")
    return code.upper()


def check_region(code: str | None) -> str | None:
    if code is None:
        return None
    if code.upper() not in region_codes() or code not in (code.upper(), code.lower()):
        raise BadRequestError("region", "not an ISO 3166-2 code (e.g. BY-HM, RU-MOW)")
    return code.upper()


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
