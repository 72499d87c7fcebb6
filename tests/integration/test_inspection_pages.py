"""The condition pages and commands on both backends: /inspections and a region's list in
the three languages, the memorial page's condition, `memreg inspections`, and bad input
answered naming the parameter."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from memreg.cli import app
from memreg.domain.vocabulary import Role
from memreg.services.editing import create_memorial
from memreg.services.inspections import create_task, record_inspection
from memreg.services.users import User
from memreg.store.engine import Store

BROWSER = {"accept": "text/html"}
REGISTRAR = User("registrar", Role.REGISTRAR, ())


@pytest.fixture
def register(store: Store) -> Store:
    for memorial_id, region, status in (
        ("M1", "BY-MI", "standing"),
        ("M2", "BY-MI", "damaged"),
        ("M3", "BY-MI", "standing"),
        ("M4", None, "standing"),
    ):
        create_memorial(store, "test", {"id": memorial_id, "kind": "obelisk", "status": status,
                                        "name": f"Обелиск {memorial_id}", "country": "BY",
                                        "region": region,
                                        "names": {"en": f"Obelisk {memorial_id}"}})  # fmt: skip
    made = record_inspection(store, REGISTRAR, "M3", {
        "inspected_on": "2018-04-01", "inspector": "<b>Museum</b>", "grade": "critical",
        "issues": ["cracks", "metal_theft"], "actions_needed": "<script>x()</script>"})  # fmt: skip
    create_task(store, REGISTRAR, made["id"], {"title": "Replace the plaque <i>now</i>"})
    return store


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("lang", "title", "priority"),
    [("en", "Condition of the memorials", "Reported damaged"),
     ("ru", "Состояние мемориалов", "Сообщено о повреждении"),
     ("be", "Стан мемарыялаў", "Паведамлена пра пашкоджанне")],
)  # fmt: skip
def test_dashboard_and_region_list_in_each_language(
    client: TestClient, register, lang: str, title: str, priority: str
):
    page = client.get(f"/inspections?lang={lang}", headers=BROWSER)
    assert page.status_code == 200 and title in page.text
    assert 'href="/inspections/BY-MI"' in page.text and 'href="/inspections/none"' in page.text
    region = client.get(f"/inspections/BY-MI?lang={lang}", headers=BROWSER)
    assert region.status_code == 200
    order = re.findall(r'data-priority="(\w+)"', region.text)
    # both reported damaged (M2 by its status, M3 by theft of metal): within the tier the
    # never inspected M2 counts as the longest overdue
    assert order == ["damaged", "damaged", "never_inspected"]
    assert region.text.index("/memorials/M2") < region.text.index("/memorials/M3")
    assert priority in _text(region.text)


def test_memorial_page_shows_last_inspection_next_due_and_open_tasks(client: TestClient, register):
    page = client.get("/memorials/M3?lang=en", headers=BROWSER)
    shown = _text(page.text)
    assert "Last inspected 2018-04-01" in shown and "Critical" in shown
    assert "Theft of metal" in shown
    assert "Next inspection due 2021-04-01 · overdue" in shown
    assert "Replace the plaque &lt;i&gt;now&lt;/i&gt;" in page.text  # escaped, never markup
    assert "&lt;script&gt;x()&lt;/script&gt;" in page.text and "<script>x()" not in page.text
    never = _text(client.get("/memorials/M1?lang=en", headers=BROWSER).text)
    assert "Never inspected: an inspection is due." in never


def test_bad_region_and_cursor_pages_answer_400_naming_the_parameter(client: TestClient, register):
    for path, parameter in (("/inspections/XX-99", "region"),
                            ("/inspections/BY-MI?cursor=nonsense", "cursor")):  # fmt: skip
        page = client.get(path, headers=BROWSER)
        assert page.status_code == 400 and parameter in page.text


def test_cli_prints_counts_per_region_and_a_region_by_priority(register: Store):
    runner = CliRunner()
    counts = runner.invoke(app, ["inspections", "overdue", "-d", register.url])
    assert counts.exit_code == 0, counts.stderr
    lines = {line.split("\t")[0]: line.split("\t") for line in counts.stdout.splitlines()}
    assert lines["BY-MI"][1:7] == ["3", "1", "2", "1", "2", "1"]
    assert lines["none"][1] == "1"
    listed = runner.invoke(app, ["inspections", "overdue", "--region", "by-mi", "-d", register.url])
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert [(r[0], r[1]) for r in rows] == [("damaged", "M2"), ("damaged", "M3"),
                                            ("never_inspected", "M1")]  # fmt: skip
    bad = runner.invoke(app, ["inspections", "overdue", "--region", "XX", "-d", register.url])
    assert bad.exit_code == 1 and "--region" in bad.stderr


def test_cli_sets_an_interval_and_due_dates_follow(register: Store):
    runner = CliRunner()
    result = runner.invoke(app, ["inspections", "interval", "--kind", "obelisk", "--region",
                                 "BY-MI", "--years", "10", "-d", register.url])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "every 10 years" in result.stdout and "3 memorial(s)" in result.stdout
    listed = runner.invoke(app, ["inspections", "intervals", "-d", register.url])
    assert "obelisk\tBY-MI\t10" in listed.stdout
    rows = runner.invoke(app, ["inspections", "overdue", "--region", "BY-MI", "-d", register.url])
    assert "2028-04-01" in rows.stdout
    bad = runner.invoke(app, ["inspections", "interval", "--years", "99", "-d", register.url])
    assert bad.exit_code == 1 and "years" in bad.stderr
    assert runner.invoke(app, ["check", "-d", register.url]).exit_code == 0
