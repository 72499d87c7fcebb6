"""Names as inscribed: add a memorial's carved names (one or a panel at once), correct them,
link each to the person it names, publish a proposed one, retire one; suggest persons.

Every write is one unit of work with a revision per inscription it touches (actor, reason,
before/after), and keeps the stone's running totals in the same transaction. A person is
linked only when the register links them to the same memorial: an inscription names
someone buried or commemorated there, so the link to the memorial comes first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from memreg.domain.errors import ConflictError, FieldProblem, NotFoundError, ValidationError
from memreg.domain.events import RecordChanged, RecordCreated, RecordRetired
from memreg.domain.identifiers import new_id
from memreg.domain.inscriptions import InscriptionStatus, validate_inscription
from memreg.domain.tallies import Tally
from memreg.domain.validation import MAX_TEXT
from memreg.search.inscribed import suggest_persons
from memreg.services import permits
from memreg.services.editing import _actor, _clean_text
from memreg.services.users import User
from memreg.store import tallies
from memreg.store.engine import Store
from memreg.store.inscriptions import (
    ON_STONE_AT,
    counts_on_stone,
    inscription_tally,
    last_position,
    live_links,
    person_named_on_stone,
    place_taken,
)
from memreg.store.queries import get_memorial
from memreg.store.records import get_row, public_values, require_row, update_row
from memreg.store.schema import inscriptions, media, memorials, person_memorials, persons
from memreg.store.unit_of_work import UnitOfWork, run_write, utc_now

MAX_AT_ONCE = 1000  # inscriptions in one request: a panel, or a small memorial whole
CHANGEABLE = frozenset({"text", "panel", "row", "position", "media_id", "person_id", "note"})
Actor = str | User
Row = dict[str, Any]


def _who(actor: Actor) -> str:
    return _actor(actor.actor if isinstance(actor, User) else actor)


def _require_area(actor: Actor, memorial: dict[str, Any]) -> None:
    """A custodian writes the stones of its own area only."""
    if isinstance(actor, User):
        permits.require_memorial(actor.grant, memorial)


def _refused(field: str, message: str, value: str | None = None) -> ValidationError:
    return ValidationError([FieldProblem(field=field, message=message, value=value)])


def _live_memorial(conn: Connection, memorial_id: str) -> dict[str, Any]:
    row = get_memorial(conn, memorial_id)
    if row is None:
        raise NotFoundError("memorial", memorial_id)
    if row.get("merged_from"):
        raise _refused("memorial_id", f"was merged into {row['id']}; add the names there",
                       memorial_id)  # fmt: skip
    if row["retired_at"] is not None:
        raise _refused("memorial_id", "is retired from the register", memorial_id)
    return row


def _person_for(conn: Connection, memorial: dict[str, Any], person_id: str, field: str) -> int:
    """The key of a live person linked to the memorial; refused naming the field if not."""
    person = get_row(conn, persons, person_id)
    if person is None:
        raise _refused(field, "no person has this id", person_id)
    if person["merged_into_pk"] is not None:
        survivor = conn.execute(
            select(persons.c.id).where(persons.c.pk == person["merged_into_pk"])
        ).scalar()
        raise _refused(field, f"was merged into {survivor}; link that record", person_id)
    if person["retired_at"] is not None:
        raise _refused(field, "is retired from the register", person_id)
    linked = conn.execute(
        select(person_memorials.c.pk).where(
            person_memorials.c.person_pk == person["pk"],
            person_memorials.c.memorial_pk == memorial["pk"],
        ).limit(1)
    ).first()  # fmt: skip
    if linked is None:
        raise _refused(
            field,
            f"is not linked to memorial {memorial['id']}: an inscription names a person "
            "buried or commemorated there, so link the person to the memorial first",
            person_id,
        )
    return int(person["pk"])


def _media_for(conn: Connection, memorial: dict[str, Any], media_id: str, field: str) -> int:
    photo = get_row(conn, media, media_id)
    if photo is None or photo["retired_at"] is not None:
        raise _refused(field, "no photo of the register has this id", media_id)
    if photo["memorial_pk"] is not None and photo["memorial_pk"] != memorial["pk"]:
        raise _refused(field, f"is a photo of another memorial, not of {memorial['id']}",
                       media_id)  # fmt: skip
    return int(photo["pk"])


def _on_stone_change(
    conn: Connection, memorial: dict[str, Any], person_pk: int | None, ins_pk: int,
    named_before: bool, named_after: bool,
) -> Tally:  # fmt: skip
    """The on-stone total moves when the person's being named at this memorial changes."""
    if person_pk is None or named_before == named_after:
        return Counter()
    others = person_named_on_stone(conn, memorial["pk"], person_pk, besides=ins_pk)
    if others:
        return Counter()
    links = live_links(conn, memorial["pk"], person_pk)
    return Counter({(ON_STONE_AT, memorial["id"]): links if named_after else -links})


def _stone_tally(
    conn: Connection, memorial: dict[str, Any], ins_pk: int,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> Tally:  # fmt: skip
    """What one inscription's write changes in its memorial's totals of the stone."""
    tally = inscription_tally(after, memorial["id"])
    tally.subtract(inscription_tally(before, memorial["id"]))
    old_person = before.get("person_pk") if before and counts_on_stone(before) else None
    new_person = after.get("person_pk") if after and counts_on_stone(after) else None
    if old_person != new_person:
        tally.update(_on_stone_change(conn, memorial, old_person, ins_pk, True, False))
        tally.update(_on_stone_change(conn, memorial, new_person, ins_pk, False, True))
    return tally


def _shown(row: dict[str, Any], conn: Connection) -> dict[str, Any]:
    """An inscription as services return it: public ids, not keys."""
    out = public_values(row)
    out.pop("memorial_pk", None)
    out["memorial_id"] = conn.execute(
        select(memorials.c.id).where(memorials.c.pk == row["memorial_pk"])
    ).scalar()
    for key, table, name in (("person_pk", persons, "person_id"), ("media_pk", media, "media_id")):
        pk = out.pop(key, None)
        out[name] = (
            conn.execute(select(table.c.id).where(table.c.pk == pk)).scalar()
            if pk is not None else None
        )  # fmt: skip
    out["version"] = row["version"]
    return out


def _taken_problem(field: str, place: tuple[int, int, int], holder: str) -> FieldProblem:
    panel, row, position = place
    return FieldProblem(
        field=field,
        message=f"panel {panel}, row {row}, position {position} already holds inscription "
        f"{holder}; correct that one or choose another position",
        value=str(position),
    )


def add_inscriptions(
    store: Store,
    actor: Actor,
    memorial_id: str,
    items: list[dict[str, Any]],
    reason: str | None = None,
    *,
    status: str = InscriptionStatus.PUBLISHED.value,
) -> list[dict[str, Any]]:
    """Add carved names to a memorial, all or none; one revision each.

    An item without a `position` takes the next one in its row (after those already there
    and those before it in `items`), so a panel can be given row by row in reading order.
    `status` is each item's unless it gives its own: `proposed` ones wait, unseen, for
    `publish_inscription`. Problems name the item: `items.3.position`.
    """
    who = _who(actor)
    why = _clean_text("reason", reason, MAX_TEXT)
    if not isinstance(items, list) or not items:
        raise _refused("items", "give at least one inscription")
    if len(items) > MAX_AT_ONCE:
        raise _refused("items", f"at most {MAX_AT_ONCE} inscriptions at once")
    cleaned: list[tuple[int, Row, bool]] = []
    problems: list[FieldProblem] = []
    for i, raw in enumerate(items):
        if not isinstance(raw, dict):
            problems.append(FieldProblem(field=f"items.{i}", message="must be an object"))
            continue
        given = {"status": status, **raw}
        automatic = given.get("position") is None
        if automatic:
            given["position"] = 1  # a stand-in, so the rest is checked; numbered below
        clean, found = validate_inscription(given)
        problems.extend(
            FieldProblem(field=f"items.{i}.{p.field}", message=p.message, value=p.value)
            for p in found
        )
        cleaned.append((i, clean, automatic))
    if problems:
        raise ValidationError(problems)

    def work(uow: UnitOfWork) -> list[dict[str, Any]]:
        conn = uow.conn
        memorial = _live_memorial(conn, memorial_id)
        _require_area(actor, memorial)
        next_free: dict[tuple[int, int], int] = {}
        places: dict[tuple[int, int, int], int] = {}
        rows: list[Row] = []
        refusals: list[FieldProblem] = []
        tally: Tally = Counter()
        for i, clean, automatic in cleaned:
            record = _record(conn, memorial, clean, f"items.{i}.")
            line = (record["panel"], record["row"])
            if automatic:
                if line not in next_free:
                    next_free[line] = last_position(conn, memorial["pk"], *line)
                next_free[line] += 1
                record["position"] = next_free[line]
            place = (record["panel"], record["row"], record["position"])
            if record["status"] == InscriptionStatus.PUBLISHED:
                holder = place_taken(conn, memorial["pk"], place)
                if holder is None and place in places:
                    holder = f"items.{places[place]}"
                if holder is not None:
                    refusals.append(_taken_problem(f"items.{i}.position", place, holder))
                    continue
                places[place] = i
            rows.append(record)
        if refusals:
            raise ValidationError(refusals)
        written = []
        for record in rows:
            pk = _insert(uow, record, why)
            stored = {**record, "pk": pk}
            tally.update(_stone_tally(conn, memorial, pk, None, stored))
            uow.events.append(RecordCreated("inscription", record["id"]))
            written.append(pk)
        tallies.add_tally(conn, tally)
        out = [_shown(require_pk(conn, pk), conn) for pk in written]
        uow.commit()
        return out

    return run_write(store, who, work)


def require_pk(conn: Connection, pk: int) -> dict[str, Any]:
    return dict(conn.execute(select(inscriptions).where(inscriptions.c.pk == pk)).mappings().one())


def _record(
    conn: Connection, memorial: dict[str, Any], clean: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """The stored values of a new inscription; references refused naming the field."""
    record_id = clean.get("id") or new_id("inscription")
    if get_row(conn, inscriptions, record_id) is not None:
        raise _refused(prefix + "id", "an inscription already has this id", record_id)
    person_id, media_id = clean.get("person_id"), clean.get("media_id")
    return {
        "id": record_id,
        "memorial_pk": memorial["pk"],
        "text": clean["text"],
        "panel": clean["panel"],
        "row": clean["row"],
        "position": clean["position"],
        "status": clean.get("status", InscriptionStatus.PUBLISHED.value),
        "note": clean.get("note"),
        "person_pk": _person_for(conn, memorial, person_id, prefix + "person_id")
        if person_id else None,
        "media_pk": _media_for(conn, memorial, media_id, prefix + "media_id") if media_id else None,
    }  # fmt: skip


def _revision_values(record: dict[str, Any], memorial_id: str, person_id: str | None,
                     media_id: str | None) -> dict[str, Any]:  # fmt: skip
    values = {k: v for k, v in record.items() if k not in ("pk", "memorial_pk", "person_pk",
                                                           "media_pk", "id")}  # fmt: skip
    return {**values, "memorial_id": memorial_id, "person_id": person_id, "media_id": media_id}


def _insert(uow: UnitOfWork, record: dict[str, Any], why: str | None) -> int:
    conn = uow.conn
    shown = _shown({**record, "version": 1, "created_revision_id": 0, "revision_id": 0,
                    "retired_at": None, "retired_reason": None}, conn)  # fmt: skip
    revision = uow.record_revision(
        "create", reason=why, record_type="inscription", record_id=record["id"],
        after={k: v for k, v in shown.items() if k not in ("id", "version") and v is not None},
    )  # fmt: skip
    try:
        with conn.begin_nested():
            result = conn.execute(
                inscriptions.insert().values(
                    **record, version=1, created_revision_id=revision, revision_id=revision
                )
            )
    except IntegrityError:  # another writer took the place between our check and our write
        raise _refused("position", "another inscription was just written at this place; "
                       "reload the stone and try again") from None  # fmt: skip
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _change(
    store: Store,
    actor: Actor,
    inscription_id: str,
    expected_version: int | None,
    reason: str | None,
    decide: Any,
    action: str = "update",
) -> dict[str, Any]:
    """Apply `decide(conn, memorial, current) -> stored changes` to one inscription."""
    who = _who(actor)
    why = _clean_text("reason", reason, MAX_TEXT)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        conn = uow.conn
        current = require_row(conn, inscriptions, "inscription", inscription_id)
        if expected_version is not None and expected_version != current["version"]:
            raise ConflictError("inscription", inscription_id, expected_version,
                                current["version"])  # fmt: skip
        memorial = dict(
            conn.execute(select(memorials).where(memorials.c.pk == current["memorial_pk"]))
            .mappings().one()
        )  # fmt: skip
        _require_area(actor, memorial)
        changes = decide(conn, memorial, current)
        diff = {k: v for k, v in changes.items() if current.get(k) != v}
        if not diff:
            return _shown(current, conn)
        after_row = {**current, **diff}
        if counts_on_stone(after_row) and (
            not counts_on_stone(current) or any(f in diff for f in ("panel", "row", "position"))
        ):
            place = (after_row["panel"], after_row["row"], after_row["position"])
            holder = place_taken(conn, memorial["pk"], place, besides=current["pk"])
            if holder is not None:
                raise ValidationError([_taken_problem("position", place, holder)])
        before_shown, after_shown = _shown(current, conn), _shown(after_row, conn)
        changed = sorted(k for k in after_shown if before_shown.get(k) != after_shown.get(k)
                         and k != "version")  # fmt: skip
        revision = uow.record_revision(
            action, reason=why, record_type="inscription", record_id=inscription_id,
            before={k: before_shown[k] for k in changed},
            after={k: after_shown[k] for k in changed},
        )  # fmt: skip
        try:
            with conn.begin_nested():
                row = update_row(conn, inscriptions, "inscription", current, diff,
                                 expected_version, revision)  # fmt: skip
        except IntegrityError:
            raise _refused("position", "another inscription was just written at this place; "
                           "reload the stone and try again") from None  # fmt: skip
        tallies.add_tally(conn, _stone_tally(conn, memorial, current["pk"], current, row))
        if action == "retire":
            uow.events.append(RecordRetired("inscription", inscription_id))
        else:
            uow.events.append(RecordChanged("inscription", inscription_id, row["version"]))
        out = _shown(row, conn)
        uow.commit()
        return out

    return run_write(store, who, work)


def update_inscription(
    store: Store,
    actor: Actor,
    inscription_id: str,
    changes: dict[str, Any],
    expected_version: int | None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Correct an inscription's text, place, photo or note, or link it to a person
    (`person_id`; None unlinks). A retired inscription is not changed."""
    unknown = sorted(set(changes) - CHANGEABLE)
    if unknown:
        raise ValidationError([FieldProblem(field=f, message="cannot be changed here")
                               for f in unknown])  # fmt: skip
    given = {k: v for k, v in changes.items() if not (k in ("person_id", "media_id", "note")
                                                       and v is None)}  # fmt: skip
    clean, problems = validate_inscription(given, partial=True)
    if problems:
        raise ValidationError(problems)

    def decide(
        conn: Connection, memorial: dict[str, Any], current: dict[str, Any]
    ) -> dict[str, Any]:
        if current["retired_at"] is not None:
            raise _refused("id", "the inscription is retired; it is kept as it was", current["id"])
        stored: dict[str, Any] = {k: clean[k] for k in ("text", "panel", "row", "position")
                                  if k in clean}  # fmt: skip
        if "note" in changes:
            stored["note"] = clean.get("note")
        if "person_id" in changes:
            person_id = changes["person_id"]
            stored["person_pk"] = (
                _person_for(conn, memorial, person_id, "person_id") if person_id else None
            )
        if "media_id" in changes:
            media_id = changes["media_id"]
            stored["media_pk"] = (
                _media_for(conn, memorial, media_id, "media_id") if media_id else None
            )
        return stored

    return _change(store, actor, inscription_id, expected_version, reason, decide)


def link_person(
    store: Store, actor: Actor, inscription_id: str, person_id: str | None,
    expected_version: int | None = None, reason: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Say whom the inscription names (None: no one identified yet)."""
    return update_inscription(store, actor, inscription_id, {"person_id": person_id},
                              expected_version, reason)  # fmt: skip


def unlink_person(
    store: Store, actor: Actor, inscription_id: str,
    expected_version: int | None = None, reason: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    return link_person(store, actor, inscription_id, None, expected_version, reason)


def publish_inscription(
    store: Store, actor: Actor, inscription_id: str,
    expected_version: int | None = None, reason: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Put a proposed inscription on the stone's public list (moderation approves it so)."""

    def decide(
        conn: Connection, memorial: dict[str, Any], current: dict[str, Any]
    ) -> dict[str, Any]:
        if current["retired_at"] is not None:
            raise _refused("id", "the inscription is retired; it cannot be published",
                           current["id"])  # fmt: skip
        if current["person_pk"] is not None:  # still a person of this memorial?
            person_id = conn.execute(
                select(persons.c.id).where(persons.c.pk == current["person_pk"])
            ).scalar_one()
            _person_for(conn, memorial, person_id, "person_id")
        return {"status": InscriptionStatus.PUBLISHED.value}

    return _change(store, actor, inscription_id, expected_version, reason, decide, "publish")


def retire_inscription(
    store: Store, actor: Actor, inscription_id: str, reason: str,
    expected_version: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Take an inscription off the stone's list with a reason; it is never deleted.
    Retiring a retired one changes nothing."""
    if _clean_text("reason", reason, MAX_TEXT) is None:
        raise _refused("reason", "is required to retire")

    def decide(
        conn: Connection, memorial: dict[str, Any], current: dict[str, Any]
    ) -> dict[str, Any]:
        if current["retired_at"] is not None:
            return {}
        return {"retired_at": utc_now(), "retired_reason": reason.strip()}

    return _change(store, actor, inscription_id, expected_version, reason, decide, "retire")


def inscription_suggestions(
    store: Store, inscription_id: str, limit: int = 10, *, include_proposed: bool = False
) -> dict[str, Any]:
    """Persons of the inscription's memorial whose names answer its text, best first, each
    with the reason. A proposed inscription is not found unless `include_proposed` (its
    moderator asks)."""
    with store.engine.connect() as conn:
        row = require_row(conn, inscriptions, "inscription", inscription_id)
        if row["status"] != InscriptionStatus.PUBLISHED and not include_proposed:
            raise NotFoundError("inscription", inscription_id)
        shown = _shown(row, conn)
        items, notes = suggest_persons(conn, row["memorial_pk"], row["text"], limit)
    return {"inscription": shown, "items": items, "notes": notes}
