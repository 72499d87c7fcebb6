"""The fast ways a large import takes must end exactly where the plain ways end.

A large file is read and validated by a helper process; on PostgreSQL, as a superuser, a
batch's foreign keys are checked by one query per key instead of a trigger per row. Each is
compared here with the plain way on the rows that make imports hard: refused rows, ids
repeated after a refused row, rows without id (content ids, duplicates), unknown memorials.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text

from memreg.domain.errors import ImportRejectedError
from memreg.ingest.native_csv import PERSON_COLUMNS, PERSON_REQUIRED, open_native_csv
from memreg.services import import_rows, imports
from memreg.services.import_rows import validated_chunks, validated_chunks_in_helper
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from memreg.store.schema import memorials, person_memorials, person_name_keys, persons
from memreg.store.unit_of_work import UnitOfWork

WriteCsv = Callable[..., Path]

M_HEADER = ["id", "kind", "name", "country"]
M_ROWS: list[list[object]] = [[f"M{n}", "mass_grave", f"Могила {n}", "BY"] for n in range(1, 6)]
P_HEADER = [
    "id",
    "surname",
    "given_name",
    "birth_date",
    "death_date",
    "fate",
    "memorial_id",
    "role",
]
HARD_ROWS: list[list[object]] = [
    ["P1", "Рыбалко", "Петр", "1910", "1944-06-21", "killed_in_action", "M1", ""],
    ["X1", "Жук", "", "", "", "", "M404", ""],  # unknown memorial: refused ...
    ["X1", "Жук", "", "", "", "", "M2", ""],  # ... so this row takes the id
    ["X1", "Жук", "", "", "", "", "M3", ""],  # already given on the line above
    ["Y1", "", "", "", "", "", "M1", ""],  # no surname: refused, the id stays free
    ["Y1", "Кухлий", "", "1902", "1941/1945", "missing", "M1", "commemorated_at"],
    ["", "Безымянный", "", "", "1943", "", "M4", ""],  # content id
    ["", "Безымянный", "", "", "1943", "", "M4", ""],  # the same row again: a duplicate
    ["P2", "Сидоренко", "Иван", "1913-13", "", "", "M1", ""],  # no month 13
    ["P3", "Сидоренко", "Иван", "1920", "1910", "", "", "buried_at"],  # two problems
    ["P4", "Ковальчук", "", "", "", "lost", "M5", ""],
    ["P5", "Ковальчук", "Анна", "1921", "1943-07?", "partisan", "M5", "reburied_to"],
]
GOOD_ROWS: list[list[object]] = [
    [f"P{n}", f"Фамилия{n % 97}", "Иван", str(1890 + n % 30), "1943", "", f"M{1 + n % 5}", ""]
    for n in range(1, 3000)
] + [["", f"Безымянный{n % 7}", "", "", "", "", "M1", ""] for n in range(40)]


@pytest.fixture
def with_memorials(store: Store, write_csv: WriteCsv) -> Store:
    import_csv(store, "registrar:anna", "memorial", write_csv("m.csv", M_HEADER, M_ROWS))
    return store


def _outcome(store: Store, path: Path, **options: Any) -> dict[str, Any]:
    """What an import reports and leaves in the register, without times and revision keys."""
    try:
        report = import_csv(store, "registrar:anna", "person", path, **options).as_dict()
        report.pop("seconds")
        report.pop("revision_id")
        rejected = report.pop("rejected_file")
        report["rejected"] = Path(rejected).read_text(encoding="utf-8") if rejected else None
    except ImportRejectedError as error:
        report = {"refused": [p.as_dict() for p in error.problems]}
    with store.engine.connect() as conn:
        columns = [
            c for c in persons.c if c.name not in ("pk", "created_revision_id", "revision_id")
        ]
        report["persons"] = conn.execute(select(*columns).order_by(persons.c.id)).all()
        links = (
            select(persons.c.id, memorials.c.id, person_memorials.c.role)
            .join_from(person_memorials, persons, person_memorials.c.person_pk == persons.c.pk)
            .join(memorials, person_memorials.c.memorial_pk == memorials.c.pk)
        )
        report["links"] = sorted(conn.execute(links).all())
    return report


def _clear(store: Store) -> None:
    with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
        conn.execute(person_memorials.delete())
        conn.execute(person_name_keys.delete())  # the search index of the persons
        conn.execute(persons.delete())


@pytest.mark.parametrize("rows", [HARD_ROWS, GOOD_ROWS], ids=["hard", "good"])
def test_helper_process_imports_exactly_as_the_importing_process_does(
    with_memorials: Store, write_csv: WriteCsv, monkeypatch: pytest.MonkeyPatch, rows: list
) -> None:
    path = write_csv("p.csv", P_HEADER, rows)
    outcomes = []
    for helper_from in (10**9, 0):  # first never, then always in a helper process
        monkeypatch.setattr(imports, "HELPER_MIN_ROWS", helper_from)
        monkeypatch.setattr(import_rows, "FIRST_CHUNK", 3)  # chunk edges inside the file
        monkeypatch.setattr(import_rows, "CHUNK", 7)
        runs = [
            _outcome(with_memorials, path),
            _outcome(with_memorials, path, accept_partial=True),
            _outcome(with_memorials, path, accept_partial=True),  # again: nothing changes
        ]
        _clear(with_memorials)
        outcomes.append(runs)
    assert outcomes[0] == outcomes[1]


def test_helper_process_sends_the_chunks_validated_chunks_makes(write_csv: WriteCsv) -> None:
    path = write_csv("p.csv", P_HEADER, HARD_ROWS + GOOD_ROWS[:50])
    csv_file = open_native_csv(path, PERSON_COLUMNS, PERSON_REQUIRED)
    for keep_rows in (False, True):
        here = list(validated_chunks(csv_file, "person", keep_rows, chunk=5, first_chunk=2))
        there = list(validated_chunks_in_helper(csv_file, "person", keep_rows, 5, 2))
        assert [len(c) for c in here] == [len(c) for c in there] == [2] + [5] * 12
        assert here == there


def test_helper_process_killed_half_way_fails_the_import_and_writes_nothing(
    with_memorials: Store, write_csv: WriteCsv, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [[f"P{n}", "Жук", "", "", "", "", "M1", ""] for n in range(30_000)]
    path = write_csv("p.csv", P_HEADER, many)  # far more than a pipe holds: still being read
    monkeypatch.setattr(imports, "HELPER_MIN_ROWS", 0)
    monkeypatch.setattr(import_rows, "CHUNK", 100)
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def remembered(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(import_rows.subprocess, "Popen", remembered)
    chunks = import_rows.validated_chunks_in_helper

    def killed_after_the_first(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for number, chunk in enumerate(chunks(*args, **kwargs)):
            if number == 0:
                started[0].kill()
            yield chunk

    monkeypatch.setattr(imports, "validated_chunks_in_helper", killed_after_the_first)
    with pytest.raises(RuntimeError, match="helper process stopped"):
        import_csv(with_memorials, "registrar:anna", "person", path)
    assert started[0].poll() is not None
    with with_memorials.engine.connect() as conn:
        assert conn.execute(select(persons.c.pk)).first() is None


def _revision(uow: UnitOfWork) -> int:
    return uow.record_revision("import", record_type="person", file_name="test.csv")


def test_bulk_insert_refuses_a_link_to_no_memorial_on_both_backends(store: Store) -> None:
    with UnitOfWork(store, "test") as uow:
        revision = _revision(uow)
        columns = ["pk", "id", "surname", "version", "created_revision_id", "revision_id"]
        store.backend.bulk_insert(
            uow.conn, persons, columns, [(1, "P1", "Жук", 1, revision, revision)]
        )
        link = ["pk", "person_pk", "memorial_pk", "role", "revision_id"]
        with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
            store.backend.bulk_insert(
                uow.conn, person_memorials, link, [(1, 1, 404, "buried_at", revision)]
            )


def _replica_mode(conn: Any) -> bool:
    return conn.execute(text("SHOW session_replication_role")).scalar_one() != "origin"


def test_batch_checked_foreign_keys_fail_as_the_trigger_would(postgres_store: Store) -> None:
    store = postgres_store
    with UnitOfWork(store, "test") as uow:
        revision = _revision(uow)
        columns = ["pk", "id", "surname", "version", "created_revision_id", "revision_id"]
        rows = [(n, f"P{n}", "Жук", 1, revision, revision) for n in range(1, 101)]
        store.backend.bulk_insert(uow.conn, persons, columns, rows)
        assert not _replica_mode(uow.conn)
        link = ["pk", "person_pk", "memorial_pk", "role", "revision_id"]
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="memorial_pk.*404"):
            store.backend.bulk_insert(
                uow.conn, person_memorials, link, [(1, 1, 404, "buried_at", revision)]
            )
    with store.engine.connect() as conn:
        assert not _replica_mode(conn)
        assert conn.execute(select(persons.c.pk)).first() is None
    with UnitOfWork(store, "test") as uow:  # a bad revision reference on the first row
        columns = ["pk", "id", "surname", "version", "created_revision_id", "revision_id"]
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="revision_id.*999"):
            store.backend.bulk_insert(uow.conn, persons, columns, [(1, "P1", "Жук", 1, 999, 999)])
