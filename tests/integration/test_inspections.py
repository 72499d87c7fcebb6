"""Condition monitoring through the services, on both backends: inspections, tasks,
intervals, each memorial's kept condition row and the dashboard read from it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select, text, update

from memreg.domain.errors import ConflictError, NotFoundError, ValidationError
from memreg.domain.permissions import ForbiddenError
from memreg.domain.vocabulary import Role
from memreg.services.editing import create_memorial, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.services.inspections import (
    change_task,
    create_task,
    operator,
    record_inspection,
    set_interval,
)
from memreg.services.register import check, reindex
from memreg.services.users import User
from memreg.store.engine import Store
from memreg.store.inspection_queries import region_counts, region_queue
from memreg.store.schema import (
    events,
    inspections,
    maintenance_tasks,
    memorial_conditions,
    revisions,
)

TODAY = date(2026, 6, 15)
REGISTRAR = User("registrar", Role.REGISTRAR, ())
HEADER = ["id", "kind", "name", "lat", "lon", "country", "region", "settlement", "status"]


def _memorial(store: Store, memorial_id: str, region: str = "BY-MI", **fields: object) -> None:
    values = {"id": memorial_id, "kind": "mass_grave", "name": f"Grave {memorial_id}",
              "country": "BY", "region": region, "lat": 53.9, "lon": 27.56, **fields}  # fmt: skip
    create_memorial(store, "test", values)


def _inspect(store: Store, memorial_id: str, day: str, grade: str, **fields: object) -> dict:
    raw = {"inspected_on": day, "inspector": "Anna Ivanova", "grade": grade, **fields}
    return record_inspection(store, REGISTRAR, memorial_id, raw, today=TODAY)


def _queue(store: Store, region: str = "BY-MI", limit: int = 50) -> list[tuple[str, int]]:
    with store.engine.connect() as conn:
        rows, _ = region_queue(conn, region, TODAY, limit)
    return [(r["id"], r["attention"]) for r in rows]


def _counts(store: Store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return {c["region"]: c for c in region_counts(conn, TODAY)}


def test_inspection_is_kept_with_its_revision_and_names_its_grade_and_issues(store: Store):
    _memorial(store, "M1")
    made = _inspect(store, "M1", "2025-04-30", "Poor", issues=["cracks", "Vegetation"],
                    actions_needed="Clear the shrubs", notes="Fence intact")  # fmt: skip
    assert made["grade"] == "poor"
    assert made["issues"] == ["cracks", "vegetation"]
    with store.engine.connect() as conn:
        revision = conn.execute(select(revisions).where(revisions.c.record_id == made["id"])).one()
        stored = conn.execute(select(memorial_conditions)).mappings().one()
    assert revision.actor == "user:registrar" and revision.record_type == "inspection"
    assert stored["last_inspected"] == "2025-04-30"
    assert stored["due_on"] == "2028-04-30"  # every 3 years by default
    assert check(store) == []


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"inspector": "A", "grade": "good"}, "inspected_on"),
        ({"inspected_on": "2026-13-01", "inspector": "A", "grade": "good"}, "inspected_on"),
        ({"inspected_on": "2027-01-01", "inspector": "A", "grade": "good"}, "inspected_on"),
        ({"inspected_on": "2026-01-01", "grade": "good"}, "inspector"),
        ({"inspected_on": "2026-01-01", "inspector": "A", "grade": "fine"}, "grade"),
        ({"inspected_on": "2026-01-01", "inspector": "A", "grade": "good",
          "issues": ["cracks", "ghosts"]}, "issues"),
        ({"inspected_on": "2026-01-01", "inspector": "A", "grade": "good",
          "photos": ["no-such-photo"]}, "photos"),
        ({"inspected_on": "2026-01-01", "inspector": "A", "grade": "good",
          "notes": "x" * 5001}, "notes"),
        ({"inspected_on": "2026-01-01", "inspector": "A", "grade": "good", "colour": "red"},
         "colour"),
    ],
)  # fmt: skip
def test_bad_inspection_is_refused_naming_the_field_and_writes_nothing(
    store: Store, raw: dict, field: str
):
    _memorial(store, "M1")
    with pytest.raises(ValidationError) as refused:
        record_inspection(store, REGISTRAR, "M1", raw, today=TODAY)
    assert field in {p.field for p in refused.value.problems}
    with store.engine.connect() as conn:
        assert conn.execute(select(inspections)).first() is None
        assert conn.execute(select(memorial_conditions.c.grade)).scalar_one() == ""


def test_unknown_memorial_and_roles_without_rights_are_refused(store: Store):
    _memorial(store, "M1")
    raw = {"inspected_on": "2026-01-01", "inspector": "A", "grade": "good"}
    with pytest.raises(NotFoundError):
        record_inspection(store, REGISTRAR, "M404", raw, today=TODAY)
    with pytest.raises(ForbiddenError):
        record_inspection(store, User("v", Role.CONTRIBUTOR, ()), "M1", raw, today=TODAY)
    with store.engine.connect() as conn:
        assert conn.execute(select(inspections)).first() is None


def test_damaged_memorials_come_first_then_critical_then_most_overdue(store: Store):
    for memorial_id in ("M1", "M2", "M3", "M4", "M5", "M6", "M7"):
        _memorial(store, memorial_id)
    _memorial(store, "M8", region="BY-HM")
    _inspect(store, "M1", "2025-01-01", "good")  # not due yet: not listed
    _inspect(store, "M2", "2020-03-01", "satisfactory")  # overdue since 2023
    _inspect(store, "M3", "2022-03-01", "poor")  # overdue since 2025
    _inspect(store, "M4", "2025-01-01", "critical")
    _inspect(store, "M5", "2025-02-01", "good", issues=["vandalism"])
    update_record(store, "test", "memorial", "M6", {"status": "damaged"}, None)
    # M7: never inspected
    # within a tier the longest overdue first; never inspected before any date
    assert _queue(store) == [("M6", 0), ("M5", 0), ("M4", 1), ("M7", 2), ("M2", 2), ("M3", 2)]
    counts = _counts(store)["BY-MI"]
    assert counts == {"region": "BY-MI", "memorials": 7, "overdue": 2, "never_inspected": 2,
                      "critical": 1, "damaged": 2, "open_tasks": 0}  # fmt: skip
    assert _counts(store)["BY-HM"]["never_inspected"] == 1
    assert check(store) == []


def test_a_newer_inspection_decides_and_the_list_pages_by_cursor(store: Store):
    for memorial_id in ("M1", "M2", "M3"):
        _memorial(store, memorial_id)
    _inspect(store, "M1", "2024-01-01", "critical")
    _inspect(store, "M1", "2026-06-01", "good")  # repaired since
    assert [m for m, _ in _queue(store)] == ["M2", "M3"]
    with store.engine.connect() as conn:
        first, cursor = region_queue(conn, "BY-MI", TODAY, 1)
        second, end = region_queue(conn, "BY-MI", TODAY, 1, cursor)
    assert [r["id"] for r in first + second] == ["M2", "M3"] and end is None


def test_interval_most_specific_rule_wins_and_due_dates_follow(store: Store):
    _memorial(store, "M1")
    _memorial(store, "M2", kind="plaque")
    _memorial(store, "M3", region="BY-HM")
    for memorial_id in ("M1", "M2", "M3"):
        _inspect(store, memorial_id, "2020-02-29", "good")
    admin = operator("cli:tester")
    set_interval(store, admin, 10)
    set_interval(store, admin, 5, region="BY-MI")
    set_interval(store, admin, 2, kind="mass_grave", region="by-mi")
    set_interval(store, admin, 7, kind="plaque")
    with store.engine.connect() as conn:
        due = dict(
            conn.execute(
                text("SELECT m.id, c.due_on FROM memorial_conditions c "
                     "JOIN memorials m ON m.pk = c.pk")
            ).all()
        )  # fmt: skip
    assert due == {"M1": "2022-02-29", "M2": "2025-02-29", "M3": "2030-02-29"}
    with pytest.raises(ValidationError) as refused:
        set_interval(store, admin, 0, kind="castle", region="XX-00")
    assert {p.field for p in refused.value.problems} == {"years", "kind", "region"}
    assert check(store) == []


def test_tasks_move_through_their_states_with_who_and_when(store: Store):
    _memorial(store, "M1")
    inspection = _inspect(store, "M1", "2026-05-01", "poor")
    task = create_task(store, REGISTRAR, inspection["id"], {"title": "Re-cut the letters"})
    assert task["state"] == "open" and task["state_changed_by"] == "user:registrar"
    assert _counts(store)["BY-MI"]["open_tasks"] == 1
    moved = change_task(store, operator("brigade"), task["id"], "in progress", 1)
    assert moved["state"] == "in_progress" and moved["state_changed_by"] == "user:brigade"
    with pytest.raises(ConflictError):
        change_task(store, REGISTRAR, task["id"], "done", 1)
    with pytest.raises(ValidationError) as refused:
        change_task(store, REGISTRAR, task["id"], "finished")
    assert refused.value.problems[0].field == "state"
    with pytest.raises(ValidationError) as untitled:
        create_task(store, REGISTRAR, inspection["id"], {"title": "  "})
    assert untitled.value.problems[0].field == "title"
    change_task(store, REGISTRAR, task["id"], "done", 2)
    assert "BY-MI" not in _counts(store) or _counts(store)["BY-MI"]["open_tasks"] == 0
    assert check(store) == []


def test_memorial_edits_move_the_row_between_regions_and_retiring_removes_it(store: Store):
    _memorial(store, "M1")
    _inspect(store, "M1", "2020-01-01", "critical")
    update_record(store, "test", "memorial", "M1", {"region": "BY-HM"}, None)
    assert "BY-MI" not in _counts(store)
    assert _counts(store)["BY-HM"]["critical"] == 1
    retire_record(store, "test", "memorial", "M1", "duplicate")
    assert _counts(store) == {}
    assert check(store) == []


def test_import_fills_condition_rows_and_changes_follow(store: Store, write_csv):
    rows = [[f"M{i}", "obelisk", f"O{i}", "54.0", "27.0", "BY", "BY-MI", "Minsk",
             "damaged" if i == 3 else "standing"] for i in range(1, 6)]  # fmt: skip
    import_csv(store, "importer", "memorial", write_csv("m.csv", HEADER, rows))
    counts = _counts(store)["BY-MI"]
    assert counts["memorials"] == 5 and counts["never_inspected"] == 5
    assert counts["damaged"] == 1
    rows[3][6] = "BY-HM"
    import_csv(store, "importer", "memorial", write_csv("m2.csv", HEADER, rows))
    assert _counts(store)["BY-HM"]["memorials"] == 1
    assert check(store) == []


def test_check_reports_a_condition_row_that_disagrees_and_reindex_mends_it(store: Store):
    _memorial(store, "M1")
    _memorial(store, "M2")
    _inspect(store, "M1", "2025-01-01", "good")
    with store.engine.connect() as conn, conn.begin():
        conn.execute(update(memorial_conditions).values(grade="critical", attention=1))
        revision = conn.execute(select(revisions.c.pk).limit(1)).scalar_one()
        m2 = conn.execute(text("SELECT pk FROM memorials WHERE id = 'M2'")).scalar_one()
        # an event of damage written outside the services: the row has not seen it
        conn.execute(
            insert(events).values(id="E1", memorial_pk=m2, kind="vandalised", date="2026-05-01",
                                  version=1, created_revision_id=revision,
                                  revision_id=revision)
        )  # fmt: skip
    problems = [p for p in check(store) if "memorial_conditions" in p]
    assert problems and "against the inspections" in problems[0]
    assert reindex(store)["conditions"] == 2
    assert check(store) == []
    assert _queue(store)[0] == ("M2", 0)


def test_photos_must_exist_and_be_of_this_memorial(store: Store):
    _memorial(store, "M1")
    _memorial(store, "M2")
    with store.engine.connect() as conn, conn.begin():
        revision = conn.execute(select(revisions.c.pk).limit(1)).scalar_one()
        m1, m2 = conn.execute(text("SELECT pk FROM memorials ORDER BY id")).scalars().all()
        for media_id, memorial_pk in (("PH1", m1), ("PH2", m2)):
            conn.execute(
                text(
                    "INSERT INTO media (id, memorial_pk, file_name, version, "
                    "created_revision_id, revision_id) VALUES (:id, :m, 'a.jpg', 1, :r, :r)"
                ),
                {"id": media_id, "m": memorial_pk, "r": revision},
            )
    made = _inspect(store, "M1", "2026-01-01", "good", photos=["PH1"])
    assert made["photos"] == ["PH1"]
    with pytest.raises(ValidationError) as refused:
        _inspect(store, "M1", "2026-01-01", "good", photos=["PH2"])
    assert refused.value.problems[0].field == "photos"
    with store.engine.connect() as conn:
        assert conn.execute(select(maintenance_tasks)).first() is None
