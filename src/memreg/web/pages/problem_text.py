"""The register's field messages in the page's language.

Services speak English (the API and the CLI show that). A form shows the same message
translated: each catalogued message below is a pattern whose `{0}`, `{1}` stand for what
varies (a limit, a date, a list of codes); a message that fits one is shown in the page's
language with those parts put back; any other shows as it is.
"""

from __future__ import annotations

import re
from functools import cache

from memreg.web.pages import i18n
from memreg.web.pages.labels import N_

FORM_MESSAGES = [
    # accounts
    N_("use 2-63 lower-case letters, digits, . _ - (first: a letter or digit)"),
    N_("must have at least {0} characters"),
    N_("must have at most {0} characters"),
    N_("the two passwords differ"),
    N_("give the token a name of {0}-{1} characters"),
    # records (domain/validation.py)
    N_("is required"),
    N_("is required (or give name_ru, name_be, name_en ...)"),
    N_("is required (write the name as the source gives it)"),
    N_("lat and lon must be given together"),
    N_("must be a decimal number of degrees"),
    N_("must be between {0} and {1} degrees"),
    N_("must be a whole number"),
    N_("must be between 0 and {0}"),
    N_("must be one of {0}"),
    N_("is more than buried_total ({0})"),
    N_("is before birth_date ({0})"),
    N_("longer than {0} characters"),
    N_("must be a Wikidata item id such as Q12345"),
    N_("must look like node/123, way/123 or relation/123"),
    N_("must be a list of names"),
    # proposals
    N_("a new memorial needs its place: put a pin on the map"),
    N_("the proposal would change nothing"),
    N_("say why the proposal is rejected"),
    N_("name the memorial the person belongs to"),
]


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    found = []
    for message in FORM_MESSAGES:
        parts = re.split(r"\{\d\}", message)
        if len(parts) > 1:
            regex = "(.+?)".join(re.escape(part) for part in parts)
            found.append((re.compile(f"^{regex}$"), message))
    return found


def problem_text(message: str, lang: str) -> str:
    if lang == "en" or not isinstance(message, str):
        return message
    exact = i18n.gettext(lang, message)
    if exact != message:
        return exact
    for pattern, msgid in _patterns():
        matched = pattern.match(message)
        if matched:
            translated = i18n.gettext(lang, msgid)
            try:
                return translated.format(*matched.groups())
            except (IndexError, KeyError, ValueError):  # a catalog entry with other placeholders
                return message
    return message
