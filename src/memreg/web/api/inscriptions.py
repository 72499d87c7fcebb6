"""Names as inscribed through the API: the stone's list of a memorial, adding and correcting
carved names, linking each to the person it names, and suggestions of whom it may name."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.domain.inscriptions import MAX_INSCRIPTION, MAX_PLACE, InscriptionStatus
from memreg.domain.validation import ID_PATTERN, MAX_TEXT
from memreg.search.inscribed import MAX_SUGGESTIONS
from memreg.services.inscriptions import (
    MAX_AT_ONCE,
    add_inscriptions,
    inscription_suggestions,
    update_inscription,
)
from memreg.store.inscriptions import (
    inscription_view,
    place_after,
    place_cursor,
    stone_page,
    stone_totals,
)
from memreg.store.queries import get_memorial
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.auth import EditorDep
from memreg.web.deps import ConnDep, SettingsDep, StoreDep, next_link

router = APIRouter(prefix="/api", tags=["inscriptions"])
RecordId = Annotated[str, Field(pattern=ID_PATTERN.pattern, description="A record's public id")]
Place = Annotated[int, Field(ge=1, le=MAX_PLACE)]
Carved = Annotated[
    str,
    Field(min_length=1, max_length=MAX_INSCRIPTION,
          description="The name exactly as carved (any script, old letters, abbreviations, "
          "capitals); kept as typed"),
]  # fmt: skip
Note = Annotated[str | None, Field(max_length=MAX_TEXT, description="What the reader saw")]
MemorialId = Annotated[str, Path(description="The memorial's public id")]
InscriptionId = Annotated[str, Path(description="The inscription's public id")]


class InscriptionOut(BaseModel):
    id: str
    memorial_id: str
    text: str
    panel: int
    row: int
    position: int
    status: Literal["published", "proposed"]
    note: str | None = None
    person_id: str | None = Field(None, description="The person it names, once identified")
    media_id: str | None = Field(None, description="The photo it was read from")
    version: int
    retired_at: str | None = None
    retired_reason: str | None = None


class NamedPerson(BaseModel):
    id: str
    surname: str
    given_name: str | None = None
    patronymic: str | None = None


class StoneItem(BaseModel):
    """An inscription on the stone's list, with the person it names."""

    id: str
    text: str
    panel: int
    row: int
    position: int
    note: str | None = None
    media_id: str | None = None
    version: int
    identified: bool = Field(description="Whether the register knows whom it names")
    person: NamedPerson | None = None


class StonePage(BaseModel):
    memorial_id: str
    items: list[StoneItem]
    total: int = Field(description="Published inscriptions of the memorial")
    unidentified: int = Field(description="Of those, naming no identified person yet")
    names: int = Field(description="Entries of the register's list of the memorial")
    names_not_on_stone: int = Field(description="Of those, named by no inscription")
    limit: int
    next: str | None = Field(None, description="The next page (path and query), if any")


class NewInscription(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: RecordId | None = None
    text: Carved
    panel: Place
    row: Place
    position: Place | None = Field(None, description="Left out: the next free one of the row")
    person_id: RecordId | None = Field(None, description="A person linked to this memorial")
    media_id: RecordId | None = Field(None, description="A photo of this memorial")
    status: Literal["published", "proposed"] = Field(
        "published", description="`proposed` waits, unseen, for moderation"
    )
    note: Note = None


class NewInscriptions(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "items": [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1},
                      {"text": "СѢРОВЪ А.Н.", "panel": 1, "row": 1}],
            "reason": "Read from the photos of May 2025",
        }]},
    )  # fmt: skip
    items: list[NewInscription] = Field(min_length=1, max_length=MAX_AT_ONCE)
    reason: str | None = Field(None, max_length=MAX_TEXT, description="Kept in each revision")


class AddedInscriptions(BaseModel):
    items: list[InscriptionOut]


class InscriptionChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"version": 1, "person_id": "P-1", "reason": "Identified from the burial list"}
        ]},
    )  # fmt: skip
    version: int = Field(description="The version you edited; a stale one gets 409")
    text: Carved | None = None
    panel: Place | None = None
    row: Place | None = None
    position: Place | None = None
    person_id: RecordId | None = Field(None, description="Whom it names; null unlinks")
    media_id: RecordId | None = Field(None, description="The photo it was read from; null: none")
    note: Note = None
    reason: str | None = Field(None, max_length=MAX_TEXT)


class Suggestion(BaseModel):
    person_id: str
    surname: str
    given_name: str | None = None
    patronymic: str | None = None
    birth_date: str | None = None
    death_date: str | None = None
    score: float = Field(description="0 to 1: how well the record answers the carved name")
    why: dict[str, Any] = Field(
        description="`text` in words; `matches` per carved part: field, carved, value, how"
    )
    inscriptions: list[str] = Field(description="Inscriptions of this memorial naming them")


class Suggestions(BaseModel):
    inscription: InscriptionOut
    items: list[Suggestion]
    notes: list[str]


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "memorial_pk"}


@router.get(
    "/memorials/{memorial_id}/inscriptions",
    response_model=StonePage,
    responses=problem_responses(400, 404),
)
def memorial_inscriptions(
    request: Request,
    memorial_id: MemorialId,
    conn: ConnDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, description="Inscriptions per page")] = 100,
    cursor: Annotated[
        str | None,
        Query(
            description="Where the page starts: the cursor of the previous page's `next`",
            max_length=2000,
            json_schema_extra={"format": "memreg-stone-cursor"},
        ),
    ] = None,  # fmt: skip
) -> dict[str, Any]:
    """The memorial's published inscriptions by panel, row and position, each with the
    person it names (or `identified: false`); the totals of the stone and of the register's
    list, kept current by every write."""
    if limit > settings.page_size_max:
        raise BadRequestError("limit", f"must be between 1 and {settings.page_size_max}")
    memorial = get_memorial(conn, check_record_id("memorial", memorial_id))
    if memorial is None:
        raise NotFoundError("memorial", memorial_id)
    rows, following = stone_page(conn, memorial["pk"], limit, place_after(cursor))
    totals = stone_totals(conn, memorial["id"])
    items = [
        {**{k: row[k] for k in ("id", "text", "panel", "row", "position", "note", "media_id",
                                "version")},
         "identified": row["person_id"] is not None,
         "person": {"id": row["person_id"], "surname": row["surname"],
                    "given_name": row["given_name"], "patronymic": row["patronymic"]}
         if row["person_id"] is not None else None}
        for row in rows
    ]  # fmt: skip
    cursor_out = place_cursor(following)
    return {"memorial_id": memorial["id"], "items": items, "total": totals["inscriptions"],
            "unidentified": totals["unidentified"], "names": totals["names"],
            "names_not_on_stone": totals["names_not_on_stone"], "limit": limit,
            "next": next_link(request, cursor_out)}  # fmt: skip


@router.post(
    "/memorials/{memorial_id}/inscriptions",
    response_model=AddedInscriptions,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def add_memorial_inscriptions(
    memorial_id: MemorialId, body: NewInscriptions, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Add one carved name or many (a panel transcribed at once): all or none. A position
    left out is the next free one of its row, in the order given."""
    memorial_id = check_record_id("memorial", memorial_id)
    items = [item.model_dump(exclude_unset=True) for item in body.items]
    added = add_inscriptions(store, user, memorial_id, items, body.reason)
    return {"items": added}


@router.get(
    "/inscriptions/{inscription_id}",
    response_model=InscriptionOut,
    responses=problem_responses(404),
)
def inscription_detail(inscription_id: InscriptionId, conn: ConnDep) -> dict[str, Any]:
    """One inscription (a proposed one is not shown until it is published)."""
    row = inscription_view(conn, check_record_id("inscription", inscription_id))
    if row is None or row["status"] != InscriptionStatus.PUBLISHED:
        raise NotFoundError("inscription", inscription_id)
    return _shown(row)


@router.patch(
    "/inscriptions/{inscription_id}",
    response_model=InscriptionOut,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def change_inscription(
    inscription_id: InscriptionId, body: InscriptionChange, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Correct the text, place, photo or note, or link the person it names (`person_id`;
    null unlinks); `version` must be the current one."""
    inscription_id = check_record_id("inscription", inscription_id)
    changes = body.model_dump(exclude_unset=True, exclude={"version", "reason"})
    return update_inscription(store, user, inscription_id, changes, body.version, body.reason)


@router.get(
    "/inscriptions/{inscription_id}/suggestions",
    response_model=Suggestions,
    responses=problem_responses(400, 404),
)
def suggestions(
    inscription_id: InscriptionId,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_SUGGESTIONS, description="Persons at most")] = 10,
) -> dict[str, Any]:
    """Persons of the inscription's memorial its text may name, best first, each with why:
    the carved surname read as the person search reads one (scripts, old orthography,
    phonetic keys, the other gender's form), initials and abbreviations against the given
    name and patronymic, carved years against the year of birth."""
    inscription_id = check_record_id("inscription", inscription_id)
    return inscription_suggestions(store, inscription_id, limit)
