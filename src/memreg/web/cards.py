"""GET /memorials/{id}/card.pdf: the memorial's record card."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from memreg.services.cards import record_card
from memreg.web.api.params import check_record_id
from memreg.web.deps import SettingsDep, StoreDep

router = APIRouter(include_in_schema=False)


@router.get("/memorials/{memorial_id}/card.pdf")
def card_pdf(memorial_id: str, store: StoreDep, settings: SettingsDep) -> Response:
    pdf = record_card(store, check_record_id("memorial", memorial_id), Path(settings.media_dir))
    disposition = f'inline; filename="{memorial_id}.pdf"'
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": disposition})  # fmt: skip
