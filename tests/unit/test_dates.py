"""Partial and uncertain dates (EDTF) as registers and war-dead lists give them."""

from __future__ import annotations

from datetime import date

import pytest

from memreg.domain.dates import DateError, parse_partial_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1912", 1912, 1912),
        ("1912-12", 1912, 1912),
        ("1912-12-18", 1912, 1912),
        ("1943-07?", 1943, 1943),
        ("~1912", 1912, 1912),
        ("1943-07-15~", 1943, 1943),
        ("1944%", 1944, 1944),
        ("1941/1945", 1941, 1945),
        ("1941-06-22/1945-05-09", 1941, 1945),
        ("../1945", 1945, 1945),
        ("194X", 1940, 1949),
        ("1912-02-29", 1912, 1912),
        ("2000-02-29", 2000, 2000),
    ],
)
def test_partial_date_parses_with_its_year_range(text: str, earliest: int, latest: int) -> None:
    parsed = parse_partial_date(text)
    assert parsed.text == text
    assert (parsed.earliest_year, parsed.latest_year) == (earliest, latest)


def test_open_ended_interval_runs_to_this_year() -> None:
    parsed = parse_partial_date("1941/..")
    assert (parsed.earliest_year, parsed.latest_year) == (1941, date.today().year)


def test_partial_date_is_trimmed() -> None:
    assert parse_partial_date("  1912 ").text == "1912"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1912-02-30", "no day 30"),
        ("1900-02-29", "no day 29"),  # 1900 was not a leap year
        ("1943-04-31", "no day 31"),
        ("1912-02-30?", "no day 30"),
        ("1913-13", "month 13"),
        ("1913-00", "month 00"),
        ("1945/1941", "ends before it starts"),
        ("1941-02-30/1945", "no day 30"),
        ("/", "at least one end"),
        ("", "empty"),
        ("   ", "empty"),
        ("2999", "future"),
        ("abc", "not a valid EDTF date"),
        ("__.__.1910", "not a valid EDTF date"),
        ("18.12.1912", "not a valid EDTF date"),
        ("1940s", "not a valid EDTF date"),
    ],
)
def test_impossible_or_malformed_date_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_partial_date(text)


def test_refusal_of_malformed_date_explains_the_accepted_forms() -> None:
    with pytest.raises(DateError) as info:
        parse_partial_date("весна 1943")
    assert "YYYY-MM-DD" in str(info.value) and "YYYY/YYYY" in str(info.value)


@pytest.mark.xfail(
    reason="dates.py: the fast path reads EDTF level-1 seasons (1943-21 = spring 1943, "
    "21-24) as months and refuses them as 'month 21 does not exist'",
    strict=True,
)
def test_edtf_season_is_accepted() -> None:
    parsed = parse_partial_date("1943-21")
    assert (parsed.earliest_year, parsed.latest_year) == (1943, 1943)
