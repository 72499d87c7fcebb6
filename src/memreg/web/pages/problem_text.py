"""The register's field messages in the page's language.

Services speak English (the API and the CLI show that). A form shows the same message
translated: the message is looked up in the catalogs with its numbers replaced by
placeholders (`must have at least {0} characters`), so one entry covers every limit; a
message not in the catalogs shows as it is. The messages forms show are listed here for
the catalogs (`make messages`).
"""

from __future__ import annotations

import re

from memreg.web.pages import i18n
from memreg.web.pages.labels import N_

_NUMBER = re.compile(r"\d+")

FORM_MESSAGES = [
    N_("use 2-63 lower-case letters, digits, . _ - (first: a letter or digit)"),
    N_("must have at least {0} characters"),
    N_("must have at most {0} characters"),
    N_("already exists"),
    N_("the two passwords differ"),
    N_("give the token a name of {0}-{1} characters"),
    N_("is required"),
]


def problem_text(message: str, lang: str) -> str:
    exact = i18n.gettext(lang, message)
    if exact != message or lang == "en":
        return exact
    numbers = _NUMBER.findall(message)
    if not numbers:
        return message
    counter = iter(range(len(numbers)))
    pattern = _NUMBER.sub(lambda _: "{" + str(next(counter)) + "}", message)
    translated = i18n.gettext(lang, pattern)
    if translated == pattern:
        return message
    try:
        return translated.format(*numbers)
    except (IndexError, KeyError, ValueError):  # a catalog entry with other placeholders
        return message
