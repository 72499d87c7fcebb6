"""Speed of the public site: map views from the map's index, and every page, at full size.

    .venv/bin/python bench/site_speed.py --memorials 1000000 --persons 2000000

Builds (or reuses, with --keep) a SQLite register of the demo generator's memorials and
persons through memreg's real imports, then measures:

- the store: `map_view` for random views (1280x800 px) at every zoom 2-18, unfiltered and
  with filters, centred on real memorials; beside it the naive baseline, the same view's
  clusters by a full scan grouping every point of the view (GROUP BY over memorials);
- HTTP: `/api/map/clusters` for the same views from `memreg serve` (one worker), answer
  sizes included;
- pages: each public page p95 over HTTP.

Figures go to stdout as Markdown tables for docs/benchmarks.md, with `uptime`'s load.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import text

from memreg.domain.places import split_bbox
from memreg.ingest.demo import demo_memorials, iter_demo_persons
from memreg.ingest.native_csv import MEMORIAL_COLUMNS, PERSON_COLUMNS
from memreg.services.imports import import_csv
from memreg.services.register import init_register
from memreg.store.engine import Store
from memreg.store.map_queries import MapFilter, map_view

ROOT = Path(__file__).resolve().parents[1]
FILTERS = [
    ("none", MapFilter(), {}),
    ("kind", MapFilter(kind="obelisk"), {"kind": "obelisk"}),
    ("kind+status", MapFilter(kind="mass_grave", status="standing"),
     {"kind": "mass_grave", "status": "standing"}),
    ("has_names+status", MapFilter(has_names="yes", status="damaged"),
     {"has_names": "yes", "status": "damaged"}),
]  # fmt: skip


def build(path: Path, memorials: int, persons: int, seed: int) -> Store:
    store, _ = init_register(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        present = conn.execute(text("SELECT count(*) FROM memorials")).scalar_one()
    if present:
        return store
    with tempfile.TemporaryDirectory(prefix="memreg-bench-") as folder:
        memorial_file, person_file = Path(folder) / "m.csv", Path(folder) / "p.csv"
        with memorial_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=MEMORIAL_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(demo_memorials(seed, memorials, persons))
        with person_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=PERSON_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(iter_demo_persons(seed, memorials, persons))
        for kind, file in (("memorial", memorial_file), ("person", person_file)):
            started = time.perf_counter()
            report = import_csv(store, "bench/site_speed", kind, file)
            print(f"imported {report.created:,} {kind}s in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)  # fmt: skip
    return store


def view_boxes(lat: float, lon: float, zoom: int) -> list[tuple[float, float, float, float]]:
    """The boxes of a 1280x800 px view centred there (two across the antimeridian)."""
    width = 1280 / (256 * 2**zoom) * 360

    def y(latitude: float) -> float:
        s = math.sin(math.radians(latitude))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    def latitude(value: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * value))))

    half = 800 / (256 * 2**zoom) / 2
    north, south = latitude(max(0.0, y(lat) - half)), latitude(min(1.0, y(lat) + half))
    if width >= 360:
        return [(-180.0, south, 180.0, north)]
    return list(split_bbox(lon - width / 2, south, lon + width / 2, north))


def views(store: Store, count: int, seed: int) -> list[tuple[int, list[Any]]]:
    rng = random.Random(seed)
    with store.engine.connect() as conn:
        last = conn.execute(text("SELECT max(pk) FROM memorials")).scalar_one()
        out = []
        while len(out) < count:
            zoom = rng.randint(2, 18)
            row = conn.execute(
                text("SELECT lat, lon FROM memorials WHERE pk = :pk"), {"pk": rng.randint(1, last)}
            ).first()
            if row and row[0] is not None:
                lat = row[0] + rng.uniform(-0.2, 0.2) * 2 ** (-max(0, zoom - 8))
                out.append((zoom, view_boxes(lat, row[1], zoom)))
    return out


def naive(conn: Any, boxes: list[Any], zoom: int, flt: dict[str, str]) -> int:
    """The baseline: every point of the view grouped into the same grid cells by a scan."""
    cells = 2 ** min(zoom + 2, 24)
    where = " OR ".join(
        f"(lon BETWEEN {w} AND {e} AND lat BETWEEN {s} AND {n})" for w, s, e, n in boxes
    )
    extra = "".join(f" AND {k} = :{k}" for k in flt if k in ("kind", "status"))
    rows = conn.execute(
        text(
            f"SELECT CAST((lon + 180) / 360 * {cells} AS INTEGER) AS cx, "
            f"CAST((0.5 - ln((1 + sin(radians(lat))) / (1 - sin(radians(lat)))) / "
            f"(4 * pi())) * {cells} AS INTEGER) AS cy, count(*), avg(lat), avg(lon), min(lat), "
            f"min(lon), max(lat), max(lon) FROM memorials WHERE retired_at IS NULL "
            f"AND lat IS NOT NULL AND ({where}){extra} GROUP BY cx, cy"
        ),
        {k: v for k, v in flt.items() if k in ("kind", "status")},
    ).all()
    return len(rows)


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return pick(0.5) * 1000, pick(0.95) * 1000, pick(0.99) * 1000


def bench_store(store: Store, sample: list[tuple[int, list[Any]]], baseline_views: int) -> None:
    print("\n| filter | views | p50 ms | p95 ms | p99 ms | max ms | naive p50 ms | naive p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with store.engine.connect() as conn:
        for _, (zoom, boxes) in zip(range(50), sample, strict=False):  # warm the cache
            map_view(conn, boxes, zoom, MapFilter())
        for name, flt, params in FILTERS:
            times = []
            for zoom, boxes in sample:
                started = time.perf_counter()
                map_view(conn, boxes, zoom, flt)
                times.append(time.perf_counter() - started)
            slow = []
            for zoom, boxes in sample[:baseline_views]:
                started = time.perf_counter()
                naive(conn, boxes, zoom, params)
                slow.append(time.perf_counter() - started)
            p50, p95, p99 = percentiles(times)
            b50, b95, _ = percentiles(slow)
            print(f"| {name} | {len(times):,} | {p50:.2f} | {p95:.2f} | {p99:.2f} | "
                  f"{max(times) * 1000:.1f} | {b50:.1f} | {b95:.1f} |")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(store: Store) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "MEMREG_DATABASE_URL": store.url, "MEMREG_TILE_URL": "",
           "MEMREG_RATE_LIMIT_PER_MINUTE": "0"}  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [str(Path(sys.executable).with_name("memreg")), "serve", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=2).read()  # noqa: S310
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("memreg serve did not start")


def get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
        body = response.read()
    return time.perf_counter() - started, len(body)


def bench_http(base: str, sample: list[tuple[int, list[Any]]]) -> None:
    print("\n| filter | requests | p50 ms | p95 ms | p99 ms | largest answer KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, _, params in FILTERS:
        times, sizes = [], []
        for zoom, boxes in sample:
            w, s, e, n = boxes[0][0], boxes[0][1], boxes[-1][2], boxes[0][3]
            query = urllib.parse.urlencode({"bbox": f"{w:.5f},{s:.5f},{e:.5f},{n:.5f}",
                                            "zoom": zoom, **params})  # fmt: skip
            took, size = get(f"{base}/api/map/clusters?{query}")
            times.append(took)
            sizes.append(size)
        p50, p95, p99 = percentiles(times)
        print(f"| {name} | {len(times):,} | {p50:.2f} | {p95:.2f} | {p99:.2f} | "
              f"{max(sizes) / 1024:.1f} |")  # fmt: skip


def bench_pages(base: str, store: Store, rounds: int) -> None:
    with store.engine.connect() as conn:
        memorial = conn.execute(
            text("SELECT id FROM memorials ORDER BY buried_known DESC LIMIT 1")
        ).scalar_one()
        some = [r[0] for r in conn.execute(text("SELECT id FROM memorials LIMIT 200"))]
        person = conn.execute(text("SELECT id FROM persons LIMIT 1")).scalar_one()
    pages = {
        "/ (map)": ["/"], "/map?kind=obelisk": ["/map?kind=obelisk"],
        "/memorials/{id} (largest)": [f"/memorials/{memorial}"],
        "/memorials/{id} (various)": [f"/memorials/{m}" for m in some],
        "/memorials/{id}?order=birth&page=3": [f"/memorials/{memorial}?order=birth&page=3"],
        "/persons/{id}": [f"/persons/{person}"], "/search?q=minsk": ["/search?q=minsk"],
        "/search?q=братская могила": ["/search?q=%D0%B1%D1%80%D0%B0%D1%82%D1%81%D0%BA%D0%B0"
                                      "%D1%8F%20%D0%BC%D0%BE%D0%B3%D0%B8%D0%BB%D0%B0"],
        "/honours": ["/honours"], "/stats": ["/stats"], "/api/docs": ["/api/docs"],
    }  # fmt: skip
    print("\n| page | requests | p50 ms | p95 ms | size KB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, urls in pages.items():
        get(base + urls[0])  # the first request of a kind warms its caches
        times, sizes = [], []
        for i in range(rounds):
            took, size = get(base + urls[i % len(urls)])
            times.append(took)
            sizes.append(size)
        p50, p95, _ = percentiles(times)
        size = statistics.mean(sizes) / 1024
        print(f"| {name} | {rounds} | {p50:.1f} | {p95:.1f} | {size:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--memorials", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--views", type=int, default=2000)
    parser.add_argument("--baseline-views", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--keep", type=Path, help="register file to build once and reuse")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="memreg-site-")
    path = args.keep or Path(folder) / "site.db"
    store = build(path, args.memorials, args.persons, args.seed)
    with store.engine.connect() as conn:  # the import's WAL folded into the file, as in use
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("memorials", "persons", "map_cells")]  # fmt: skip
    print(f"register: {counts[0]:,} memorials, {counts[1]:,} persons, {counts[2]:,} map cells; "
          f"load {os.getloadavg()}")  # fmt: skip
    sample = views(store, args.views, args.seed)
    bench_store(store, sample, args.baseline_views)
    server, base = serve(store)
    try:
        bench_http(base, sample[: args.views // 2])
        bench_pages(base, store, args.rounds)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(f"\nload after: {os.getloadavg()}")
    print(json.dumps({"python": sys.version.split()[0]}))
    store.dispose()


if __name__ == "__main__":
    main()
