"""What kind of memorial a name or a source's own category says it is, in several languages.

Sources rarely use the register's vocabulary: their names and types say `Братская могила`,
`WAR CEMETERY`, `Памятник - обелиск`. The first group whose word occurs wins, so the more
specific kinds come first (a mass grave before a grave, an obelisk before a monument).
"""

from __future__ import annotations

import re
from functools import lru_cache

from memreg.domain.vocabulary import MemorialKind

_KIND_WORDS: tuple[tuple[MemorialKind, tuple[str, ...]], ...] = (
    (
        MemorialKind.MASS_GRAVE,
        (
            "братская могил",
            "братские могил",
            "брацкая магіл",
            "брацкія магіл",
            "братська могил",
            "братське поховання",
            "братское захоронение",
            "массовых захоронений",
            "массовое захоронение",
            "место массов",
            "mass grave",
            "common grave",
            "bratskaya mogila",
            "qardaşlıq məzar",
            "бауырластар зираты",
        ),
    ),
    (
        MemorialKind.WAR_CEMETERY,
        (
            "воинское кладбище",
            "военное кладбище",
            "братское кладбище",
            "вайсковыя могілкі",
            "кладбище",
            "могілкі",
            "цвинтар",
            "war cemetery",
            "military cemetery",
            "cemetery",
            "churchyard",
            "chapelyard",
            "burial ground",
            "cemeteries",
            "war graves plot",
            "friedhof",
            "cmentarz",
            "necropolis",
            "некрополь",
            "şəhidlər xiyabanı",
        ),
    ),
    (
        MemorialKind.PLAQUE,
        (
            "мемориальная доска",
            "памятная доска",
            "мемарыяльная дошка",
            "меморіальна дошка",
            "доска",
            "дошка",
            "plaque",
            "tablet",
            "roll of honour",
            "honours board",
            "memorial board",
            "xatirə lövhəsi",
        ),
    ),
    (
        MemorialKind.MEMORIAL_COMPLEX,
        (
            "мемориальный комплекс",
            "мемарыяльны комплекс",
            "меморіальний комплекс",
            "memorial complex",
            "memorial park",
            "мемориал",
            "мемарыял",
            "меморіал",
            "xatirə kompleksi",
        ),
    ),
    (MemorialKind.OBELISK, ("обелиск", "абеліск", "обеліск", "obelisk", "стела", "stele", "stela")),
    (
        MemorialKind.SCULPTURE,
        (
            "скульптур",
            "статуя",
            "бюст",
            "statue",
            "sculpture",
            "bust",
            "heykəl",
            "büst",
        ),
    ),
    (
        MemorialKind.INDIVIDUAL_GRAVE,
        (
            "могила",
            "магіла",
            "захоронение",
            "поховання",
            "grave",
            "tomb",
            "headstone",
            "gravestone",
            "məzar",
        ),
    ),
    (
        MemorialKind.MONUMENT,
        (
            "памятник",
            "помнік",
            "пам'ятник",
            "пам’ятник",
            "памятный знак",
            "памятный камень",
            "monument",
            "memorial",
            "cenotaph",
            "war memorial",
            "lychgate",
            "memorial cross",
            "abidə",
            "xatirə",
            "denkmal",
            "pomnik",
        ),
    ),
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=50_000)
def guess_kind(text: str) -> str | None:
    """The register's kind for a name or a category, or None when no word says it."""
    folded = _SPACES.sub(" ", text.casefold().replace("ё", "е"))
    for kind, words in _KIND_WORDS:
        if any(word in folded for word in words):
            return kind.value
    return None
