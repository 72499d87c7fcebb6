"""IIIF Image API 3.0 request parameters, read and checked (compliance level 1).

Each reader takes one path segment and the image's size and returns what to do, or raises
BadRequestError naming the parameter. Level 1: region full, square and x,y,w,h; size max,
w, ,h and w,h (and !w,h, cheap to add); rotation 0; quality default; format jpg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memreg.domain.errors import BadRequestError

_REGION = re.compile(r"^(\d{1,9}),(\d{1,9}),(\d{1,9}),(\d{1,9})$")
_SIZE = re.compile(r"^(!)?(\d{1,9})?,(\d{1,9})?$")


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


def read_region(text: str, width: int, height: int) -> Box:
    """The part of the image asked for, cut to the image (3.0 §4.1)."""
    if text == "full":
        return Box(0, 0, width, height)
    if text == "square":
        side = min(width, height)
        return Box((width - side) // 2, (height - side) // 2, side, side)
    if text.startswith("pct:"):
        raise BadRequestError("region", "pct: regions are not served (level 1); use x,y,w,h")
    match = _REGION.match(text)
    if match is None:
        raise BadRequestError("region", "must be full, square or x,y,w,h in whole pixels")
    x, y, w, h = (int(g) for g in match.groups())
    if w == 0 or h == 0:
        raise BadRequestError("region", "width and height must be greater than zero")
    if x >= width or y >= height:
        raise BadRequestError("region", f"starts outside the image ({width}x{height} pixels)")
    return Box(x, y, min(w, width - x), min(h, height - y))


def read_size(text: str, region: Box, max_width: int, max_height: int) -> tuple[int, int]:
    """The width and height of the answer (3.0 §4.2), never larger than the region
    (no upscaling at level 1) nor than the largest size served."""
    if text.startswith("^"):
        raise BadRequestError("size", "upscaling (^) is not served; ask for the region's size")
    if text.startswith("pct:"):
        raise BadRequestError("size", "pct: sizes are not served (level 1); use w, ,h or w,h")
    if text == "max":
        scale = min(1.0, max_width / region.width, max_height / region.height)
        return _at_least_one(region.width * scale), _at_least_one(region.height * scale)
    match = _SIZE.match(text)
    if match is None:
        raise BadRequestError("size", "must be max, w, ,h, w,h or !w,h in whole pixels")
    confined, w_text, h_text = match.groups()
    if w_text is None and h_text is None:
        raise BadRequestError("size", "give a width, a height or both")
    w = int(w_text) if w_text is not None else None
    h = int(h_text) if h_text is not None else None
    if w == 0 or h == 0:
        raise BadRequestError("size", "width and height must be greater than zero")
    if confined:
        if w is None or h is None:
            raise BadRequestError("size", "!w,h needs both a width and a height")
        scale = min(w / region.width, h / region.height)
        out = (_at_least_one(region.width * scale), _at_least_one(region.height * scale))
    elif w is not None and h is not None:
        out = (w, h)
    elif w is not None:
        out = (w, _at_least_one(region.height * w / region.width))
    else:
        assert h is not None
        out = (_at_least_one(region.width * h / region.height), h)
    if out[0] > region.width or out[1] > region.height:
        raise BadRequestError(
            "size",
            f"larger than the region ({region.width}x{region.height}); upscaling is not served",
        )
    if out[0] > max_width or out[1] > max_height:
        raise BadRequestError(
            "size", f"larger than the largest size served ({max_width}x{max_height} pixels)"
        )
    return out


def read_rotation(text: str) -> None:
    if text not in ("0", "0.0"):
        raise BadRequestError("rotation", "only 0 is served (level 1)")


def read_quality_format(text: str) -> None:
    """`quality.format`: default.jpg is what level 1 serves."""
    quality, dot, fmt = text.rpartition(".")
    if not dot:
        raise BadRequestError("format", "the last segment must be quality.format, e.g. default.jpg")
    if quality not in ("default", "color"):
        raise BadRequestError("quality", "must be default (or color)")
    if fmt != "jpg":
        raise BadRequestError("format", "only jpg is served")


def _at_least_one(value: float) -> int:
    return max(1, round(value))
