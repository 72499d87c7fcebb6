"""PersonValidator, the import's fast path, must answer exactly as validate_person does.

validate_person is the one statement of the rules and messages; the fast path only remembers
clean values and hands every doubtful row to it. Hypothesis looks for a row where the two
differ, with one validator kept across examples so that remembered values are exercised too.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memreg.domain.validation import PersonValidator, validate_person

TEXTS = st.one_of(
    st.sampled_from(
        ["", " ", "Иванов", " Сидоренко ", "Ivanov", "Пе\x00тр", "рядовой", "\t", "Р" * 500]
    ),
    st.sampled_from(["Р" * 501, "M" * 64, "M" * 65, "x" * 5000, "x" * 5001]),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.sampled_from(
        [
            "1912",
            "1943-07?",
            "1941/1945",
            "1912-02-29",
            "1913-02-29",
            "1913-13",
            "194X",
            "../1945",
            "1941/..",
            "~1912",
            "3000",
            " 1915 ",
            "__.__.1910",
            "1945/1941",
            "",
            "2099",
        ]
    ),  # fmt: skip
    st.from_regex(r"\A1[89][0-9]{2}(-[01][0-9](-[0-3][0-9])?)?[?~%]?\Z"),
)
IDS = st.one_of(
    st.sampled_from(["", " ", "P1", "obd-6891611", "obd 1", "P1\n", " P1", "a" * 64, "a" * 65]),
    st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,5}\Z"),
    st.text(max_size=6),
)
CHOICES = st.sampled_from(
    ["", "killed_in_action", "missing", " missing ", "lost", "buried_at", "commemorated_at",
     "lies_near", "reburied_to"]
)  # fmt: skip
OTHER_TYPES = st.one_of(st.none(), st.integers(0, 3000), st.just(["Рыбалко"]), st.just({}))
FIELDS = {
    "id": IDS,
    "surname": TEXTS,
    "given_name": TEXTS,
    "patronymic": TEXTS,
    "birth_date": DATES,
    "death_date": DATES,
    "birthplace": TEXTS,
    "rank": TEXTS,
    "unit": TEXTS,
    "fate": CHOICES,
    "memorial_id": st.one_of(IDS, TEXTS),
    "role": CHOICES,
}


@st.composite
def raw_persons(draw: st.DrawFn) -> dict[str, Any]:
    """Rows as a CSV gives them (all text, some columns absent), now and then an API body."""
    row: dict[str, Any] = {}
    for name, values in FIELDS.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # the file has no such column, or the row is short
        row[name] = draw(OTHER_TYPES) if draw(st.integers(0, 19)) == 0 else draw(values)
    if draw(st.integers(0, 19)) == 0:
        row["name_variants"] = draw(OTHER_TYPES)
    return row


SHARED = PersonValidator()  # remembers values across examples, as over the rows of a file


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_persons(), st.one_of(st.none(), st.integers(1, 10**6)))
def test_fast_path_answers_exactly_as_validate_person(raw: dict[str, Any], line: int | None):
    expected = validate_person(dict(raw), line)
    assert SHARED(dict(raw), line) == expected
    assert PersonValidator()(dict(raw), line) == expected


def test_good_rows_take_the_fast_path_and_bad_ones_get_every_message() -> None:
    validator = PersonValidator()
    good = {"id": "P1", "surname": " Рыбалко ", "birth_date": "1910", "memorial_id": "M1"}
    record, problems = validator(good, 2)
    assert problems == [] and record is not None
    assert (record["surname"], record["birth_year"], record["role"]) == (
        "Рыбалко",
        1910,
        "buried_at",
    )
    bad = {**good, "surname": "", "birth_date": "1913-13", "role": "lies_near"}
    assert validator(bad, 3) == validate_person(bad, 3)
    assert {p.field for p in validator(bad, 3)[1]} == {"surname", "birth_date", "role"}


def test_remembered_values_stay_bounded() -> None:
    validator = PersonValidator()
    validator.MAX_REMEMBERED = 10
    for number in range(100):
        validator({"id": f"P{number}", "surname": f"Фамилия{number}"}, number)
    assert all(len(known) <= 10 for _, _, known in validator._fields)
