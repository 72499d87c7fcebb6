"""Keyset pagination: a page starts after the last row of the previous one, never at an offset.

Reading page 5,000 then costs what reading page 1 costs. A cursor is the sort key of the
last row shown, as opaque URL-safe text; one that does not decode to the expected shape is
refused naming the parameter. Offsets stay for small values (a client jumping a few pages).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from memreg.domain.errors import BadRequestError
from memreg.domain.text import text_fault

MAX_OFFSET = 10_000  # past this, pages are read by cursor


def encode_cursor(kind: str, key: list[Any]) -> str:
    raw = json.dumps([kind, *key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str, shapes: dict[str, tuple[type, ...]]) -> tuple[str, list[Any]]:
    """The kind and key a cursor holds; BadRequestError unless it is one of these kinds."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequestError("cursor", "is not a cursor this register gave") from None
    shape = shapes.get(value[0]) if isinstance(value, list) and value else None
    if (
        shape is None
        or len(value) != len(shape) + 1
        or not all(type(v) is t for v, t in zip(value[1:], shape, strict=True))
    ):
        raise BadRequestError("cursor", "is not a cursor for this list") from None
    if any(type(v) is int and abs(v) >= 2**31 for v in value):  # no key is that large
        raise BadRequestError("cursor", "is not a cursor this register gave") from None
    if any(isinstance(v, str) and text_fault(v) for v in value):
        raise BadRequestError("cursor", "is not a cursor this register gave") from None
    return value[0], value[1:]


def check_offset(offset: int) -> int:
    if offset > MAX_OFFSET:
        raise BadRequestError(
            "offset", f"must be at most {MAX_OFFSET}; follow the `next` link (a cursor) instead"
        )
    return offset
