"""A record's history page: every revision newest first, who, when, why, and what each changed
(field by field, before -> after), a page at a time by keyset (revisions older than one)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection, Table, select

from memreg.domain.errors import NotFoundError
from memreg.domain.revisions import revision_changes
from memreg.store.history import history_page
from memreg.store.schema import memorials, persons
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep
from memreg.web.pages import i18n
from memreg.web.pages.common import page_language, render
from memreg.web.pages.labels import FILTERS, N_
from memreg.web.pages.memorial_page import shown_name

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
MAX_KEY = 2**31 - 1
FIELD_LABELS = {
    "kind": N_("Kind"), "name": N_("Name"), "names": N_("Names in other languages"),
    "lat": N_("Latitude"), "lon": N_("Longitude"), "address": N_("Address"),
    "country": N_("Country"), "region": N_("Region"), "settlement": N_("Settlement"),
    "commemorates": N_("Commemorates"), "erected": N_("Erected"),
    "buried_total": N_("Buried in all"), "buried_known": N_("Buried, known by name"),
    "buried_unknown": N_("Buried, unknown"), "protection_level": N_("Protection"),
    "protection_number": N_("Listing number"), "protection_date": N_("Listed on"),
    "custodian": N_("Custodian"), "status": N_("Status"), "osm_id": N_("OpenStreetMap id"),
    "wikidata": N_("Wikidata id"), "external_ids": N_("Other identifiers"),
    "outline": N_("Outline"), "register_number": N_("Register number"),
    "surname": N_("Surname"), "given_name": N_("Given name"), "patronymic": N_("Patronymic"),
    "name_variants": N_("Also written"), "birth_date": N_("Born"),
    "birth_year": N_("Year of birth"), "death_date": N_("Died"),
    "death_year": N_("Year of death"), "birthplace": N_("Birthplace"), "rank": N_("Rank"),
    "rank_variants": N_("Other ranks in the sources"), "unit": N_("Unit"), "fate": N_("Fate"),
    "memorial_id": N_("Memorial"), "role": N_("Role"),
    "retired_at": N_("Retired on"), "retired_reason": N_("Reason for retiring"),
}  # fmt: skip
# Fields whose codes read as words of a vocabulary.
CODED = {"kind": "kind", "status": "status", "fate": "fate", "protection_level": "protection",
         "country": "country", "region": "region", "role": "role"}  # fmt: skip
KINDS: dict[str, Table] = {"memorial": memorials, "person": persons}


def shown_value(field: str, value: Any, lang: str) -> str:
    """A stored value as people read it: codes as words, lists and mappings spelled out."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if field in CODED and isinstance(value, str):
        return str(FILTERS[CODED[field]](value, lang))
    if field == "names" and isinstance(value, dict):
        return "; ".join(
            f"{FILTERS['language_name'](code, lang)}: {name}" for code, name in value.items()
        )
    if field == "outline" and isinstance(value, dict):
        return str(value.get("type") or "")
    if isinstance(value, list):
        return "; ".join(shown_value(field, v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown_value(str(k), v, lang)}" for k, v in value.items())
    return str(value)


def field_label(field: str, lang: str) -> str:
    message = FIELD_LABELS.get(field)
    return i18n.gettext(lang, message) if message else field.replace("_", " ")


def shown_entry(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """A history entry with its changes ready to show."""
    changes = [
        {"field": change.field, "label": field_label(change.field, lang),
         "before": shown_value(change.field, change.before, lang),
         "after": shown_value(change.field, change.after, lang)}
        for change in revision_changes(entry["action"], entry.get("before"), entry.get("after"))
    ]  # fmt: skip
    return {**entry, "changes": changes}


def _record(conn: Connection, record_type: str, record_id: str) -> dict[str, Any]:
    table = KINDS[record_type]
    row = (
        conn.execute(select(table).where(table.c.id == check_record_id(record_type, record_id)))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(record_type, record_id)
    return dict(row)


def _title(record_type: str, record: dict[str, Any], lang: str) -> str:
    if record_type == "memorial":
        return shown_name(record, lang)
    parts = (record["surname"], record["given_name"], record["patronymic"])
    return " ".join(p for p in parts if p)


def history_context(
    conn: Connection, record_type: str, record_id: str, older_than: int | None, lang: str
) -> dict[str, Any]:
    """What the history page of one record shows."""
    record = _record(conn, record_type, record_id)
    found = history_page(
        conn, KINDS[record_type], record_type, record["id"], older_than=older_than,
        limit=PAGE_SIZE,
    )  # fmt: skip
    assert found is not None  # the record was just read
    entries, more = found
    path = f"/{record_type}s/{record['id']}"
    return {
        "record_type": record_type, "record": record, "title": _title(record_type, record, lang),
        "record_path": path, "entries": [shown_entry(e, lang) for e in entries],
        "older_url": f"{path}/history?older_than={entries[-1]['revision']}" if more else "",
        "newest_url": f"{path}/history" if older_than is not None else "",
    }  # fmt: skip


OlderThan = Annotated[int | None, Query(ge=1, le=MAX_KEY)]


@router.api_route(
    "/memorials/{memorial_id}/history", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def memorial_history_page(
    request: Request,
    memorial_id: str,
    conn: ConnDep,
    older_than: OlderThan = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    context = history_context(conn, "memorial", memorial_id, older_than, page_language(request))
    return render(request, "history.html", context, page="history")


@router.api_route(
    "/persons/{person_id}/history", methods=["GET", "HEAD"], response_class=HTMLResponse
)
def person_history_page(
    request: Request,
    person_id: str,
    conn: ConnDep,
    older_than: OlderThan = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    context = history_context(conn, "person", person_id, older_than, page_language(request))
    return render(request, "history.html", context, page="history")
