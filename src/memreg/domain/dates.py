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


# --- Dates as archives write them (OBD Memorial, Pamyat Naroda, registry cards) ---------

_DMY = r"(__|\d{1,2}|00)\.(__|\d{1,2}|00)\.(\d{4})"
_ONE = re.compile(rf"^{_DMY}$")
_YEAR = re.compile(r"^(\d{4})(?:\s*г(?:\.|ода?)?)?$")
_AGE = re.compile(r"^(?:возраст\s*:?\s*)?(\d{1,3})\s*(?:год(?:а)?|лет|г\.?)?$")
_BETWEEN = re.compile(
    rf"^(?:между|в\s+период\s+с|с)\s+({_DMY}|\d{{4}})\s+(?:и|по|до)\s+({_DMY}|\d{{4}})$"
)
_RANGE = re.compile(rf"^({_DMY}|\d{{4}})\s*[-–—]\s*({_DMY}|\d{{4}})$")
_NIGHT_FROM = re.compile(rf"^в\s+ночь\s+с\s+({_DMY})\s+на\s+({_DMY})$")
_BEFORE = re.compile(rf"^(?:до|не\s+позднее|не\s+позже|ранее)\s+({_DMY}|\d{{4}})$")
_AFTER = re.compile(rf"^(?:после|не\s+ранее|позднее)\s+({_DMY}|\d{{4}})$")
_NIGHT_ON = re.compile(rf"^(?:в\s+ночь\s+на|около|примерно)\s+({_DMY}|\d{{4}})$")
_LOOKS_EDTF = re.compile(r"^[0-9X?~%.\[{/\-]+[0-9X?~%.\]},/\- ]*$")
_ALTERNATIVES = re.compile(rf"^({_DMY}|\d{{4}})\s*\(\s*({_DMY}|\d{{4}})\s*\)$")


def _archival_one(text: str) -> str:
    """`18.12.1912` -> 1912-12-18, `__.07.1943` -> 1943-07, `__.__.1910` -> 1910."""
    if _YEAR.match(text):
        return text[:4]
    match = _ONE.match(text)
    if match is None:
        raise DateError(f"{text!r} is not a date as DD.MM.YYYY (with __ for what is unknown)")
    day, month, year = match[1], match[2], match[3]
    if month in ("__", "00"):
        if day not in ("__", "00"):
            raise DateError(f"{text!r} gives a day without a month")
        out = year
    elif day in ("__", "00"):
        out = f"{year}-{int(month):02d}"
    else:
        out = f"{year}-{int(month):02d}-{int(day):02d}"
    _simple(out)  # refuses 31.06.1941 and 13th months, with the reason
    return out


def _in_order(first: str, last: str) -> None:
    """Refuse an interval whose end comes before its start (compared at the coarser precision)."""
    size = min(len(first), len(last))
    if first[:size] > last[:size]:
        raise DateError(f"the interval ends ({last}) before it starts ({first})")


@lru_cache(maxsize=100_000)
def archival_to_edtf(text: str, age_reference_year: int | None = None) -> str:
    """An archival date (as OBD Memorial and other war-dead lists write it) as EDTF.

    `__.__.1910` -> `1910`; `Между 20.07.1941 и 07.08.1941` -> `1941-07-20/1941-08-07`;
    `До 01.12.1941` / `Не позднее ...` -> `../1941-12-01`; `После ...` / `Не ранее ...` ->
    `1941-12-01/..`; `__.__.1910 (__.__.1912)` (two documents disagree) -> `[1910,1912]`;
    an age (`35`, `35 лет`) -> the two birth years it allows before `age_reference_year`.
    Text that is already EDTF is returned as it is. Raises DateError with the reason.
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip().rstrip(".").strip()
    lowered = cleaned.lower()
    if not cleaned:
        raise DateError("empty date")
    if _LOOKS_EDTF.match(cleaned) and not _ONE.match(cleaned):  # the EDTF library is slow
        try:
            return parse_partial_date(cleaned).text
        except DateError:
            pass
    if _ONE.match(cleaned) or _YEAR.match(lowered):
        return parse_partial_date(_archival_one(lowered)).text
    for pattern, shape in (
        (_BETWEEN, "{0}/{1}"),
        (_RANGE, "{0}/{1}"),
        (_NIGHT_FROM, "{0}/{1}"),
        (_ALTERNATIVES, "[{0},{1}]"),
    ):
        match = pattern.match(lowered)
        if match:
            first, last = _archival_one(match[1]), _archival_one(match[5])
            if shape != "[{0},{1}]":
                _in_order(first, last)
            return parse_partial_date(shape.format(first, last)).text
    for pattern, shape in ((_BEFORE, "../{0}"), (_AFTER, "{0}/.."), (_NIGHT_ON, "{0}")):
        match = pattern.match(lowered)
        if match:
            return parse_partial_date(shape.format(_archival_one(match[1]))).text
    match = _AGE.match(lowered)
    if match:
        age = int(match[1])
        if age_reference_year is None:
            raise DateError(f"an age ({age}) gives a birth year only with a date of death")
        if not 0 <= age <= 120:
            raise DateError(f"an age of {age} years is not plausible")
        return f"{age_reference_year - age - 1}/{age_reference_year - age}"
    raise DateError(
        f"{cleaned!r} is neither EDTF nor an archival date (DD.MM.YYYY with __ for unknown "
        "parts, 'Между A и B', 'До A', 'Не позднее A', 'После A', an age)"
    )
