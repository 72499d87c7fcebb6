"""Person search at scale: recall, latency, throughput, index cost, beside pg_trgm baselines.

    .venv/bin/python bench/person_search.py --persons 1000000 [--backend sqlite|postgres]
        [--work DIR] [--queries 2000] [--out result.json]

Builds (or, with --work, reuses) a register of N synthetic persons (bench/person_names.py:
over 400,000 distinct surnames of twelve nationalities with Zipf frequencies) through
memreg's own import, which keeps the search index; times the import and a rebuild of the
search index. Then, for a generated query set (bench/person_queries.py: exact, Latin of five
systems, Belarusian and Ukrainian Cyrillic, typos, initials, word order, partial, feminine,
equivalent names, national forms, year ±1), reports:

- recall@1 and recall@10, overall and per variant type. A hit is the target person, or a
  person the query cannot tell from it: equal on every field the query carries (at 20M a
  Zipf register holds many identical "Иванов Иван Иванович 1920"). The strict figure
  (the target's own id) is reported beside it;
- latency p50/p95/p99 in process (`find_persons(store, q, limit=10)`) and over HTTP
  (`memreg serve`, GET /api/persons/search), requests/s with 2 worker processes, the serving
  process's peak RSS;
- index build time and size on disk (SQLite dbstat, PostgreSQL pg_total_relation_size);
- in the same run, on the same persons and queries: PostgreSQL pg_trgm (a GIN gin_trgm_ops
  index over "surname given patronymic year", `WHERE name % q ORDER BY similarity DESC
  LIMIT 10`) on the raw query and on the query put into Cyrillic by a simple table.

Prints a Markdown table and one JSON line (also written to --out). The PostgreSQL admin URL
comes from --postgres-url or MEMREG_BENCH_POSTGRES_URL; the benchmark creates its databases
(memreg_bench_persons_N_..., memreg_bench_trgm_N_...) and keeps them for reuse unless --drop.
Memory stays bounded at any N: persons are streamed from the generator to the files and to
COPY, and the query set is made from a few chunks of the register.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

import person_names
import person_queries

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ACTOR = "bench/person_search"
BIN = Path(sys.executable).parent
SEARCH_PATH = "/api/persons/search"
Result = dict[str, Any]


# --- what counts as a hit ------------------------------------------------------------------


def _fold(text: str | None) -> str:
    return (text or "").strip().lower().replace("ё", "е")


def _year(value: Any) -> int | None:
    match = re.match(r"\s*(\d{4})", str(value or ""))
    return int(match.group(1)) if match else None


def is_hit(item: dict[str, Any], query: dict[str, Any]) -> bool:
    """The target itself, or a person equal to it on every field the query carries."""
    if item.get("id") == query["target"]:
        return True
    want, carried = query["fields"], set(query["carried"])
    given, patronymic = _fold(item.get("given_name")), _fold(item.get("patronymic"))
    checks = {
        "surname": _fold(item.get("surname")) == _fold(want["surname"]),
        "given": given == _fold(want["given"]),
        "patronymic": patronymic == _fold(want["patronymic"]),
        "year": _year(item.get("birth_date", item.get("year"))) == want["year"],
        "given_initial": given[:1] == _fold(want["given"])[:1],
        "patronymic_initial": patronymic[:1] == _fold(want["patronymic"])[:1],
    }
    return all(checks[field] for field in carried)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summarise(queries: list[dict], answers: list[list[dict]], times_ms: list[float]) -> Result:
    """recall@1/@10 (namesake-tolerant and strict) overall and per variant; latency."""
    by_variant: dict[str, list[tuple[bool, bool, bool, bool]]] = defaultdict(list)
    for query, items in zip(queries, answers, strict=True):
        hits = [is_hit(item, query) for item in items[:10]]
        own = [item.get("id") == query["target"] for item in items[:10]]
        by_variant[query["variant"]].append((any(hits[:1]), any(hits), any(own[:1]), any(own)))

    def rates(rows: list[tuple[bool, bool, bool, bool]]) -> dict[str, float]:
        n = len(rows) or 1
        return {"n": len(rows), "r1": sum(r[0] for r in rows) / n,
                "r10": sum(r[1] for r in rows) / n, "strict_r1": sum(r[2] for r in rows) / n,
                "strict_r10": sum(r[3] for r in rows) / n}  # fmt: skip

    every = [row for rows in by_variant.values() for row in rows]
    return {
        "overall": rates(every),
        "variants": {v: rates(by_variant[v]) for v in person_queries.VARIANTS if by_variant[v]},
        "p50_ms": percentile(times_ms, 0.50),
        "p95_ms": percentile(times_ms, 0.95),
        "p99_ms": percentile(times_ms, 0.99),
        "mean_ms": statistics.fmean(times_ms) if times_ms else float("nan"),
    }


# --- the register ---------------------------------------------------------------------------


def _status_mb(pid: int | str, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def inputs(folder: Path, persons: int, seed: int) -> tuple[Path, Path, Result]:
    """The native CSVs of the register, made once per (persons, seed) and kept."""
    marker = folder / "inputs.json"
    memorials = max(10, persons // 50)
    if marker.exists() and json.loads(marker.read_text()) == {"persons": persons, "seed": seed}:
        return folder / "memorials.csv", folder / "persons.csv", {"generated_s": None}
    started = time.perf_counter()
    memorial_path, person_path = person_names.write_csvs(folder, seed, persons, memorials)
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"persons": persons, "seed": seed}))
    print(f"wrote {persons:,} persons ({person_path.stat().st_size / 1e6:,.0f} MB) and "
          f"{memorials:,} memorials in {seconds:.1f} s")  # fmt: skip
    return memorial_path, person_path, {"generated_s": seconds}


def ensure_postgres_database(admin_url: str, name: str, fresh: bool) -> str:
    base = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _search_rebuild() -> tuple[str, Callable[[Any], Any]]:
    """The lead's rebuild of the search index if it is exposed alone, else `memreg reindex`."""
    import importlib

    try:
        from memreg.store.person_names import rebuild_person_names
        from memreg.store.unit_of_work import UnitOfWork, run_write
    except ImportError:
        pass
    else:

        def rebuild(store: Any) -> int:
            def work(uow: UnitOfWork) -> int:
                rows = rebuild_person_names(uow.conn, uow.store.backend)
                uow.commit()
                return rows

            return run_write(store, ACTOR, work)

        return "memreg.store.person_names.rebuild_person_names", rebuild
    for module_name, function_name in (
        ("memreg.services.person_search", "rebuild_index"),
        ("memreg.services.person_search", "reindex"),
        ("memreg.search.index", "rebuild"),
        ("memreg.search.index", "rebuild_index"),
        ("memreg.store.person_index", "rebuild_person_index"),
    ):
        try:
            function = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            continue
        return f"{module_name}.{function_name}", function
    from memreg.services import register

    return "memreg.services.register.reindex (all derived rows)", register.reindex


def register_is_current(url: str) -> bool:
    """The register is there and its schema is this code's (else it is built again)."""
    from memreg.domain.errors import StoreError
    from memreg.services.register import open_register

    try:
        open_register(url).dispose()
    except (StoreError, Exception):  # missing database or file, old schema
        return False
    return True


def build_register(url: str, memorials: Path, persons: Path, marker: Path, rebuild: bool) -> Result:
    """Import (timed), then rebuild the search index (timed); kept in `marker` for reuse."""
    from memreg.services import register
    from memreg.services.imports import import_csv
    from memreg.settings import Settings

    if marker.exists() and not rebuild:
        built = json.loads(marker.read_text())
        if built.get("url") == url:
            print(f"reusing the register built {built.get('built_at', '')} at {url}")
            return built
    store, _ = register.init_register(url, Settings().store_options())
    try:
        started = time.perf_counter()
        import_csv(store, ACTOR, "memorial", memorials)
        memorial_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = import_csv(store, ACTOR, "person", persons)
        seconds = time.perf_counter() - started
        print(
            f"imported {report.created:,} persons in {seconds:.1f} s "
            f"({report.rows_read / seconds:,.0f} rows/s), memorials {memorial_seconds:.1f} s"
        )
        name, rebuild_index = _search_rebuild()
        started = time.perf_counter()
        rebuild_index(store)
        rebuild_seconds = time.perf_counter() - started
        print(f"rebuilt the search index ({name}) in {rebuild_seconds:.1f} s")
    finally:
        store.dispose()
    built = {"url": url, "import_s": seconds, "import_rows_per_s": report.rows_read / seconds,
             "persons": report.created, "rejected": report.rejected,
             "memorial_import_s": memorial_seconds, "index_rebuild": name,
             "index_rebuild_s": rebuild_seconds,
             "built_at": time.strftime("%Y-%m-%d %H:%M")}  # fmt: skip
    marker.write_text(json.dumps(built))
    return built


def vacuum_analyze(store: Any) -> float:
    """VACUUM ANALYZE, as autovacuum does soon after a bulk load: without statistics and a
    visibility map, a fresh 1M register searched ten times slower (p95 156 ms, not 14)."""
    started = time.perf_counter()
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


SEARCH_TABLE_PATTERN = r"search|person_name|surname|postings|name_key|name_vocab|given_name"


def index_size(store: Any, pattern: str) -> Result:
    """Bytes on disk of the tables (and their indexes) whose names match `pattern`."""
    sizes: dict[str, int] = {}
    with store.engine.connect() as conn:
        if store.backend.name == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m "
                "ON m.name = d.name GROUP BY m.tbl_name"
            ).all()
            total = conn.exec_driver_sql("SELECT SUM(pgsize) FROM dbstat").scalar() or 0
        else:
            rows = conn.exec_driver_sql(
                "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace "
                "n ON n.oid = c.relnamespace WHERE relkind = 'r' AND nspname = current_schema()"
            ).all()
            total = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
    for table, size in rows:
        if re.search(pattern, table):
            sizes[table] = int(size or 0)
    return {"tables": sizes, "bytes": sum(sizes.values()), "database_bytes": int(total or 0)}


# --- in process -----------------------------------------------------------------------------


def run_in_process(url: str, queries: list[dict], warm: int) -> tuple[Result, list[list[dict]]]:
    from memreg.services.person_search import find_persons
    from memreg.services.register import open_register

    store = open_register(url)
    try:
        for query in queries[:warm]:  # caches warm, as in a serving process
            find_persons(store, query["q"], limit=10)
        answers, times = [], []
        for query in queries:
            started = time.perf_counter()
            answer = find_persons(store, query["q"], limit=10)
            times.append((time.perf_counter() - started) * 1000)
            answers.append(answer["items"])
        result = summarise(queries, answers, times)
        result["process_peak_rss_mb"] = _status_mb("self", "VmHWM")
        return result, answers
    finally:
        store.dispose()


# --- over HTTP ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def start_server(url: str, workers: int, log: Path) -> tuple[int, subprocess.Popen]:
    port = free_port()
    env = {**os.environ, "MEMREG_DATABASE_URL": url, "MEMREG_RATE_LIMIT_PER_MINUTE": "0"}
    with log.open("ab") as handle:
        process = subprocess.Popen(  # noqa: S603
            [str(BIN / "memreg"), "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=handle, stderr=handle)  # fmt: skip
    wait_for(port, process)
    return port, process


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def search_path(text: str) -> str:
    return f"{SEARCH_PATH}?{urllib.parse.urlencode({'q': text, 'limit': 10})}"


def http_latency(url: str, queries: list[dict], log: Path, warm: int) -> Result:
    """Sequential GETs on one kept-alive connection to `memreg serve` (one process)."""
    port, process = start_server(url, 1, log)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        answers, times, failures = [], [], 0
        for number, query in enumerate(queries[:warm] + queries):
            started = time.perf_counter()
            conn.request("GET", search_path(query["q"]))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if number < warm:
                continue
            times.append(elapsed)
            if response.status != 200:
                failures += 1
                answers.append([])
            else:
                answers.append(json.loads(body)["items"])
        conn.close()
        result = summarise(queries, answers, times)
        result["non_200"] = failures
        result["server_peak_rss_mb"] = _status_mb(process.pid, "VmHWM")
        return result
    finally:
        stop_server(process)


def http_throughput(
    url: str, queries: list[dict], log: Path, seconds: float, clients: int
) -> Result:
    """Requests/s of `memreg serve --workers 2` under `clients` kept-alive connections."""
    port, process = start_server(url, 2, log)
    paths = [search_path(q["q"]) for q in queries]
    counts, failures, stop = [0] * clients, [0] * clients, threading.Event()
    latencies: list[list[float]] = [[] for _ in range(clients)]

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        position = number * 97
        while not stop.is_set():
            started = time.perf_counter()
            conn.request("GET", paths[position % len(paths)])
            response = conn.getresponse()
            response.read()
            latencies[number].append((time.perf_counter() - started) * 1000)
            counts[number] += 1
            failures[number] += response.status != 200
            position += 1
        conn.close()

    try:
        for path in paths[:50]:  # both workers warm
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        every = [v for values in latencies for v in values]
        workers = _children(process.pid)
        worker_rss = [_status_mb(pid, "VmHWM") for pid in workers]
        return {"requests_per_s": sum(counts) / elapsed, "requests": sum(counts),
                "non_200": sum(failures), "clients": clients, "p50_ms": percentile(every, 0.5),
                "p99_ms": percentile(every, 0.99), "worker_peak_rss_mb": worker_rss,
                "supervisor_peak_rss_mb": _status_mb(process.pid, "VmHWM")}  # fmt: skip
    finally:
        stop_server(process)


# --- pg_trgm baselines ----------------------------------------------------------------------


def trgm_build(url: str, seed: int, persons: int) -> Result:
    """A table of "surname given patronymic year" with a GIN gin_trgm_ops index; kept."""
    with psycopg.connect(url) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        done = conn.execute("SELECT to_regclass('trgm_persons') IS NOT NULL").fetchone()
        if done and done[0]:
            count = conn.execute("SELECT count(*) FROM trgm_persons").fetchone()
            built = conn.execute("SELECT to_regclass('trgm_persons_name') IS NOT NULL").fetchone()
            if count and count[0] == persons and built and built[0]:
                return {"load_s": None, "index_s": None, **trgm_size(conn)}
            conn.execute("DROP TABLE trgm_persons")
        conn.execute("CREATE TABLE trgm_persons (id text PRIMARY KEY, surname text, "
                     "given_name text, patronymic text, year int, name text NOT NULL)")  # fmt: skip
        generator = person_names.PersonGenerator(seed, persons, max(10, persons // 50), None)
        started = time.perf_counter()
        with conn.cursor() as cursor:
            statement = ("COPY trgm_persons (id, surname, given_name, patronymic, year, name) "
                         "FROM STDIN")  # fmt: skip
            with cursor.copy(statement) as copy:
                for row in generator:
                    year = row[person_names.YEAR] or None
                    text = " ".join(p for p in row[1:4] if p) + (f" {year}" if year else "")
                    copy.write_row((row[0], row[1], row[2], row[3], year, text))
        conn.commit()
        load_seconds = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute("CREATE INDEX trgm_persons_name ON trgm_persons USING gin (name gin_trgm_ops)")
        conn.execute("ANALYZE trgm_persons")
        conn.commit()
        index_seconds = time.perf_counter() - started
        print(f"pg_trgm: loaded {persons:,} names in {load_seconds:.1f} s, GIN index "
              f"in {index_seconds:.1f} s")  # fmt: skip
        return {"load_s": load_seconds, "index_s": index_seconds, **trgm_size(conn)}


def trgm_size(conn: psycopg.Connection) -> Result:
    row = conn.execute("SELECT pg_relation_size('trgm_persons_name'), "
                       "pg_total_relation_size('trgm_persons')").fetchone()  # fmt: skip
    return {"index_bytes": row[0], "table_and_indexes_bytes": row[1]} if row else {}


TRGM_QUERY = ("SELECT id, surname, given_name, patronymic, year FROM trgm_persons "
              "WHERE name %% %(q)s ORDER BY similarity(name, %(q)s) DESC, id LIMIT 10")  # fmt: skip


def trgm_run(url: str, queries: list[dict], convert: Callable[[str], str], timeout_s: float,
             warm: int) -> Result:  # fmt: skip
    """The baseline query for each query (after `convert`); a timeout counts as a miss."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")
        answers, times, timeouts = [], [], 0
        for number, query in enumerate(queries[:warm] + queries):
            started = time.perf_counter()
            try:
                rows = conn.execute(TRGM_QUERY, {"q": convert(query["q"])}).fetchall()
            except psycopg.errors.QueryCanceled:
                rows = []
                timeouts += number >= warm
            elapsed = (time.perf_counter() - started) * 1000
            if number < warm:
                continue
            times.append(elapsed)
            answers.append([{"id": r[0], "surname": r[1], "given_name": r[2], "patronymic": r[3],
                             "year": r[4]} for r in rows])  # fmt: skip
    result = summarise(queries, answers, times)
    result["timeouts"] = timeouts
    return result


def to_cyrillic(text: str) -> str:
    return person_queries.latin_to_cyrillic(text) if re.search(r"[^\W\d_]", text) else text


# --- report ---------------------------------------------------------------------------------


def _row(name: str, result: Result | None) -> str:
    if not result:
        return f"| {name} | - | - | - | - | - | - |"
    overall = result["overall"]
    return (f"| {name} | {overall['r1']:.3f} | {overall['r10']:.3f} | "
            f"{overall['strict_r10']:.3f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
            f"{result['p99_ms']:.1f} |")  # fmt: skip


def print_report(report: Result) -> None:
    print()
    print(f"{report['date']}, {report['machine']}; {report['persons']:,} persons, "
          f"backend {report['backend']}, {report['queries']:,} queries "
          f"(baselines: {report.get('baseline_queries', 0):,})")  # fmt: skip
    print()
    print("| search | recall@1 | recall@10 | recall@10 (own id) | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    runs = report["runs"]
    for name, key in (("memreg, in process", "in_process"), ("memreg, over HTTP", "http"),
                      ("memreg, in process, baseline queries only", "in_process_subset"),
                      ("pg_trgm, raw query", "trgm_raw"),
                      ("pg_trgm, query in Cyrillic", "trgm_cyrillic")):  # fmt: skip
        if key in runs:
            print(_row(name, runs[key]))
    variants = [v for v in person_queries.VARIANTS
                if any(v in runs[k].get("variants", {}) for k in runs)]  # fmt: skip
    if variants:
        print()
        keys = [k for k in ("in_process", "trgm_raw", "trgm_cyrillic") if k in runs]
        print("| variant | n | " + " | ".join(f"{k} r@1 | {k} r@10" for k in keys) + " |")
        print("| --- | ---: |" + " ---: | ---: |" * len(keys))
        for variant in variants:
            cells = []
            n = 0
            for key in keys:
                figures = runs[key]["variants"].get(variant)
                n = max(n, figures["n"] if figures else 0)
                cells.append(f"{figures['r1']:.3f} | {figures['r10']:.3f}" if figures else "- | -")
            print(f"| {variant} | {n} | " + " | ".join(cells) + " |")
    print_costs(report)
    print()
    for line in report["notes"]:
        print("-", line)


def write_misses(path: Path, queries: list[dict], answers: list[list[dict]]) -> Path:
    """The queries whose target is not in the top 10, with what came first, for study."""
    with path.open("w", encoding="utf-8") as handle:
        for query, items in zip(queries, answers, strict=True):
            if not any(is_hit(item, query) for item in items[:10]):
                top = [" ".join(str(item.get(k) or "") for k in
                                ("surname", "given_name", "patronymic", "birth_date"))
                       for item in items[:3]]  # fmt: skip
                handle.write(json.dumps({**query, "top": top}, ensure_ascii=False) + "\n")
    return path


def print_costs(report: Result) -> None:
    build, size = report.get("build"), report.get("index_size")
    throughput, http = report.get("throughput"), report["runs"].get("http")
    trgm = report.get("trgm_build")
    print()
    print("| cost | memreg | pg_trgm |\n| --- | ---: | ---: |")
    if build:
        print(f"| import (index kept), s | {build['import_s']:.1f} "
              f"({build['import_rows_per_s']:,.0f} rows/s) | - |")  # fmt: skip
        trgm_index = f"{trgm['index_s']:.1f}" if trgm and trgm.get("index_s") else "-"
        print(f"| index build, s | {build['index_rebuild_s']:.1f} | {trgm_index} |")
    if size:
        trgm_size = f"{trgm['index_bytes'] / 2**20:,.0f}" if trgm else "-"
        print(f"| index on disk, MiB | {size['bytes'] / 2**20:,.0f} | {trgm_size} |")
    if http:
        print(
            f"| serving process peak RSS, MB (1 process) | {http['server_peak_rss_mb']:,.0f} | - |"
        )
    if throughput:
        workers = max(throughput["worker_peak_rss_mb"] or [0])
        print(f"| requests/s, 2 workers ({throughput['clients']} clients) | "
              f"{throughput['requests_per_s']:,.0f} (p99 {throughput['p99_ms']:.0f} ms, "
              f"worker peak RSS {workers:,.0f} MB) | - |")  # fmt: skip


def _subset(queries: list[dict], answers: list[list[dict]], every: int) -> tuple[list, list]:
    return queries[::every], answers[::every]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--work", type=Path, help="keep inputs and registers here for reuse")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--baseline-every", type=int, default=5,
                        help="pg_trgm runs every k-th query (it is slow at scale)")  # fmt: skip
    parser.add_argument("--baseline-timeout", type=float, default=10.0, help="seconds")
    parser.add_argument("--http-queries", type=int, default=500)
    parser.add_argument("--throughput-seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warm", type=int, default=50, help="untimed queries first")
    parser.add_argument("--skip", default="", help="comma-separated: engine,http,baselines")
    parser.add_argument("--rebuild", action="store_true", help="import again even if kept")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL databases after")
    parser.add_argument("--index-tables", default=SEARCH_TABLE_PATTERN,
                        help="regex naming the search index's tables (for its size)")  # fmt: skip
    parser.add_argument(
        "--postgres-url", default=os.environ.get("MEMREG_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    )
    parser.add_argument("--out", type=Path, help="write the JSON result here")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    with tempfile.TemporaryDirectory(prefix="memreg-person-search-") as scratch:
        folder = f"persons-{args.persons}-seed-{args.seed}-v{person_names.VERSION}"
        work = (args.work or Path(scratch)) / folder
        work.mkdir(parents=True, exist_ok=True)
        report = run(args, skip, work)
    print_report(report)
    line = json.dumps(report, ensure_ascii=False)
    print(line)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")
    return 0


def database_suffix(args: argparse.Namespace) -> str:
    """Databases are named after what they hold: persons, seed, version of the names."""
    return f"{args.persons}_s{args.seed}_v{person_names.VERSION}"


def run(args: argparse.Namespace, skip: set[str], work: Path) -> Result:
    notes: list[str] = []
    report: Result = {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, load "
        f"{os.getloadavg()[0]:.2f} at start",
        "persons": args.persons, "backend": args.backend, "runs": {}, "notes": notes,
    }  # fmt: skip
    started = time.perf_counter()
    queries = list(person_queries.generate(args.seed, args.persons, args.queries))
    report["queries"] = len(queries)
    print(f"{len(queries):,} queries made in {time.perf_counter() - started:.1f} s")
    memorials, persons, generated = inputs(work, args.persons, args.seed)
    report["generated_s"] = generated["generated_s"]
    if "engine" not in skip:
        marker = work / f"built-{args.backend}.json"
        name = f"memreg_bench_persons_{database_suffix(args)}"
        base = args.postgres_url.rsplit("/", 1)[0]
        url = f"sqlite:///{work / 'register.db'}" if args.backend == "sqlite" else f"{base}/{name}"
        fresh = args.rebuild or not marker.exists() or not register_is_current(url)
        if fresh and args.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                (work / f"register.db{suffix}").unlink(missing_ok=True)
        elif args.backend == "postgres":
            ensure_postgres_database(args.postgres_url, name, fresh)
        marker = work / f"built-{args.backend}.json"
        report["build"] = build_register(url, memorials, persons, marker, fresh)
        from memreg.services.register import open_register

        store = open_register(url)
        try:
            if store.backend.name != "sqlite":
                report["vacuum_analyze_s"] = vacuum_analyze(store)
            report["index_size"] = index_size(store, args.index_tables)
        finally:
            store.dispose()
        in_process, answers = run_in_process(url, queries, args.warm)
        report["runs"]["in_process"] = in_process
        report["misses_file"] = str(write_misses(work / f"misses-{args.backend}.jsonl",
                                                 queries, answers))  # fmt: skip
        subset_queries, subset_answers = _subset(queries, answers, args.baseline_every)
        subset = summarise(subset_queries, subset_answers, [])
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            subset[key] = float("nan")
        report["runs"]["in_process_subset"] = subset
        print(f"in process: recall@10 {in_process['overall']['r10']:.3f}, "
              f"p95 {in_process['p95_ms']:.1f} ms")  # fmt: skip
        if "http" not in skip:
            log = work / "serve.log"
            sample = queries[: args.http_queries]
            report["runs"]["http"] = http_latency(url, sample, log, args.warm)
            report["throughput"] = http_throughput(url, queries, log, args.throughput_seconds,
                                                   args.clients)  # fmt: skip
            print(f"HTTP: {report['throughput']['requests_per_s']:,.0f} req/s with 2 workers")
            notes.append(
                f"HTTP: {len(sample)} sequential requests to `memreg serve` (1 process, peak "
                f"RSS {report['runs']['http']['server_peak_rss_mb']:,.0f} MB); throughput "
                f"{report['throughput']['requests_per_s']:,.0f} req/s with --workers 2 under "
                f"{args.clients} kept-alive client threads in the harness (same machine), "
                f"worker peak RSS {max(report['throughput']['worker_peak_rss_mb'] or [0]):,.0f} MB"
            )
        build = report["build"]
        if "vacuum_analyze_s" in report:
            notes.append(
                f"PostgreSQL: VACUUM ANALYZE after the build, {report['vacuum_analyze_s']:.1f} s"
            )
        notes.append(f"import {build['import_s']:.1f} s ({build['import_rows_per_s']:,.0f} "
                     f"rows/s, search index kept by the import); index rebuild "
                     f"{build['index_rebuild_s']:.1f} s by {build['index_rebuild']}")  # fmt: skip
        size = report["index_size"]
        notes.append(f"search index on disk: {size['bytes'] / 2**20:,.0f} MiB "
                     f"({', '.join(f'{t} {b / 2**20:,.0f}' for t, b in size['tables'].items())}); "
                     f"whole database {size['database_bytes'] / 2**20:,.0f} MiB")  # fmt: skip
    if "baselines" not in skip:
        trgm_url = ensure_postgres_database(
            args.postgres_url, f"memreg_bench_trgm_{database_suffix(args)}", args.rebuild
        )
        report["trgm_build"] = trgm_build(trgm_url, args.seed, args.persons)
        sample = queries[:: args.baseline_every]
        report["baseline_queries"] = len(sample)
        for key, convert in (("trgm_raw", lambda q: q), ("trgm_cyrillic", to_cyrillic)):
            report["runs"][key] = trgm_run(trgm_url, sample, convert, args.baseline_timeout,
                                           min(args.warm, 20))  # fmt: skip
            print(f"{key}: recall@10 {report['runs'][key]['overall']['r10']:.3f}, "
                  f"p95 {report['runs'][key]['p95_ms']:.1f} ms")  # fmt: skip
        trgm = report["trgm_build"]
        notes.append(f"pg_trgm: GIN index {trgm['index_bytes'] / 2**20:,.0f} MiB"
                     + (f", built in {trgm['index_s']:.1f} s" if trgm.get("index_s") else "")
                     + f"; every {args.baseline_every}th query, statement timeout "
                     f"{args.baseline_timeout:g} s (a timeout is a miss)")  # fmt: skip
        if args.drop:
            with psycopg.connect(args.postgres_url, autocommit=True) as admin:
                name = f"memreg_bench_trgm_{database_suffix(args)}"
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    notes.append("recall counts a person equal to the target on every field the query "
                 "carries as a hit; 'own id' counts the target's own record only")  # fmt: skip
    return report


if __name__ == "__main__":
    sys.exit(main())
