"""GET /api/changes: the register's revisions as an Activity Streams 2.0 ordered collection.

Oldest first, a page at a time; `after` is the cursor (the last revision a client has
seen) and `next` links carry it, so a client polls from where it stopped. `record=`
narrows the feed to one memorial or person.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from memreg.domain.errors import BadRequestError, NotFoundError
from memreg.domain.validation import ID_PATTERN
from memreg.store.changes import PUBLIC_TYPES, changes_page
from memreg.web.api.models import problem_responses
from memreg.web.deps import ConnDep, SettingsDep

router = APIRouter(prefix="/api", tags=["changes"])
MEDIA_TYPE = "application/activity+json"
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"memreg": "https://memreg.org/ns#"}]
# What each revision's action is as an activity.
ACTIVITY = {"create": "Create", "update": "Update", "retire": "Remove", "merge": "Update",
            "import": "Add"}  # fmt: skip

After = Annotated[
    int, Query(ge=0, le=2**62, description="Cursor: the last revision seen; the page follows it")
]
Limit = Annotated[int, Query(ge=1, le=1000, description="Activities per page, 1 to 1000")]
Record = Annotated[
    str | None,
    Query(description="Only the changes of one record: memorial/ID or person/ID",
          json_schema_extra={"pattern": "^(memorial|person)/[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"}),
]  # fmt: skip


def _record(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    record_type, _, record_id = text.partition("/")
    if record_type not in PUBLIC_TYPES or not ID_PATTERN.fullmatch(record_id):
        raise BadRequestError("record", "give memorial/ID or person/ID")
    return record_type, record_id


def _activity(site: str, revision: dict[str, Any]) -> dict[str, Any]:
    record_type = revision["record_type"]
    action = revision["action"]
    activity: dict[str, Any] = {
        "id": f"{site}/api/changes#{revision['pk']}",
        "type": ACTIVITY.get(action, "Update"),
        "memreg:action": action,
        "memreg:revision": revision["pk"],
        "published": revision["at"],
        "actor": {"type": "Person", "name": revision["actor"]},
    }
    if revision["reason"]:
        activity["summary"] = revision["reason"]
    if action == "import":
        activity["object"] = {
            "type": "Document", "name": revision["file_name"],
            "memreg:sha256": revision["file_sha256"], "memreg:recordType": record_type,
            "memreg:summary": revision["summary"],
        }  # fmt: skip
        activity["target"] = {"type": "Collection", "id": f"{site}/api/{record_type}s"}
    else:
        url = f"{site}/{record_type}s/{revision['record_id']}"
        activity["object"] = {"id": url, "type": f"memreg:{record_type.capitalize()}",
                              "memreg:id": revision["record_id"]}  # fmt: skip
        activity["memreg:before"] = revision["before"]
        activity["memreg:after"] = revision["after"]
    return activity


@router.get(
    "/changes",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "An OrderedCollectionPage of activities",
            "content": {MEDIA_TYPE: {"schema": {"type": "object"}}},
        },
        **problem_responses(400, 404),
    },  # fmt: skip
)
def changes(
    request: Request,
    conn: ConnDep,
    settings: SettingsDep,
    after: After = 0,
    limit: Limit = 100,
    record: Record = None,
) -> JSONResponse:
    """Revisions of memorials and persons (create, update, retire, import), oldest first."""
    wanted = _record(record)
    found = changes_page(conn, after, limit + 1, wanted)
    if found is None:
        assert wanted is not None
        raise NotFoundError(*wanted)
    rows, total = found
    more = len(rows) > limit
    rows = rows[:limit]
    site = str(request.base_url).rstrip("/")

    def page(cursor: int) -> str:
        params: dict[str, Any] = {"after": cursor, "limit": limit}
        if record is not None:
            params["record"] = record
        return f"{site}/api/changes?{urlencode(params)}"

    cursor = rows[-1]["pk"] if rows else after
    body: dict[str, Any] = {
        "@context": CONTEXT,
        "id": page(after),
        "type": "OrderedCollectionPage",
        "partOf": {
            "id": f"{site}/api/changes" + (f"?record={record}" if record else ""),
            "type": "OrderedCollection",
            "totalItems": total,
            "first": page(0),
        },  # fmt: skip
        "orderedItems": [_activity(site, r) for r in rows],
        # Keep it: asking ?after=<cursor> later returns what came after this page.
        "memreg:cursor": str(cursor),
    }
    if more:
        body["next"] = page(cursor)
    return JSONResponse(body, media_type=MEDIA_TYPE)
