"""Mapped import speed: an OBD Memorial layout CSV through `memreg import persons` (SQLite).

    .venv/bin/python bench/import_mapped.py --rows 1000000

The file has the OBD Memorial columns (ID, Фамилия, Имя, Отчество, Дата рождения/Возраст,
Место рождения, Дата и место призыва, Последнее место службы, Воинское звание, Причина
выбытия, Дата выбытия) with values drawn, column by column, from the real Rybalko file in
../shared/data/real (archival dates such as `__.__.1910` and `Между ... и ...`, ranks such as
`красноармеец|рядовой`, fates as words), each row with its own ID. It is imported by
`memreg.services.import_mapped.import_file` with the shipped `obd-memorial` mapping
(detected from the header) into a fresh SQLite register: mapping, archival dates, value
tables, validation, source keys, the schema's indexes and running totals, one revision.
Baseline in the same run: the same rows inserted by plain sqlite3 `executemany` into a bare
table of eleven TEXT columns (no index, no validation, one transaction).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from memreg.domain.dates import DateError, archival_to_edtf
from memreg.services.import_mapped import import_file
from memreg.services.register import init_register

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
SOURCE = Path(os.environ.get("MEMREG_REAL_DATA") or REAL) / "obd-memorial-rybalko.csv"
DATES = ("Дата рождения/Возраст", "Дата выбытия")


def _columns() -> tuple[list[str], dict[str, list[str]], list[tuple[str, str]]]:
    """The real file's columns, the values of each, and its (birth, death) pairs that the
    register accepts (the real file holds one impossible date, which would refuse it all)."""
    with SOURCE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    values = {column: [r[column] for r in rows] for column in header}
    pairs = [(r[DATES[0]], r[DATES[1]]) for r in rows if _consistent(r[DATES[0]], r[DATES[1]])]
    return header, values, pairs


def _consistent(birth: str, death: str) -> bool:
    try:
        born = archival_to_edtf(birth)[:4] if birth else ""
        died = archival_to_edtf(death)[:4] if death else ""
    except DateError:
        return False
    digits = [d for d in (born, died) if d.isdigit()]
    return len(digits) < 2 or digits[0] <= digits[1]


def write_file(path: Path, rows: int, seed: int) -> None:
    header, values, pairs = _columns()
    birth_at, death_at = header.index(DATES[0]), header.index(DATES[1])
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            row = [str(1_000_000_000 + number)]
            row += [rng.choice(values[column]) for column in header[1:]]
            row[birth_at], row[death_at] = rng.choice(pairs)
            writer.writerow(row)


def baseline(path: Path, folder: Path) -> float:
    database = folder / "baseline.db"
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE rows (" + ", ".join(f"c{i} TEXT" for i in range(11)) + ")")
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO rows VALUES (" + ",".join("?" * 11) + ")", reader)
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1945)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memreg-bench-") as name:
        folder = Path(name)
        path = folder / "obd-layout.csv"
        write_file(path, args.rows, args.seed)
        size = path.stat().st_size
        base = baseline(path, folder)
        store, _ = init_register(f"sqlite:///{folder / 'memreg.db'}")
        started = time.perf_counter()
        report = import_file(store, "bench/import_mapped", "person", path)
        seconds = time.perf_counter() - started
        store.dispose()
    load = os.getloadavg()
    print(
        f"# {platform.platform()}, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"file: {args.rows:,} rows, {size / 1e6:.0f} MB; mapping {report.mapping}")
    print("| import | rows | seconds | rows/s |")
    print("| --- | ---: | ---: | ---: |")
    rate = report.created / seconds
    print(f"| mapped OBD layout, memreg | {report.created:,} | {seconds:.1f} | {rate:,.0f} |")
    base_rate = args.rows / base
    name = "baseline: sqlite3 executemany, bare table"
    print(f"| {name} | {args.rows:,} | {base:.1f} | {base_rate:,.0f} |")
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
