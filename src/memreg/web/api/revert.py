"""Undoing through the API: revert a record to one of its revisions, restore a retired one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from memreg.services import permits
from memreg.services.revert import restore_record, revert_record
from memreg.store.queries import public
from memreg.web.api.models import MemorialOut, PersonOut, problem_responses
from memreg.web.api.params import check_record_id
from memreg.web.auth import EditorDep
from memreg.web.deps import StoreDep

router = APIRouter(prefix="/api", tags=["editing"])
ERRORS = problem_responses(400, 401, 403, 404, 409, 422)
MAX_KEY = 2**31 - 1


class Revert(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"revision": 12, "reason": "Undo a wrong change of the name", "version": 4}
        ]},
    )  # fmt: skip
    revision: int = Field(
        ge=1, le=MAX_KEY, description="The revision (of this record's history) to go back to"
    )
    reason: str = Field(min_length=1, max_length=5000, description="Why; kept in the revision")
    version: int = Field(
        ge=1, le=MAX_KEY, description="The version you looked at; a stale one gets 409"
    )


class Restore(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Retired by mistake: not a duplicate"}]},
    )
    reason: str = Field(min_length=1, max_length=5000, description="Why; kept in the revision")
    version: int | None = Field(
        None, ge=1, le=MAX_KEY, description="The version you looked at; a stale one gets 409"
    )


@router.post("/memorials/{memorial_id}/revert", response_model=MemorialOut, responses=ERRORS)
def revert_memorial(
    memorial_id: str, body: Revert, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Bring a memorial's fields back to what they were after one of its revisions (registrar
    or admin); the revert is itself a new revision naming that one."""
    memorial_id = check_record_id("memorial", memorial_id)
    permits.require_record(store, user.grant, "memorial", memorial_id)
    row = revert_record(
        store, user.actor, "memorial", memorial_id, body.revision, body.reason, body.version
    )
    return public(row)


@router.post("/memorials/{memorial_id}/restore", response_model=MemorialOut, responses=ERRORS)
def restore_memorial(
    memorial_id: str, body: Restore, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Bring a retired memorial back into the public register, with a reason."""
    memorial_id = check_record_id("memorial", memorial_id)
    permits.require_record(store, user.grant, "memorial", memorial_id)
    row = restore_record(store, user.actor, "memorial", memorial_id, body.reason, body.version)
    return public(row)


@router.post("/persons/{person_id}/revert", response_model=PersonOut, responses=ERRORS)
def revert_person(person_id: str, body: Revert, store: StoreDep, user: EditorDep) -> dict[str, Any]:
    """Bring a person's fields back to what they were after one of their revisions."""
    person_id = check_record_id("person", person_id)
    permits.require_record(store, user.grant, "person", person_id)
    row = revert_record(
        store, user.actor, "person", person_id, body.revision, body.reason, body.version
    )
    return public(row)


@router.post("/persons/{person_id}/restore", response_model=PersonOut, responses=ERRORS)
def restore_person(
    person_id: str, body: Restore, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Bring a retired person record back into the public register, with a reason."""
    person_id = check_record_id("person", person_id)
    permits.require_record(store, user.grant, "person", person_id)
    row = restore_record(store, user.actor, "person", person_id, body.reason, body.version)
    return public(row)
