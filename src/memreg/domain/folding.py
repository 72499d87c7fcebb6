"""Names folded to one matching form for look-ups by name in any script.

Cyrillic (Russian, Belarusian, Ukrainian and the other CIS alphabets) becomes a plain Latin
spelling close to the usual transliterations; Latin loses its diacritics; case, punctuation
and spacing stop mattering. "Мінск", "Минск" and "Minsk" all fold to "minsk".
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "v", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o",
    "ұ": "u", "ү": "u", "һ": "h", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҫ": "s",
    "'": "", "’": "", "ʼ": "", "ł": "l", "ß": "ss", "ø": "o", "đ": "d",
}  # fmt: skip
# Latin spellings of the same sounds, reduced to what the table above writes.
_LATIN = [
    ("shch", "shch"), ("sch", "shch"), ("tch", "ch"), ("ch", "ch"), ("sh", "sh"),
    ("zh", "zh"), ("kh", "kh"),
    ("ts", "ts"), ("tz", "ts"), ("ya", "ia"), ("yu", "iu"), ("ja", "ia"), ("ju", "iu"),
    ("yo", "e"), ("jo", "e"), ("ye", "e"), ("je", "e"), ("w", "v"), ("x", "ks"),
    ("h", "g"),  # Belarusian and Ukrainian г is written h in Latin
]  # fmt: skip
_LATIN_PATTERN = re.compile("|".join(re.escape(a) for a, _ in _LATIN))
_LATIN_MAP = dict(_LATIN)
_SPACES = re.compile(r"[^a-z0-9]+")


_TABLE = str.maketrans(_CYRILLIC)
_I_RUNS = re.compile(r"i+")


def fold(text: str) -> str:
    """The matching form of a name: lower-case Latin letters and digits, single spaces."""
    latin = text.lower().translate(_TABLE)
    if not latin.isascii():
        latin = "".join(
            ch for ch in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(ch)
        )
    plain = _LATIN_PATTERN.sub(lambda m: _LATIN_MAP[m.group(0)], latin)
    plain = _I_RUNS.sub("i", plain.replace("y", "i"))  # й, ы and y are hard to tell apart
    return _SPACES.sub(" ", plain).strip()
