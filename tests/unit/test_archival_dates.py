"""Dates as archives write them (OBD Memorial, Pamyat Naroda), turned into EDTF."""

from __future__ import annotations

import pytest

from memreg.domain.dates import DateError, archival_to_edtf, parse_partial_date


@pytest.mark.parametrize(
    ("written", "edtf"),
    [
        ("__.__.1910", "1910"),
        ("18.12.1912", "1912-12-18"),
        ("__.07.1943", "1943-07"),
        ("00.00.1915", "1915"),
        ("1.7.1941", "1941-07-01"),
        ("Между 20.07.1941 и 07.08.1941", "1941-07-20/1941-08-07"),
        ("между __.07.1941 и __.08.1941", "1941-07/1941-08"),
        ("Между 20.07.1941 и __.__.1942", "1941-07-20/1942"),
        ("До 01.12.1941", "../1941-12-01"),
        ("Не позднее __.__.1943", "../1943"),
        ("не позднее 05.05.1942", "../1942-05-05"),
        ("После __.07.1943", "1943-07/.."),
        ("Не ранее 12.03.1942", "1942-03-12/.."),
        ("22.06.1941-09.05.1945", "1941-06-22/1945-05-09"),
        ("В ночь с 12.03.1942 на 13.03.1942", "1942-03-12/1942-03-13"),
        ("в ночь на 12.03.1942", "1942-03-12"),
        ("__.__.1910 (__.__.1912)", "[1910,1912]"),
        ("1912", "1912"),
        ("1943-07?", "1943-07?"),
        ("  18.12.1912  ", "1912-12-18"),
    ],
)
def test_archival_date_becomes_edtf(written: str, edtf: str) -> None:
    assert archival_to_edtf(written) == edtf
    parse_partial_date(edtf)  # and the result is a date the register accepts


def test_an_age_gives_the_two_possible_birth_years_before_the_death() -> None:
    assert archival_to_edtf("35 лет", 1941) == "1905/1906"
    assert archival_to_edtf("35", 1941) == "1905/1906"
    assert archival_to_edtf("возраст 19", 1943) == "1923/1924"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("31.06.1941", "no day 31"),
        ("30.02.1942", "no day 30"),
        ("12.13.1941", "month 13"),
        ("12.__.1941", "day without a month"),
        ("Между 07.08.1941 и 20.07.1941", "before it starts"),
        ("35", "only with a date of death"),
        ("вчера", "neither EDTF nor an archival date"),
        ("", "empty"),
        ("__.__.2999", "future"),
    ],
)
def test_archival_date_refused_with_its_reason(written: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        archival_to_edtf(written)


def test_an_implausible_age_is_refused() -> None:
    with pytest.raises(DateError, match="not plausible"):
        archival_to_edtf("150 лет", 1941)
