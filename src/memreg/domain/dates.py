"""Partial and uncertain dates in EDTF (ISO 8601-2): `1912`, `1943-07?`, `1941/1945`.

The common shapes are checked by a regular expression (imports see millions of them);
anything else goes to the `edtf` library. Results are cached: real lists repeat dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?$")


@dataclass(frozen=True)
class PartialDate:
    """A valid EDTF string with the earliest and latest calendar years it can mean."""

    text: str
    earliest_year: int
    latest_year: int


class DateError(ValueError):
    """The text is not a valid EDTF date; the message says why, for people."""


def _simple(text: str) -> tuple[int, int] | None:
    match = _SIMPLE.match(text)
    if match is None:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    if month is not None:
        m = int(month)
        if not 1 <= m <= 12:
            raise DateError(f"month {month} does not exist")
        if day is not None:
            d = int(day)
            if not 1 <= d <= calendar.monthrange(year, m)[1]:
                raise DateError(f"{year}-{month} has no day {day}")
    return year, year


def _side(text: str) -> tuple[int, int] | None:
    """One side of an interval: a simple date, or open/unknown ('..' or empty)."""
    if text in ("", ".."):
        return None
    found = _simple(text)
    if found is None:
        raise LookupError(text)
    return found


def _with_library(text: str) -> tuple[int, int]:
    import edtf  # loaded for the rare shapes only: the library takes long to import

    try:
        parsed = edtf.parse_edtf(text)
    except Exception as exc:  # the library raises several types for bad input
        raise DateError(
            "not a valid EDTF date (use YYYY, YYYY-MM, YYYY-MM-DD, add ? or ~ when "
            "uncertain, YYYY/YYYY for a range)"
        ) from exc
    try:
        lower = parsed.lower_strict()
        upper = parsed.upper_strict()
        return int(lower.tm_year), int(upper.tm_year)
    except (AttributeError, OverflowError, ValueError) as exc:
        raise DateError("a date that cannot be placed in time") from exc


@lru_cache(maxsize=100_000)
def parse_partial_date(text: str) -> PartialDate:
    """Parse an EDTF string; raise DateError with a reason when it is not one."""
    text = text.strip()
    if not text:
        raise DateError("empty date")
    years = _simple(text)
    if years is None and text.count("/") == 1:
        left, right = text.split("/")
        try:
            lo, hi = _side(left), _side(right)
        except LookupError:
            lo = hi = None
            years = _with_library(text)
        else:
            if lo is None and hi is None:
                raise DateError("an interval needs at least one end")
            first = lo[0] if lo else (hi[0] if hi else 0)
            last = hi[1] if hi else date.today().year
            if lo and hi and lo[0] > hi[1]:
                raise DateError("the interval ends before it starts")
            years = (first, last)
    elif years is None:
        years = _with_library(text)
    if years[0] > date.today().year:
        raise DateError("a date in the future")
    return PartialDate(text=text, earliest_year=years[0], latest_year=years[1])
