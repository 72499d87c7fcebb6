"""The `memreg` command as registrars and operators use it: init, import, stats, check, demo,
and errors that print one clear line and exit non-zero, never a traceback."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from memreg import __version__ as memreg_version
from memreg.cli import app
from memreg.store.engine import Store, head_revision
from memreg.store.schema import revisions

MEMORIALS = [
    ["id", "kind", "name", "country", "region", "lat", "lon"],
    ["BY-HO-1", "mass_grave", "Братская могила", "BY", "BY-HO", "52.4412", "30.9878"],
    ["BY-HO-2", "obelisk", "Обелиск", "BY", "BY-HO", "", ""],
    ["RU-ORL-1", "war_cemetery", "Воинское кладбище", "RU", "RU-ORL", "52.97", "36.06"],
]
PERSONS = [
    ["id", "surname", "given_name", "birth_date", "death_date", "memorial_id"],
    ["obd-1", "Рыбалко", "Петр", "1910", "1944-06-21", "BY-HO-1"],
    ["obd-2", "Рыбалко", "Николай", "~1914", "1941-07?", "RU-ORL-1"],
]
POSTGRES_ADMIN_URL = os.environ.get("MEMREG_TEST_POSTGRES_URL", "")


def memreg(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def write(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def assert_one_line_error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def stats_json(url: str) -> dict:
    result = memreg("stats", "--json", "-d", url)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def corrupt(store: Store, statement: str) -> None:
    """Change the database behind the register's back, foreign keys off."""
    if store.backend.name == "sqlite":
        raw = sqlite3.connect(make_url(store.url).database or "")
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(statement)
        raw.commit()
        raw.close()
        return
    with store.engine.connect() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(statement))
        conn.commit()


# --- init, import, stats, check -----------------------------------------------------------


def test_init_creates_a_register_and_can_run_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = memreg("init", "-d", url)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == f"register ready at {url} (schema {head_revision()})"
    assert memreg("init", "-d", url).exit_code == 0  # migrating a current register is a no-op
    assert stats_json(url) == {
        "memorials": 0,
        "persons": 0,
        "memorials_by_country": {},
        "memorials_by_kind": {},
    }


def test_import_memorials_and_persons_then_stats(store: Store, tmp_path: Path) -> None:
    memorials = write(tmp_path / "memorials.csv", MEMORIALS, delimiter=";")
    result = memreg("import", "memorials", str(memorials), "-d", store.url)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("memorials.csv: 3 rows read, 3 created, 0 updated, 0 unchanged")
    assert lines[1].startswith("revision ")
    people = write(tmp_path / "persons.csv", PERSONS)
    result = memreg("import", "persons", str(people), "-d", store.url)
    assert result.exit_code == 0, result.stderr
    assert "2 created" in result.stdout and "2 links added" in result.stdout
    assert stats_json(store.url) == {
        "memorials": 3,
        "persons": 2,
        "memorials_by_country": {"BY": 2, "RU": 1},
        "memorials_by_kind": {"mass_grave": 1, "obelisk": 1, "war_cemetery": 1},
    }
    plain = memreg("stats", "-d", store.url)
    assert plain.exit_code == 0
    assert plain.stdout.splitlines() == [
        "memorials: 3",
        "persons: 2",
        "by country: BY 2, RU 1",
        "by kind: mass_grave 1, obelisk 1, war_cemetery 1",
    ]
    again = memreg("import", "memorials", str(memorials), "-d", store.url)
    assert again.exit_code == 0
    assert "0 created" in again.stdout and "3 unchanged" in again.stdout
    assert "nothing changed: no revision written" in again.stdout


def test_import_names_actor_source_and_reason_in_its_revision(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", MEMORIALS)
    args = ["--actor", "registrar:anna", "--source", "list-1957", "--reason", "first load"]
    result = memreg("import", "memorials", str(path), "-d", store.url, *args)
    assert result.exit_code == 0, result.stderr
    with store.engine.connect() as conn:
        revision = conn.execute(select(revisions)).mappings().one()
    assert (revision["actor"], revision["source_id"], revision["reason"]) == (
        "registrar:anna",
        "list-1957",
        "first load",
    )
    assert revision["file_name"] == "m.csv"


def test_import_of_a_bad_file_lists_every_bad_row_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    rows = [*MEMORIALS, ["M-4", "castle", "Замок", "BY", "", "", ""],
            ["M-5", "obelisk", "Обелиск", "BY", "", "95", "30"]]  # fmt: skip
    result = memreg("import", "memorials", str(write(tmp_path / "bad.csv", rows)), "-d", store.url)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "error: bad.csv: 2 bad row(s); nothing was imported."
    assert lines[1].startswith("  line 5, kind: must be one of")
    assert lines[2] == "  line 6, lat: must be between -90 and 90 degrees (got '95')"
    assert stats_json(store.url)["memorials"] == 0


def test_import_accept_partial_loads_good_rows_and_writes_rejected_ones(
    store: Store, tmp_path: Path
) -> None:
    rows = [*MEMORIALS, ["M-4", "castle", "Замок", "BY", "", "", ""]]
    path = write(tmp_path / "partial.csv", rows)
    target = tmp_path / "why.csv"
    result = memreg(
        "import", "memorials", str(path), "-d", store.url, "--accept-partial", "--rejected",
        str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 created" in result.stdout and "1 rejected" in result.stdout
    assert f"rejected rows with reasons: {target}" in result.stdout
    with target.open(encoding="utf-8", newline="") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0] == ["line", "reason", *MEMORIALS[0]]
    assert rejected[1][0] == "5" and rejected[1][1].startswith("kind: must be one of")
    assert stats_json(store.url)["memorials"] == 3


def test_import_refuses_options_a_revision_cannot_hold(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", MEMORIALS)
    bad_source = memreg("import", "memorials", str(path), "-d", store.url, "--source", "a b")
    assert_one_line_error(bad_source, "--source")
    long_source = memreg("import", "memorials", str(path), "-d", store.url, "--source", "s" * 65)
    assert_one_line_error(long_source, "--source")
    long_reason = memreg("import", "memorials", str(path), "-d", store.url, "--reason", "r" * 5001)
    assert_one_line_error(long_reason, "--reason", "longer than 5000")
    long_actor = memreg("import", "memorials", str(path), "-d", store.url, "--actor", "a" * 201)
    assert_one_line_error(long_actor, "--actor")
    assert stats_json(store.url)["memorials"] == 0


def test_import_of_a_cp1251_file_names_the_line_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("id,kind,name,country\nM-1,obelisk,Обелиск,BY\n".encode("cp1251"))
    result = memreg("import", "memorials", str(path), "-d", store.url)
    assert_one_line_error(result, "ansi.csv: line 2", "not UTF-8", "CSV UTF-8")
    assert stats_json(store.url)["memorials"] == 0


def test_check_passes_on_a_sound_register_and_fails_on_a_damaged_one(
    store: Store, tmp_path: Path
) -> None:
    memreg("import", "memorials", str(write(tmp_path / "m.csv", MEMORIALS)), "-d", store.url)
    memreg("import", "persons", str(write(tmp_path / "p.csv", PERSONS)), "-d", store.url)
    sound = memreg("check", "-d", store.url)
    assert sound.exit_code == 0, sound.stderr
    assert sound.stdout.strip() == "register is sound"
    corrupt(
        store,
        "UPDATE person_memorials SET person_pk = 999 "
        "WHERE person_pk = (SELECT min(person_pk) FROM person_memorials)",
    )
    damaged = memreg("check", "-d", store.url)
    assert damaged.exit_code == 1
    assert damaged.stderr.splitlines()[0] == (
        "problem: 1 row(s) of person_memorials.person_pk point to no persons row"
    )
    assert "register is sound" not in damaged.stdout


# --- demo -----------------------------------------------------------------------------------


def test_demo_builds_a_small_sound_register_and_loading_it_again_changes_nothing(
    store: Store,
) -> None:
    if importlib.util.find_spec("memreg.ingest.demo") is None:
        pytest.skip("the demo generator memreg.ingest.demo is not written yet")
    args = ["demo", "-d", store.url, "--memorials", "50", "--persons", "500", "--seed", "7"]
    first = memreg(*args)
    assert first.exit_code == 0, first.stderr
    figures = stats_json(store.url)
    assert (figures["memorials"], figures["persons"]) == (50, 500)
    assert memreg("check", "-d", store.url).exit_code == 0
    again = memreg(*args)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.count("0 created") == 2
    assert stats_json(store.url) == figures
    skipped = memreg("demo", "-d", store.url, "--if-empty", "--memorials", "5", "--persons", "5")
    assert skipped.exit_code == 0
    assert "already holds a register; demo not loaded" in skipped.stdout


# --- errors: one clear line, exit 1, no traceback ------------------------------------------


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://localhost/memreg", "must start with sqlite:/// or postgresql://"),
        ("not a url", "is not a valid URL"),
        ("postgresql://postgres@127.0.0.1:1/memreg", "Connection refused"),
    ],
)
def test_bad_database_url_is_one_clear_line(url: str, fragment: str) -> None:
    for command in (["stats"], ["check"], ["init"]):
        assert_one_line_error(memreg(*command, "-d", url), fragment)


def test_missing_sqlite_register_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    result = memreg("stats", "-d", f"sqlite:///{path}")
    assert_one_line_error(result, "there is no register at", "memreg init")
    assert not path.exists()
    folder = memreg("init", "-d", f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}")
    assert_one_line_error(folder, "does not exist")


def test_unmigrated_database_asks_for_init(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert_one_line_error(memreg("stats", "-d", f"sqlite:///{empty}"), "run memreg init")
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE graves (id INTEGER)")
    raw.close()
    line = assert_one_line_error(memreg("check", "-d", f"sqlite:///{other}"), "memreg init")
    assert "not a memreg register" in line


def test_file_that_is_not_a_database_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 10)
    assert_one_line_error(memreg("stats", "-d", f"sqlite:///{path}"), "not a database")


def test_missing_import_file_is_one_clear_line(store: Store, tmp_path: Path) -> None:
    result = memreg("import", "persons", str(tmp_path / "nowhere.csv"), "-d", store.url)
    assert_one_line_error(result, "nowhere.csv does not exist")
    folder = memreg("import", "persons", str(tmp_path), "-d", store.url)
    assert_one_line_error(folder, "is a folder")


@pytest.mark.skipif(not POSTGRES_ADMIN_URL, reason="set MEMREG_TEST_POSTGRES_URL to run it")
def test_missing_postgres_database_is_one_clear_line() -> None:
    url = make_url(POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    missing = url.set(database="memreg_no_such_database").render_as_string(hide_password=False)
    assert_one_line_error(memreg("stats", "-d", missing), "does not exist")


# --- the installed command ------------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "memreg"


@pytest.mark.skipif(not SCRIPT.is_file(), reason="the memreg console script is not installed")
def test_installed_command_imports_and_reports_errors_without_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    env = {**os.environ, "MEMREG_DATABASE_URL": url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60
        )

    assert run("init").returncode == 0
    loaded = run("import", "memorials", str(write(tmp_path / "m.csv", MEMORIALS)))
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(run("stats", "--json").stdout)["memorials"] == 3
    failed = run("stats", "-d", "mysql://localhost/x")
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        "error: database URL must start with sqlite:/// or postgresql://, not mysql:"
    ]


def test_the_command_starts_without_loading_the_register_stack() -> None:
    """`memreg --help` must start fast: the database, web and settings stacks load only in
    the command that needs them (bench/cli_start.py measures the time)."""
    probe = (
        "import sys, memreg.cli; "
        "print(','.join(m for m in ('sqlalchemy', 'pydantic', 'alembic', 'rich', 'fastapi', "
        "'edtf', 'argon2', 'psycopg') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_version_prints_the_version() -> None:
    result = memreg("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"memreg {memreg_version}"
