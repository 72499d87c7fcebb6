"""Duplicate candidates at register scale: time and comparisons grow with the records.

    .venv/bin/python bench/duplicates_scale.py --memorials 1000000 --persons 20000000

Memorials: synthetic sites scattered over the CIS countries' extent (with a share of
near twins: the same site entered twice, a few metres apart, with a variant name) go
through `memorial_candidates` in memory. Persons: synthetic persons in the order the
register's sorted pass reads them (surname, birth year, given name), streamed block by
block through `compare_block`, as `memreg duplicates persons` does, so memory holds one
block at a time. Printed for several sizes: seconds, comparisons per record and pairs
found; comparisons per record staying flat as the register grows is what "not quadratic"
means. Baseline in the same run: the all-pairs comparison count n(n-1)/2.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Iterator

from memreg.ingest.duplicates import (
    MemorialKey,
    PersonKey,
    Stats,
    compare_block,
    fold,
    memorial_candidates,
)

SURNAMES = [
    f"{stem}{end}"
    for stem in (
        "Иван",
        "Петр",
        "Сидор",
        "Рыбалк",
        "Кухл",
        "Атан",
        "Кибенк",
        "Ковал",
        "Мельник",
        "Шевч",
        "Бондар",
        "Ткач",
        "Кравч",
        "Олейн",
        "Лысенк",
        "Савч",
    )
    for end in ("ов", "ев", "енко", "ук", "ин", "ский", "о", "ич", "ец", "ай")
]
GIVEN = [
    "Иван",
    "Петр",
    "Николай",
    "Василий",
    "Михаил",
    "Алексей",
    "Григорий",
    "Степан",
    "Федор",
    "Андрей",
    "Павел",
    "Семен",
    "Дмитрий",
    "Яков",
    "Тимофей",
    "Илья",
]


def memorial_rows(count: int, seed: int) -> Iterator[MemorialKey]:
    rng = random.Random(seed)
    words = ["bratskaia mogila", "obelisk", "pamiatnik voinam", "mogila partizan", "memorial"]
    for pk in range(count):
        lat, lon = rng.uniform(40.0, 70.0), rng.uniform(20.0, 140.0)
        name = f"{rng.choice(words)} {rng.randrange(100_000)}"
        yield MemorialKey(pk, f"M{pk}", name, "mass_grave", "RU", "", "", lat, lon, ())
        if rng.random() < 0.02:  # the same site entered again by another source
            yield MemorialKey(
                count + pk,
                f"T{pk}",
                name + " v",
                "mass_grave",
                "RU",
                "",
                "",
                lat + 0.0001,
                lon + 0.0001,
                (),
            )


def person_blocks(count: int, seed: int) -> Iterator[list[PersonKey]]:
    """Persons grouped as the sorted pass groups them (surname, birth year, initial)."""
    rng = random.Random(seed)
    pk = 0
    while pk < count:
        surname = fold(rng.choice(SURNAMES) + str(rng.randrange(5000)))
        year = rng.randrange(1880, 1928)
        given = fold(rng.choice(GIVEN))
        size = min(count - pk, max(1, int(rng.expovariate(1 / 1.6))))
        block = []
        for _ in range(size):
            patronymic = fold(rng.choice(GIVEN) + "ович")
            block.append(
                PersonKey(
                    pk,
                    f"P{pk}",
                    surname,
                    given,
                    patronymic,
                    str(year),
                    year,
                    fold(f"obl {rng.randrange(200)}"),
                )
            )
            pk += 1
        yield block


def run_memorials(count: int) -> None:
    stats = Stats()
    started = time.perf_counter()
    found = sum(1 for _ in memorial_candidates(memorial_rows(count, 1945), stats=stats))
    seconds = time.perf_counter() - started
    print(
        f"| memorials | {stats.records:,} | {seconds:.1f} "
        f"| {stats.comparisons / stats.records:.2f} "
        f"| {found:,} | {stats.records * (stats.records - 1) // 2:,} |"
    )


def run_persons(count: int) -> None:
    stats = Stats()
    started = time.perf_counter()
    found = 0
    for block in person_blocks(count, 1945):
        stats.records += len(block)
        found += sum(1 for _ in compare_block(block, 0.75, stats, set()))
    seconds = time.perf_counter() - started
    print(
        f"| persons | {stats.records:,} | {seconds:.1f} | {stats.comparisons / stats.records:.2f} "
        f"| {found:,} | {stats.records * (stats.records - 1) // 2:,} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memorials", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=20_000_000)
    args = parser.parse_args()
    print("| records | n | seconds | comparisons per record | pairs found | all pairs (baseline) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for size in (args.memorials // 10, args.memorials):
        run_memorials(size)
    for size in (args.persons // 10, args.persons):
        run_persons(size)
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
