"""Region names (ISO 3166-2) in Russian, Belarusian and English.

The CIS regions come from data/cis_regions.csv (with its sources in cis_regions.md); any
other region gets pycountry's name, translated by its iso3166-2 catalog where one exists.
"""

from __future__ import annotations

import csv
import gettext
from functools import cache
from pathlib import Path

import pycountry

TABLE = Path(__file__).parent / "data" / "cis_regions.csv"
TABLE_LANGUAGES = ("en", "ru", "be")


@cache
def cis_region_names() -> dict[str, dict[str, str]]:
    """ISO 3166-2 code -> {language: name} for every region in the table."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {lang: row[lang] for lang in TABLE_LANGUAGES}
                for row in csv.DictReader(handle)}  # fmt: skip


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def region_name(code: str, lang: str) -> str:
    """The region's name in `lang` (English when the language is not in the table)."""
    code = code.upper()
    names = cis_region_names().get(code)
    if names:
        return names.get(lang) or names["en"]
    region = pycountry.subdivisions.get(code=code)
    if region is None:
        return code  # not a region at all: the code is all there is to show
    return _catalog(lang).gettext(region.name) if lang != "en" else region.name
