"""The demo register's inspections and maintenance tasks, drawn by seed from its memorials.

About a quarter of the memorials were never inspected; the others were, one to three times,
the latest between 2016 and 2025, so that with the default interval of three years most are
overdue. Grades follow the memorial's status (a damaged memorial is found poor or critical);
a few inspections find vandalism or stolen metal, and poor or critical findings open tasks.
The same seed and memorials always give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2025, 12, 31)
NEVER_INSPECTED = 0.25
INSPECTORS = (
    "Районный отдел культуры", "Краеведческий музей", "Волонтёры поискового отряда",
    "Школа № 3, отряд «Память»", "Сельский совет", "Отдел по делам ветеранов",
    "Военкомат района", "Епархиальная комиссия",
)  # fmt: skip
GRADES = (("good", 42), ("satisfactory", 30), ("poor", 19), ("critical", 9))
DAMAGE = ("vandalism", "metal_theft")
MINOR = ("vegetation", "litter", "surface_wear")
MAJOR = ("cracks", "missing_letters", "surface_wear", "subsidence", "damaged_fence",
         "water_damage", "no_access")  # fmt: skip
ACTIONS = {
    "cracks": ("Заделать трещины постамента", "Seal the cracks of the plinth"),
    "missing_letters": ("Восстановить утраченные буквы", "Restore the missing letters"),
    "surface_wear": ("Очистить и окрасить поверхность", "Clean and repaint the surface"),
    "subsidence": ("Укрепить основание", "Shore up the foundation"),
    "damaged_fence": ("Починить ограду", "Repair the fence"),
    "water_damage": ("Устроить водоотвод", "Drain the water away"),
    "no_access": ("Расчистить подход", "Clear the approach"),
    "vandalism": ("Устранить следы вандализма", "Remove the traces of vandalism"),
    "metal_theft": (
        "Изготовить утраченные металлические детали",
        "Replace the stolen metal parts",
    ),  # fmt: skip
    "vegetation": ("Убрать поросль", "Clear the vegetation"),
    "litter": ("Убрать мусор", "Clear the litter"),
}


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _grade(rng: random.Random, status: str) -> str:
    if status == "destroyed":
        return "destroyed"
    if status == "damaged":
        return rng.choice(("poor", "critical", "critical"))
    return rng.choices([g for g, _ in GRADES], [w for _, w in GRADES])[0]


def _issues(rng: random.Random, grade: str) -> list[str]:
    if grade == "good":
        found = [rng.choice(MINOR)] if rng.random() < 0.3 else []
    elif grade == "satisfactory":
        found = [rng.choice(MINOR)]
    else:
        found = rng.sample(MAJOR, rng.randint(1, 3 if grade == "poor" else 4))
    if rng.random() < 0.03:
        found.append("vandalism")
    elif rng.random() < 0.01:
        found.append("metal_theft")
    return sorted(set(found))


def demo_inspections(
    seed: int, memorials: Sequence[dict[str, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(inspections, tasks) for the demo's memorial rows, as services take them."""
    rng = random.Random(f"memreg-demo:{seed}:inspections")
    inspections: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    for memorial in memorials:
        status = memorial["status"] or "standing"
        if status in ("demolished", "lost") or rng.random() < NEVER_INSPECTED:
            continue
        latest = _day(rng, FIRST_DAY, LAST_DAY)
        days = [latest]
        for _ in range(rng.choice((0, 0, 1, 2))):
            days.append(days[-1] - timedelta(days=rng.randint(3 * 365, 5 * 365)))
        for number, day in enumerate(reversed(days), start=1):
            last = number == len(days)
            grade = _grade(rng, status) if last else rng.choice(("good", "satisfactory"))
            issues = _issues(rng, grade)
            needed = [ACTIONS[i][0] for i in issues if grade != "good" or i in DAMAGE]
            inspection_id = f"I-demo{seed}-{memorial['id']}-{number}"
            inspections.append({
                "id": inspection_id, "memorial_id": memorial["id"],
                "inspected_on": day.isoformat(), "inspector": rng.choice(INSPECTORS),
                "grade": grade, "issues": issues,
                "actions_needed": "; ".join(needed) or None,
            })  # fmt: skip
            worrying = [
                i for i in issues
                if i in ACTIONS and (grade not in ("good", "satisfactory") or i in DAMAGE)
            ]  # fmt: skip
            for task_number, issue in enumerate(worrying[:2] if last else [], start=1):
                state = rng.choices(("open", "in_progress", "done"), (5, 3, 2))[0]
                tasks.append({
                    "id": f"T-demo{seed}-{memorial['id']}-{task_number}",
                    "inspection_id": inspection_id, "title": ACTIONS[issue][0], "notes": None,
                    "state": state,
                })  # fmt: skip
    return inspections, tasks
