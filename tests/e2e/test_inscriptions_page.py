"""In a real browser: the stone's list stands beside the register's on a wide screen (below
it on a phone), and carved text holding markup is shown as text, with no script run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from memreg.services.inscriptions import add_inscriptions
from memreg.store.engine import Store
from memreg.store.schema import memorials, person_memorials, persons
from tests.e2e.conftest import Browser

HOSTILE = [
    "<script>window.__xss = 1; alert(1)</script>",
    '"><img src=x onerror="window.__xss = 2; alert(2)">',
    '<svg onload="window.__xss = 3"></svg> ИВАНОВ И.П.',
]


@pytest.fixture(scope="module")
def carved_memorial(demo_register: Store) -> str:
    """The demo memorial with most names (the last by id among equals), its stone
    transcribed: the first name identified, the markup not."""
    link = person_memorials
    with demo_register.engine.connect() as conn:
        memorial_pk, memorial_id = conn.execute(
            select(memorials.c.pk, memorials.c.id)
            .join(link, link.c.memorial_pk == memorials.c.pk)
            .where(memorials.c.retired_at.is_(None))
            .group_by(memorials.c.pk, memorials.c.id)
            .order_by(func.count().desc(), memorials.c.id.desc())
            .limit(1)
        ).one()
        first = conn.execute(
            select(persons.c.id, persons.c.surname)
            .join(link, link.c.person_pk == persons.c.pk)
            .where(link.c.memorial_pk == memorial_pk)
            .order_by(link.c.sort_key)
            .limit(1)
        ).one()
    add_inscriptions(demo_register, "test", memorial_id, [
        {"text": first[1].upper(), "panel": 1, "row": 1, "person_id": first[0]},
        *({"text": text, "panel": 1, "row": 2, "note": text} for text in HOSTILE),
    ])  # fmt: skip
    return str(memorial_id)


def test_carved_markup_is_shown_as_text_and_no_script_runs(browser: Browser, carved_memorial):
    dialogs: list[str] = []
    browser.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser.goto(f"/memorials/{carved_memorial}?lang=en")
    browser.page.wait_for_load_state("load")
    assert browser.page.evaluate("() => window.__xss") is None
    assert dialogs == []
    shown = browser.page.locator("ol.carved .carved-text").all_inner_texts()
    assert shown[1:] == HOSTILE
    assert browser.page.locator("ol.carved img, ol.carved svg, ol.carved script").count() == 0
    assert browser.page.locator("ol.carved .mark.unidentified").count() == 3
    register = browser.page.locator("ol.names:not(.carved) > li")
    marked = browser.page.locator("ol.names:not(.carved) .mark.not-on-stone")
    assert marked.count() == register.count() - 1  # all but the one identified


def test_the_stone_stands_beside_the_register_on_a_wide_screen(browser: Browser, carved_memorial):
    browser.page.set_viewport_size({"width": 1280, "height": 900})
    browser.goto(f"/memorials/{carved_memorial}?lang=ru")
    names = browser.page.locator("section[aria-labelledby=names]").bounding_box()
    stone = browser.page.locator("section.stone").bounding_box()
    assert names and stone
    assert stone["x"] > names["x"] + names["width"] - 1  # to its right
    assert abs(stone["y"] - names["y"]) < 5
    assert browser.page.locator("#stone").inner_text().startswith("На камне")
    assert browser.errors == []


def test_the_stone_follows_the_register_on_a_phone(phone: Browser, carved_memorial):
    phone.goto(f"/memorials/{carved_memorial}?lang=be")
    names = phone.page.locator("section[aria-labelledby=names]").bounding_box()
    stone = phone.page.locator("section.stone").bounding_box()
    assert names and stone
    assert stone["y"] >= names["y"] + names["height"] - 1  # below it
    assert phone.page.locator("#stone").inner_text().startswith("На камені")
    assert phone.errors == []
