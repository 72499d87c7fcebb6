"""Bulk import speed: a native persons CSV through memreg's real import, on both backends.

    .venv/bin/python bench/import_speed.py --rows 1000000

Generates a memorials CSV and a persons CSV (id, surname, given_name, patronymic,
birth_date, death_date, rank, fate, memorial_id, role), then imports them with
`memreg.services.imports.import_csv` into a fresh SQLite file and fresh PostgreSQL
databases (validation on, the schema's indexes and foreign keys in place, one revision,
all-or-nothing). PostgreSQL runs three times: as the admin URL's superuser, as a role that
owns the database and may set session_replication_role, and as one that may not, because
foreign keys are checked per batch or row by row accordingly (memreg/store/postgres_copy.py).
Next to each figure, a baseline measured in the same run on the same file: plain sqlite3
`executemany` into a bare table, and a plain `COPY ... (FORMAT csv)` into a bare table.
Each measurement runs in its own process so that its peak memory can be reported (the
import's, and its helper process's, sampled).
The admin URL comes from --postgres-url or MEMREG_BENCH_POSTGRES_URL; the benchmark creates
and drops its scratch databases and role.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import platform
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

import synthetic_rows

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ACTOR = "bench/import_speed"
Result = dict[str, Any]


# --- input files ----------------------------------------------------------------------------


def _demo_generator() -> tuple[Callable[..., list[dict[str, str]]], Callable[..., Iterator]]:
    """memreg's demo generator, if it is there and works; raises when it is not usable."""
    from memreg.ingest.demo import demo_memorials, iter_demo_persons

    next(iter(iter_demo_persons(seed=1, memorials=5, persons=20)))  # is it finished?
    return demo_memorials, iter_demo_persons


def write_inputs(folder: Path, rows: int, memorials: int, seed: int, generator: str) -> str:
    """Write memorials.csv and persons.csv; return the name of the generator used."""
    memorial_rows: list[dict[str, str]] = []
    person_rows: Iterable[dict[str, str]] = ()
    used = "bench/synthetic_rows.py"
    if generator in ("auto", "demo"):
        try:
            demo_memorials, iter_demo_persons = _demo_generator()
        except Exception as exc:
            if generator == "demo":
                raise
            print(f"memreg.ingest.demo not usable ({exc!r}); using bench/synthetic_rows.py")
        else:
            memorial_rows = demo_memorials(seed=seed, memorials=memorials, persons=rows)
            person_rows = iter_demo_persons(seed=seed, memorials=memorials, persons=rows)
            used = "memreg.ingest.demo"
    if used == "bench/synthetic_rows.py":
        memorial_rows = synthetic_rows.memorial_rows(seed, memorials)
        person_rows = synthetic_rows.person_rows(seed, rows, memorials)
    _write_csv(folder / "memorials.csv", list(memorial_rows[0]), memorial_rows)
    _write_csv(folder / "persons.csv", synthetic_rows.PERSON_HEADER, person_rows)
    return used


def _write_csv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


# --- PostgreSQL scratch databases -----------------------------------------------------------


# How the import connects to PostgreSQL in each run: foreign keys are checked per batch
# when the role may set session_replication_role, row by row otherwise.
PG_ROLES = {
    "superuser": "PostgreSQL, superuser",
    "granted": "PostgreSQL, owner granted SET session_replication_role",
    "owner": "PostgreSQL, owner without that grant",
}


@contextmanager
def scratch_database(admin_url: str, role: str = "superuser") -> Iterator[str]:
    """A fresh database next to the admin URL's, dropped afterwards even on failure.

    For "granted" and "owner", a new login role without superuser owns it and the URL is
    the role's; PostGIS, which only a superuser may install, is installed for it first.
    """
    name = f"memreg_bench_{uuid.uuid4().hex[:10]}"
    base, _ = admin_url.rsplit("/", 1)
    url = f"{base}/{name}"
    ordinary_role = role != "superuser"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if ordinary_role:
            admin.execute(f'CREATE ROLE "{name}" LOGIN NOSUPERUSER')
            if role == "granted":
                admin.execute(f'GRANT SET ON PARAMETER session_replication_role TO "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
            with psycopg.connect(url, autocommit=True) as database:
                database.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            scheme, rest = base.split("://", 1)
            url = f"{scheme}://{name}@{rest.split('@', 1)[-1]}/{name}"
        else:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if ordinary_role:
                admin.execute(f'REVOKE SET ON PARAMETER session_replication_role FROM "{name}"')
                admin.execute(f'DROP ROLE IF EXISTS "{name}"')


# --- measurements (each runs in a child process) --------------------------------------------


def _status_mb(pid: int | str, key: str) -> float:
    """A memory figure of a process from /proc (VmHWM: its peak; VmRSS: now), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:  # the process has ended meanwhile
        pass
    return 0.0


class ChildMemoryWatch(threading.Thread):
    """Samples the resident memory of this process's children (the import's helper).

    ru_maxrss cannot tell: a child started by fork and exec keeps its parent's peak. Reads
    only /proc/<pid>/task/<pid>/children and the children's status, a few times a second,
    so that the import it watches is not slowed.
    """

    def __init__(self, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.every, self.peak_mb, self.stopped = every, 0.0, threading.Event()

    def run(self) -> None:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
        while not self.stopped.wait(self.every):
            try:
                pids = children.read_text().split()
            except OSError:
                return  # this kernel does not list children: no figure
            for pid in pids:
                self.peak_mb = max(self.peak_mb, _status_mb(pid, "VmRSS"))


def measure_import(url: str, folder: Path, reimport: bool) -> Result:
    """Memorials first (timed apart), then the timed persons import, then checks."""
    from sqlalchemy import func, select

    from memreg.services.imports import import_csv
    from memreg.services.register import init_register
    from memreg.settings import Settings
    from memreg.store.schema import person_memorials, persons

    # The register's own settings (MEMREG_SQLITE_SYNCHRONOUS), so FULL and NORMAL can be compared.
    store, _ = init_register(url, Settings().store_options())
    watch = ChildMemoryWatch()
    watch.start()
    try:
        started = time.perf_counter()
        memorial_report = import_csv(store, ACTOR, "memorial", folder / "memorials.csv")
        memorial_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = import_csv(store, ACTOR, "person", folder / "persons.csv")
        seconds = time.perf_counter() - started
        with store.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(persons)).scalar_one()
            links = conn.execute(select(func.count()).select_from(person_memorials)).scalar_one()
        result: Result = {
            "rows": report.rows_read,
            "seconds": seconds,
            "created": report.created,
            "duplicate_rows": report.duplicate_rows,
            "rejected": report.rejected,
            "links_added": report.links_added,
            "stored": stored,
            "links_stored": links,
            "memorials": memorial_report.created,
            "memorial_seconds": memorial_seconds,
        }
        if reimport:
            started = time.perf_counter()
            again = import_csv(store, ACTOR, "person", folder / "persons.csv")
            result["reimport_seconds"] = time.perf_counter() - started
            result["reimport_changes"] = again.created + again.updated + again.links_added
        watch.stopped.set()
        result["peak_rss_mb"] = _status_mb("self", "VmHWM")
        result["helper_peak_rss_mb"] = watch.peak_mb
        return result
    finally:
        watch.stopped.set()
        store.dispose()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        yield from reader


def _bare_columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def measure_sqlite_baseline(folder: Path) -> Result:
    """Plain executemany of the file's rows into a bare table: no validation, no index."""
    source = folder / "persons.csv"
    columns = _bare_columns(source)
    conn = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")  # as the register's own connections
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE raw_persons ({', '.join(c + ' TEXT' for c in columns)})")
    insert = f"INSERT INTO raw_persons VALUES ({', '.join('?' for _ in columns)})"
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(insert, _csv_rows(source))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    rows = conn.execute("SELECT count(*) FROM raw_persons").fetchone()[0]
    conn.close()
    return {"rows": rows, "seconds": seconds}


def measure_postgres_baseline(url: str, folder: Path) -> Result:
    """Plain COPY of the file's bytes into a bare table: no validation, no index."""
    source = folder / "persons.csv"
    columns = _bare_columns(source)
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE TABLE raw_persons ({', '.join(c + ' text' for c in columns)})")
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cursor:
            statement = "COPY raw_persons FROM STDIN (FORMAT csv, HEADER true)"
            with cursor.copy(statement) as copy, source.open("rb") as handle:
                while block := handle.read(1 << 20):
                    copy.write(block)
        conn.commit()
        seconds = time.perf_counter() - started
        row = conn.execute("SELECT count(*) FROM raw_persons").fetchone()
    return {"rows": row[0] if row else 0, "seconds": seconds}


def _child(function: Callable[..., Result], args: tuple[Any, ...], queue: Any) -> None:
    try:
        queue.put(("ok", function(*args)))
    except BaseException as exc:  # report any failure to the parent, then stop
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def in_child(function: Callable[..., Result], *args: Any) -> Result:
    """Run one measurement in a fresh process so memory and caches start clean."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    status, value = queue.get()
    process.join()
    if status != "ok":
        raise RuntimeError(f"{function.__name__} failed: {value}")
    return value


# --- report ---------------------------------------------------------------------------------


def _rate(result: Result) -> float:
    return result["rows"] / result["seconds"] if result["seconds"] else 0.0


def _check(name: str, result: Result, rows: int) -> list[str]:
    """What the import got wrong, if anything: every row stored or a counted duplicate."""
    problems = []
    if result["rejected"]:
        problems.append(f"{name}: {result['rejected']} rows rejected")
    if result["created"] + result["duplicate_rows"] != rows:
        problems.append(f"{name}: {result['created']} created + duplicates != {rows} rows")
    if result["stored"] != result["created"] or result["links_stored"] != result["links_added"]:
        problems.append(f"{name}: stored counts differ from the report")
    if result.get("reimport_changes"):
        problems.append(f"{name}: re-import changed {result['reimport_changes']} records")
    return problems


def print_report(results: dict[str, tuple[Result, str, Result]]) -> None:
    print()
    print(
        f"{date.today().isoformat()}, {os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print()
    print("| backend | rows | seconds | rows/s | baseline | baseline rows/s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for backend, (imported, kind, baseline) in results.items():
        memory = f"{imported['peak_rss_mb']:,.0f} + helper {imported['helper_peak_rss_mb']:,.0f}"
        print(
            f"| {backend} | {imported['rows']:,} | {imported['seconds']:.1f} | "
            f"{_rate(imported):,.0f} | {kind} | {_rate(baseline):,.0f} | {memory} |"
        )
    print()
    for backend, (imported, _, _) in results.items():
        extra = f"memorials ({imported['memorials']:,}) {imported['memorial_seconds']:.1f} s"
        if "reimport_seconds" in imported:
            extra += f"; re-import {imported['reimport_seconds']:.1f} s, nothing changed"
        print(f"{backend}: {imported['links_added']:,} links; {extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="person rows")
    parser.add_argument("--memorials", type=int, help="memorial rows (default rows / 50)")
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("MEMREG_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL),
        help="admin URL (a superuser); scratch databases are created next to it and dropped",
    )
    parser.add_argument(
        "--postgres-roles",
        default=",".join(PG_ROLES),
        help="comma-separated PostgreSQL runs: " + ", ".join(PG_ROLES),
    )
    parser.add_argument("--generator", choices=("auto", "demo", "synthetic"), default="auto")
    parser.add_argument("--reimport", action="store_true", help="also time a second import")
    parser.add_argument("--workdir", type=Path, help="where to write files (default: temp)")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    memorials = args.memorials or max(10, args.rows // 50)
    results: dict[str, tuple[Result, str, Result]] = {}
    with tempfile.TemporaryDirectory(prefix="memreg-bench-", dir=args.workdir) as name:
        folder = Path(name)
        started = time.perf_counter()
        used = write_inputs(folder, args.rows, memorials, args.seed, args.generator)
        size = (folder / "persons.csv").stat().st_size / 1e6
        print(
            f"generated {args.rows:,} persons ({size:,.0f} MB) and {memorials:,} memorials "
            f"with {used} in {time.perf_counter() - started:.1f} s"
        )
        if "sqlite" in backends:
            baseline = in_child(measure_sqlite_baseline, folder)
            url = f"sqlite:///{folder / 'register.db'}"
            imported = in_child(measure_import, url, folder, args.reimport)
            results["SQLite"] = (imported, "sqlite3 executemany, bare table", baseline)
            print(f"SQLite: {_rate(imported):,.0f} rows/s, baseline {_rate(baseline):,.0f}")
        if "postgres" in backends:
            with scratch_database(args.postgres_url) as url:
                baseline = in_child(measure_postgres_baseline, url, folder)
            for role in args.postgres_roles.split(","):
                label = PG_ROLES[role.strip()]
                with scratch_database(args.postgres_url, role.strip()) as url:
                    imported = in_child(measure_import, url, folder, args.reimport)
                results[label] = (imported, "COPY (FORMAT csv), bare table", baseline)
                print(f"{label}: {_rate(imported):,.0f} rows/s, baseline {_rate(baseline):,.0f}")
    print_report(results)
    problems = [p for b, (r, _, _) in results.items() for p in _check(b, r, args.rows)]
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
