"""HTTP for OAI-PMH: GET or POST (form) at /oai, always 200 with XML (errors included, as
the protocol asks); the memreg metadata schema at /oai/schemas/memreg-1.0.xsd."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from memreg.publish.oai_records import MEMREG_SCHEMA_FILE
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.oai.protocol import Context, answer

router = APIRouter(prefix="/oai", include_in_schema=False)
XML = "text/xml; charset=utf-8"
MAX_BODY = 64 * 1024


def _context(request: Request, conn: ConnDep, settings: SettingsDep) -> Context:
    site = str(request.base_url).rstrip("/")
    return Context(conn=conn, base_url=f"{site}/oai", site=site,
                   repository_name=settings.oai_repository_name,
                   admin_email=settings.oai_admin_email, namespace=settings.oai_namespace,
                   secret=settings.secret_key)  # fmt: skip


def _arguments(query: str) -> dict[str, list[str]]:
    return parse_qs(query, keep_blank_values=True, max_num_fields=50)


@router.get("")
def oai_get(request: Request, conn: ConnDep, settings: SettingsDep) -> Response:
    ctx = _context(request, conn, settings)
    try:
        arguments = _arguments(request.url.query)
    except ValueError:
        arguments = {"verb": ["Identify", "?"]}  # too many fields: a badVerb answer
    return Response(answer(arguments, ctx), media_type=XML)


@router.post("")
async def oai_post(request: Request, conn: ConnDep, settings: SettingsDep) -> Response:
    ctx = _context(request, conn, settings)
    body = await request.body()
    try:
        arguments = _arguments(body[:MAX_BODY].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        arguments = {"verb": ["Identify", "?"]}
    return Response(answer(arguments, ctx), media_type=XML)


@router.get("/schemas/memreg-1.0.xsd")
def memreg_schema() -> FileResponse:
    return FileResponse(MEMREG_SCHEMA_FILE, media_type="application/xml")
