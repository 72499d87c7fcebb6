"""Countries (ISO 3166-1 alpha-2), regions (ISO 3166-2) and WGS84 coordinates."""

from __future__ import annotations

import gettext
import math
import re
import unicodedata
from functools import cache

import pycountry
from rapidfuzz import fuzz

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), used for every distance we report


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def region_codes() -> dict[str, str]:
    """ISO 3166-2 code -> the country it belongs to."""
    return {s.code: s.country_code for s in pycountry.subdivisions}


def country_problem(code: str) -> str | None:
    if code not in country_codes():
        return "not an ISO 3166-1 alpha-2 country code (e.g. BY, RU, UA)"
    return None


def region_problem(code: str, country: str) -> str | None:
    owner = region_codes().get(code)
    if owner is None:
        return "not an ISO 3166-2 region code (e.g. BY-HM, RU-MOW)"
    if country and owner != country:
        return f"region {code} is in {owner}, not in {country}"
    return None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on the mean sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bbox_around(lat: float, lon: float, radius_m: float) -> list[tuple[float, float, float, float]]:
    """Boxes (min_lon, min_lat, max_lon, max_lat) covering a circle; split at the antimeridian."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if min_lat <= -90.0 or max_lat >= 90.0:
        return [(-180.0, min_lat, 180.0, max_lat)]
    coslat = min(math.cos(math.radians(min_lat)), math.cos(math.radians(max_lat)))
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * coslat)) if coslat > 1e-9 else 360.0
    if dlon >= 180.0:
        return [(-180.0, min_lat, 180.0, max_lat)]
    return split_bbox(lon - dlon, min_lat, lon + dlon, max_lat)


def split_bbox(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float
) -> list[tuple[float, float, float, float]]:
    """A box whose longitudes run past ±180 becomes two boxes inside [-180, 180]."""
    if min_lon < -180.0:
        return [(min_lon + 360.0, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon, max_lat)]
    if max_lon > 180.0:
        return [(min_lon, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon - 360.0, max_lat)]
    if min_lon > max_lon:  # a box given across the antimeridian, e.g. 170,60,-170,70
        return [(min_lon, min_lat, 180.0, max_lat), (-180.0, min_lat, max_lon, max_lat)]
    return [(min_lon, min_lat, max_lon, max_lat)]


# --- Countries and regions named in words, as sources give them -------------------------

_LATIN = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
     "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
     "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
     "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
     "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ў": "u", "'": "", "’": "", "ʼ": ""}
)  # fmt: skip
# Names that ISO's lists spell otherwise (registers write them like this).
_COUNTRY_ALIASES = {
    "scotland": "GB", "england": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "uk": "GB", "united kingdom": "GB",
    "turkey": "TR", "russia": "RU", "ussr": "SU", "czech republic": "CZ", "macedonia": "MK",
    "iran": "IR", "syria": "SY", "lebanese republic": "LB", "congo (democratic republic)": "CD",
    "st. vincent": "VC", "st. lucia": "LC", "st. helena and ascension island": "SH",
    "society islands": "PF", "madeira": "PT", "israel and palestine": "IL", "moldova": "MD",
    "south korea": "KR", "korea": "KR", "vietnam": "VN", "laos": "LA", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "st. christopher and nevis": "KN",
    "cape verde": "CV", "falkland islands": "FK", "россия": "RU", "рф": "RU", "беларусь": "BY",
    "белоруссия": "BY", "украина": "UA", "казахстан": "KZ", "молдова": "MD",
}  # fmt: skip
_REGION_ALIASES = {
    "scotland": "GB-SCT", "england": "GB-ENG", "wales": "GB-WLS", "northern ireland": "GB-NIR",
    "брестская": "BY-BR", "гомельская": "BY-HO", "гродненская": "BY-HR", "минская": "BY-MI",
    "могилевская": "BY-MA", "витебская": "BY-VI", "минск": "BY-HM", "брэсцкая": "BY-BR",
    "гомельская вобласць": "BY-HO", "гродзенская": "BY-HR", "магілёўская": "BY-MA",
    "віцебская": "BY-VI", "мінская": "BY-MI", "мінск": "BY-HM",
}  # fmt: skip
# Words that say what sort of region it is, left out when names are compared.
_REGION_WORDS = frozenset(
    [
        "oblast",
        "oblast'",
        "respublika",
        "republic",
        "kray",
        "krai",
        "avtonomnyy",
        "avtonomnaya",
        "okrug",
        "gorod",
        "horad",
        "g",
        "voblasts",
        "voblasc",
        "vobl",
        "obl",
        "resp",
        "city",
        "region",
        "province",
        "autonomous",
    ]
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")
_NOT_LETTERS = re.compile(r"[^\w]+")


def _folded(text: str) -> str:
    latin = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN))
    plain = "".join(ch for ch in latin if not unicodedata.combining(ch))
    return " ".join(_NOT_LETTERS.sub(" ", plain).split())


def _core(folded: str) -> str:
    return " ".join(w for w in folded.split(" ") if w not in _REGION_WORDS)


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                names[_folded(value)] = country.alpha_2
        for lang in ("ru", "be", "uk"):
            try:
                local = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                continue
            names[_folded(local.gettext(country.name))] = country.alpha_2
    names.update({_folded(k): v for k, v in _COUNTRY_ALIASES.items() if v in country_codes()})
    return names


def country_from_name(text: str) -> str | None:
    """The ISO 3166-1 code for a code or a country's name (`Scotland` -> GB), or None."""
    value = text.strip()
    if len(value) == 2 and value.upper() in country_codes():
        return value.upper()
    names = _country_names()
    # `Ireland, Republic of` and `Macedonia, Republic of`: the name before the comma
    for candidate in (value, _PARENTHESES.sub(" ", value), value.split(",")[0]):
        code = names.get(_folded(candidate))
        if code:
            return code
    return None


@cache
def _region_names() -> dict[str, dict[str, str]]:
    """By country: folded region names (and their first word) -> ISO 3166-2 code."""
    out: dict[str, dict[str, str]] = {}
    for sub in pycountry.subdivisions:
        names = out.setdefault(sub.country_code, {})
        core = _core(_folded(sub.name))
        names.setdefault(core, sub.code)
    return out


def region_from_name(text: str, country: str | None) -> str | None:
    """The ISO 3166-2 code for a region's name in its country (`Орловская область` -> RU-ORL).

    Russian, Belarusian and Ukrainian names are compared in transliteration with ISO's
    romanised names, whole or by their first word (`orlovskaya` for `Orlovskaya oblast'`).
    """
    value = text.strip()
    if value.upper() in region_codes():
        return value.upper()
    lowered = value.casefold().replace("ё", "е")
    for key in (lowered, lowered.split(" ")[0] if lowered else ""):
        alias = _REGION_ALIASES.get(key)
        if alias and (country is None or alias.startswith(country + "-")):
            return alias
    if not country:
        return None
    names = _region_names().get(country, {})
    core = _core(_folded(value))
    if not core:
        return None
    code = names.get(core)
    if code:
        return code
    # Transliterations differ in small ways (kh/h, iy/y): accept one clear near match.
    best = None
    for name, candidate in names.items():
        score = fuzz.ratio(core, name)
        if score >= 85 and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None
