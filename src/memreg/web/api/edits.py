"""Writing through the API: create, change (with the version you saw) and retire records."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, JsonValue

from memreg.domain.vocabulary import MemorialKind
from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.store.queries import public
from memreg.web.api.models import MemorialOut, PersonOut, problem_responses
from memreg.web.api.params import check_record_id, country_choices
from memreg.web.auth import EditorDep
from memreg.web.deps import StoreDep

router = APIRouter(prefix="/api", tags=["editing"])
Scalar = str | int | float | None


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(None, max_length=5000, description="Why; kept in the revision")


class MemorialFields(_Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{
            "kind": "mass_grave", "name": "Mass grave of Soviet soldiers",
            "names": {"ru": "Братская могила советских воинов"}, "lat": 53.9, "lon": 27.56,
            "country": "BY", "region": "BY-HM", "settlement": "Minsk", "buried_total": 120,
            "buried_known": 87, "reason": "From the district register of 1985",
        }]}
    )  # fmt: skip
    id: str | None = None
    kind: str | None = None
    name: str | None = None
    names: dict[str, str] | None = None
    lat: Scalar = None
    lon: Scalar = None
    country: str | None = None
    region: str | None = None
    settlement: str | None = None
    address: str | None = None
    commemorates: str | None = None
    erected: str | None = None
    buried_total: Scalar = None
    buried_known: Scalar = None
    protection_level: str | None = None
    protection_number: str | None = None
    custodian: str | None = None
    status: str | None = None
    osm_id: str | None = None
    wikidata: str | None = None


class PersonFields(_Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{
            "surname": "Сидоренко", "given_name": "Иван", "patronymic": "Петрович",
            "birth_date": "1912", "death_date": "1943-07?", "rank": "private",
            "fate": "killed_in_action", "reason": "From the reburial list of 1956",
        }]}
    )  # fmt: skip
    id: str | None = None
    surname: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    name_variants: list[str] | None = Field(
        None, description="Other spellings of the name in the sources"
    )
    birth_date: str | None = None
    death_date: str | None = None
    birthplace: str | None = None
    rank: str | None = None
    unit: str | None = None
    fate: str | None = None
    memorial_id: str | None = Field(None, description="Only on create: where the person lies")
    role: str | None = Field(None, description="Only on create: buried_at, commemorated_at...")


class MemorialChange(MemorialFields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [
            {"version": 1, "buried_known": 88, "reason": "One more name identified"}
        ]}
    )  # fmt: skip
    version: int = Field(description="The version you edited; a stale one gets 409")


class PersonChange(PersonFields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [
            {"version": 1, "death_date": "1943-07-12", "reason": "Date from the unit's report"}
        ]}
    )  # fmt: skip
    version: int = Field(description="The version you edited; a stale one gets 409")


class Retirement(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Duplicate of M-1a2b3c4d5e6f", "version": 2}]},
    )
    reason: str = Field(min_length=1, max_length=5000)
    version: int | None = None


class NewMemorial(MemorialFields):
    """A memorial to create: its kind and country are required (and a name, or `names`)."""

    kind: MemorialKind = Field(description="What the memorial is")
    country: str = Field(
        description="ISO 3166-1 alpha-2 code",
        json_schema_extra={"enum": list[JsonValue](country_choices())},
    )


class NewPerson(PersonFields):
    """A person to create: the surname is required, as the source writes it."""

    surname: str = Field(description="As the source writes it", min_length=1)


def _changes(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True, exclude={"version", "reason", "id"})


CREATE_ERRORS = problem_responses(400, 401, 403, 409, 422)
CHANGE_ERRORS = problem_responses(400, 401, 403, 404, 409, 422)


@router.post("/memorials", response_model=MemorialOut, status_code=201, responses=CREATE_ERRORS)
def add_memorial(body: NewMemorial, store: StoreDep, user: EditorDep) -> dict[str, Any]:
    """Create a memorial (registrar, admin, or a custodian in its area)."""
    fields = body.model_dump(exclude_unset=True, exclude={"reason"})
    return public(create_memorial(store, user.actor, fields, body.reason, grant=user.grant))


@router.patch("/memorials/{memorial_id}", response_model=MemorialOut, responses=CHANGE_ERRORS)
def change_memorial(
    memorial_id: str, body: MemorialChange, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Change fields of a memorial; `version` must be the current one."""
    memorial_id = check_record_id("memorial", memorial_id)
    row = update_record(
        store, user.actor, "memorial", memorial_id, _changes(body), body.version, body.reason,
        grant=user.grant,
    )  # fmt: skip
    return public(row)


@router.post("/memorials/{memorial_id}/retire", response_model=MemorialOut, responses=CHANGE_ERRORS)
def retire_memorial(
    memorial_id: str, body: Retirement, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Retire a memorial from the public register, with a reason; it is never deleted."""
    memorial_id = check_record_id("memorial", memorial_id)
    row = retire_record(
        store, user.actor, "memorial", memorial_id, body.reason, body.version, grant=user.grant
    )
    return public(row)


@router.post("/persons", response_model=PersonOut, status_code=201, responses=CREATE_ERRORS)
def add_person(body: NewPerson, store: StoreDep, user: EditorDep) -> dict[str, Any]:
    """Create a person, optionally linked to a memorial (registrar, admin, or a custodian of
    that memorial's area)."""
    fields = body.model_dump(exclude_unset=True, exclude={"reason"})
    return public(create_person(store, user.actor, fields, body.reason, grant=user.grant))


@router.patch("/persons/{person_id}", response_model=PersonOut, responses=CHANGE_ERRORS)
def change_person(
    person_id: str, body: PersonChange, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Change fields of a person; `version` must be the current one."""
    person_id = check_record_id("person", person_id)
    changes = _changes(body)
    changes.pop("memorial_id", None)
    changes.pop("role", None)
    row = update_record(
        store, user.actor, "person", person_id, changes, body.version, body.reason,
        grant=user.grant,
    )  # fmt: skip
    return public(row)


@router.post("/persons/{person_id}/retire", response_model=PersonOut, responses=CHANGE_ERRORS)
def retire_person(
    person_id: str, body: Retirement, store: StoreDep, user: EditorDep
) -> dict[str, Any]:
    """Retire a person record with a reason."""
    person_id = check_record_id("person", person_id)
    row = retire_record(
        store, user.actor, "person", person_id, body.reason, body.version, grant=user.grant
    )
    return public(row)
