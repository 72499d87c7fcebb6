"""The demo register: reproducible, realistic and importable as native CSV rows."""

from __future__ import annotations

import re
import types
from collections import Counter

import pycountry
import pytest

from memreg.domain.dates import parse_partial_date
from memreg.domain.validation import validate_memorial, validate_person
from memreg.domain.vocabulary import Fate, LifecycleStatus, LinkRole, MemorialKind
from memreg.ingest.demo import (
    GRAVE_KINDS,
    MEMORIAL_FIELDS,
    PERSON_FIELDS,
    DemoRegister,
    build_demo_register,
    demo_memorials,
    iter_demo_persons,
)

CIS = {"BY", "RU", "UA", "KZ", "AM", "AZ", "KG", "MD", "TJ", "UZ", "GE", "TM"}
SUBDIVISIONS = {s.code: s.country_code for s in pycountry.subdivisions}


@pytest.fixture(scope="module")
def register() -> DemoRegister:
    return build_demo_register(seed=7, memorials=600, persons=20_000)


def test_the_same_seed_gives_the_same_register_and_another_seed_another(
    register: DemoRegister,
) -> None:
    assert build_demo_register(seed=7, memorials=600, persons=20_000) == register
    other = build_demo_register(seed=8, memorials=600, persons=20_000)
    assert other.memorials != register.memorials
    assert other.persons != register.persons


def test_the_streamed_persons_and_the_memorials_alone_match_the_register(
    register: DemoRegister,
) -> None:
    stream = iter_demo_persons(seed=7, memorials=600, persons=20_000)
    assert isinstance(stream, types.GeneratorType)
    assert list(stream) == register.persons
    assert demo_memorials(seed=7, memorials=600, persons=20_000) == register.memorials


def test_the_default_register_has_the_asked_sizes() -> None:
    default = build_demo_register()
    assert len(default.memorials) == 2000
    assert len(default.persons) == 100_000


@pytest.mark.parametrize(("memorials", "persons"), [(0, 0), (1, 0), (1, 10), (3, 2), (50, 7)])
def test_small_registers_place_every_person(memorials: int, persons: int) -> None:
    small = build_demo_register(seed=1, memorials=memorials, persons=persons)
    assert len(small.memorials) == memorials
    assert len(small.persons) == persons
    ids = {m["id"] for m in small.memorials}
    assert all(p["memorial_id"] in ids for p in small.persons)


def test_persons_without_memorials_are_refused() -> None:
    with pytest.raises(ValueError):
        build_demo_register(memorials=0, persons=1)


def test_rows_have_exactly_the_native_columns_as_strings(register: DemoRegister) -> None:
    for row in register.memorials:
        assert tuple(row) == MEMORIAL_FIELDS
        assert all(isinstance(v, str) for v in row.values())
    for row in register.persons:
        assert tuple(row) == PERSON_FIELDS
        assert all(isinstance(v, str) for v in row.values())


def test_ids_are_unique_and_zero_padded(register: DemoRegister) -> None:
    memorial_ids = [m["id"] for m in register.memorials]
    person_ids = [p["id"] for p in register.persons]
    assert len(set(memorial_ids)) == len(memorial_ids)
    assert len(set(person_ids)) == len(person_ids)
    assert all(re.fullmatch(r"M\d{6}", i) for i in memorial_ids)
    assert all(re.fullmatch(r"P\d{7}", i) for i in person_ids)


def test_every_region_is_an_iso_subdivision_of_the_rows_country(register: DemoRegister) -> None:
    for row in register.memorials:
        assert row["country"] in CIS
        if row["region"]:
            assert SUBDIVISIONS.get(row["region"]) == row["country"], row
    with_region = sum(1 for row in register.memorials if row["region"])
    assert with_region >= 0.95 * len(register.memorials)


def test_belarus_and_russia_have_the_most_memorials(register: DemoRegister) -> None:
    top_two = {c for c, _ in Counter(m["country"] for m in register.memorials).most_common(2)}
    assert top_two == {"BY", "RU"}


def test_coordinates_are_wgs84_with_six_decimals(register: DemoRegister) -> None:
    for row in register.memorials:
        assert re.fullmatch(r"-?\d+\.\d{6}", row["lat"]), row["lat"]
        assert re.fullmatch(r"-?\d+\.\d{6}", row["lon"]), row["lon"]
        lat, lon = float(row["lat"]), float(row["lon"])
        assert 35.0 < lat < 82.0 and -180.0 <= lon <= 180.0, row
    points = Counter((m["lat"], m["lon"]) for m in register.memorials)
    assert points.most_common(1)[0][1] == 1


def test_names_come_in_the_local_language_russian_and_english(register: DemoRegister) -> None:
    for row in register.memorials:
        assert row["name_ru"] and row["name_en"] and row["settlement"]
        assert bool(row["name_be"]) == (row["country"] == "BY")
        assert bool(row["name_uk"]) == (row["country"] == "UA")
        primary = {"BY": row["name_be"], "UA": row["name_uk"]}.get(row["country"], row["name_ru"])
        assert row["name"] == primary
    by_names = [m["name"] for m in register.memorials if m["country"] == "BY"]
    assert any(name.startswith("Брацкая магіла") for name in by_names)


def test_codes_are_in_the_vocabulary(register: DemoRegister) -> None:
    kinds = Counter(m["kind"] for m in register.memorials)
    assert set(kinds) <= {k.value for k in MemorialKind}
    assert kinds.most_common(1)[0][0] == MemorialKind.MASS_GRAVE
    statuses = Counter(m["status"] for m in register.memorials)
    assert set(statuses) <= {s.value for s in LifecycleStatus}
    assert statuses.most_common(1)[0][0] == LifecycleStatus.STANDING
    assert {p["fate"] for p in register.persons} <= {f.value for f in Fate}
    roles = Counter(p["role"] for p in register.persons)
    assert set(roles) <= {r.value for r in LinkRole}
    assert roles.most_common(1)[0][0] == LinkRole.BURIED_AT


def test_every_person_belongs_to_a_memorial_and_graves_count_them(
    register: DemoRegister,
) -> None:
    memorials = {m["id"]: m for m in register.memorials}
    buried = Counter(p["memorial_id"] for p in register.persons if p["role"] == "buried_at")
    assert all(p["memorial_id"] in memorials for p in register.persons)
    for memorial_id, memorial in memorials.items():
        if memorial["kind"] in GRAVE_KINDS:
            assert int(memorial["buried_known"]) == buried[memorial_id]
            assert int(memorial["buried_total"]) >= int(memorial["buried_known"])
        else:
            assert memorial["buried_total"] == memorial["buried_known"] == ""
            assert buried[memorial_id] == 0
    assert max(Counter(p["memorial_id"] for p in register.persons).values()) >= 200


def test_dates_are_edtf_and_everyone_was_born_before_dying(register: DemoRegister) -> None:
    for row in register.memorials:
        erected = parse_partial_date(row["erected"])
        assert erected.earliest_year >= 1943 and erected.latest_year <= 1990
    for row in register.persons:
        death = parse_partial_date(row["death_date"])
        assert death.earliest_year >= 1941 and death.latest_year <= 1945
        if row["birth_date"]:
            birth = parse_partial_date(row["birth_date"])
            assert birth.earliest_year >= 1895 and birth.latest_year <= 1927
            assert birth.latest_year < death.earliest_year
            assert row["birth_date"] < row["death_date"]


def test_persons_look_like_real_lists(register: DemoRegister) -> None:
    persons = register.persons
    women = sum(1 for p in persons if p["patronymic"].endswith("вна"))
    assert 0 < women < 0.25 * len(persons)
    assert 0 < sum(1 for p in persons if not p["patronymic"]) < 0.3 * len(persons)
    assert 0 < sum(1 for p in persons if not p["birth_date"]) < 0.2 * len(persons)
    assert sum(1 for p in persons if re.search("[а-яё]", p["surname"])) > 0.9 * len(persons)
    assert Counter(p["rank"] for p in persons).most_common(1)[0][0] in {"красноармеец", "рядовой"}


def test_rows_pass_the_registers_own_validation(register: DemoRegister) -> None:
    for line, row in enumerate(register.memorials, start=2):
        record, problems = validate_memorial(row, line)
        assert record is not None and not problems, problems
    for line, row in enumerate(register.persons[::7], start=2):
        record, problems = validate_person(row, line)
        assert record is not None and not problems, problems


def test_no_memorial_lists_more_buried_names_than_it_knows(register: DemoRegister) -> None:
    """A memorial page must not say "37 (23 known)" above 26 names buried there."""
    buried = Counter(
        p["memorial_id"] for p in register.persons if p["role"] == LinkRole.BURIED_AT.value
    )
    names = Counter(p["memorial_id"] for p in register.persons)
    for memorial in register.memorials:
        if memorial["buried_known"]:
            assert buried[memorial["id"]] == int(memorial["buried_known"]), memorial["id"]
            assert names[memorial["id"]] == buried[memorial["id"]], memorial["id"]
