"""The record card PDF: laid out as the official military-burial card, rendered to PNG by
poppler's pdftoppm and read back by pdftotext, Cyrillic and Belarusian letters included."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from memreg.cli import app
from memreg.publish.record_card import printable
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from tests.conftest import make_client
from tests.register_builder import build_register

NAMES = 130  # enough for the list to run over several pages
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
    reason="poppler-utils (pdftoppm, pdftotext) is not installed",
)


def _register(store: Store, tmp_path: Path) -> None:
    build_register(store, tmp_path)
    path = tmp_path / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "surname", "given_name", "patronymic", "birth_date",
                         "death_date", "rank", "fate", "memorial_id"])  # fmt: skip
        for n in range(NAMES):
            writer.writerow([f"n-{n}", f"Ўласенка-{n:03d}", "Іван", "Пятровіч", "1915",
                             "1943-07?", "радавы", "killed_in_action", "BY-HM-0001"])  # fmt: skip
    import_csv(store, "test", "person", path)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


@needs_poppler
def test_card_renders_and_reads_back_in_cyrillic(store: Store, tmp_path: Path):
    _register(store, tmp_path)
    response = make_client(store).get("/memorials/BY-HM-0001/card.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    for page in pages:
        image = Image.open(page).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 0.005 * image.width * image.height, page.name  # ink on every page
    text = _text(pdf)
    for expected in ("УЧЕТНАЯ КАРТОЧКА ВОИНСКОГО ЗАХОРОНЕНИЯ", "Брацкая магіла савецкіх воінаў",
                     "братская могила", "всего: 320; известных: 112; неизвестных: 208",
                     "Мінскі гарвыканкам", "Сідарэнка", "Пятровіч", "погиб в бою",
                     f"лист 1 из {len(pages)}", "Схема расположения", "Фотография"):  # fmt: skip
        assert expected in text, expected
    surnames = set(re.findall(r"Ўласенка-\d{3}", text))
    assert len(surnames) == NAMES  # every name, over every page
    assert "ў" in text and "і" in text and "Ў" in text


@needs_poppler
def test_card_embeds_a_font_that_covers_what_it_prints(store: Store, tmp_path: Path):
    _register(store, tmp_path)
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(make_client(store).get("/memorials/BY-HM-0001/card.pdf").content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    noto = [line for line in fonts.splitlines() if "NotoSans" in line]
    assert noto and all(" yes yes " in line for line in noto), fonts  # embedded, with Unicode
    assert printable("Брацкая магіла ўсім ЎІЇЄҐ Қазақ") == "Брацкая магіла ўсім ЎІЇЄҐ Қазақ"
    assert printable("ძმათა სასაფლაო") == "????? ????????"  # Georgian: not in this font


@needs_poppler
def test_card_command_writes_the_pdf(sqlite_store: Store, tmp_path: Path):
    _register(sqlite_store, tmp_path)
    target = tmp_path / "kz.pdf"
    result = CliRunner().invoke(app, ["card", "KZ-0004", "-o", str(target),
                                      "-d", sqlite_store.url])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _text(target)
    assert "Памятная доска" in text and "местоположение не определено" in text
    assert "имена не установлены" in text
    result = CliRunner().invoke(app, ["card", "NOPE", "-o", str(tmp_path / "x.pdf"),
                                      "-d", sqlite_store.url])  # fmt: skip
    assert result.exit_code == 1 and "NOPE" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_memorial_card_is_404(store: Store):
    client = make_client(store)
    assert client.get("/memorials/NOPE/card.pdf").status_code == 404
    assert client.get("/memorials/%00/card.pdf").status_code == 404


@needs_poppler
def test_card_prints_the_photo_from_the_media_folder(sqlite_store: Store, tmp_path: Path):
    from sqlalchemy import select

    from memreg.services.cards import record_card
    from memreg.store.schema import media, memorials

    _register(sqlite_store, tmp_path)
    folder = tmp_path / "media"
    (folder / "by").mkdir(parents=True)
    Image.new("RGB", (320, 200), (90, 120, 60)).save(folder / "by" / "minsk.png")
    with _writing(sqlite_store) as conn:
        memorial = conn.execute(select(memorials).where(memorials.c.id == "BY-HM-0001"))
        row = memorial.mappings().one()
        revision = row["revision_id"]
        conn.execute(media.insert().values(
            id="photo-1", memorial_pk=row["pk"], file_name="by/minsk.png",
            media_type="image/png", author="test", licence="CC-BY-4.0", version=1,
            created_revision_id=revision, revision_id=revision))  # fmt: skip
    pdf = tmp_path / "with-photo.pdf"
    pdf.write_bytes(record_card(sqlite_store, "BY-HM-0001", folder))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]  # fmt: skip
    assert len(images) == 1 and " 320 " in images[0] and " 200 " in images[0]
    assert "фотография отсутствует" not in _text(pdf)
    # A file_name that climbs out of the media folder is never read.
    outside = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(outside)
    with _writing(sqlite_store) as conn:
        conn.execute(media.update().values(file_name="../secret.png"))
    assert "фотография отсутствует" in _text_of(record_card(sqlite_store, "BY-HM-0001", folder),
                                                 tmp_path)  # fmt: skip


@contextmanager
def _writing(store: Store) -> Iterator[Any]:
    """A write transaction for a row no service writes yet (media)."""
    with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
        yield conn


def _text_of(pdf: bytes, folder: Path) -> str:
    path = folder / "card-check.pdf"
    path.write_bytes(pdf)
    return _text(path)
