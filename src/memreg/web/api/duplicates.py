"""The duplicates queue: candidate pairs best first; registrars merge or mark them distinct."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from memreg.services.duplicates import list_duplicates, mark_distinct, merge_pair
from memreg.settings import Settings
from memreg.web.api.models import problem_responses
from memreg.web.auth import MergerDep
from memreg.web.deps import ConnDep, SettingsDep, StoreDep

router = APIRouter(prefix="/api", tags=["duplicates"])


class DuplicatePair(BaseModel):
    pair: int = Field(description="The queue entry's number, for merge and distinct")
    record_type: str
    a: str = Field(description="Id of the older record")
    b: str
    a_name: str
    b_name: str
    score: float = Field(description="0 to 1: how likely the two are one")
    why: list[str] = Field(description="What the score rests on")
    status: str


class DuplicatePage(BaseModel):
    items: list[DuplicatePair]
    total: int
    limit: int
    offset: int


class MergeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"keep": "egrokn-176736", "reason": "The same grave in EGROKN and OSM"}]})  # fmt: skip
    keep: str = Field(description="Id of the record that survives (a or b of the pair)")
    reason: str | None = Field(None, max_length=5000)


class DistinctBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(None, max_length=5000)


class MergeResult(BaseModel):
    kept: str
    merged: str
    revision: int
    links_moved: int
    source_keys_moved: int
    filled: list[str]


class DistinctResult(BaseModel):
    pair: int
    status: str


def _limit(limit: int, settings: Settings) -> int:
    from memreg.domain.errors import BadRequestError

    if limit > settings.page_size_max:
        raise BadRequestError("limit", f"must be between 1 and {settings.page_size_max}")
    return limit


@router.get("/duplicates", response_model=DuplicatePage, responses=problem_responses(400))
def duplicates(
    conn: ConnDep,
    settings: SettingsDep,
    record_type: Annotated[
        Literal["memorial", "person"], Query(description="What to list")
    ] = "memorial",
    status: Annotated[Literal["open", "merged", "distinct"], Query()] = "open",
    limit: Annotated[int, Query(ge=1)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> dict[str, Any]:
    """Candidate duplicate pairs (from `memreg duplicates`), best first, with why."""
    items, total = list_duplicates(conn, record_type, status, _limit(limit, settings), offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


PairId = Annotated[int, Path(ge=1, le=2**62, description="The pair's number in the queue")]


@router.post(
    "/duplicates/{pair}/merge",
    response_model=MergeResult,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def merge(pair: PairId, body: MergeBody, store: StoreDep, user: MergerDep) -> dict[str, Any]:
    """Merge the pair into `keep` (registrar): both histories are kept, links, source keys and
    external ids move, and the other id keeps answering with the survivor."""
    return merge_pair(store, user.actor, pair, body.keep, body.reason)


@router.post(
    "/duplicates/{pair}/distinct",
    response_model=DistinctResult,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def distinct(pair: PairId, body: DistinctBody, store: StoreDep, user: MergerDep) -> dict[str, Any]:
    """Mark the pair as two different records (registrar): it leaves the open queue."""
    result = mark_distinct(store, user.actor, pair, body.reason)
    return {"pair": result["pk"], "status": result["status"]}
