"""Condition monitoring: inspection grades and issues, maintenance tasks, inspection intervals
and how urgent a memorial is. Pure rules, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from memreg.domain.errors import FieldProblem
from memreg.domain.text import text_fault
from memreg.domain.vocabulary import lenient_code


def problem(field: str, message: str, value: str | None = None) -> FieldProblem:
    return FieldProblem(field, message, value=value)


class ConditionGrade(StrEnum):
    GOOD = "good"
    SATISFACTORY = "satisfactory"
    POOR = "poor"
    CRITICAL = "critical"
    DESTROYED = "destroyed"


class InspectionIssue(StrEnum):
    """The checklist of an inspection: what an inspector ticks."""

    CRACKS = "cracks"
    MISSING_LETTERS = "missing_letters"  # missing or illegible letters and names
    SURFACE_WEAR = "surface_wear"  # weathering, peeling paint, lichen on the stone
    VEGETATION = "vegetation"
    SUBSIDENCE = "subsidence"  # the ground, the plinth or the graves sinking
    WATER_DAMAGE = "water_damage"
    VANDALISM = "vandalism"
    METAL_THEFT = "metal_theft"  # plaques, letters, fence or sculpture of metal taken
    DAMAGED_FENCE = "damaged_fence"
    LITTER = "litter"
    NO_ACCESS = "no_access"  # no path, locked, overgrown approach
    LOST_MARKER = "lost_marker"  # a grave or a plaque no longer found on site


class TaskState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


GRADES = frozenset(g.value for g in ConditionGrade)
ISSUES = frozenset(i.value for i in InspectionIssue)
TASK_STATES = frozenset(s.value for s in TaskState)
DEFAULT_INTERVAL_YEARS = 3
MAX_INTERVAL_YEARS = 50
MAX_PHOTOS = 50
MAX_TEXT = 5000
MAX_INSPECTOR = 200
MAX_TITLE = 500
EARLIEST_INSPECTION = "1945-01-01"

# How a memorial ranks on its region's dashboard: reported damage first, then critical.
DAMAGED, CRITICAL, ROUTINE = 0, 1, 2
# Events of a memorial's history that report damage.
DAMAGE_EVENTS = ("damaged", "vandalised")
# Inspection findings that count as reported damage, besides the lifecycle status `damaged`.
DAMAGE_GRADES = (ConditionGrade.DESTROYED.value,)
DAMAGE_ISSUES = (InspectionIssue.VANDALISM.value, InspectionIssue.METAL_THEFT.value)
CRITICAL_GRADES = (ConditionGrade.CRITICAL.value, ConditionGrade.DESTROYED.value)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MEDIA_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def issues_text(issues: list[str]) -> str:
    """The checklist as it is stored: its codes sorted, comma-separated ('' for none)."""
    return ",".join(sorted(set(issues)))


def issues_list(stored: str | None) -> list[str]:
    return [code for code in (stored or "").split(",") if code]


def due_on(inspected_on: str | None, years: int) -> str:
    """When the next inspection is due: `years` after the last one ('' when never inspected,
    which sorts before every date: the most overdue). 29 February stays 29 February, a date
    string that sorts where it should even in a common year."""
    if not inspected_on:
        return ""
    return f"{int(inspected_on[:4]) + years}{inspected_on[4:10]}"


def interval_for(intervals: Mapping[tuple[str, str], int], kind: str, region: str | None) -> int:
    """The interval that applies: kind and region, then region, then kind, then the default
    (keys use '' for "any")."""
    region = region or ""
    for key in ((kind, region), ("", region), (kind, ""), ("", "")):
        if key in intervals:
            return intervals[key]
    return DEFAULT_INTERVAL_YEARS


def attention(
    status: str, grade: str | None, issues: list[str], damage_reported_since: bool
) -> int:
    """DAMAGED when the memorial is reported damaged or vandalised (its status, an event
    newer than its last inspection, or what that inspection found), CRITICAL when its last
    grade is critical, else ROUTINE."""
    if (
        status == "damaged"
        or damage_reported_since
        or grade in DAMAGE_GRADES
        or any(issue in DAMAGE_ISSUES for issue in issues)
    ):
        return DAMAGED
    if grade in CRITICAL_GRADES:
        return CRITICAL
    return ROUTINE


# --- validation ---------------------------------------------------------------------------


def _text(
    raw: Mapping[str, Any], field: str, limit: int, problems: list[FieldProblem]
) -> str | None:
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(problem(field, "must be text"))
        return None
    value = value.strip()
    if not value:
        return None
    fault = text_fault(value)
    if fault:
        problems.append(problem(field, fault))
        return None
    if len(value) > limit:
        problems.append(problem(field, f"longer than {limit} characters"))
        return None
    return value


def _inspection_date(raw: Mapping[str, Any], today: date, problems: list[FieldProblem]) -> str:
    value = raw.get("inspected_on")
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(problem("inspected_on", "is required (YYYY-MM-DD)"))
        return ""
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        problems.append(problem("inspected_on", "must be a date YYYY-MM-DD", text[:40]))
        return ""
    if day > today:
        problems.append(problem("inspected_on", "is in the future", text))
    elif text < EARLIEST_INSPECTION:
        problems.append(problem("inspected_on", f"is before {EARLIEST_INSPECTION}", text))
    return text


def _codes(
    raw: Mapping[str, Any], field: str, allowed: frozenset[str], problems: list[FieldProblem]
) -> list[str]:
    value = raw.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(problem(field, "must be a list of codes"))
        return []
    codes = []
    for item in value:
        code = lenient_code(item, allowed)
        if code is None:
            problems.append(
                problem(field, "must be codes among " + ", ".join(sorted(allowed)), item[:80])
            )
        elif code not in codes:
            codes.append(code)
    return codes


def _photos(raw: Mapping[str, Any], problems: list[FieldProblem]) -> list[str]:
    value = raw.get("photos")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(problem("photos", "must be a list of media ids"))
        return []
    if len(value) > MAX_PHOTOS:
        problems.append(problem("photos", f"at most {MAX_PHOTOS} photos"))
        return []
    ids: list[str] = []
    for item in value:
        if not _MEDIA_ID.match(item):
            problems.append(problem("photos", "is not a media id", item[:80]))
        elif item not in ids:
            ids.append(item)
    return ids


INSPECTION_INPUTS = frozenset(
    {"inspected_on", "inspector", "grade", "issues", "photos", "actions_needed", "notes"}
)


def validate_inspection(
    raw: Mapping[str, Any], today: date
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """An inspection's stored values (`condition` holds the grade, `issues_found` the
    checklist) and what is wrong with the input, each problem naming its field."""
    problems = [problem(f, "cannot be set here") for f in sorted(set(raw) - INSPECTION_INPUTS)]
    inspected_on = _inspection_date(raw, today, problems)
    inspector = _text(raw, "inspector", MAX_INSPECTOR, problems)
    if inspector is None and not any(p.field == "inspector" for p in problems):
        problems.append(problem("inspector", "is required: who inspected the memorial"))
    grade_raw = raw.get("grade")
    grade = None
    if grade_raw is None or (isinstance(grade_raw, str) and not grade_raw.strip()):
        problems.append(problem("grade", "is required: " + ", ".join(ConditionGrade)))
    elif not isinstance(grade_raw, str) or lenient_code(grade_raw, GRADES) is None:
        problems.append(
            problem("grade", "must be one of " + ", ".join(ConditionGrade), str(grade_raw)[:80])
        )
    else:
        grade = lenient_code(grade_raw, GRADES)
    record = {
        "inspected_on": inspected_on,
        "inspector": inspector,
        "condition": grade,
        "issues_found": issues_text(_codes(raw, "issues", ISSUES, problems)),
        "photos": _photos(raw, problems) or None,
        "actions_needed": _text(raw, "actions_needed", MAX_TEXT, problems),
        "notes": _text(raw, "notes", MAX_TEXT, problems),
    }
    return record, problems


def validate_task(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    problems = [problem(f, "cannot be set here") for f in sorted(set(raw) - {"title", "notes"})]
    title = _text(raw, "title", MAX_TITLE, problems)
    if title is None and not any(p.field == "title" for p in problems):
        problems.append(problem("title", "is required: what is to be done"))
    return {"title": title, "notes": _text(raw, "notes", MAX_TEXT, problems)}, problems


def task_state(value: Any) -> tuple[str | None, list[FieldProblem]]:
    if not isinstance(value, str) or lenient_code(value, TASK_STATES) is None:
        shown = None if value is None else str(value)[:80]
        return None, [problem("state", "must be one of " + ", ".join(TaskState), shown)]
    return lenient_code(value, TASK_STATES), []


def interval_years(value: Any) -> tuple[int | None, list[FieldProblem]]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, [problem("years", "must be a whole number of years")]
    if not 1 <= value <= MAX_INTERVAL_YEARS:
        return None, [problem("years", f"must be 1 to {MAX_INTERVAL_YEARS}", str(value))]
    return value, []


NO_REGION = "none"  # how paths and commands name the memorials that have no region


def priority_name(attention_tier: int, last_inspected: str | None) -> str:
    """Why a memorial is on its region's list."""
    if attention_tier == DAMAGED:
        return "damaged"
    if attention_tier == CRITICAL:
        return "critical"
    return "overdue" if last_inspected else "never_inspected"


def dashboard_region(value: str, known: Container[str]) -> str | None:
    """The region code a dashboard path or option names ('' for `none`); None if none."""
    if value.strip().lower() == NO_REGION:
        return ""
    code = value.strip().upper()
    return code if code in known else None
