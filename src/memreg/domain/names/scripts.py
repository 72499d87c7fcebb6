"""A name in any script or transliteration spelled in one Latin match form.

Cyrillic of the CIS languages, Georgian and Armenian letters map one way. Latin spellings are
ambiguous (`ch` is ч in English and х in Polish and German; `c` is ц in Polish and дж in
Azerbaijani; `h` is г in Ukrainian, х in Polish, and silent in Russian renderings of Armenian
names), so a Latin word yields every reading, at most MAX_READINGS of them.

The match form writes ж ž, ш š, щ šč, ч č, х x, ц c, й and iotation j, ы y, ў w.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

MAX_READINGS = 16

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "jo", "є": "je",
    "ж": "ž", "з": "z", "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x",
    "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju",
    "я": "ja",
    # Kazakh, Uzbek, Tatar, Bashkir, Azerbaijani, Tajik, Kyrgyz letters
    "ә": "ə", "ғ": "g", "қ": "k", "ң": "n", "ө": "ö", "ұ": "u", "ү": "ü", "һ": "h", "ҳ": "h",
    "җ": "ž", "ҹ": "č", "ҝ": "g", "ј": "j", "ҙ": "z", "ҫ": "s", "ҡ": "k", "ӣ": "i", "ӯ": "u",
    "ҷ": "dž", "ӑ": "a", "ӗ": "e",
}  # fmt: skip


def _pairs(table: str) -> dict[str, str]:
    return dict(pair.split("=") for pair in table.split())


# Georgian (Mkhedruli) and Armenian letters, after the national romanisations.
_GEORGIAN = _pairs(
    "ა=a ბ=b გ=g დ=d ე=e ვ=v ზ=z თ=t ი=i კ=k ლ=l მ=m ნ=n ო=o პ=p ჟ=ž რ=r ს=s ტ=t უ=u "
    "ფ=p ქ=k ღ=g ყ=k შ=š ჩ=č ც=c ძ=dz წ=c ჭ=č ხ=x ჯ=dž ჰ=h "
)
_ARMENIAN = _pairs(
    "ա=a բ=b գ=g դ=d ե=e զ=z է=e ը=ə թ=t ժ=ž ի=i լ=l խ=x ծ=c կ=k հ=h ձ=dz ղ=g ճ=č մ=m "
    "յ=j ն=n շ=š ո=o չ=č պ=p ջ=dž ռ=r ս=s վ=v տ=t ր=r ց=c ւ=v փ=p ք=k օ=o ֆ=f "
)
_SCRIPTS = {**_CYRILLIC, **_GEORGIAN, **_ARMENIAN, "և": "ev"}

# Latin letters with diacritics that carry a sound of their own (the rest lose the mark).
_LATIN_LETTERS = {
    "č": "č", "ć": "č", "ç": "č", "š": "š", "ś": "š", "ş": "š", "ș": "š", "ž": "ž", "ź": "ž",
    "ż": "ž", "ł": "l", "ı": "y", "ğ": "g", "ə": "ə", "ä": "ə", "ö": "ö", "ü": "ü", "ŭ": "w",
    "ŝ": "šč", "ą": "on", "ę": "en", "ñ": "n", "ń": "n", "ŋ": "n", "ß": "s", "ø": "ö",
    "đ": "d", "ḩ": "x", "ḥ": "x", "ū": "u", "ī": "i", "ā": "a", "ē": "e", "ō": "o",
}  # fmt: skip

# Latin letter groups, longest first, each with its readings.
_LATIN_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("schtsch", ("šč",)), ("shch", ("šč",)), ("szcz", ("šč",)), ("sch", ("š",)),
    ("tsch", ("č",)), ("dzh", ("dž",)), ("dž", ("dž",)), ("tch", ("č",)), ("zh", ("ž",)),
    ("kh", ("x",)), ("ch", ("č", "x")), ("sh", ("š",)), ("sz", ("š", "sz")), ("cz", ("č",)),
    ("rz", ("ž", "rz")), ("tzh", ("tž", "c")), ("tsh", ("tš", "c")), ("ts", ("c",)),
    ("tz", ("c",)), ("gh", ("g",)), ("ph", ("f",)),
    ("th", ("t",)), ("ck", ("ck", "k")), ("o'", ("o", "u")), ("oʻ", ("o", "u")), ("o‘", ("o", "u")),
    ("c", ("c", "dž", "k")), ("h", ("h", "")), ("j", ("j", "dž")), ("x", ("ks", "x")),
    ("q", ("k", "g")), ("ə", ("a", "e")), ("w", ("v",)),
    # German spellings: Weinstein is Вайнштейн, Neumann Нойман, Spielberg Шпильберг
    ("ei", ("ei", "aj")), ("eu", ("eu", "oj")), ("st", ("st", "št")), ("sp", ("sp", "šp")),
]  # fmt: skip
_LATIN_PATTERN = re.compile("|".join(re.escape(group) for group, _ in _LATIN_GROUPS))
_READINGS = dict(_LATIN_GROUPS)
_NATIVE_READINGS: dict[str, tuple[str, ...]] = {"ə": ("a", "e"), "ö": ("o", "u")}
_APOSTROPHES = "'’ʼ‘`ʻ´"
_VOWELS = set("aeiouyəöü")
_LETTER_OR_MARK = re.compile(r"[^\W\d_]")


def is_cyrillic_or_native(word: str) -> bool:
    """True when the word is written in Cyrillic, Georgian or Armenian letters."""
    return any(ch in _SCRIPTS for ch in word)


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower().replace("ё", "ё"))


def _native_form(word: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "ў":
            # Belarusian ў follows a vowel (воўк); Uzbek ў is a vowel of its own (Тўраев).
            out.append("w" if i and word[i - 1] in "аеёиоуыэюяіo" else "u")
        elif ch == "ь" and i + 1 < len(word) and word[i + 1] == "о":
            out.append("j")  # Ukrainian ьо is ё
        elif ch in _SCRIPTS:
            out.append(_SCRIPTS[ch])
        elif ch in _APOSTROPHES:
            continue
        else:
            out.append(_plain_latin(ch))
    return "".join(out)


def _plain_latin(ch: str) -> str:
    if ch in _LATIN_LETTERS:
        return _LATIN_LETTERS[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() and base.isalpha() else ""


def _latin_parts(word: str) -> list[tuple[str, ...]]:
    """The word as a list of alternatives per letter group."""
    plain = "".join(ch if ch in _APOSTROPHES or ch in "əöü" else _plain_latin(ch) for ch in word)
    parts: list[tuple[str, ...]] = []
    pos = 0
    for found in _LATIN_PATTERN.finditer(plain):
        parts.extend((ch,) for ch in plain[pos : found.start()] if ch not in _APOSTROPHES)
        group = found.group()
        readings = _READINGS[group]
        if group == "h" and found.start() and plain[found.start() - 1] in "kgzscdtp":
            readings = ("h",)
        parts.append(readings)
        pos = found.end()
    parts.extend((ch,) for ch in plain[pos:] if ch not in _APOSTROPHES)
    return parts


@lru_cache(maxsize=200_000)
def match_forms(word: str) -> tuple[str, ...]:
    """Every Latin match form the word can be read as, the likeliest first."""
    word = _lower(word)
    if not _LETTER_OR_MARK.search(word):
        return ()
    if is_cyrillic_or_native(word):
        form = _native_form(word)
        if not form:
            return ()
        # ә and ө of the Turkic alphabets are а or е, о or у in Russian renderings
        parts: list[tuple[str, ...]] = [_NATIVE_READINGS.get(ch, (ch,)) for ch in form]
    else:
        parts = _latin_parts(word)
    forms: list[str] = []
    for combination in _fewest_departures_first(parts):
        form = "".join(combination)
        if form and form not in forms:
            forms.append(form)
            if len(forms) == MAX_READINGS:
                break
    return tuple(forms)


def _fewest_departures_first(parts: list[tuple[str, ...]]) -> Iterator[list[str]]:
    """Readings with the first choice everywhere, then with one other choice, then two...:
    a long word with many ambiguous letters keeps its likeliest readings within the cap."""
    ambiguous = [i for i, choices in enumerate(parts) if len(choices) > 1]
    base = [choices[0] for choices in parts]
    for departures in range(len(ambiguous) + 1):
        for positions in itertools.combinations(ambiguous, departures):
            for picks in itertools.product(*(parts[i][1:] for i in positions)):
                reading = list(base)
                for i, pick in zip(positions, picks, strict=True):
                    reading[i] = pick
                yield reading


def is_vowel(ch: str) -> bool:
    return ch in _VOWELS
