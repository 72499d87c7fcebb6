"""Query parameters of OGC API - Features, checked as the standard asks.

Every endpoint names the parameters it takes; any other is refused with 400 naming it
(/req/core/query-param-invalid). bbox is four numbers in CRS84 (a box with min_lon >
max_lon crosses the antimeridian); datetime is an RFC 3339 instant or interval with `..`
for an open end; property filters compare for equality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from memreg.domain.errors import BadRequestError
from memreg.store.backend import BBox
from memreg.web.api.params import parse_bbox

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
MAX_OFFSET = 100_000_000
FORMATS = ("json", "html")


def refuse_unknown(query: Mapping[str, str], allowed: Iterable[str]) -> None:
    known = set(allowed)
    for name in query:
        if name not in known:
            shown = name if len(name) <= 60 else name[:57] + "..."
            raise BadRequestError(shown, "unknown parameter; use " + ", ".join(sorted(known)))


def refuse_repeated(pairs: Iterable[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            raise BadRequestError(name, "given more than once")
        seen.add(name)


def parse_limit(text: str | None) -> int:
    """1 to MAX_LIMIT; a larger limit is served as MAX_LIMIT, as the standard allows."""
    if text is None:
        return DEFAULT_LIMIT
    if not text.isdigit() or int(text) < 1:
        raise BadRequestError("limit", f"must be a whole number from 1 to {MAX_LIMIT}")
    return min(int(text), MAX_LIMIT)


def parse_offset(text: str | None) -> int:
    if text is None:
        return 0
    if not text.isdigit() or int(text) > MAX_OFFSET:
        raise BadRequestError("offset", f"must be a whole number from 0 to {MAX_OFFSET}")
    return int(text)


def parse_ogc_bbox(text: str | None) -> tuple[BBox, ...]:
    if text is None:
        return ()
    if len(text.split(",")) == 6:
        raise BadRequestError("bbox", "3D boxes are not supported; give 4 numbers")
    return parse_bbox(text)


def _utc(text: str, end: bool) -> str:
    """An RFC 3339 date-time or date as the register writes times (UTC, milliseconds, Z)."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(), tzinfo=UTC)
            if end:
                moment += timedelta(days=1) - timedelta(milliseconds=1)
        else:
            moment = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError("no time zone")
    except ValueError:
        raise BadRequestError(
            "datetime", "must be an RFC 3339 date-time (2024-05-09T10:00:00Z), a date, or an "
            "interval of them with / and .. for an open end"
        ) from None  # fmt: skip
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_datetime(text: str | None) -> tuple[str | None, str | None]:
    """(from, until), both ends included; None for an open end."""
    if text is None:
        return None, None
    parts = text.split("/")
    if len(parts) == 1:
        if parts[0] == "..":
            raise BadRequestError("datetime", "an instant cannot be '..'")
        return _utc(parts[0], end=False), _utc(parts[0], end=True)
    if len(parts) != 2 or parts == ["..", ".."] or parts == ["", ""]:
        raise BadRequestError("datetime", "an interval is start/end, one of them may be '..'")
    start = None if parts[0] in ("..", "") else _utc(parts[0], end=False)
    until = None if parts[1] in ("..", "") else _utc(parts[1], end=True)
    if start and until and start > until:
        raise BadRequestError("datetime", "the interval ends before it starts")
    return start, until


def parse_format(text: str | None, accept: str) -> str:
    """json or html: `f` decides; without it, a browser (text/html first) gets HTML."""
    if text is not None:
        if text not in FORMATS:
            raise BadRequestError("f", "must be json or html")
        return text
    first = accept.split(",")[0].strip().lower()
    return "html" if first.startswith("text/html") else "json"
