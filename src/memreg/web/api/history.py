"""Where every fact came from: a record's revisions, imports included."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from memreg.domain.errors import NotFoundError
from memreg.store.history import record_history
from memreg.store.schema import memorials, persons
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep

router = APIRouter(prefix="/api", tags=["history"])


class RevisionOut(BaseModel):
    revision: int
    at: str
    actor: str
    action: str
    record_id: str | None = None  # set when the revision is of a record merged into this one
    reason: str | None = None
    reverted_to: int | None = None  # set on a revert: the revision it went back to
    file_name: str | None = None
    file_sha256: str | None = None
    source_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class History(BaseModel):
    id: str
    revisions: list[RevisionOut]


@router.get(
    "/memorials/{memorial_id}/history",
    response_model=History,
    response_model_exclude_none=True,
    responses=problem_responses(404),
)
def memorial_history(memorial_id: str, conn: ConnDep) -> dict[str, Any]:
    """Every revision of a memorial, oldest first: the import or edit that created it, then
    each change with before and after."""
    found = record_history(conn, memorials, "memorial", check_record_id("memorial", memorial_id))
    if found is None:
        raise NotFoundError("memorial", memorial_id)
    return {"id": memorial_id, "revisions": found}


@router.get(
    "/persons/{person_id}/history",
    response_model=History,
    response_model_exclude_none=True,
    responses=problem_responses(404),
)
def person_history(person_id: str, conn: ConnDep) -> dict[str, Any]:
    """Every revision of a person record, oldest first."""
    found = record_history(conn, persons, "person", check_record_id("person", person_id))
    if found is None:
        raise NotFoundError("person", person_id)
    return {"id": person_id, "revisions": found}
