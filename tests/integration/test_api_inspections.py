"""Condition monitoring over the JSON API: who may write, problems naming the field, the
dashboard's counts and a region's list by priority, tasks and their states."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from memreg.services.editing import create_memorial
from memreg.services.users import create_user
from memreg.store.engine import Store

REGISTRAR = ("registrar.minsk", "correct horse battery")
CONTRIBUTOR = ("volunteer", "another long password")
PROBLEM = "application/problem+json"


@pytest.fixture
def register(store: Store) -> Store:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_user(store, "test", *CONTRIBUTOR, role="contributor")
    for memorial_id, region, status in (("M1", "BY-MI", "standing"), ("M2", "BY-MI", "standing"),
                                        ("M3", "BY-HM", "standing")):  # fmt: skip
        create_memorial(store, "test", {"id": memorial_id, "kind": "obelisk", "status": status,
                                        "name": f"Obelisk {memorial_id}", "country": "BY",
                                        "region": region})  # fmt: skip
    return store


def _inspect(client: TestClient, memorial_id: str, grade: str, day: str = "2019-05-09", **more):
    body = {"inspected_on": day, "inspector": "Anna", "grade": grade, **more}
    return client.post(f"/api/memorials/{memorial_id}/inspections", json=body, auth=REGISTRAR)


def test_writes_need_a_registrar(client: TestClient, register):
    body = {"inspected_on": "2020-01-01", "inspector": "A", "grade": "good"}
    anonymous = client.post("/api/memorials/M1/inspections", json=body)
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM
    contributor = client.post("/api/memorials/M1/inspections", json=body, auth=CONTRIBUTOR)
    assert contributor.status_code == 403 and contributor.headers["content-type"] == PROBLEM
    assert client.get("/api/memorials/M1/inspections").json()["inspections"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inspected_on": "yesterday", "inspector": "A", "grade": "good"}, "inspected_on"),
        ({"inspected_on": "2020-01-01", "inspector": "A", "grade": "excellent"}, "grade"),
        ({"inspected_on": "2020-01-01", "inspector": "A", "grade": "good", "issues": ["x"]},
         "issues"),
        ({"inspected_on": "2020-01-01", "inspector": "A", "grade": "good", "issues": "cracks"},
         "issues"),
        ({"inspected_on": "2020-01-01", "grade": "good", "weather": "rain"}, "weather"),
    ],
)  # fmt: skip
def test_bad_inspections_get_problem_json_naming_the_field(
    client: TestClient, register, body: dict, field: str
):
    answer = client.post("/api/memorials/M1/inspections", json=body, auth=REGISTRAR)
    assert answer.status_code in (400, 422), answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert field in {e["field"] for e in answer.json()["errors"]}
    assert client.get("/api/memorials/M1/inspections").json()["inspections"] == []


def test_unknown_memorial_inspection_task_and_region_are_problems(client: TestClient, register):
    body = {"inspected_on": "2020-01-01", "inspector": "A", "grade": "good"}
    assert (
        client.post("/api/memorials/M9/inspections", json=body, auth=REGISTRAR).status_code == 404
    )
    assert client.get("/api/memorials/M9/inspections").status_code == 404
    task = client.post("/api/inspections/I-none/tasks", json={"title": "x"}, auth=REGISTRAR)
    assert task.status_code == 404 and task.headers["content-type"] == PROBLEM
    moved = client.patch("/api/tasks/T-none", json={"state": "done"}, auth=REGISTRAR)
    assert moved.status_code == 404
    region = client.get("/api/inspections/dashboard/XX-99")
    assert region.status_code == 400 and region.json()["errors"][0]["field"] == "region"
    cursor = client.get("/api/inspections/dashboard/BY-MI?cursor=garbage")
    assert cursor.status_code == 400 and cursor.json()["errors"][0]["field"] == "cursor"


def test_dashboard_counts_and_lists_the_critical_memorial_first(client: TestClient, register):
    made = _inspect(client, "M2", "critical", issues=["cracks"], actions_needed="Shore it up")
    assert made.status_code == 201, made.text
    assert made.json()["grade"] == "critical" and made.json()["issues"] == ["cracks"]
    _inspect(client, "M3", "good", day="2025-01-01")
    regions = {r["region"]: r for r in client.get("/api/inspections/dashboard").json()["regions"]}
    assert regions["BY-MI"]["critical"] == 1 and regions["BY-MI"]["never_inspected"] == 1
    assert regions["BY-HM"]["overdue"] == 0 and regions["BY-HM"]["memorials"] == 1
    listed = client.get("/api/inspections/dashboard/by-mi?limit=1").json()
    assert [i["memorial_id"] for i in listed["items"]] == ["M2"]
    assert listed["items"][0]["priority"] == "critical"
    following = client.get(f"/api/inspections/dashboard/BY-MI?limit=1&cursor={listed['next']}")
    assert [i["priority"] for i in following.json()["items"]] == ["never_inspected"]
    assert client.get("/api/inspections/dashboard/BY-HM").json()["items"] == []


def test_tasks_are_opened_moved_and_shown_with_the_memorial(client: TestClient, register):
    inspection = _inspect(client, "M1", "poor").json()
    opened = client.post(f"/api/inspections/{inspection['id']}/tasks",
                         json={"title": "Clear the shrubs"}, auth=REGISTRAR)  # fmt: skip
    assert opened.status_code == 201 and opened.json()["state"] == "open"
    task_id = opened.json()["id"]
    untitled = client.post(f"/api/inspections/{inspection['id']}/tasks", json={}, auth=REGISTRAR)
    assert untitled.status_code == 422 and untitled.json()["errors"][0]["field"] == "title"
    forbidden = client.patch(f"/api/tasks/{task_id}", json={"state": "done"}, auth=CONTRIBUTOR)
    assert forbidden.status_code == 403
    bad = client.patch(f"/api/tasks/{task_id}", json={"state": "finished"}, auth=REGISTRAR)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"
    moved = client.patch(f"/api/tasks/{task_id}", json={"state": "in_progress", "version": 1},
                         auth=REGISTRAR)  # fmt: skip
    assert moved.json()["state"] == "in_progress"
    assert moved.json()["state_changed_by"] == "user:registrar.minsk"
    stale = client.patch(f"/api/tasks/{task_id}", json={"state": "done", "version": 1},
                         auth=REGISTRAR)  # fmt: skip
    assert stale.status_code == 409
    shown = client.get("/api/memorials/M1/inspections").json()
    assert shown["condition"]["grade"] == "poor" and shown["condition"]["overdue"] is True
    assert [t["id"] for t in shown["open_tasks"]] == [task_id]
    assert shown["inspections"][0]["tasks"][0]["state"] == "in_progress"
    regions = {r["region"]: r for r in client.get("/api/inspections/dashboard").json()["regions"]}
    assert regions["BY-MI"]["open_tasks"] == 1
