"""Controlled vocabularies of the register: the codes stored and accepted on input."""

import re
from enum import StrEnum

_SEPARATORS = re.compile(r"[\s_\-‐–]+")


def lenient_code(value: str, allowed: frozenset[str]) -> str | None:
    """The code `value` means, ignoring case, spaces and hyphens (`Mass grave` -> mass_grave)."""
    if value in allowed:
        return value
    key = _SEPARATORS.sub("_", value.strip().lower()).strip("_")
    return key if key in allowed else None


class MemorialKind(StrEnum):
    MASS_GRAVE = "mass_grave"
    INDIVIDUAL_GRAVE = "individual_grave"
    WAR_CEMETERY = "war_cemetery"
    MEMORIAL_COMPLEX = "memorial_complex"
    MONUMENT = "monument"
    OBELISK = "obelisk"
    SCULPTURE = "sculpture"
    PLAQUE = "plaque"
    OTHER = "other"


class LifecycleStatus(StrEnum):
    STANDING = "standing"
    RELOCATED = "relocated"
    DAMAGED = "damaged"
    DESTROYED = "destroyed"
    DEMOLISHED = "demolished"
    LOST = "lost"


class Fate(StrEnum):
    KILLED_IN_ACTION = "killed_in_action"
    DIED_OF_WOUNDS = "died_of_wounds"
    DIED_OF_DISEASE = "died_of_disease"
    MISSING = "missing"
    DIED_IN_CAPTIVITY = "died_in_captivity"
    CIVILIAN_VICTIM = "civilian_victim"
    PARTISAN = "partisan"
    EXECUTED = "executed"
    OTHER = "other"
    UNKNOWN = "unknown"


class LinkRole(StrEnum):
    BURIED_AT = "buried_at"
    COMMEMORATED_AT = "commemorated_at"
    REBURIED_FROM = "reburied_from"
    REBURIED_TO = "reburied_to"


class ProtectionLevel(StrEnum):
    FEDERAL = "federal"
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    IDENTIFIED = "identified"
    NONE = "none"


class EventKind(StrEnum):
    ERECTED = "erected"
    REBURIAL = "reburial"
    RESTORED = "restored"
    DAMAGED = "damaged"
    VANDALISED = "vandalised"
    RELOCATED = "relocated"
    DEMOLISHED = "demolished"
    OTHER = "other"


class HonourTitle(StrEnum):
    """Titles a settlement may hold (place honours)."""

    HERO_CITY = "hero_city"
    HERO_FORTRESS = "hero_fortress"
    CITY_OF_MILITARY_GLORY = "city_of_military_glory"
    CITY_OF_LABOUR_VALOUR = "city_of_labour_valour"  # Russia, federal law of 2020
    CITY_OF_LABOUR_GLORY = "city_of_labour_glory"  # CIS, "1941-1945", established 2024
    CIS_CULTURAL_CAPITAL = "cis_cultural_capital"  # of a year


class Role(StrEnum):
    PUBLIC = "public"
    CONTRIBUTOR = "contributor"
    CUSTODIAN = "custodian"
    REGISTRAR = "registrar"
    ADMIN = "admin"


class RecordType(StrEnum):
    MEMORIAL = "memorial"
    PERSON = "person"
    LINK = "person_memorial"
    SOURCE = "source"
    USER = "user"


# Languages a memorial's name may be given in on the native CSV (name_xx columns).
NAME_LANGUAGES = ("ru", "be", "uk", "en", "kk", "ky", "uz", "tg", "hy", "az", "ka", "ro", "tk")
