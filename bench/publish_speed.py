"""Speed of the open doors at scale: exports (rows/s, peak memory) and OAI-PMH ListRecords
pages (latency percentiles), each next to a baseline measured in the same run.

    .venv/bin/python bench/publish_speed.py --memorials 1000000 --persons 20000000 \
        --workdir /var/tmp/memreg-bench

Builds a SQLite register of synthetic memorials and persons through the real import (kept
in --workdir and reused by later runs), then, each measurement in its own child process so
that its peak resident memory (VmHWM) is its own:
- export of every memorial to GeoJSON and of every person (with links) to CSV, against a
  baseline that streams the same table with sqlite3 and writes json.dumps / csv rows;
- OAI-PMH ListRecords pages of 100 through the ASGI app in process (memreg metadata), at
  positions spread over the whole list, over the persons, with a set, and incremental
  (from a date after a thousand edits), against a baseline that runs the page's keyset
  query alone with sqlite3.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import synthetic_rows  # noqa: E402

ACTOR = "bench/publish_speed"
Result = dict[str, Any]


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _write_csv(path: Path, header: list[str], rows: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _persons_by_memorial(path: Path, persons: int, memorials: int, seed: int) -> None:
    """Person rows grouped by memorial and ordered by name within it, as a war-dead list of
    one burial after another is: the import's indexes then grow at their ends (a random
    order makes a 20-million-row build take hours on this machine)."""
    rng = random.Random(seed + 1)
    surnames = sorted(synthetic_rows.SURNAMES)
    given = synthetic_rows.MALE_NAMES
    ranks = [r for r, _ in synthetic_rows.RANKS]
    fates = [f for f, _ in synthetic_rows.FATES]
    per, extra = divmod(persons, memorials)
    number = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(synthetic_rows.PERSON_HEADER)
        for memorial in range(1, memorials + 1):
            count = per + (1 if memorial <= extra else 0)
            names = sorted((rng.choice(surnames), rng.choice(given)) for _ in range(count))
            rows = []
            for surname, name in names:
                number += 1
                rows.append((f"P-BENCH-{number:08d}", surname, name, rng.choice(given) + "ович",
                             str(rng.randint(1890, 1926)), f"{rng.randint(1941, 1945)}-"
                             f"{rng.randint(1, 12):02d}", rng.choice(ranks), rng.choice(fates),
                             f"M-BENCH-{memorial:06d}", "buried_at"))  # fmt: skip
            writer.writerows(rows)


def build(workdir: Path, memorials: int, persons: int, seed: int) -> Path:
    """The register for this size, imported once and kept; returns its file."""
    from memreg.services.editing import update_record
    from memreg.services.imports import import_csv
    from memreg.services.register import init_register

    db = workdir / f"register-{memorials}-{persons}.db"
    if db.exists():
        return db
    partial = db.with_suffix(".partial.db")
    for leftover in workdir.glob(partial.name + "*"):
        leftover.unlink()
    m_file, p_file = workdir / "memorials.csv", workdir / "persons.csv"
    started = time.perf_counter()
    if not m_file.exists():
        rows = synthetic_rows.memorial_rows(seed, memorials)
        _write_csv(m_file, list(rows[0]), rows)
        del rows
    _persons_by_memorial(p_file, persons, memorials, seed)
    print(f"input files written in {time.perf_counter() - started:.0f} s", flush=True)
    store, _ = init_register(f"sqlite:///{partial}")
    try:
        for kind, path in (("memorial", m_file), ("person", p_file)):
            started = time.perf_counter()
            report = import_csv(store, ACTOR, kind, path)
            print(f"imported {report.created} {kind}s in {time.perf_counter() - started:.0f} s",
                  flush=True)  # fmt: skip
        # Later edits, spread over the register: what an incremental harvest asks for.
        rng = random.Random(seed)
        for number in rng.sample(range(1, memorials + 1), min(1000, memorials)):
            update_record(store, ACTOR, "memorial", f"M-BENCH-{number:06d}",
                          {"custodian": "районный исполнительный комитет"}, None)  # fmt: skip
    finally:
        store.dispose()
    m_file.unlink()
    p_file.unlink()
    partial.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    return db


# --- measurements, each in a child process --------------------------------------------------


def measure_export(db: Path, record_type: str, fmt: str, out: Path) -> Result:
    from memreg.services.exports import export_to_file
    from memreg.services.register import open_register
    from memreg.store.queries import MemorialFilter
    from memreg.store.streams import PersonFilter

    store = open_register(f"sqlite:///{db}")
    flt = MemorialFilter() if record_type == "memorial" else PersonFilter()
    before = _peak_mb()
    started = time.perf_counter()
    report = export_to_file(store, record_type, fmt, out, flt)
    seconds = time.perf_counter() - started
    store.dispose()
    size = out.stat().st_size
    out.unlink()
    for extra in report.extra_files:
        Path(extra).unlink()
    return {"rows": report.records, "seconds": seconds, "peak_mb": _peak_mb(),
            "start_mb": before, "bytes": size}  # fmt: skip


def measure_export_baseline(db: Path, table: str, fmt: str, out: Path) -> Result:
    """The same table streamed by sqlite3 and written row by row: the floor to approach."""
    conn = sqlite3.connect(db)
    before = _peak_mb()
    started = time.perf_counter()
    rows = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed name
        if fmt == "geojson":
            handle.write('{"type":"FeatureCollection","features":[\n')
            for row in cursor:
                handle.write(json.dumps(row, ensure_ascii=False) + ",\n")
                rows += 1
            handle.write("]}\n")
        else:
            writer = csv.writer(handle)
            for row in cursor:
                writer.writerow(row)
                rows += 1
    seconds = time.perf_counter() - started
    conn.close()
    out.unlink()
    return {"rows": rows, "seconds": seconds, "peak_mb": _peak_mb(), "start_mb": before}


def _tokens(db: Path, secret: str, count: int, record_type: str, phase: int) -> list[str]:
    """Resumption tokens at positions spread evenly over the list of one record type."""
    from memreg.web.oai.tokens import ListState, encode

    conn = sqlite3.connect(db)
    table = "memorials" if record_type == "memorial" else "persons"
    newest = conn.execute("SELECT max(pk) FROM revisions").fetchone()[0]
    total = conn.execute(f"SELECT max(pk) FROM {table}").fetchone()[0]  # noqa: S608
    tokens = []
    for k in range(count):
        pk = 1 + (total - 200) * k // max(1, count - 1)
        revision = conn.execute(
            f"SELECT revision_id FROM {table} WHERE pk = ?",
            (pk,),  # noqa: S608
        ).fetchone()[0]
        tokens.append(encode(ListState("ListRecords", "memreg", None, None, None, phase,
                                       (revision, pk), newest, k * 100), secret))  # fmt: skip
    conn.close()
    return tokens


def _percentiles(times: list[float]) -> Result:
    ordered = sorted(times)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"pages": len(times), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "mean_ms": statistics.fmean(times) * 1000}  # fmt: skip


def measure_oai(db: Path, pages: int) -> Result:
    from fastapi.testclient import TestClient

    from memreg.services.register import open_register
    from memreg.settings import Settings
    from memreg.web.app import create_app

    store = open_register(f"sqlite:///{db}")
    settings = Settings(database_url=f"sqlite:///{db}", rate_limit_per_minute=0, tile_url="")
    client = TestClient(create_app(settings, store=store))
    conn = sqlite3.connect(db)
    since = (
        conn.execute("SELECT at FROM revisions ORDER BY pk DESC LIMIT 1 OFFSET 999").fetchone()[0][
            :19
        ]
        + "Z"
    )
    conn.close()
    queries = {
        "memorials, spread over the list": [
            f"verb=ListRecords&resumptionToken={t}"
            for t in _tokens(db, settings.secret_key, pages, "memorial", 0)
        ],
        "persons (with links), spread over the list": [
            f"verb=ListRecords&resumptionToken={t}"
            for t in _tokens(db, settings.secret_key, pages // 2, "person", 1)
        ],
    }
    first = "verb=ListRecords&metadataPrefix=memreg"
    queries["first page, and set=memorial:country:BY"] = [first] * 10 + [
        f"{first}&set=memorial:country:BY"] * 10  # fmt: skip
    queries[f"incremental, from={since} (1,000 edits)"] = [f"{first}&from={since}"] * 20
    results: Result = {}
    for label, batch in queries.items():
        client.get(f"/oai?{batch[0]}")  # warm the caches once
        times = []
        for query in batch:
            started = time.perf_counter()
            response = client.get(f"/oai?{query}")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200 and b"<error" not in response.content, query
        results[label] = _percentiles(times)
    store.dispose()
    return results


def measure_oai_baseline(db: Path, pages: int) -> Result:
    """The page's keyset query (100 memorials after a key, with the revision's time) alone."""
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT max(pk) FROM memorials").fetchone()[0]
    times = []
    for k in range(pages):
        pk = 1 + (total - 200) * k // max(1, pages - 1)
        revision = conn.execute("SELECT revision_id FROM memorials WHERE pk = ?", (pk,)).fetchone()
        started = time.perf_counter()
        conn.execute(
            "SELECT memorials.*, revisions.at FROM memorials JOIN revisions ON revisions.pk = "
            "memorials.revision_id WHERE memorials.revision_id = ? AND memorials.pk > ? "
            "ORDER BY memorials.revision_id, memorials.pk LIMIT 101",
            (revision[0], pk),
        ).fetchall()
        times.append(time.perf_counter() - started)
    conn.close()
    return {"memorial keyset page, sqlite3 alone": _percentiles(times)}


def _child(function: Any, args: tuple[Any, ...], queue: Any) -> None:
    queue.put(function(*args))


def in_child(function: Any, *args: Any) -> Result:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--memorials", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=20_000_000)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--pages", type=int, default=200, help="OAI pages per measurement")
    parser.add_argument("--workdir", type=Path, default=Path("bench/out"))
    parser.add_argument("--build-only", action="store_true", help="build the register, stop")
    parser.add_argument("--oai-only", action="store_true", help="measure OAI-PMH pages only")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {os.getloadavg()}", flush=True)
    db = build(args.workdir, args.memorials, args.persons, args.seed)
    if args.build_only:
        return 0
    out = args.workdir / "export.tmp"
    runs = [
        ("memorials -> GeoJSON, memreg export", measure_export, (db, "memorial", "geojson", out)),
        ("memorials -> GeoJSON, baseline", measure_export_baseline,
         (db, "memorials", "geojson", out)),
        ("persons -> CSV, memreg export", measure_export, (db, "person", "csv", out)),
        ("persons -> CSV, baseline", measure_export_baseline, (db, "persons", "csv", out)),
    ]  # fmt: skip
    for label, function, call in [] if args.oai_only else runs:
        result = in_child(function, *call)
        rate = result["rows"] / result["seconds"]
        print(f"{label}: {result['rows']:,} rows in {result['seconds']:.1f} s = {rate:,.0f} "
              f"rows/s; peak RSS {result['peak_mb']:.0f} MB (at start {result['start_mb']:.0f} "
              f"MB)" + (f"; {result['bytes'] / 1e9:.2f} GB" if "bytes" in result else ""),
              flush=True)  # fmt: skip
    for results in (in_child(measure_oai, db, args.pages),
                    in_child(measure_oai_baseline, db, args.pages)):  # fmt: skip
        for label, figures in results.items():
            print(f"OAI ListRecords, {label}: {figures['pages']} pages, p50 "
                  f"{figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, p99 "
                  f"{figures['p99_ms']:.1f} ms", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
