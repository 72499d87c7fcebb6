"""Coarse phonetic keys of names, built for the spellings of one name across the CIS.

A key keeps what survives every script and transliteration and drops what varies:
vowels fall into three classes (а/о/ə; е/и/ы/і/э; у/ю/ü), so Belarusian akanye
(Сідарэнка) and ё/е/yo/jo/io meet; iotation (й, ь, j, y and i before a vowel) goes;
г/ґ/h/х/kh/gh are one sound class, as are з/с/ц/ts/z, ж/ш/щ/zh/sch/sz/rz/ż and дж/j;
в/w/ў one; voiced and voiceless pairs meet (к/г, п/б, т/д, ф/в: Sargsyan is
Саркисян, Hakob Акоп); doubled letters count once; -ов/-ow/-off/-ou and -ий/-ый/-i/-y/-iy end alike.
A surname key also forgets gender (Иванова → Иванов, Wiśniewska → Wiśniewski).
"""

from __future__ import annotations

import re
from functools import lru_cache

from memreg.domain.names.scripts import match_forms

_PLAIN_VOWELS = set("aeiouyəöü")
_CLASS = {
    "a": "a", "o": "a", "ə": "a", "ö": "a",
    "e": "i", "i": "i", "y": "i",
    "u": "u", "ü": "u",
    "g": "g", "h": "g", "x": "g",
    "z": "s", "s": "s", "c": "s",
    "ž": "š", "š": "š",
    "w": "v", "v": "v",
    # voiced and voiceless meet: Armenian Sargsyan/Саркисян, Hakob/Акоп, Bedros/Петрос
    "k": "g", "p": "b", "t": "d", "f": "v",
}  # fmt: skip
_ENDING = re.compile(r"(?<=[ao])(?:ff|f|w|u)$|(?<=e)(?:ff|f|w)$")
# Women's surname forms, on the match form (where -ско and -ска still differ).
_FEMININE = re.compile(r"(?<=[sc]k)(?:aja|aya|aia|a)$|(?<=[oe]v)a$|(?<=[iy]n)a$")
_FEMININE_ENDING = {"sk": "i", "ck": "i"}
_PATRONYMIC_ENDINGS = [re.compile(r"(?:av|iv)(?:ič|na)$"), re.compile(r"(?:in)?ič(?:na)?$")]
# Turkic patronymic words: Мамед оглы, Məmməd oğlu, Мамед улы, Гусейн кызы, Hüseyn qızı.
_PARTICLE_WORDS = """оглы оглу огли углы угли улы ұлы uly uli ulı oglu ogly ogli oğlu
    o'g'li o‘g‘li ugli
    кызы кизи кыз қызы qizi qızı kyzy kizi gizi gyzy гызы"""
PARTICLES = frozenset(_PARTICLE_WORDS.split())


def _iotated(form: str) -> str:
    """Drop iotation: y and i before a vowel after a consonant, and j, become nothing;
    ё after a consonant (jo, io, yo) reads as е."""
    chars = list(form)
    out: list[str] = []
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        prev = out[-1] if out else ""
        glide = ch == "j" or (
            ch in "iy" and nxt in ("a", "o", "u", "e") and prev and prev not in _PLAIN_VOWELS
        )
        if ch == "y" and nxt in ("a", "o", "u", "e", "i") and (not prev or prev in _PLAIN_VOWELS):
            glide = True
        if ch == "i" and not out and nxt in ("a", "o", "u"):  # Iurii, Iakov, Iosif
            glide = True
        if glide:
            if nxt == "o" and prev and prev not in _PLAIN_VOWELS:
                chars[i + 1] = "e"
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=500_000)
def phonetic_key(form: str) -> str:
    """The phonetic key of one match form (see scripts.match_forms)."""
    if len(form) > 3:
        form = _ENDING.sub("v", form)
    form = _iotated(form)
    form = form.replace("dž", "ž").replace("šč", "š").replace("ks", "ks")
    out: list[str] = []
    for ch in form:
        cls = _CLASS.get(ch, ch)
        if not cls.isalpha():
            continue
        if out and out[-1] == cls:
            continue
        out.append(cls)
    return "".join(out)


def masculine_form(form: str) -> str:
    """A match form with a woman's ending turned into the man's: ivanova → ivanov,
    višnevskaja and wiśniewska → ...ski."""
    if len(form) < 5:
        return form
    return _FEMININE.sub(lambda m: "i" if form[m.start() - 2 : m.start()] in _FEMININE_ENDING
                         else "", form)  # fmt: skip


@lru_cache(maxsize=500_000)
def word_keys(word: str) -> tuple[str, ...]:
    """Phonetic keys of every reading of a word, likeliest first."""
    keys: list[str] = []
    for form in match_forms(word):
        key = phonetic_key(form)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=500_000)
def surname_keys(word: str) -> tuple[str, ...]:
    """Gender-free phonetic keys of a surname word."""
    keys: list[str] = []
    for form in match_forms(word):
        key = phonetic_key(masculine_form(form))
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def patronymic_stem(key: str) -> str:
    """The father's name in a patronymic key: Петрович, Петровна, Petrovych → the key of Петр."""
    for pattern in _PATRONYMIC_ENDINGS:
        stem = pattern.sub("", key)
        if stem != key and len(stem) >= 2:
            return stem
    return key


def looks_like_patronymic(word: str) -> bool:
    """A word with a patronymic's ending (-ович, -евна, -ич, -ovych, -owitsch ...)."""
    return any(patronymic_stem(key) != key for key in word_keys(word)[:1])


def is_particle(word: str) -> bool:
    return word.lower() in PARTICLES


@lru_cache(maxsize=200_000)
def patronymic_keys(text: str) -> tuple[str, ...]:
    """Keys of the father's name a patronymic holds (one word or `Мамед оглы`)."""
    words = [w for w in text.replace("-", " ").split() if not is_particle(w)]
    if not words:
        return ()
    keys: list[str] = []
    for key in word_keys(words[0]):
        stem = patronymic_stem(key)
        if stem not in keys:
            keys.append(stem)
    return tuple(keys)


def deletions(key: str) -> set[str]:
    """The key and every key one letter shorter: two keys within one edit share one of these
    (the symmetric-deletion neighbourhood a vocabulary look-up is made of)."""
    out = {key}
    if len(key) > 2:
        out.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return out


def wide_deletions(key: str) -> set[str]:
    """deletions() and, for a long key, every key two letters shorter: a typed key then meets
    a stored one two edits away (Sargsyan, Саркисян) in the same look-up."""
    out = deletions(key)
    if len(key) >= 7:
        out.update(key[:i] + key[i + 1 : j] + key[j + 1 :] for i in range(len(key))
                   for j in range(i + 1, len(key)))  # fmt: skip
    return out


def initial_classes(letter: str) -> set[str]:
    """The first letters a given name's key can have when it is written with this initial."""
    classes = {key[0] for key in word_keys(letter) if key}
    if "i" in classes:  # an и before a vowel is a glide: Иосиф, Иоганн, Iurii
        classes.update(("a", "u"))
    if letter.lower() in ("j", "y", "й", "i̯"):
        classes.update(("a", "i", "u"))
    if letter.lower() in ("j",):
        classes.add("š")
    return classes
