"""A memorial's record card: gather what the card shows, then render it (publish/record_card)."""

from __future__ import annotations

from pathlib import Path

from memreg.domain.errors import NotFoundError
from memreg.publish.record_card import MAP_HALF_LAT, CardData, record_card_pdf
from memreg.store.cards import card_names, latest_inspection, neighbours, photos
from memreg.store.engine import Store
from memreg.store.queries import get_memorial, memorial_persons
from memreg.store.streams import snapshot


def _photo_file(rows: list[dict], media_dir: Path | None) -> Path | None:
    """The first photo of the memorial whose file is in the media folder."""
    if media_dir is None:
        return None
    root = media_dir.resolve()
    for row in rows:
        path = (root / row["file_name"]).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def record_card(store: Store, memorial_id: str, media_dir: Path | None = None) -> bytes:
    """The PDF record card of a memorial (retired ones too, marked so)."""
    with snapshot(store) as conn:
        memorial = get_memorial(conn, memorial_id)
        if memorial is None:
            raise NotFoundError("memorial", memorial_id)
        _, total, _ = memorial_persons(conn, memorial, 1)
        around = []
        if memorial["lat"] is not None:
            around = neighbours(conn, store.backend, memorial["lat"], memorial["lon"],
                                MAP_HALF_LAT * 4)  # fmt: skip
        data = CardData(
            memorial=memorial,
            names=card_names(conn, memorial),
            names_total=total,
            neighbours=around,
            inspection=latest_inspection(conn, memorial["pk"]),
            photo=_photo_file(photos(conn, memorial["pk"]), media_dir),
        )
        return record_card_pdf(data)
