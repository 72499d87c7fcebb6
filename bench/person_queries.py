"""A generated query set for the person search benchmark: persons of the register, typed the
ways relatives type them.

    .venv/bin/python bench/person_queries.py --persons 1000000 --queries 2000 --out q.jsonl

Every query names its target person (the id in the register) and its variant type:
exact, latin (ICAO 9303, BGN/PCGN, ISO 9, German and Polish styles), national_cyrillic
(Belarusian and Ukrainian forms by letter rules), typo (one edit), initials, word_order,
partial (no patronymic, no year, or neither), feminine (a woman's surname in Latin),
equivalent_name (Иван as Jan or Іван, Анна as Ганна ...), national_form (the name in the
person's own national spelling: Azerbaijani Latin for Azerbaijanis, Polish for Poles ...),
year_off_by_one. The transliteration tables here serve the queries only; they are small on
purpose and independent of the search engine's folding, so that the benchmark does not grade
the engine by its own rules. Sources of the systems: ICAO Doc 9303 part 3 (2015) table for
Russian; BGN/PCGN 1947 Russian; ISO 9:1995; Duden German transcription; the Polish
transcription of PWN; Ukrainian KMU resolution 55 (2010); Belarusian Latin of the 2007
instruction of the State Committee on Land Resources; Azerbaijani and Uzbek Latin alphabets.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import person_names as names

VARIANTS = ["exact", "latin", "national_cyrillic", "typo", "initials", "word_order", "partial",
            "feminine", "equivalent_name", "national_form", "year_off_by_one"]  # fmt: skip
LOWER_CASE_SHARE = 0.25
VOWELS = set("аеёиоуыэюяіїєaeiouy")

ICAO = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"],
    strict=True))  # fmt: skip
BGN = {**ICAO, "ё": "ë", "й": "y", "ъ": "", "ь": "'", "ю": "yu", "я": "ya"}
ISO9 = {**ICAO, "ё": "ë", "ж": "ž", "й": "j", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ",
        "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "û", "я": "â"}  # fmt: skip
GERMAN = {**ICAO, "в": "w", "ё": "jo", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z",
          "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ю": "ju", "я": "ja"}  # fmt: skip
POLISH = {**ICAO, "в": "w", "ё": "io", "ж": "ż", "й": "j", "л": "ł", "х": "ch", "ц": "c",
          "ч": "cz", "ш": "sz", "щ": "szcz", "ъ": "", "ю": "iu", "я": "ia", "е": "ie"}  # fmt: skip
UKRAINIAN_LATIN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'", [
    "a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
    "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", ""],
    strict=True))  # fmt: skip
BELARUSIAN_LATIN = dict(zip("абвгдеёжзійклмнопрстуўфхцчшыьэюя'", [
    "a", "b", "v", "h", "d", "ie", "io", "ž", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "ŭ", "f", "ch", "c", "č", "š", "y", "", "e", "iu", "ia", ""],
    strict=True))  # fmt: skip
AZERBAIJANI = {**ICAO, "г": "q", "е": "e", "ж": "j", "й": "y", "х": "x", "ц": "s", "ч": "ç",
               "ш": "ş", "щ": "ş", "ы": "ı", "э": "ə", "ю": "yu", "я": "ya"}  # fmt: skip
UZBEK = {**ICAO, "ж": "j", "й": "y", "х": "x", "ы": "i", "ю": "yu", "я": "ya", "э": "e"}
LATIN_STYLES = {"icao": ICAO, "bgn": BGN, "iso9": ISO9, "german": GERMAN, "polish": POLISH}


def transliterate(text: str, table: dict[str, str], style: str = "") -> str:
    """Letter by letter, keeping capitals; the few context rules of the style."""
    out = []
    lower = text.lower()
    for i, ch in enumerate(lower):
        before = lower[i - 1] if i else " "
        after = lower[i + 1] if i + 1 < len(lower) else " "
        latin = table.get(ch, ch)
        if style == "bgn" and ch == "е" and (before in VOWELS or before in " йъь"):
            latin = "ye"
        elif style == "german":
            if ch == "с" and before in VOWELS and after in VOWELS:
                latin = "ss"
            elif ch == "е" and before == " ":
                latin = "je"
            elif ch == "й" and after == " " or ch == "й" and i == len(lower) - 1:
                latin = "i"
        elif style == "polish":
            if ch == "е" and (before in VOWELS or before in " ьъ"):
                latin = "je"
            elif ch == "е" and before in "лжшчщц":
                latin = "e"
            elif ch == "л" and (after in "иеёюяь"):
                latin = "l"
            elif ch == "и" and before in "жшц":
                latin = "y"
            elif ch in "ёюя" and before == "л":
                latin = latin[1:]
            elif ch in "ёюя" and (before in VOWELS or before in " ьъ"):
                latin = "j" + latin[1:]
        elif style in ("icao", "bgn") and ch == "ы" and after == "й":
            latin = "y"
        if text[i].isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    result = "".join(out)
    if style == "german":
        result = result.replace("ij ", "i ").replace("yj ", "y ")
    return result


HARD_IN_BELARUSIAN = set("жшчрц")


def belarusian(text: str) -> str:
    """A Russian-Cyrillic name written the Belarusian way, by letter rules (akanye: о -> а
    except in -ов, -овіч; и -> і, ы after hard consonants; е -> э after them; -ий -> -і; в
    after a vowel before a consonant or the end -> ў; щ -> шч)."""
    words = []
    for word in text.split():
        low = word.lower()
        out = []
        for i, ch in enumerate(low):
            before = low[i - 1] if i else ""
            after = low[i + 1] if i + 1 < len(low) else ""
            new = ch
            if ch == "о" and not (after == "в" and (i + 2 >= len(low) or low[i + 2] in "иі")):
                new = "а"
            elif ch == "и":
                new = "ы" if before in HARD_IN_BELARUSIAN else "і"
                if after == "й" and i + 2 == len(low):
                    new = "і"
            elif ch == "й" and before == "и" and i + 1 == len(low):
                new = ""
            elif ch == "е" and before in HARD_IN_BELARUSIAN:
                new = "э"
            elif ch == "в" and before in VOWELS and (not after or after not in VOWELS):
                new = "ў"
            elif ch == "щ":
                new = "шч"
            elif ch == "ъ":
                new = "'"
            out.append(new)
        result = "".join(out)
        words.append(result[:1].upper() + result[1:] if word[:1].isupper() else result)
    return " ".join(words)


UKRAINIAN_ENDINGS = (("евич", "ович"), ("евна", "івна"), ("овна", "івна"), ("ий", "ій"))


def ukrainian(text: str) -> str:
    """A Russian-Cyrillic name written the Ukrainian way, by letter rules (word-initial и -> і,
    ы -> и, э -> е, ё -> ьо / йо, ъ -> ', -ий -> -ій; -евич -> -ович, -овна -> -івна)."""
    words = []
    for position, word in enumerate(text.split()):
        low, out = word.lower(), []
        for ending, replacement in UKRAINIAN_ENDINGS:
            if position and low.endswith(ending) and len(low) > len(ending) + 2:
                low = low[: -len(ending)] + replacement
                break
        for i, ch in enumerate(low):
            before = low[i - 1] if i else " "
            new = {"ы": "и", "э": "е", "ъ": "'"}.get(ch, ch)
            if ch == "и" and i == 0:
                new = "і"
            elif ch == "ё":
                new = "йо" if before in VOWELS or before == " " else "ьо"
            out.append(new)
        result = "".join(out)
        words.append(result[:1].upper() + result[1:] if word[:1].isupper() else result)
    return " ".join(words)


# Given names and their equivalents in other languages (Ukrainian, Belarusian, Polish, Latin
# forms); from the standard Ukrainian and Belarusian forms of Russian given names and the
# Polish equivalents (the issue's own pairs, then common ones).
EQUIVALENTS = {
    "Иван": ["Іван", "Jan", "Iwan", "Ivan"], "Григорий": ["Рыгор", "Hryhorii", "Григорій"],
    "Анна": ["Ганна", "Hanna"], "Иосиф": ["Осип", "Язэп", "Józef", "Йосип"],
    "Ольга": ["Вольга", "Olha"], "Али": ["Əli"], "Михаил": ["Михайло", "Mykhailo", "Michał"],
    "Николай": ["Микола", "Мікалай", "Mykola", "Mikołaj"], "Петр": ["Петро", "Пятро", "Piotr"],
    "Федор": ["Федір", "Фёдар", "Fedir"], "Василий": ["Василь", "Васіль", "Wasyl"],
    "Алексей": ["Олексій", "Аляксей", "Oleksii"], "Яков": ["Якуб", "Яків", "Jakub"],
    "Андрей": ["Андрій", "Андрэй", "Andrzej"], "Александр": ["Олександр", "Аляксандр"],
    "Мария": ["Марія", "Марыя"], "Екатерина": ["Катерина", "Кацярына"],
    "Дмитрий": ["Дмитро", "Зміцер"], "Павел": ["Павло", "Paweł"],
    "Сергей": ["Сергій", "Сяргей"], "Владимир": ["Володимир", "Уладзімір", "Włodzimierz"],
    "Константин": ["Костянтин", "Канстанцін"], "Тимофей": ["Тимофій", "Цімафей"],
    "Степан": ["Стяпан", "Szczepan"], "Семен": ["Сямён", "Семен"], "Ян": ["Иван", "Jan"],
    "Юрий": ["Юрій", "Юрый"], "Евдокия": ["Явдоха"], "Татьяна": ["Тетяна", "Тацяна"],
}  # fmt: skip

NATIONAL_SUFFIXES = {  # Cyrillic suffix as the vocabulary has it -> (male, female) national
    "pl": {"ский/ская": ("ski", "ska"), "ак": ("ak", "ak"), "ик": ("ik", "ik"),
           "чик": ("czyk", "czyk"), "ецкий/ецкая": ("iecki", "iecka")},
    "de": {"": ("", ""), "ер": ("er", "er"), "ман": ("mann", "mann"), "гардт": ("hardt", "hardt"),
           "штейн": ("stein", "stein"), "берг": ("berg", "berg")},
    "he": {"ович/ович": ("owitz", "owitz"), "ман": ("man", "man"), "ер": ("er", "er"),
           "ский/ская": ("sky", "skaya"), "зон": ("son", "son"), "берг": ("berg", "berg")},
    "hy": {"ян": ("yan", "yan"), "янц": ("yants", "yants"), "ов/ова": ("ov", "ova")},
    "az": {"ов/ова": ("ov", "ova"), "ли": ("li", "li")},
    "ka": {"дзе": ("dze", "dze"), "швили": ("shvili", "shvili"), "ия": ("ia", "ia"),
           "ани": ("ani", "ani"), "ава": ("ava", "ava")},
    "kk": {"ов/ова": ("ov", "ova"), "ин/ина": ("in", "ina"), "улы": ("uly", "uly")},
    "uz": {"ов/ова": ("ov", "ova"), "заде": ("zoda", "zoda"), "бек": ("bek", "bek")},
    "tt": {"ов/ова": ("ov", "ova"), "ин/ина": ("in", "ina"), "уллин/уллина": ("ullin", "ullina")},
}  # fmt: skip
NATIONAL_TABLES = {"pl": (POLISH, "polish"), "de": (GERMAN, "german"), "he": (GERMAN, "german"),
                   "az": (AZERBAIJANI, ""), "uz": (UZBEK, "")}  # fmt: skip
NATIONAL_PATRONYMIC = {"az": ("oğlu", "qızı"), "kk": ("uly", "qyzy"), "uz": ("o'g'li", "qizi")}


def _national_surname(vocabulary: names.Vocabulary, index: int, female: bool) -> str:
    nation = names.NATIONS[vocabulary.nation[index]]
    suffix_text = nation.suffixes[vocabulary.suffix[index]][0]
    table, style = NATIONAL_TABLES.get(nation.code, (BGN, "bgn"))
    root = vocabulary.root[index] or transliterate(vocabulary.root_cyrillic[index], table, style)
    male_suffix, female_suffix = NATIONAL_SUFFIXES[nation.code][suffix_text]
    suffix = female_suffix if female else male_suffix
    # Join as the Cyrillic form joined: -ев where it has -ев, -овский where it has -овский.
    cyrillic, cyrillic_root = vocabulary.male[index], vocabulary.root_cyrillic[index]
    joint = cyrillic[len(cyrillic_root) :] if cyrillic.startswith(cyrillic_root) else ""
    if suffix.startswith("ov") and root[-1:] in "aəeiıouüy":
        suffix = ("" if root[-1] in "iy" else "y") + "ev" + suffix[2:]  # Əliyev, Zhumabayev
    elif suffix.startswith("ov") and joint.startswith("ев"):
        suffix = "ev" + suffix[2:]  # Ergashev
    elif joint.startswith("овск") and not suffix.startswith(("ov", "ow")):
        suffix = ("ow" if nation.code in ("pl", "he") else "ov") + suffix  # Krawczykowski
    return root + suffix


def _national_given(vocabulary: names.Vocabulary, nation: int, female: bool, index: int) -> str:
    cyrillic, national = vocabulary.given[nation][female][index]
    return national or transliterate(cyrillic, BGN, "bgn")


def national_form(vocabulary: names.Vocabulary, person: tuple) -> tuple[str, list[str]] | None:
    """The person's name in their own national spelling, and the fields it carries."""
    code = names.NATION_CODES[person[names.NATION]]
    female = bool(person[names.FEMALE])
    year = str(person[names.YEAR]) if person[names.YEAR] else ""
    carried = ["surname", "given"] + (["year"] if year else [])
    if code == "ru":
        return None
    if code in ("uk", "be"):
        cyrillic = " ".join(p for p in person[names.SURNAME : names.BIRTH] if p)
        national = (transliterate(ukrainian(cyrillic), UKRAINIAN_LATIN) if code == "uk" else
                    transliterate(belarusian(cyrillic), BELARUSIAN_LATIN))  # fmt: skip
        carried += ["patronymic"] if person[names.PATRONYMIC] else []
        return " ".join(p for p in (national, year) if p), carried
    surname = _national_surname(vocabulary, person[names.SURNAME_INDEX], female)
    given = _national_given(vocabulary, person[names.NATION], female, person[names.GIVEN_INDEX])
    parts = [surname, given]
    if code in NATIONAL_PATRONYMIC and person[names.PATRONYMIC]:
        father = _national_given(
            vocabulary, person[names.NATION], False, person[names.FATHER_INDEX]
        )
        parts.append(f"{father} {NATIONAL_PATRONYMIC[code][female]}")
        carried.append("patronymic")
    return " ".join(parts + ([year] if year else [])), carried


def _typo(rng: random.Random, word: str) -> str:
    """One edit (substitution, deletion, insertion, swap), never of the first letter."""
    if len(word) < 4:
        return word + rng.choice("аеио")
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    letter = rng.choice("абвгдеийклмнопрстуфхцчшыя")
    if kind == 0:
        return word[:i] + letter + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + letter + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _fields(person: tuple) -> dict[str, Any]:
    return {"surname": person[names.SURNAME], "given": person[names.GIVEN],
            "patronymic": person[names.PATRONYMIC], "year": person[names.YEAR] or None}  # fmt: skip


def _full(person: tuple, latin: dict[str, str] | None = None, style: str = "") -> list[str]:
    parts = [p for p in person[names.SURNAME : names.BIRTH] if p]
    if latin is not None:
        parts = [transliterate(p, latin, style) for p in parts]
    return parts


def make_query(
    rng: random.Random, vocabulary: names.Vocabulary, person: tuple, variant: str
) -> dict[str, Any] | None:
    """One query of `variant` for `person`, or None when the person does not suit it."""
    year = str(person[names.YEAR]) if person[names.YEAR] else ""
    has_patronymic = bool(person[names.PATRONYMIC])
    carried = ["surname", "given"] + (["patronymic"] if has_patronymic else [])
    carried += ["year"] if year else []
    style = ""
    words = _full(person)
    if variant == "exact":
        text = " ".join(words + [year])
    elif variant == "latin":
        style = rng.choice(list(LATIN_STYLES))
        text = " ".join(_full(person, LATIN_STYLES[style], style) + [year])
    elif variant == "national_cyrillic":
        style = rng.choice(["belarusian", "ukrainian"])
        convert = belarusian if style == "belarusian" else ukrainian
        converted = convert(" ".join(words)).split()
        if converted == words:  # nothing Ukrainian to show: the Belarusian form instead
            style, converted = "belarusian", [belarusian(w) for w in words]
        text = " ".join(converted + [year])
    elif variant == "typo":
        which = 0 if rng.random() < 0.7 or len(words) < 2 else 1
        words[which] = _typo(rng, words[which])
        style = "surname" if which == 0 else "given_name"
        text = " ".join(words + [year])
    elif variant == "initials":
        initials = [w[0] for w in words[1:]]
        style = rng.choice(["compact", "spaced_first", "latin"])
        if style == "compact":
            text = f"{words[0]} {''.join(i + '.' for i in initials)} {year}"
        elif style == "spaced_first":
            text = f"{' '.join(i + '.' for i in initials)} {words[0]} {year}"
        else:
            latin = [transliterate(w, ICAO, "icao") for w in words]
            text = f"{' '.join(w[0] + '.' for w in latin[1:])} {latin[0]} {year}"
        carried = ["surname", "given_initial"] + (["patronymic_initial"] if has_patronymic else [])
        carried += ["year"] if year else []
    elif variant == "word_order":
        tokens = words + ([year] if year else [])
        if len(tokens) < 2:
            return None
        original = list(tokens)
        while tokens == original:
            rng.shuffle(tokens)
        text = " ".join(tokens)
    elif variant == "partial":
        style = rng.choice(["no_patronymic", "no_year", "neither"])
        keep_patronymic = style == "no_year"
        keep_year = style == "no_patronymic"
        if (not has_patronymic and keep_patronymic) or (not year and keep_year):
            return None
        text = " ".join(words[:2] + (words[2:3] if keep_patronymic else [])
                        + ([year] if keep_year else []))  # fmt: skip
        carried = ["surname", "given"] + (["patronymic"] if keep_patronymic else [])
        carried += ["year"] if keep_year else []
    elif variant == "feminine":
        if (
            not person[names.FEMALE]
            or person[names.SURNAME] == vocabulary.male[person[names.SURNAME_INDEX]]
        ):
            return None  # only women whose surname has a female form
        style = rng.choice(["icao", "bgn", "german", "polish"])
        latin = _full(person, LATIN_STYLES[style], style)
        text = " ".join(latin[:2] + ([year] if year and rng.random() < 0.5 else []))
        carried = ["surname", "given"] + (["year"] if year and text.endswith(year) else [])
    elif variant == "equivalent_name":
        forms = EQUIVALENTS.get(person[names.GIVEN])
        if not forms:
            return None
        form = rng.choice(forms)
        style = "latin" if form.isascii() or not ("\u0400" <= form[0] <= "\u04ff") else "cyrillic"
        surname = words[0] if style == "cyrillic" else transliterate(words[0], ICAO, "icao")
        text = " ".join([surname, form] + ([year] if year else []))
        carried = ["surname", "given"] + (["year"] if year else [])
    elif variant == "national_form":
        made = national_form(vocabulary, person)
        if made is None:
            return None
        text, carried = made
        style = names.NATION_CODES[person[names.NATION]]
    elif variant == "year_off_by_one":
        if not year:
            return None
        text = " ".join(words + [str(int(year) + rng.choice((-1, 1)))])
    else:
        raise ValueError(variant)
    text = " ".join(text.split())
    if rng.random() < LOWER_CASE_SHARE:  # relatives often type without capitals
        text = text.lower()
    return {
        "q": text,
        "target": person[names.ID],
        "variant": variant,
        "style": style,
        "nation": names.NATION_CODES[person[names.NATION]],
        "fields": _fields(person),
        "carried": carried,
    }


def generate(
    seed: int, persons: int, count: int, vocabulary: names.Vocabulary | None = None
) -> Iterator[dict[str, Any]]:
    """`count` queries, the variants in turn, over persons drawn from a few whole chunks of
    the register (persons are alike across chunks, and only those chunks are made)."""
    generator = names.PersonGenerator(seed, persons, max(10, persons // 50), vocabulary)
    vocabulary = generator.vocabulary
    rng = random.Random(f"queries:{seed}:{persons}")
    chunks = (persons + names.CHUNK - 1) // names.CHUNK
    pool: list[tuple] = []
    for number in sorted(rng.sample(range(chunks), min(chunks, 8))):
        pool.extend(generator.chunk(number))
    # The non-Russian persons are few; national_form draws from them alone.
    foreign = [p for p in pool if names.NATION_CODES[p[names.NATION]] != "ru"]
    women = [p for p in pool if p[names.FEMALE]]
    made = 0
    while made < count:
        variant = VARIANTS[made % len(VARIANTS)]
        source = foreign if variant == "national_form" else women if variant == "feminine" else pool
        query = make_query(rng, vocabulary, rng.choice(source), variant)
        if query is not None:
            made += 1
            yield query


LATIN_TO_CYRILLIC = [  # longest first; a simple table, as a user of pg_trgm would write one
    ("shch", "щ"), ("schtsch", "щ"), ("szcz", "щ"), ("tsch", "ч"), ("sch", "ш"), ("zh", "ж"),
    ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("cz", "ч"), ("sz", "ш"), ("rz", "ж"),
    ("ya", "я"), ("ja", "я"), ("ia", "я"), ("yu", "ю"), ("ju", "ю"), ("iu", "ю"), ("yo", "ё"),
    ("jo", "ё"), ("io", "ё"), ("ye", "е"), ("je", "е"), ("ie", "ие"), ("a", "а"), ("b", "б"),
    ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
    ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"),
    ("x", "кс"), ("q", "к"), ("ž", "ж"), ("š", "ш"), ("č", "ч"), ("ŝ", "щ"), ("ł", "л"),
    ("ŭ", "в"), ("ə", "а"), ("ü", "ю"), ("ö", "ё"), ("ı", "ы"), ("ğ", "г"), ("ş", "ш"),
    ("ç", "ч"), ("ó", "о"), ("ą", "он"), ("ę", "ен"), ("ś", "с"), ("ń", "н"), ("ć", "ц"),
    ("ź", "з"), ("ż", "ж"), ("ë", "ё"), ("è", "э"), ("û", "ю"), ("â", "я"), ("'", ""),
    ("ʹ", ""), ("ʺ", ""), ("İ".lower(), "и"),
]  # fmt: skip


def latin_to_cyrillic(text: str) -> str:
    """Latin letters to Russian Cyrillic (y: й after a vowel or at a word's end, else ы)."""
    words = []
    for word in text.split():
        low, out, i = word.lower(), [], 0
        while i < len(low):
            if low[i] == "y" and (i + 1 == len(low) or (i and low[i - 1] in "aeiou")):
                out.append("й")
                i += 1
                continue
            if low[i] == "y":
                out.append("ы")
                i += 1
                continue
            for latin, cyrillic in LATIN_TO_CYRILLIC:
                if low.startswith(latin, i):
                    out.append(cyrillic)
                    i += len(latin)
                    break
            else:
                out.append(low[i])
                i += 1
        result = "".join(out)
        words.append(result[:1].upper() + result[1:] if word[:1].isupper() else result)
    return " ".join(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--out", type=Path, help="write JSON lines here (default: print some)")
    args = parser.parse_args(argv)
    queries = list(generate(args.seed, args.persons, args.queries))
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for query in queries:
                handle.write(json.dumps(query, ensure_ascii=False) + "\n")
        print(f"wrote {len(queries):,} queries to {args.out}")
    else:
        for query in queries[:60]:
            print(f"{query['variant']:>17} {query['style']:>13}  {query['q']}  "
                  f"<- {' '.join(str(v) for v in query['fields'].values() if v)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
