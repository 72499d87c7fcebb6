"""The interface is whole in Russian, Belarusian and English: every message the code and the
templates use has a translation in each catalog, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from memreg.web.pages import i18n
from memreg.web.pages.labels import N_, country_name, region_label

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("src/memreg/web/**.py", "python"), ("src/memreg/web/pages/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def _messages() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


MESSAGES = _messages()


def _catalog(lang: str):  # noqa: ANN202
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def test_the_interface_has_messages_to_translate():
    assert len(MESSAGES) > 150
    assert "Map" in MESSAGES and "Mass grave" in MESSAGES  # templates and N_ labels


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_has_a_translation(lang: str):
    catalog = _catalog(lang)
    untranslated = []
    for message in sorted(MESSAGES, key=str):
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        strings = [] if entry is None else (
            [entry.string] if isinstance(entry.string, str) else list(entry.string)
        )  # fmt: skip
        if entry is None or entry.fuzzy or not strings or not all(strings):
            untranslated.append(key)
            continue
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(key)):
                untranslated.append(f"{key} (placeholders differ: {string})")
    assert untranslated == [], f"{lang}: {len(untranslated)} message(s) lack a translation"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalogs_hold_no_message_the_interface_no_longer_uses(lang: str):
    used = {m if isinstance(m, str) else m[0] for m in MESSAGES}
    stale = [m.id for m in _catalog(lang) if m.id and (m.id if isinstance(m.id, str) else m.id[0])
             not in used]  # fmt: skip
    assert stale == [], "run `make messages` to bring the catalogs up to date"


def test_a_page_language_is_chosen_by_parameter_cookie_then_accept_language():
    assert i18n._from_accept_language("de-DE,de;q=0.9,be;q=0.8,ru;q=0.7") == "be"
    assert i18n._from_accept_language("en-US,en;q=0.9") == "en"
    assert i18n._from_accept_language("ru;q=0.1, be;q=0.5") == "be"
    assert i18n._from_accept_language("fr, *;q=0.1") is None
    assert i18n._from_accept_language("ru;q=abc, en") == "en"


def test_plural_forms_follow_each_language():
    singular, plural = (
        "Page %(page)s is past the end of the list, which has %(num)s page.",
        ("Page %(page)s is past the end of the list, which has %(num)s pages."),
    )
    assert "страница." in i18n.ngettext("ru", singular, plural, 21)
    assert "страницы." in i18n.ngettext("ru", singular, plural, 3)
    assert "страниц." in i18n.ngettext("ru", singular, plural, 11)
    assert "старонак." in i18n.ngettext("be", singular, plural, 5)


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [("BY-MA", "en", "Mogilev Region"), ("BY-MA", "ru", "Могилёвская область"),
     ("BY-MA", "be", "Магілёўская вобласць"), ("RU-SVE", "be", "Свярдлоўская вобласць"),
     ("UA-30", "ru", "Киев"), ("KZ-75", "en", "Almaty")],
)  # fmt: skip
def test_regions_read_as_names_never_as_codes(code: str, lang: str, name: str):
    assert region_label(code, lang) == name


def test_countries_read_as_names_in_each_language():
    assert country_name("BY", "be") == "Беларусь"
    assert country_name("RU", "ru") == "Российская Федерация"
    assert country_name("KZ", "en") == "Kazakhstan"
    assert N_("x") == "x"
