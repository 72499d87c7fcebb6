"""Bulk exports over HTTP: the live memorials and persons, streamed in any export format."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from memreg.publish.formats import FORMATS
from memreg.services.exports import export_format, export_stream
from memreg.store.queries import MemorialFilter
from memreg.store.streams import PersonFilter
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.api.routes import BBoxParam, Country, Kind, Region, _filter
from memreg.web.deps import StoreDep

router = APIRouter(prefix="/api/exports", tags=["exports"])

Format = Annotated[
    str,
    Query(description="csv, geojson, gpkg or jsonl", json_schema_extra={"enum": list(FORMATS)}),
]
MemorialParam = Annotated[
    str | None, Query(description="Only persons linked to the memorial with this id")
]


def _responses() -> dict[int | str, dict[str, Any]]:
    # Only GeoJSON is one JSON document; the others are files (binary, or one JSON a line).
    media: dict[str, Any] = {fmt.media_type.split(";")[0]: {"schema": {}}
                             for fmt in FORMATS.values()}  # fmt: skip
    media["application/geo+json"]["schema"] = {
        "type": "object", "required": ["type", "features"],
        "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}},
    }  # fmt: skip
    return {200: {"description": "The export, streamed", "content": media},
            **problem_responses(400)}  # fmt: skip


def _streamed(store: Any, record_type: str, format: str, flt: Any) -> StreamingResponse:
    fmt = export_format(format)
    name = f"{record_type}s.{fmt.extension}"
    return StreamingResponse(
        export_stream(store, record_type, fmt.name, flt),
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/memorials", response_class=StreamingResponse, responses=_responses())
def export_memorials(
    store: StoreDep,
    format: Format = "geojson",
    country: Country = None,
    region: Region = None,
    kind: Kind = None,
    bbox: BBoxParam = None,
) -> StreamingResponse:
    """Every live memorial matching the filters, in key order, streamed as it is read."""
    flt: MemorialFilter = _filter(country, region, kind, bbox)
    return _streamed(store, "memorial", format, flt)


@router.get("/persons", response_class=StreamingResponse, responses=_responses())
def export_persons(
    store: StoreDep,
    format: Format = "jsonl",
    memorial: MemorialParam = None,
    country: Country = None,
    region: Region = None,
    kind: Kind = None,
    bbox: BBoxParam = None,
) -> StreamingResponse:
    """Every live person with its memorial links; with filters, only persons linked to a
    matching memorial. CSV carries one link a person (JSON Lines carries them all)."""
    if memorial is not None:
        check_record_id("memorial", memorial)
    flt = PersonFilter(memorials=_filter(country, region, kind, bbox), memorial_id=memorial)
    return _streamed(store, "person", format, flt)
