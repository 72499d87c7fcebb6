"""Forms that change the register: new memorials, corrections, names, and their moderation.

One form per record serves everyone signed in: a registrar (or the custodian of the
record's area) changes the record at once; anyone else's form becomes a proposal in the
moderation queue. Errors come back beside their fields, in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from memreg.domain.errors import ConflictError, NotFoundError, ValidationError
from memreg.domain.permissions import Action, ForbiddenError
from memreg.services import editing, proposals
from memreg.services.throttle import ThrottledError
from memreg.services.users import User
from memreg.store.queries import get_memorial, get_person
from memreg.web.api.params import check_record_id
from memreg.web.pages.account_pages import field_problems as _problems
from memreg.web.pages.account_pages import sign_in_redirect
from memreg.web.pages.common import render
from memreg.web.pages.record_forms import FIELDS, read_form, shown_values
from memreg.web.sessions import CsrfFormDep, PageUserDep

router = APIRouter(include_in_schema=False)
QUEUE_PAGE = 50


def _limits(request: Request) -> proposals.ProposalLimits:
    return proposals.ProposalLimits(request.app.state.settings.proposals_per_hour)


def _record(request: Request, record_type: str, record_id: str) -> dict[str, Any]:
    record_id = check_record_id(record_type, record_id)
    with request.app.state.store.engine.connect() as conn:
        row = (get_memorial if record_type == "memorial" else get_person)(conn, record_id)
    if row is None or row.get("retired_at") is not None or row.get("merged_from"):
        raise NotFoundError(record_type, record_id)
    return row


def _form(
    request: Request,
    user: User,
    *,
    record_type: str,
    action: str,
    title: str,
    values: dict[str, Any],
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    direct = user.grant.may(Action.EDIT)
    return render(request, "record_form.html", {
        "record_type": record_type, "fields": FIELDS[record_type], "action": action,
        "form_title": title, "values": values, "direct": direct,
        "tile_url": request.app.state.settings.tile_url,
        "tile_attribution": request.app.state.settings.tile_attribution, **context,
    }, status_code=status, page="edit")  # fmt: skip


def _apply(
    user: User, direct: Callable[[], dict[str, Any]], propose: Callable[[], dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    """Change the record when the caller may change it here; otherwise propose it."""
    if user.grant.may(Action.EDIT):
        try:
            return "edited", direct()
        except ForbiddenError:  # a custodian outside its area proposes like anyone else
            if not user.grant.may(Action.PROPOSE):
                raise
    return "proposed", propose()


def _submitted(
    request: Request,
    user: User,
    form_context: dict[str, Any],
    run: Callable[[], tuple[str, dict[str, Any]]],
    done: Callable[[str, dict[str, Any]], str],
) -> Response:
    try:
        mode, result = run()
    except ValidationError as exc:
        return _form(request, user, status=422, problems=_problems(exc), **form_context)
    except ConflictError as exc:
        return _form(request, user, status=409, conflict=exc.message, **form_context)
    except ThrottledError as exc:
        page = _form(request, user, status=429, throttled=exc.message, **form_context)
        page.headers["Retry-After"] = str(exc.extra["retry_after"])
        return page
    return RedirectResponse(done(mode, result), status_code=303)


def _after(record_type: str) -> Callable[[str, dict[str, Any]], str]:
    def where(mode: str, result: dict[str, Any]) -> str:
        if mode == "proposed":
            return f"/proposals/mine?sent={result['id']}"
        return f"/{record_type}s/{result['id']}"

    return where


@router.get("/memorials/new", response_class=HTMLResponse)
def new_memorial_form(request: Request, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    user.grant.require(Action.PROPOSE)
    return _form(request, user, record_type="memorial", action="/memorials/new",
                 title="new_memorial", values={"status": "standing"})  # fmt: skip


@router.post("/memorials/new", response_class=HTMLResponse)
def new_memorial(request: Request, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    fields = {k: v for k, v in read_form("memorial", form).items() if v is not None}
    note = str(form.get("note") or "").strip() or None
    store = request.app.state.store
    context = {"record_type": "memorial", "action": "/memorials/new", "title": "new_memorial",
               "values": {k: str(form.get(k) or "") for k in form}, "note": note or ""}  # fmt: skip
    return _submitted(request, user, context, lambda: _apply(
        user,
        lambda: editing.create_memorial(store, user.actor, fields, note, grant=user.grant),
        lambda: proposals.propose(store, user, "new_memorial", fields, note=note,
                                  limits=_limits(request)),
    ), _after("memorial"))  # fmt: skip


def _edit_form(request: Request, user: User | None, record_type: str, record_id: str) -> Any:
    if user is None:
        return sign_in_redirect(request)
    user.grant.require(Action.PROPOSE)
    row = _record(request, record_type, record_id)
    return _form(request, user, record_type=record_type, title="edit",
                 action=f"/{record_type}s/{row['id']}/edit", values=shown_values(record_type, row),
                 version=row["version"], record=row)  # fmt: skip


def _edit(request: Request, user: User | None, form: Any, record_type: str, record_id: str) -> Any:
    if user is None:
        return sign_in_redirect(request)
    row = _record(request, record_type, record_id)
    changes = read_form(record_type, form)
    version_text = str(form.get("version") or "")
    version = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    note = str(form.get("note") or "").strip() or None
    store = request.app.state.store
    context = {"record_type": record_type, "action": f"/{record_type}s/{row['id']}/edit",
               "title": "edit", "values": {k: str(form.get(k) or "") for k in form},
               "version": version or row["version"], "record": row, "note": note or ""}  # fmt: skip

    def direct() -> dict[str, Any]:
        return editing.update_record(store, user.actor, record_type, row["id"], changes,
                                     version, note, grant=user.grant)  # fmt: skip

    def propose() -> dict[str, Any]:
        return proposals.propose(store, user, "correction", changes, record_type=record_type,
                                 record_id=row["id"], base_version=version, note=note,
                                 limits=_limits(request))  # fmt: skip

    return _submitted(request, user, context, lambda: _apply(user, direct, propose),
                      _after(record_type))  # fmt: skip


@router.get("/memorials/{memorial_id}/edit", response_class=HTMLResponse)
def memorial_edit_form(request: Request, memorial_id: str, user: PageUserDep) -> Any:
    return _edit_form(request, user, "memorial", memorial_id)


@router.post("/memorials/{memorial_id}/edit", response_class=HTMLResponse)
def memorial_edit(request: Request, memorial_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    return _edit(request, user, form, "memorial", memorial_id)


@router.get("/persons/{person_id}/edit", response_class=HTMLResponse)
def person_edit_form(request: Request, person_id: str, user: PageUserDep) -> Any:
    return _edit_form(request, user, "person", person_id)


@router.post("/persons/{person_id}/edit", response_class=HTMLResponse)
def person_edit(request: Request, person_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    return _edit(request, user, form, "person", person_id)


@router.get("/memorials/{memorial_id}/names/new", response_class=HTMLResponse)
def new_name_form(request: Request, memorial_id: str, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    user.grant.require(Action.PROPOSE)
    memorial = _record(request, "memorial", memorial_id)
    return _form(request, user, record_type="person", title="new_person", values={},
                 action=f"/memorials/{memorial['id']}/names/new", memorial=memorial)  # fmt: skip


@router.post("/memorials/{memorial_id}/names/new", response_class=HTMLResponse)
def new_name(request: Request, memorial_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    memorial = _record(request, "memorial", memorial_id)
    fields = {k: v for k, v in read_form("person", form).items() if v not in (None, [])}
    fields["memorial_id"] = memorial["id"]
    note = str(form.get("note") or "").strip() or None
    store = request.app.state.store
    context = {"record_type": "person", "title": "new_person", "memorial": memorial,
               "action": f"/memorials/{memorial['id']}/names/new", "note": note or "",
               "values": {k: str(form.get(k) or "") for k in form}}  # fmt: skip
    return _submitted(request, user, context, lambda: _apply(
        user,
        lambda: editing.create_person(store, user.actor, fields, note, grant=user.grant),
        lambda: proposals.propose(store, user, "new_person", fields, note=note,
                                  limits=_limits(request)),
    ), lambda mode, result: (f"/proposals/mine?sent={result['id']}" if mode == "proposed"
                             else f"/memorials/{memorial['id']}"))  # fmt: skip


@router.get("/proposals/mine", response_class=HTMLResponse)
def my_proposals(request: Request, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    with request.app.state.store.engine.connect() as conn:
        rows = proposals.mine(conn, user.username)
    return render(request, "my_proposals.html", {"proposals": rows,
                  "sent": request.query_params.get("sent", "")}, page="proposals")  # fmt: skip


@router.get("/moderation", response_class=HTMLResponse)
def moderation_queue(request: Request, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    after = request.query_params.get("after")
    before = int(after) if after and after.isdigit() and len(after) < 18 else None
    with request.app.state.store.engine.connect() as conn:
        rows = proposals.queue(conn, user, limit=QUEUE_PAGE + 1, before=before)
    more = rows[QUEUE_PAGE - 1]["pk"] if len(rows) > QUEUE_PAGE else None
    return render(request, "moderation.html", {"proposals": rows[:QUEUE_PAGE], "more": more},
                  page="moderation")  # fmt: skip


def _review_page(
    request: Request, user: User, proposal_id: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    user.grant.require(Action.MODERATE)
    with request.app.state.store.engine.connect() as conn:
        proposal = proposals.get_proposal(conn, proposal_id[:40])
        user.grant.require_place(proposal["country"], proposal["region"],
                                 f"proposal {proposal['id']}")  # fmt: skip
        reviewed = proposals.review(conn, proposal)
    return render(request, "moderation_item.html", {"proposal": proposal, **reviewed, **context},
                  status_code=status, page="moderation")  # fmt: skip


@router.get("/moderation/{proposal_id}", response_class=HTMLResponse)
def moderation_item(request: Request, proposal_id: str, user: PageUserDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    return _review_page(request, user, proposal_id)


@router.post("/moderation/{proposal_id}/approve", response_class=HTMLResponse)
def approve(request: Request, proposal_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    reason = str(form.get("reason") or "").strip() or None
    try:
        proposals.approve(request.app.state.store, user, proposal_id[:40], reason)
    except ConflictError as exc:
        return _review_page(request, user, proposal_id, status=409, conflict_message=exc.message)
    except ValidationError as exc:
        return _review_page(request, user, proposal_id, status=422, problems=_problems(exc))
    return RedirectResponse(f"/moderation?decided={proposal_id[:40]}", status_code=303)


@router.post("/moderation/{proposal_id}/reject", response_class=HTMLResponse)
def reject(request: Request, proposal_id: str, user: PageUserDep, form: CsrfFormDep) -> Any:
    if user is None:
        return sign_in_redirect(request)
    try:
        proposals.reject(request.app.state.store, user, proposal_id[:40],
                         str(form.get("reason") or ""))  # fmt: skip
    except ValidationError as exc:
        return _review_page(request, user, proposal_id, status=422, problems=_problems(exc))
    return RedirectResponse(f"/moderation?decided={proposal_id[:40]}", status_code=303)
