"""How the register's codes read in the interface: vocabularies, countries, regions, numbers.

Every label is a message of the catalogs (marked with N_ so that Babel extracts it); codes
never reach a page bare.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from functools import cache
from typing import Any

import pycountry
from babel.numbers import format_decimal

from memreg.domain.region_names import region_name
from memreg.web.pages import i18n


def N_(message: str) -> str:  # noqa: N802 (the name Babel's extractor looks for)
    return message


KINDS = {
    "mass_grave": N_("Mass grave"), "individual_grave": N_("Individual grave"),
    "war_cemetery": N_("War cemetery"), "memorial_complex": N_("Memorial complex"),
    "monument": N_("Monument"), "obelisk": N_("Obelisk or stele"), "sculpture": N_("Sculpture"),
    "plaque": N_("Memorial plaque"), "other": N_("Other site of memory"),
}  # fmt: skip
STATUSES = {
    "standing": N_("Standing"), "relocated": N_("Relocated"), "damaged": N_("Damaged"),
    "destroyed": N_("Destroyed"), "demolished": N_("Demolished"), "lost": N_("Lost"),
}  # fmt: skip
FATES = {
    "killed_in_action": N_("Killed in action"), "died_of_wounds": N_("Died of wounds"),
    "died_of_disease": N_("Died of disease"), "missing": N_("Missing in action"),
    "died_in_captivity": N_("Died in captivity"), "civilian_victim": N_("Civilian victim"),
    "partisan": N_("Partisan"), "executed": N_("Executed"), "other": N_("Other"),
    "unknown": N_("Unknown"),
}  # fmt: skip
ROLES = {
    "buried_at": N_("Buried here"), "commemorated_at": N_("Commemorated here"),
    "reburied_from": N_("Reburied from here"), "reburied_to": N_("Reburied here"),
}  # fmt: skip
PROTECTION = {
    "federal": N_("Federal significance"), "national": N_("National significance"),
    "regional": N_("Regional significance"), "local": N_("Local significance"),
    "identified": N_("Identified heritage site"), "none": N_("Not protected"),
}  # fmt: skip
EVENTS = {
    "erected": N_("Erected"), "reburial": N_("Reburial"), "restored": N_("Restored"),
    "damaged": N_("Damaged"), "vandalised": N_("Vandalised"), "relocated": N_("Relocated"),
    "demolished": N_("Demolished"), "other": N_("Other event"),
}  # fmt: skip
CONDITIONS = {
    "good": N_("Good"), "satisfactory": N_("Satisfactory"), "poor": N_("Poor"),
    "critical": N_("Critical"), "destroyed": N_("Destroyed"),
}  # fmt: skip
ISSUES = {
    "cracks": N_("Cracks"), "missing_letters": N_("Missing or illegible letters"),
    "surface_wear": N_("Weathered surface"), "vegetation": N_("Overgrown"),
    "subsidence": N_("Subsidence"), "water_damage": N_("Water damage"),
    "vandalism": N_("Vandalism"), "metal_theft": N_("Theft of metal"),
    "damaged_fence": N_("Damaged fence"), "litter": N_("Litter"),
    "no_access": N_("No access"), "lost_marker": N_("Marker lost"),
}  # fmt: skip
TASK_STATES = {"open": N_("Open"), "in_progress": N_("In progress"), "done": N_("Done")}
PRIORITIES = {
    "damaged": N_("Reported damaged"), "critical": N_("Critical condition"),
    "never_inspected": N_("Never inspected"), "overdue": N_("Inspection overdue"),
}  # fmt: skip
USER_ROLES = {
    "public": N_("Public"), "contributor": N_("Contributor"), "custodian": N_("Custodian"),
    "registrar": N_("Registrar"), "admin": N_("Administrator"),
}  # fmt: skip
PROPOSAL_KINDS = {
    "new_memorial": N_("New memorial"), "correction": N_("Correction"),
    "new_person": N_("Name to add"),
}  # fmt: skip
PROPOSAL_STATUSES = {
    "pending": N_("Waiting for a decision"), "approved": N_("Approved and published"),
    "rejected": N_("Rejected"),
}  # fmt: skip
HAS_NAMES = {"yes": N_("With names"), "no": N_("Without names")}
# The languages a memorial's name may be recorded in, named in the interface.
NAME_LANGUAGE_NAMES = {
    "ru": N_("Russian"), "be": N_("Belarusian"), "uk": N_("Ukrainian"), "en": N_("English"),
    "kk": N_("Kazakh"), "ky": N_("Kyrgyz"), "uz": N_("Uzbek"), "tg": N_("Tajik"),
    "hy": N_("Armenian"), "az": N_("Azerbaijani"), "ka": N_("Georgian"), "ro": N_("Romanian"),
    "tk": N_("Turkmen"),
}  # fmt: skip
ACTIONS = {
    "create": N_("Created"), "update": N_("Changed"), "retire": N_("Retired"),
    "created by import": N_("Created by import"), "changed by import": N_("Changed by import"),
    "revert": N_("Reverted"), "restore": N_("Restored"), "merge": N_("Merged"),
}  # fmt: skip
# The titles of the error pages (web/problems.py): the template translates them.
PROBLEM_TITLES = (
    N_("Bad parameter"), N_("Not found"), N_("Method not allowed"), N_("Internal error"),
    N_("Validation failed"), N_("Version conflict"), N_("Already exists"),
    N_("Import rejected"), N_("Store unavailable"), N_("Unauthorized"), N_("Forbidden"),
    N_("Too many requests"), N_("HTTP error"),
)  # fmt: skip


HONOUR_TITLES = {
    "hero_city": N_("Hero City"),
    "hero_fortress": N_("Hero Fortress"),
    "city_of_military_glory": N_("City of Military Glory"),
    "city_of_labour_valour": N_("City of Labour Valour"),
    "city_of_labour_glory": N_("City of Labour Glory. 1941–1945"),
    "cis_cultural_capital": N_("Cultural Capital of the CIS"),
}


def honour_title(code: str | None, year: int | None, lang: str) -> str:
    """A place honour's title; the cultural capital carries its year."""
    if not code:
        return ""
    message = HONOUR_TITLES.get(code)
    title = i18n.gettext(lang, message) if message else code
    return f"{title} {year}" if year else title


def _vocabulary(table: dict[str, str]) -> Callable[[str | None, str], str]:
    def label(code: str | None, lang: str) -> str:
        if not code:
            return ""
        message = table.get(code)
        # An unknown code (a newer vocabulary) reads as words rather than as a code.
        return i18n.gettext(lang, message) if message else code.replace("_", " ")

    return label


@cache
def _country_catalog(lang: str) -> gettext_module.NullTranslations:
    if lang == "en":
        return gettext_module.NullTranslations()
    try:
        return gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext_module.NullTranslations()


def country_name(code: str | None, lang: str) -> str:
    """The country's name in the language (pycountry's catalogs of ISO 3166-1)."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    return _country_catalog(lang).gettext(country.name) if lang != "en" else english


def region_label(code: str | None, lang: str) -> str:
    return region_name(code, lang) if code else ""


def number(value: Any, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=i18n.locale(lang))


FILTERS: dict[str, Callable[..., str]] = {
    "kind": _vocabulary(KINDS),
    "status": _vocabulary(STATUSES),
    "fate": _vocabulary(FATES),
    "role": _vocabulary(ROLES),
    "protection": _vocabulary(PROTECTION),
    "event": _vocabulary(EVENTS),
    "condition": _vocabulary(CONDITIONS),
    "issue": _vocabulary(ISSUES),
    "task_state": _vocabulary(TASK_STATES),
    "priority": _vocabulary(PRIORITIES),
    "has_names": _vocabulary(HAS_NAMES),
    "language_name": _vocabulary(NAME_LANGUAGE_NAMES),
    "action": _vocabulary(ACTIONS),
    "role_label": _vocabulary(USER_ROLES),
    "proposal_kind": _vocabulary(PROPOSAL_KINDS),
    "proposal_status": _vocabulary(PROPOSAL_STATUSES),
    "country": country_name,
    "honour_title": honour_title,
    "region": region_label,
    "number": number,
}


def attr_label(code: str | None, vocabulary: str, lang: str) -> str:
    """A code shown by the label filter named `vocabulary` (a form's choices)."""
    label = FILTERS.get(vocabulary)
    return label(code, lang) if label else (code or "")


FILTERS["attr_label"] = attr_label
