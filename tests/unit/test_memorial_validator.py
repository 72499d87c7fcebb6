"""MemorialValidator, the import's fast path, must answer exactly as validate_memorial does.

Hypothesis looks for a row where the two differ, with one validator kept across examples
so that remembered combinations are exercised too.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memreg.domain.memorial_validator import MemorialValidator
from memreg.domain.validation import validate_memorial

TEXTS = st.one_of(
    st.sampled_from(["", " ", "Обелиск", " Братская могила ", "Ob\x00elisk", "\ud83d", "Б" * 500,
                     "Б" * 501, "x" * 5001]),
    st.text(max_size=10),
)  # fmt: skip
ROW = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["", "M-1", " M-2 ", "M 3", "M" * 65, "Я"]),
        "kind": st.sampled_from(["", "obelisk", "mass_grave", " plaque ", "castle", "OBELISK"]),
        "name": TEXTS,
        "name_ru": TEXTS,
        "name_be": TEXTS,
        "name_en": TEXTS,
        "lat": st.sampled_from(
            [
                "",
                "53.9",
                "53,9",
                " 53.9",
                "91",
                "-90",
                "nan",
                "inf",
                "1e1",
                "1_0",
                "x",
                "52.123456789",
            ]
        ),
        "lon": st.sampled_from(["", "27.56", "180", "-181", "27,5", "0"]),
        "country": st.sampled_from(["", "BY", "by", "RU", "XX", "BYE", " UA"]),
        "region": st.sampled_from(["", "BY-HM", "by-hm", "RU-MOW", "BY-ZZ"]),
        "status": st.sampled_from(["", "standing", "lost", "gone"]),
        "erected": st.sampled_from(["", "1957", "1957-05-09", "1957-13", "1950/1960", "3000"]),
        "buried_total": st.sampled_from(["", "10", "0", "-1", "x", "10000001", " 5"]),
        "buried_known": st.sampled_from(["", "5", "11", "0"]),
        "buried_unknown": st.sampled_from(["", "5", "x"]),
        "settlement": TEXTS,
        "address": TEXTS,
        "custodian": TEXTS,
        "protection_level": st.sampled_from(["", "federal", "x" * 41]),
        "protection_number": st.sampled_from(["", "123", "x" * 101]),
        "osm_id": st.sampled_from(["", "n123", "way/5", "bad"]),
        "wikidata": st.sampled_from(["", "Q42", "42"]),
        "names": st.sampled_from([None, {"uk": "Обеліск"}]),
    },
)
VALIDATOR = MemorialValidator()


@given(ROW, st.integers(min_value=1, max_value=10**6))
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fast_path_answers_as_validate_memorial(row: dict[str, Any], line: int) -> None:
    assert VALIDATOR(row, line) == validate_memorial(row, line)


def test_a_plain_row_takes_the_fast_path_and_matches() -> None:
    row = {"id": "M-1", "kind": "obelisk", "name": "", "name_ru": "Обелиск", "name_be": "Абеліск",
           "lat": "53.9", "lon": "27.56", "country": "BY", "region": "BY-HM", "status": "",
           "erected": "1957", "buried_total": "10", "buried_known": "4", "settlement": "Мінск",
           "address": "", "osm_id": "", "wikidata": ""}  # fmt: skip
    validator = MemorialValidator()
    fast = validator._fast(row)  # raises if the row would go the slow way
    assert (fast, []) == validate_memorial(row, 2)
    assert fast["buried_unknown"] == 6 and fast["name"] == "Обелиск"
