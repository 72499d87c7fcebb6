"""Reads that must not grow with the register: lists, counts, deep pages, statistics.

    .venv/bin/python bench/read_scale.py --memorials 1000000 --names 200000

Builds a register of N memorials (the demo generator, real CIS settlements) plus one
memorial holding M names, through memreg's own import, on SQLite (and PostgreSQL with
--backends sqlite,postgres). Then times, in process against the store, each read the API
and pages make: list pages with each filter, their counts, a page deep in the list by
cursor, pages of the big memorial's names (first, 500th, last) by cursor, the running
totals behind /api/stats. Beside them, measured in the same run, the naive ways those reads
were made before: a full COUNT(*) behind a bbox, OFFSET pagination, statistics by GROUP BY.
Each figure is the median and p95 of --repeat runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from memreg.domain.places import split_bbox
from memreg.ingest.demo import demo_memorials
from memreg.ingest.native_csv import MEMORIAL_COLUMNS
from memreg.services.imports import import_csv
from memreg.services.register import init_register
from memreg.store.engine import Store
from memreg.store.paging import encode_cursor
from memreg.store.queries import (
    MemorialFilter,
    count_memorials,
    get_memorial,
    list_memorials,
    memorial_persons,
    nearest_memorials,
    register_stats,
)
from memreg.store.schema import memorials, person_memorials, persons

ACTOR = "bench/read_scale"
BELARUS = (23.1, 51.2, 32.8, 56.2)
MINSK = (27.4, 53.8, 27.7, 54.0)


def build(store: Store, folder: Path, count: int, names: int) -> None:
    rows = demo_memorials(seed=1945, memorials=count)
    path = folder / "memorials.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MEMORIAL_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    started = time.perf_counter()
    report = import_csv(store, ACTOR, "memorial", path)
    seconds = time.perf_counter() - started
    print(f"imported {report.created:,} memorials in {seconds:.1f} s "
          f"({report.created / seconds:,.0f} rows/s)")  # fmt: skip
    people = folder / "names.csv"
    with people.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,surname,given_name,patronymic,birth_date,memorial_id\n")
        for n in range(names):
            handle.write(f"B{n:07d},Фамилия{n % 9973:04d},Имя{n % 97},Отчество{n % 31},"
                         f"{1880 + n % 45},M000001\n")  # fmt: skip
    started = time.perf_counter()
    report = import_csv(store, ACTOR, "person", people)
    seconds = time.perf_counter() - started
    print(f"imported {report.created:,} names of M000001 in {seconds:.1f} s")


def get_memorial_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(memorials)).scalar_one())


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, float]:
    function()  # warm the caches once, as a serving process would be
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def cases(conn: Connection, store: Store) -> dict[str, Callable[[], Any]]:
    backend = store.backend
    big = get_memorial(conn, "M000001")
    assert big is not None
    total_names = memorial_persons(conn, big, 1)[1]
    deep_id = conn.execute(
        select(memorials.c.id).order_by(backend.text_order(memorials.c.id)).offset(25_000)
    ).scalar()
    deep = encode_cursor("id", [deep_id])

    def names_cursor(offset: int) -> str:
        row = conn.execute(
            select(person_memorials.c.sort_key, person_memorials.c.role)
            .where(person_memorials.c.memorial_pk == big["pk"])
            .order_by(person_memorials.c.sort_key, person_memorials.c.role)
            .offset(offset)
            .limit(1)
        ).one()
        return encode_cursor("name", [row[0], row[1]])

    page_500 = names_cursor(min(499 * 100 - 1, total_names // 2))
    last_page = names_cursor(max(0, total_names - 101))
    belarus = MemorialFilter(boxes=tuple(split_bbox(*BELARUS)))
    minsk = MemorialFilter(boxes=tuple(split_bbox(*MINSK)))

    def listing(flt: MemorialFilter, cursor: str | None = None) -> Callable[[], Any]:
        return lambda: list_memorials(conn, backend, flt, 50, cursor=cursor)

    def naive_count(flt: MemorialFilter) -> Callable[[], Any]:
        where = [memorials.c.retired_at.is_(None), backend.bbox_filter(flt.boxes)]
        return lambda: conn.execute(select(func.count()).where(*where)).scalar()

    def naive_names(offset: int) -> Callable[[], Any]:
        link = person_memorials
        query = (
            select(persons, link.c.role)
            .select_from(link.join(persons, persons.c.pk == link.c.person_pk))
            .where(link.c.memorial_pk == big["pk"], persons.c.retired_at.is_(None))
            .order_by(*(backend.text_order(persons.c[c]).nulls_first()
                        for c in ("surname", "given_name", "patronymic", "id")), link.c.role)
            .limit(100).offset(offset)
        )  # fmt: skip
        return lambda: conn.execute(query).all()

    def naive_stats() -> None:
        live = memorials.c.retired_at.is_(None)
        conn.execute(select(memorials.c.country, func.count()).where(live).group_by("country"))
        conn.execute(select(memorials.c.kind, func.count()).where(live).group_by("kind")).all()
        conn.execute(select(func.count()).select_from(persons)).scalar()

    return {
        "list: first page, no filter": listing(MemorialFilter()),
        "list: country=RU": listing(MemorialFilter(country="RU")),
        "list: region=BY-MI": listing(MemorialFilter(region="BY-MI")),
        "list: kind=plaque": listing(MemorialFilter(kind="plaque")),
        "list: country=BY&kind=obelisk": listing(MemorialFilter(country="BY", kind="obelisk")),
        "list: bbox Belarus": listing(belarus),
        "list: bbox Minsk": listing(minsk),
        "list: page 501 by cursor": listing(MemorialFilter(), deep),
        "list: near Minsk, 50": lambda: nearest_memorials(
            conn, backend, MemorialFilter(), 53.9, 27.56, 50
        ),
        "count: no filter": lambda: count_memorials(conn, backend, MemorialFilter()),
        "count: country=RU": lambda: count_memorials(conn, backend, MemorialFilter(country="RU")),
        "count: bbox Belarus": lambda: count_memorials(conn, backend, belarus),
        "count: bbox Minsk": lambda: count_memorials(conn, backend, minsk),
        f"names of a memorial with {total_names:,}: page 1": lambda: memorial_persons(
            conn, big, 100
        ),
        "names: page 500 by cursor": lambda: memorial_persons(conn, big, 100, cursor=page_500),
        "names: last page by cursor": lambda: memorial_persons(conn, big, 100, cursor=last_page),
        "names: first page by birth year": lambda: memorial_persons(conn, big, 100, order="birth"),
        "stats (running totals)": lambda: register_stats(conn),
        "baseline: full count behind bbox Belarus": naive_count(belarus),
        "baseline: names page 500 by OFFSET": naive_names(499 * 100),
        "baseline: names last page by OFFSET": naive_names(max(0, total_names - 100)),
        "baseline: stats by GROUP BY": naive_stats,
    }


def run(url: str, count: int, names: int, repeat: int, folder: Path, reuse: bool) -> None:
    store, _ = init_register(url)
    try:
        if not (reuse and get_memorial_count(store)):
            build(store, folder, count, names)
        with store.engine.connect() as conn:
            print(f"\n{store.backend.name}: {count:,} memorials; load {os.getloadavg()[0]:.2f}")
            print("| read | median ms | p95 ms |\n| --- | ---: | ---: |")
            for name, function in cases(conn, store).items():
                median, p95 = timed(function, repeat)
                print(f"| {name} | {median:.2f} | {p95:.2f} |")
    finally:
        store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memorials", type=int, default=1_000_000)
    parser.add_argument("--names", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--workdir", type=Path, help="keep the SQLite register here and reuse it")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "MEMREG_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memreg-read-scale-") as tmp:
        folder = args.workdir or Path(tmp)
        reuse = args.workdir is not None
        for backend in args.backends.split(","):
            if backend == "sqlite":
                run(f"sqlite:///{folder}/register.db", args.memorials, args.names, args.repeat,
                    folder, reuse)  # fmt: skip
            elif backend == "postgres":
                import psycopg

                name = f"memreg_bench_{uuid.uuid4().hex[:8]}"
                base = args.postgres_url.rsplit("/", 1)[0]
                with psycopg.connect(args.postgres_url, autocommit=True) as admin:
                    admin.execute(f'CREATE DATABASE "{name}"')
                try:
                    run(f"{base}/{name}", args.memorials, args.names, args.repeat, folder, False)
                finally:
                    with psycopg.connect(args.postgres_url, autocommit=True) as admin:
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            else:
                sys.exit(f"unknown backend {backend}")


if __name__ == "__main__":
    main()
