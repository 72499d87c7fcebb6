"""`memreg demo`: a realistic register built by seed, loaded through the normal import."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from memreg.ingest.demo import build_demo_register
from memreg.ingest.demo_inspections import demo_inspections
from memreg.ingest.native_csv import MEMORIAL_COLUMNS, PERSON_COLUMNS
from memreg.ingest.place_honours import read_honour_sources, read_place_honours
from memreg.services.honours import record_place_honours
from memreg.services.imports import ImportReport, Progress, import_csv
from memreg.services.inspection_loads import load_inspections
from memreg.services.inspections import operator
from memreg.store.engine import Store

DEMO_ACTOR = "memreg demo"


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def load_demo(
    store: Store,
    *,
    seed: int = 1945,
    memorials: int = 2000,
    persons: int = 100_000,
    progress: Progress | None = None,
) -> tuple[ImportReport, ImportReport]:
    """Build the demo register for `seed` and import it, with the real titles of its
    settlements and inspections of its memorials; loading it twice changes nothing."""
    demo = build_demo_register(seed=seed, memorials=memorials, persons=persons)
    with tempfile.TemporaryDirectory(prefix="memreg-demo-") as folder:
        memorial_file = Path(folder) / f"demo-memorials-{seed}.csv"
        person_file = Path(folder) / f"demo-persons-{seed}.csv"
        _write(memorial_file, MEMORIAL_COLUMNS, demo.memorials)
        _write(person_file, PERSON_COLUMNS, demo.persons)
        reason = f"demo register, seed {seed}"
        first = import_csv(store, DEMO_ACTOR, "memorial", memorial_file, reason=reason)
        second = import_csv(
            store, DEMO_ACTOR, "person", person_file, reason=reason, progress=progress
        )
    record_place_honours(
        store, DEMO_ACTOR, read_place_honours(), read_honour_sources(),
        reason="titles of the demo register's settlements", only_known_settlements=True,
    )  # fmt: skip
    inspections, tasks = demo_inspections(seed, demo.memorials)
    load_inspections(
        store, operator(DEMO_ACTOR), inspections, tasks, reason=f"demo inspections, seed {seed}"
    )
    return first, second
