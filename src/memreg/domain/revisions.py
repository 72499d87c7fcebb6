"""What a record looked like after one of its revisions, and what each revision changed.

A revision keeps, for the fields it changed, their values before and after. Walking back
from the record as it is now, undoing each later revision with its `before`, gives the
record as it was after any revision. An import that changed a record keeps no per-record
`before` (one revision names the whole file), so the walk cannot cross it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# What a revert leaves alone: the store's bookkeeping, the id, and retirement (which retire
# and restore change, each with its own reason).
NOT_REVERTED = frozenset(
    {"pk", "id", "version", "created_revision_id", "revision_id", "merged_into_pk",
     "retired_at", "retired_reason"}
)  # fmt: skip


class CannotUndoError(Exception):
    """A later revision keeps no `before` for this record: the walk back stops there."""

    def __init__(self, revision: int) -> None:
        super().__init__(revision)
        self.revision = revision


@dataclass(frozen=True)
class LaterRevision:
    """A revision of one record newer than the one reverted to, as the walk needs it."""

    pk: int
    action: str
    before: Mapping[str, Any] | None
    by_import: bool = False  # an import's change, which keeps no before


def fields_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a record that a revert brings back."""
    return {k: v for k, v in row.items() if k not in NOT_REVERTED}


def fields_after(current: Mapping[str, Any], later: Iterable[LaterRevision]) -> dict[str, Any]:
    """The record's fields as they were before every revision in `later` (newest first).

    CannotUndoError names the newest revision that cannot be undone.
    """
    state = fields_of(current)
    for revision in later:
        if revision.by_import:
            raise CannotUndoError(revision.pk)
        before = dict(revision.before or {})
        if revision.action == "merge":  # the kept record's fields before the merge, in full
            before = dict(before.get("kept") or {})
        state.update({k: v for k, v in before.items() if k in state})
    return state


@dataclass(frozen=True)
class FieldChange:
    """One field a revision changed, shown as before -> after."""

    field: str
    before: Any
    after: Any


def revision_changes(action: str, before: Any, after: Any) -> list[FieldChange]:
    """The field-level diff of one revision, in field order, for people to read.

    A create shows every field it set; a merge shows the fields the survivor was given.
    """
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if action == "merge":
        kept = before.get("kept") or {}
        filled = after.get("filled") or {}
        return [FieldChange(k, kept.get(k), v) for k, v in sorted(filled.items())]
    keys = sorted(set(before) | set(after))
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old != new and key not in ("pk", "version", "created_revision_id", "revision_id"):
            changes.append(FieldChange(key, old, new))
    return changes
