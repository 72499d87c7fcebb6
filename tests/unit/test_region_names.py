"""The table of CIS region names: every ISO 3166-2 code of the CIS countries, and each name
written in its language's script."""

from __future__ import annotations

import re

import pycountry

from memreg.domain.region_names import cis_region_names, region_name

CIS = {"AM", "AZ", "BY", "GE", "KG", "KZ", "MD", "RU", "TJ", "TM", "UA", "UZ"}


def test_the_table_holds_every_cis_region_of_iso_3166_2_and_nothing_else():
    iso = {s.code for s in pycountry.subdivisions if s.country_code in CIS}
    assert set(cis_region_names()) == iso


def test_each_name_is_in_its_own_script():
    for code, names in cis_region_names().items():
        assert all(names.values()), code
        assert not re.search(r"[А-Яа-яЁёІіЎў]", names["en"]), code
        for lang in ("ru", "be"):
            assert not re.search(r"[A-Za-z\u00ad]", names[lang]), (code, lang)
        assert "ў" not in names["ru"] and "і" not in names["ru"], code  # Belarusian letters


def test_a_region_outside_the_table_falls_back_to_its_iso_name():
    assert region_name("PL-14", "en") == "Mazowieckie"
    assert region_name("ZZ-99", "ru") == "ZZ-99"  # no region at all: the code is all there is
