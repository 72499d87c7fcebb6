"""A name as inscribed on a memorial: what an inscription may hold, checked field by field.

The text is kept exactly as it was typed (capitals, old letters, abbreviations, spaces and
all): it records what is carved, not what is known. Only what no text can be is refused:
nothing, a NUL, a lone surrogate. Where it stands is its panel, its row on the panel and
its position in the row, each counted from 1 (panels as the register numbers them: the
front first, then clockwise).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from memreg.domain.errors import FieldProblem
from memreg.domain.text import text_fault
from memreg.domain.validation import ID_PATTERN, MAX_TEXT

MAX_INSCRIPTION = 1000  # characters of one carved name (with rank, dates, a unit)
MAX_PLACE = 100_000  # panels, rows or positions on one memorial
PLACE_FIELDS = ("panel", "row", "position")
# The fields an editor gives; the rest is the register's bookkeeping.
INSCRIPTION_INPUTS = frozenset(
    {"id", "text", "panel", "row", "position", "media_id", "person_id", "status", "note"}
)


class InscriptionStatus(StrEnum):
    PUBLISHED = "published"  # on the stone's public list
    PROPOSED = "proposed"  # a transcription waiting for moderation, shown nowhere


STATUSES = frozenset(s.value for s in InscriptionStatus)


def _problem(field: str, message: str, value: Any = None, line: int | None = None) -> FieldProblem:
    shown = None if value is None else str(value)
    if shown is not None and len(shown) > 80:
        shown = shown[:77] + "..."
    return FieldProblem(field=field, message=message, line=line, value=shown)


def carved_text_problem(value: Any) -> str | None:
    """Why `value` cannot be an inscription's text; None when it can (kept as it is)."""
    if value is None:
        return "is required: the name as it is carved"
    if not isinstance(value, str):
        return "must be text"
    if not value.strip():
        return "is required: the name as it is carved"
    if len(value) > MAX_INSCRIPTION:
        return f"longer than {MAX_INSCRIPTION} characters"
    return text_fault(value)


def place_problem(field: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number, counted from 1"
    if not 1 <= value <= MAX_PLACE:
        return f"must be between 1 and {MAX_PLACE}"
    return None


def _optional_text(raw: dict[str, Any], field: str, limit: int, out: list[FieldProblem],
                   line: int | None) -> str | None:  # fmt: skip
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        out.append(_problem(field, "must be text", value, line))
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > limit:
        out.append(_problem(field, f"longer than {limit} characters", None, line))
        return None
    fault = text_fault(value)
    if fault:
        out.append(_problem(field, fault, None, line))
        return None
    return value


def _reference(raw: dict[str, Any], field: str, out: list[FieldProblem],
               line: int | None) -> str | None:  # fmt: skip
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        out.append(_problem(field, "must be a record id (1-64 letters, digits, . _ : -)",
                            value if isinstance(value, str) and not text_fault(value) else None,
                            line))  # fmt: skip
        return None
    return value


def validate_inscription(
    raw: dict[str, Any], *, partial: bool = False, line: int | None = None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The clean fields of an inscription, and the problems naming each bad field.

    `partial`: only the fields given are checked (a change); otherwise text, panel, row and
    position are required. `line` numbers the item of a list given at once.
    """
    problems: list[FieldProblem] = [
        _problem(field, "cannot be set here", None, line)
        for field in sorted(set(raw) - INSCRIPTION_INPUTS)
    ]
    clean: dict[str, Any] = {}
    if "id" in raw:
        clean["id"] = _reference(raw, "id", problems, line)
    if "text" in raw or not partial:
        fault = carved_text_problem(raw.get("text"))
        if fault:
            problems.append(_problem("text", fault, None, line))
        else:
            clean["text"] = raw["text"]
    for field in PLACE_FIELDS:
        if field not in raw and partial:
            continue
        if raw.get(field) is None:
            problems.append(_problem(field, "is required: where the name stands", None, line))
            continue
        fault = place_problem(field, raw[field])
        if fault:
            problems.append(_problem(field, fault, raw[field], line))
        else:
            clean[field] = raw[field]
    for field in ("media_id", "person_id"):
        if field in raw:
            clean[field] = _reference(raw, field, problems, line)
    if "status" in raw:
        status = raw["status"]
        if status not in STATUSES:
            problems.append(
                _problem("status", "must be one of " + ", ".join(sorted(STATUSES)),
                         status if isinstance(status, str) and not text_fault(status) else None,
                         line)
            )  # fmt: skip
        else:
            clean["status"] = status
    if "note" in raw:
        clean["note"] = _optional_text(raw, "note", MAX_TEXT, problems, line)
    return clean, problems
