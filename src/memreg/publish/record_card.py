"""The record card of a memorial as PDF, laid out as the official military-burial record
card ("Учетная карточка воинского захоронения"): numbered fields (name, location, kind,
dates, counts of the buried known and unknown, condition, protection, custodian), a
locator map and a photo, then the list of the buried over as many pages as it takes,
its heading repeated on every page, and "sheet N of M" at the foot of each.

The font is Noto Sans (SIL Open Font Licence, from the fontpkg-noto-sans package): it
covers Latin, Cyrillic (Russian, Belarusian ў and і, Ukrainian, Kazakh ...) and Greek;
a character it lacks (Georgian, Armenian script) is printed as "?" rather than as an empty
box. The locator map is drawn from the register itself (the memorial and the memorials
around it, a graticule and a scale), since a card must print without a tile server.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_noto_sans
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_FILE = Path(fontpkg_noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf"
TITLE = "УЧЕТНАЯ КАРТОЧКА ВОИНСКОГО ЗАХОРОНЕНИЯ"
KINDS = {"mass_grave": "братская могила", "individual_grave": "индивидуальная могила",
         "war_cemetery": "воинское кладбище", "memorial_complex": "мемориальный комплекс",
         "monument": "памятник", "obelisk": "обелиск, стела", "sculpture": "скульптура",
         "plaque": "памятная (мемориальная) доска", "other": "иное"}  # fmt: skip
STATUSES = {"standing": "сохранилось", "relocated": "перенесено", "damaged": "повреждено",
            "destroyed": "разрушено", "demolished": "снесено", "lost": "утрачено"}  # fmt: skip
ROLES = {"buried_at": "", "commemorated_at": "увековечен", "reburied_from": "перезахоронен отсюда",
         "reburied_to": "перезахоронен сюда"}  # fmt: skip
NAME_COLUMNS = ("№", "Воинское звание", "Фамилия", "Имя", "Отчество", "Год рожд.",
                "Дата гибели (смерти)", "Примечание")  # fmt: skip
NAME_WIDTHS = (9, 25, 31, 24, 28, 19, 22, 28)
FATES = {"killed_in_action": "погиб в бою", "died_of_wounds": "умер от ран",
         "died_of_disease": "умер от болезни", "missing": "пропал без вести",
         "died_in_captivity": "погиб в плену", "civilian_victim": "мирный житель",
         "partisan": "партизан", "executed": "расстрелян", "other": "иное",
         "unknown": "неизвестно"}  # fmt: skip
MAP_HALF_LAT = 0.25  # degrees north and south of the memorial shown on the locator map


@dataclass
class CardData:
    memorial: dict[str, Any]
    names: Iterable[dict[str, Any]]
    names_total: int
    neighbours: list[tuple[float, float]] = field(default_factory=list)
    inspection: dict[str, Any] | None = None
    photo: Path | None = None


@cache
def _covered() -> frozenset[int]:
    return frozenset(TTFont(FONT_FILE).getBestCmap())


def printable(value: Any) -> str:
    """The text with characters the font cannot draw replaced by '?'."""
    covered = _covered()
    text = "" if value is None else str(value)
    return "".join(c if ord(c) in covered or c == "\n" else "?" for c in text)


class _Card(FPDF):
    def __init__(self, record_id: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.record_id = record_id
        # The variable font's default instance (regular): instancing a bold one with
        # fontTools takes many seconds, so emphasis is drawn (fill and stroke) instead.
        self.add_font("Noto", "", str(FONT_FILE))
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        self.set_title(f"{TITLE}: {record_id}")
        self.set_creator("memreg")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Noto", "", 7)
        made = datetime.now(UTC).strftime("%Y-%m-%d")
        self.cell(0, 5, printable(f"memreg · {self.record_id} · сформировано {made} · "
                                  f"лист {self.page_no()} из {{nb}}"), align="C")  # fmt: skip


def _fields(card: _Card, data: CardData) -> None:
    m = data.memorial
    other_names = [f"{lang}: {name}" for lang, name in sorted((m.get("names") or {}).items())
                   if name != m["name"]]  # fmt: skip
    place = ", ".join(p for p in (m.get("settlement"), m.get("region"), m["country"]) if p)
    located = (f"{abs(m['lat']):.5f}° {'с. ш.' if m['lat'] >= 0 else 'ю. ш.'}, "
               f"{abs(m['lon']):.5f}° {'в. д.' if m['lon'] >= 0 else 'з. д.'}"
               if m.get("lat") is not None else "координаты не определены")  # fmt: skip
    condition = STATUSES.get(m["status"], m["status"])
    if data.inspection:
        i = data.inspection
        condition += (f"; обследовано {i['inspected_on']}: {i['condition']}"
                      + (f"; {i['issues_found']}" if i.get("issues_found") else ""))  # fmt: skip
    protection = "; ".join(p for p in (m.get("protection_level"), m.get("protection_number"),
                                       m.get("protection_date")) if p) or "—"  # fmt: skip
    rows = [
        ("1. Наименование", "\n".join([m["name"], *other_names])),
        ("2. Место нахождения", "\n".join(p for p in (place, m.get("address"), located) if p)),
        ("3. Вид захоронения", KINDS.get(m["kind"], m["kind"])),
        ("4. Дата создания; что увековечено",
         "; ".join(p for p in (m.get("erected"), m.get("commemorates")) if p) or "—"),
        ("5. Количество захороненных",
         f"всего: {_count(m.get('buried_total'))}; известных: {_count(m.get('buried_known'))}; "
         f"неизвестных: {_count(m.get('buried_unknown'))}; в списке реестра: {data.names_total}"),
        ("6. Состояние", condition),
        ("7. Охранный статус (уровень; номер; дата)", protection),
        ("8. Кто осуществляет уход", m.get("custodian") or "—"),
    ]  # fmt: skip
    card.set_font("Noto", "", 9)
    label_style = FontFace(fill_color=(238, 238, 238))
    with card.table(col_widths=(58, 128), first_row_as_headings=False, line_height=5,
                    padding=1.5, text_align="LEFT") as table:  # fmt: skip
        for label, value in rows:
            row = table.row()
            row.cell(printable(label), style=label_style)
            row.cell(printable(value))


def _count(value: Any) -> str:
    return "—" if value is None else str(value)


def _locator_map(card: _Card, data: CardData, x: float, y: float, w: float, h: float) -> None:
    m = data.memorial
    card.set_draw_color(0)
    card.rect(x, y, w, h)
    card.set_font("Noto", "", 8)
    card.set_xy(x + 1, y + 1)
    card.cell(w - 2, 4, printable("9. Схема расположения"))
    if m.get("lat") is None:
        card.set_font("Noto", "", 8)
        card.set_xy(x + 2, y + h / 2)
        card.cell(w - 4, 4, printable("местоположение не определено"), align="C")
        return
    lat, lon = m["lat"], m["lon"]
    half_lon = MAP_HALF_LAT / max(0.1, math.cos(math.radians(lat))) * (w / (h - 8))
    top, inner_h = y + 6, h - 8

    def point(p_lat: float, p_lon: float) -> tuple[float, float]:
        px = x + w / 2 + (p_lon - lon) / half_lon * (w / 2)
        py = top + inner_h / 2 - (p_lat - lat) / MAP_HALF_LAT * (inner_h / 2)
        return px, py

    card.set_draw_color(200)
    card.set_font("Noto", "", 6)
    step = 0.1
    for k in range(-5, 6):
        g_lat = round(lat / step) * step + k * step
        _, py = point(g_lat, lon)
        if top < py < top + inner_h:
            card.line(x, py, x + w, py)
            card.text(x + 0.5, py - 0.5, f"{g_lat:.1f}°")
        g_lon = round(lon / step) * step + k * step
        px, _ = point(lat, g_lon)
        if x < px < x + w:
            card.line(px, top, px, top + inner_h)
            card.text(px + 0.5, top + inner_h - 0.5, f"{g_lon:.1f}°")
    card.set_fill_color(120)
    for n_lat, n_lon in data.neighbours:
        px, py = point(n_lat, n_lon)
        if x < px < x + w and top < py < top + inner_h:
            card.ellipse(px - 0.6, py - 0.6, 1.2, 1.2, style="F")
    px, py = point(lat, lon)
    card.set_fill_color(200, 0, 0)
    card.set_draw_color(200, 0, 0)
    card.ellipse(px - 1.5, py - 1.5, 3, 3, style="F")
    card.line(px - 4, py, px + 4, py)
    card.line(px, py - 4, px, py + 4)
    km = 111.32 * math.cos(math.radians(lat)) * half_lon * 2  # width of the map in km
    bar_km = 5 if km > 12 else 1
    bar = w * bar_km / km
    card.set_draw_color(0)
    card.line(x + 3, top + inner_h - 4, x + 3 + bar, top + inner_h - 4)
    card.text(x + 3, top + inner_h - 5, f"{bar_km} км")
    card.line(x + w - 4, top + 7, x + w - 4, top + 2)  # north arrow
    card.line(x + w - 4, top + 2, x + w - 5, top + 3.5)
    card.line(x + w - 4, top + 2, x + w - 3, top + 3.5)
    card.text(x + w - 8, top + 4, printable("С"))
    card.set_fill_color(255)
    card.set_font("Noto", "", 6)
    card.text(x + 1, y + h - 0.8, printable("• памятники реестра поблизости; + эта карточка"))


def _photo(card: _Card, data: CardData, x: float, y: float, w: float, h: float) -> None:
    card.set_draw_color(0)
    card.rect(x, y, w, h)
    card.set_font("Noto", "", 8)
    card.set_xy(x + 1, y + 1)
    card.cell(w - 2, 4, printable("10. Фотография"))
    if data.photo is not None:
        try:
            card.image(str(data.photo), x=x + 2, y=y + 6, w=w - 4, h=h - 8, keep_aspect_ratio=True)
            return
        except Exception:  # noqa: BLE001, S110 - an unreadable photo leaves the box empty
            pass
    card.set_font("Noto", "", 8)
    card.set_xy(x + 2, y + h / 2)
    card.cell(w - 4, 4, printable("фотография отсутствует"), align="C")


def _names(card: _Card, data: CardData) -> None:
    card.ln(4)
    card.set_font("Noto", "", 10)
    card.cell(0, 6, printable(f"11. Список захороненных ({data.names_total})"),
              new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    card.set_font("Noto", "", 8)
    heading = FontFace(fill_color=(230, 230, 230))
    with card.table(col_widths=NAME_WIDTHS, headings_style=heading, line_height=4,
                    repeat_headings=1, padding=1, text_align="LEFT") as table:  # fmt: skip
        head = table.row()
        for title in NAME_COLUMNS:
            head.cell(printable(title))
        written = 0
        for number, person in enumerate(data.names, start=1):
            fate = FATES.get(person.get("fate") or "", person.get("fate") or "")
            note = "; ".join(p for p in (fate, ROLES.get(person.get("role") or "", "")) if p)
            row = table.row()
            for value in (number, person.get("rank"), person["surname"], person.get("given_name"),
                          person.get("patronymic"), person.get("birth_date"),
                          person.get("death_date"), note):  # fmt: skip
                row.cell(printable(value))
            written += 1
        if not written:
            row = table.row()
            row.cell(printable("имена не установлены"), colspan=len(NAME_COLUMNS))


def record_card_pdf(data: CardData) -> bytes:
    m = data.memorial
    card = _Card(m["id"])
    card.add_page()
    card.set_font("Noto", "", 14)
    with card.local_context(text_mode="FILL_STROKE", line_width=0.25):  # bold by stroke
        card.cell(0, 8, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    card.set_font("Noto", "", 10)
    number = m.get("register_number") or "не присвоен"
    card.cell(0, 6, printable(f"Регистрационный номер: {number}    Идентификатор в реестре: "
                              f"{m['id']}"), align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if m.get("retired_at"):
        card.set_text_color(180, 0, 0)
        card.cell(0, 5, printable(f"Запись выведена из реестра: {m.get('retired_reason')}"),
                  align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        card.set_text_color(0)
    card.ln(2)
    _fields(card, data)
    card.ln(3)
    if card.get_y() + 72 > card.h - 16:
        card.add_page()
    top = card.get_y()
    _locator_map(card, data, 12, top, 108, 70)
    _photo(card, data, 122, top, 76, 70)
    card.set_xy(12, top + 70)
    _names(card, data)
    return bytes(card.output())
