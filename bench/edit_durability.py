"""What SQLite's synchronous=FULL costs a single edit, against NORMAL.

Each setting gets a fresh register file; the benchmark then makes N single creates (one
memorial each, one transaction and one fsync each with FULL) through the register's own
service, as the API does, and reports edits per second and the median and p99 latency.

    .venv/bin/python bench/edit_durability.py --edits 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def measure(folder: Path, synchronous: str, edits: int) -> dict[str, float]:
    from memreg.services.editing import create_memorial
    from memreg.services.register import init_register
    from memreg.store.options import StoreOptions

    store, _ = init_register(
        f"sqlite:///{folder / (synchronous + '.db')}", StoreOptions(sqlite_synchronous=synchronous)
    )
    latencies = []
    started = time.perf_counter()
    for n in range(edits):
        raw = {
            "name": f"Братская могила {n}",
            "kind": "mass_grave",
            "lat": 53.0 + n / 100_000,
            "lon": 27.0,
            "country": "BY",
        }
        one = time.perf_counter()
        create_memorial(store, "registrar:bench", raw)
        latencies.append(time.perf_counter() - one)
    total = time.perf_counter() - started
    store.dispose()
    latencies.sort()
    return {
        "per_s": edits / total,
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, help="where the register files go (a disk)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(dir=args.workdir) as name:
        print("| synchronous | edits/s | median ms | p99 ms |")
        print("| --- | ---: | ---: | ---: |")
        for synchronous in ("full", "normal"):
            r = measure(Path(name), synchronous, args.edits)
            print(
                f"| {synchronous} | {r['per_s']:.0f} | {r['median_ms']:.2f} | {r['p99_ms']:.2f} |"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
