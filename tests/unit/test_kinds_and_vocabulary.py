"""Words sources use for kinds, fates and places, matched to the register's vocabulary."""

from __future__ import annotations

import pytest

from memreg.domain.kinds import guess_kind
from memreg.domain.places import country_from_name, region_from_name
from memreg.domain.validation import validate_memorial, validate_person


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Братская могила советских воинов", "mass_grave"),
        ("Брацкая магіла савецкіх воінаў", "mass_grave"),
        ("Место массовых захоронений", "mass_grave"),
        ("ETAPLES MILITARY CEMETERY", "war_cemetery"),
        ("ABBEYLEIX CATHOLIC CHURCHYARD", "war_cemetery"),
        ("Мемориальная доска Герою", "plaque"),
        ("Мемориальный комплекс", "memorial_complex"),
        ('Памятник - обелиск "400 -летие г.Орла"', "obelisk"),
        ("Бюст А. С. Пушкину", "sculpture"),
        ("Могила Героя Советского Союза", "individual_grave"),
        ("MENIN GATE MEMORIAL", "monument"),
        ("Böyük Vətən Müharibəsində həlak olmuş həmvətənlərimizin xatirə abidəsi", "monument"),
        ("Дом жилой", None),
    ],
)
def test_kind_is_told_by_the_name(name: str, kind: str | None) -> None:
    assert guess_kind(name) == kind


@pytest.mark.parametrize("written", ["Mass Grave", "mass-grave", " MASS_GRAVE ", "mass  grave"])
def test_vocabulary_values_are_matched_leniently(written: str) -> None:
    record, problems = validate_memorial({"kind": written, "name": "X", "country": "by"})
    assert problems == [] and record is not None and record["kind"] == "mass_grave"
    person, problems = validate_person({"surname": "X", "fate": "Killed in action"})
    assert problems == [] and person is not None and person["fate"] == "killed_in_action"


def test_an_unknown_vocabulary_value_is_still_refused_naming_the_choices() -> None:
    _, problems = validate_memorial({"kind": "castle", "name": "X", "country": "BY"})
    assert problems[0].field == "kind" and "mass_grave" in problems[0].message


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Netherlands", "NL"),
        ("Turkey (including Gallipoli)", "TR"),
        ("Ireland, Republic of", "IE"),
        ("Russian Federation", "RU"),
        ("SCOTLAND", "GB"),
        ("Беларусь", "BY"),
        ("by", "BY"),
        ("Atlantis", None),
    ],
)
def test_country_from_its_name(name: str, code: str | None) -> None:
    assert country_from_name(name) == code


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [
        ("Орловская область", "RU", "RU-ORL"),
        ("Республика Татарстан", "RU", "RU-TA"),
        ("Москва", "RU", "RU-MOW"),
        ("Гомельская область", "BY", "BY-HO"),
        ("Scotland", "GB", "GB-SCT"),
        ("Zuid-Holland", "NL", "NL-ZH"),
        ("Нигдеград", "RU", None),
    ],
)
def test_region_from_its_name(name: str, country: str, code: str | None) -> None:
    assert region_from_name(name, country) == code
