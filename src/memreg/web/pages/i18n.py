"""The interface in Russian, Belarusian and English: gettext catalogs read with Babel.

The catalogs are the .po files under locale/ (kept in the repository, edited by translators);
they are compiled in memory when first used, so nothing generated is committed. A page's
language comes from `?lang=`, else the `lang` cookie (set by the language switch), else
`Accept-Language`, else the default.
"""

from __future__ import annotations

import io
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.core import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ru", "be", "en")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"ru": "Русский", "be": "Беларуская", "en": "English"}
COOKIE = "lang"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of a language (English falls back to the message ids)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang not in LANGUAGES or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return GNUTranslations(compiled)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)


def _from_accept_language(header: str) -> str | None:
    """The first of our languages the browser asks for, by its q-values."""
    ranked = []
    for position, part in enumerate(header.split(",")[:20]):
        piece = part.strip().split(";")
        tag = piece[0].strip().lower()
        quality = 1.0
        for parameter in piece[1:]:
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, tag.split("-")[0]))
    for quality, _, primary in sorted(ranked):
        if quality < 0 and primary in LANGUAGES:
            return primary
    return None


def request_language(request: Request, default: str = DEFAULT_LANGUAGE) -> str:
    """The language a page is shown in (an unknown ?lang= is ignored, never an error)."""
    asked = request.query_params.get("lang", "")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(COOKIE, "")
    if cookie in LANGUAGES:
        return cookie
    return _from_accept_language(request.headers.get("accept-language", "")) or default


@cache
def locale(lang: str) -> Locale:
    return Locale.parse(lang)
