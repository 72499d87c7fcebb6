"""Condition dashboard at scale: memorials imported, a share inspected, then the reads timed.

    .venv/bin/python bench/inspections_dashboard.py --memorials 1000000

Imports `--memorials` demo memorial rows into a fresh SQLite file through the real import
(which fills memorial_conditions set-based per chunk), times what that fill costs inside the
import (add_new_memorials over the whole range again, in a transaction rolled back), loads
inspections for a share of them through services/inspection_loads.py, then times the
dashboard's per-region counts, the first and a later page of the busiest region's list, and
one inspection written through the service (its unit of work with the condition row).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from memreg.ingest.demo import demo_memorials  # noqa: E402
from memreg.ingest.demo_inspections import demo_inspections  # noqa: E402
from memreg.ingest.native_csv import MEMORIAL_COLUMNS  # noqa: E402
from memreg.services.imports import import_csv  # noqa: E402
from memreg.services.inspection_loads import load_inspections  # noqa: E402
from memreg.services.inspections import operator, record_inspection  # noqa: E402
from memreg.services.register import init_register  # noqa: E402
from memreg.store.conditions import add_new_memorials  # noqa: E402
from memreg.store.inspection_queries import region_counts, region_queue  # noqa: E402


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--memorials", type=int, default=1_000_000)
    parser.add_argument("--inspected", type=int, default=50_000, help="memorials inspected")
    parser.add_argument("--seed", type=int, default=1945)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="memreg-bench-insp-"))
    store, _ = init_register(f"sqlite:///{folder / 'r.db'}")
    rows = demo_memorials(args.seed, args.memorials, 0)
    path = folder / "memorials.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MEMORIAL_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    started = time.perf_counter()
    import_csv(store, "bench", "memorial", path)
    imported = time.perf_counter() - started
    print(f"import of {args.memorials:,} memorials: {imported:.1f} s")
    with store.engine.connect() as conn, conn.begin() as tx:
        started = time.perf_counter()
        add_new_memorials(conn, 1, args.memorials)
        fill = time.perf_counter() - started
        tx.rollback()
    print(f"  of which the condition rows (one set-based fill): {fill:.2f} s "
          f"({100 * fill / imported:.1f}% of the import)")  # fmt: skip
    inspections, tasks = demo_inspections(args.seed, rows[: args.inspected])
    started = time.perf_counter()
    load_inspections(store, operator("bench"), inspections, tasks, reason="bench")
    print(f"{len(inspections):,} inspections and {len(tasks):,} tasks loaded: "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    today = datetime.now(UTC).date()
    with store.engine.connect() as conn:
        timings, counts = [], []
        for _ in range(50):
            started = time.perf_counter()
            counts = region_counts(conn, today)
            timings.append(time.perf_counter() - started)
        print(f"dashboard counts ({len(counts)} regions): {_ms(timings)}")
        busiest = max(counts, key=lambda c: c["memorials"])
        first, later = [], []
        cursor = None
        for _ in range(50):
            started = time.perf_counter()
            _, cursor = region_queue(conn, busiest["region"], today, 50)
            first.append(time.perf_counter() - started)
        for _ in range(50):
            started = time.perf_counter()
            _, cursor = region_queue(conn, busiest["region"], today, 50, cursor)
            later.append(time.perf_counter() - started)
        print(f"region {busiest['region']} ({busiest['memorials']:,} memorials), first page "
              f"of 50: {_ms(first)}; following pages: {_ms(later)}")  # fmt: skip
    writes = []
    for n in range(20):
        started = time.perf_counter()
        record_inspection(store, operator("bench"), rows[-1 - n]["id"],
                          {"inspected_on": "2026-01-01", "inspector": "bench",
                           "grade": "poor"})  # fmt: skip
        writes.append(time.perf_counter() - started)
    print(f"one inspection written (unit of work, condition row, map point): {_ms(writes)}")
    store.dispose()


if __name__ == "__main__":
    main()
