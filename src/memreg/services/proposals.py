"""Proposals: a contributor's new memorial, correction or name, moderated before it counts.

A proposal is checked when it is made (the same validation as a direct edit, so a
moderator never sees one that could not be applied), queued with the place it concerns (a
custodian sees its own area's), and applied only by approval: through the editing
services, as a revision whose actor is the proposer, in the same transaction that marks the
proposal approved. A correction remembers the version the proposer saw; if the record has
changed since, approving it is refused as a conflict (409), never applied over the change.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select, update

from memreg.domain.errors import (
    FieldProblem,
    MemregError,
    NotFoundError,
    ValidationError,
)
from memreg.domain.permissions import Action
from memreg.services import editing, permits, throttle
from memreg.services.users import User
from memreg.store import audit
from memreg.store.engine import Store
from memreg.store.records import get_row, public_values
from memreg.store.schema import memorials, persons, proposals
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

KINDS = ("new_memorial", "correction", "new_person")
RECORD_TYPES = {"new_memorial": "memorial", "new_person": "person"}
_TABLES = {"memorial": memorials, "person": persons}


@dataclass(frozen=True)
class ProposalLimits:
    per_hour: int = 30


class TooManyProposalsError(throttle.ThrottledError):
    def __init__(self, retry_after: int) -> None:
        super().__init__("too many proposals from this account", retry_after,
                         "too-many-proposals")  # fmt: skip


class DecidedError(MemregError):
    def __init__(self, proposal_id: str, status: str) -> None:
        super().__init__(message=f"proposal {proposal_id} is {status} already",
                         code="proposal-decided", status=409)  # fmt: skip


def _problem(field: str, message: str) -> ValidationError:
    return ValidationError([FieldProblem(field, message)])


def _live(conn: Connection, record_type: str, record_id: str) -> dict[str, Any]:
    row = get_row(conn, _TABLES[record_type], record_id)
    if row is None or row["retired_at"] is not None:
        raise NotFoundError(record_type, record_id)
    return row


def _place(
    conn: Connection, record_type: str, row: dict[str, Any]
) -> tuple[str | None, str | None]:
    if record_type == "memorial":
        return row.get("country"), row.get("region")
    places = permits.person_places(conn, row["pk"])
    return places[0] if places else (None, None)


def _checked(
    conn: Connection,
    kind: str,
    record_type: str,
    record_id: str | None,
    changes: dict[str, Any],
    base_version: int | None,
) -> tuple[dict[str, Any], int | None, tuple[str | None, str | None]]:
    """(what to store as the proposal's changes, the base version, its place)."""
    if kind == "new_memorial":
        record = editing.check_new("memorial", changes)
        if record.get("lat") is None or record.get("lon") is None:
            raise _problem("lat", "a new memorial needs its place: put a pin on the map")
        return {k: v for k, v in changes.items() if v not in (None, "")}, None, (
            record.get("country"), record.get("region"))  # fmt: skip
    if kind == "new_person":
        record = editing.check_new("person", changes)
        if not record.get("memorial_id"):
            raise _problem("memorial_id", "name the memorial the person belongs to")
        memorial = _live(conn, "memorial", str(record["memorial_id"]))
        stored = {k: v for k, v in changes.items() if v not in (None, "")}
        return stored, None, (memorial["country"], memorial["region"])
    if kind != "correction":
        raise _problem("kind", "must be one of " + ", ".join(KINDS))
    if record_type not in _TABLES or not record_id:
        raise _problem("record_id", "a correction names the memorial or person it corrects")
    current = _live(conn, record_type, record_id)
    wanted = editing.check_changes(record_type, changes)
    before, _, diff = editing.changed_fields(record_type, current, wanted)
    if not diff:
        raise _problem("changes", "the proposal would change nothing")
    seen = current["version"] if base_version is None else base_version
    stored = {"after": diff, "before": {k: before.get(k) for k in diff}}
    return stored, seen, _place(conn, record_type, current)


def propose(
    store: Store,
    user: User,
    kind: str,
    changes: dict[str, Any],
    *,
    record_type: str | None = None,
    record_id: str | None = None,
    base_version: int | None = None,
    note: str | None = None,
    limits: ProposalLimits | None = None,
) -> dict[str, Any]:
    """Queue a proposal for moderation; ValidationError naming the field when it could not
    be applied as it stands."""
    user.grant.require(Action.PROPOSE)
    record_type = RECORD_TYPES.get(kind, record_type or "")
    if note is not None and len(note) > 5000:
        raise _problem("note", "must have at most 5000 characters")
    limit = throttle.Limit(f"proposals:{user.username}", (limits or ProposalLimits()).per_hour,
                           3600.0)  # fmt: skip
    now = time.time()
    with store.engine.connect() as conn:
        wait, _ = throttle.wait_for(conn, (limit,), now)
        if wait:
            raise TooManyProposalsError(wait)
        stored, seen, (country, region) = _checked(conn, kind, record_type, record_id, changes,
                                                   base_version)  # fmt: skip
    proposal_id = "PR-" + secrets.token_hex(6)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        throttle.count(uow.conn, (limit,), now)
        values = {
            "id": proposal_id, "kind": kind, "record_type": record_type, "record_id": record_id,
            "base_version": seen, "changes": stored, "note": note or None,
            "proposer": user.username, "created_at": utc_now(), "country": country,
            "region": region, "status": "pending",
        }  # fmt: skip
        uow.conn.execute(proposals.insert().values(**values))
        uow.record_revision("propose", record_type="proposal", record_id=proposal_id,
                            after={"kind": kind, "record_id": record_id})  # fmt: skip
        uow.commit()
        return values

    return run_write(store, user.actor, work)


def get_proposal(conn: Connection, proposal_id: str) -> dict[str, Any]:
    row = conn.execute(select(proposals).where(proposals.c.id == proposal_id)).mappings().first()
    if row is None:
        raise NotFoundError("proposal", proposal_id)
    return dict(row)


def queue(
    conn: Connection, user: User, *, status: str = "pending", limit: int = 50,
    before: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Proposals a moderator may decide, oldest first; a custodian's area only."""
    user.grant.require(Action.MODERATE)
    query = select(proposals).where(proposals.c.status == status)
    area = user.grant.area
    if area is not None:
        query = query.where(or_(proposals.c.region.in_(area.codes),
                                proposals.c.country.in_(area.codes)))  # fmt: skip
    if before is not None:
        query = query.where(proposals.c.pk > before)
    rows = conn.execute(query.order_by(proposals.c.pk).limit(limit)).mappings()
    return [dict(row) for row in rows]


def mine(conn: Connection, username: str, *, limit: int = 100) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(proposals).where(proposals.c.proposer == username)
        .order_by(proposals.c.pk.desc()).limit(limit)
    ).mappings()  # fmt: skip
    return [dict(row) for row in rows]


def review(conn: Connection, proposal: dict[str, Any]) -> dict[str, Any]:
    """The proposal as a field-level diff against the record as it is now, and whether the
    record has changed since the proposer saw it (a conflict on the fields it touches)."""
    changes = proposal["changes"]
    if proposal["kind"] != "correction":
        fields = [{"field": k, "current": None, "proposed": v, "seen": None, "changed": False}
                  for k, v in sorted(changes.items())]  # fmt: skip
        return {"fields": fields, "conflict": False, "record": None}
    row = get_row(conn, _TABLES[proposal["record_type"]], proposal["record_id"])
    current = public_values(row) if row is not None else {}
    fields = []
    for field, proposed in changes["after"].items():
        seen = changes["before"].get(field)
        fields.append({"field": field, "current": current.get(field), "proposed": proposed,
                       "seen": seen, "changed": current.get(field) != seen})  # fmt: skip
    stale = row is None or row["version"] != proposal["base_version"]
    conflict = row is None or row["retired_at"] is not None or (
        stale and any(f["changed"] for f in fields))  # fmt: skip
    return {"fields": fields, "conflict": conflict, "record": current or None}


def _decide(uow: UnitOfWork, proposal: dict[str, Any], moderator: User, status: str,
            reason: str | None, record_id: str | None, revision: int | None) -> None:  # fmt: skip
    decided = utc_now()
    done = uow.conn.execute(
        update(proposals)
        .where(proposals.c.pk == proposal["pk"], proposals.c.status == "pending")
        .values(status=status, decided_by=moderator.username, decided_at=decided,
                decision_reason=reason, applied_record_id=record_id,
                applied_revision_id=revision)
    ).rowcount  # fmt: skip
    if done != 1:
        raise DecidedError(proposal["id"], "decided")
    audit.append(uow.conn, decided, "approve" if status == "approved" else "reject",
                 moderator.username, subject=f"proposal:{proposal['id']}",
                 detail={"proposer": proposal["proposer"], "record": record_id,
                         "reason": reason})  # fmt: skip


def _pending(store: Store, moderator: User, proposal_id: str) -> dict[str, Any]:
    moderator.grant.require(Action.MODERATE)
    with store.engine.connect() as conn:
        proposal = get_proposal(conn, proposal_id)
    if proposal["status"] != "pending":
        raise DecidedError(proposal_id, proposal["status"])
    moderator.grant.require_place(proposal["country"], proposal["region"],
                                  f"proposal {proposal_id}")  # fmt: skip
    return proposal


def approve(
    store: Store, moderator: User, proposal_id: str, reason: str | None = None
) -> dict[str, Any]:
    """Apply a pending proposal as a revision by its proposer; the record as written."""
    proposal = _pending(store, moderator, proposal_id)
    credit = f"user:{proposal['proposer']}"
    why = f"proposal {proposal_id}, approved by {moderator.username}"
    if proposal["note"]:
        why += f": {proposal['note']}"

    def mark(uow: UnitOfWork, row: dict[str, Any], revision: int | None) -> None:
        _decide(uow, proposal, moderator, "approved", reason, row["id"], revision)

    changes = proposal["changes"]
    if proposal["kind"] == "new_memorial":
        return editing.create_memorial(store, credit, dict(changes), why, also=mark)
    if proposal["kind"] == "new_person":
        return editing.create_person(store, credit, dict(changes), why, also=mark)
    return editing.update_record(  # a record changed since: ConflictError (409)
        store, credit, proposal["record_type"], proposal["record_id"],
        dict(changes["after"]), proposal["base_version"], why, also=mark,
    )  # fmt: skip


def reject(store: Store, moderator: User, proposal_id: str, reason: str) -> dict[str, Any]:
    """Turn a proposal down, with the reason its proposer will read."""
    reason = (reason or "").strip()
    if not reason:
        raise _problem("reason", "say why the proposal is rejected")
    if len(reason) > 5000:
        raise _problem("reason", "must have at most 5000 characters")
    proposal = _pending(store, moderator, proposal_id)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        _decide(uow, proposal, moderator, "rejected", reason, None, None)
        uow.record_revision("reject", reason=reason, record_type="proposal",
                            record_id=proposal_id)  # fmt: skip
        uow.commit()
        return {**proposal, "status": "rejected", "decision_reason": reason}

    return run_write(store, moderator.actor, work)
