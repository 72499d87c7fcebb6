"""The ids an import has met so far, with the line where each first appeared.

A file may hold millions of rows, and any number of them may repeat an id, so the ids live
in a private temporary SQLite database (on disk, with a small page cache), not in a dict:
the import's memory stays bounded by its chunk whatever the file holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

BATCH = 900  # host parameters per look-up, under every SQLite build's limit
CACHE_KIB = 8192


class SeenIds:
    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": a private temporary file
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")
        self.empty = True

    def first_lines(self, ids: Iterable[str]) -> dict[str, int]:
        """Of these ids, those met before, each with the line where it first appeared."""
        if self.empty:
            return {}
        wanted = list(ids)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT id, line FROM seen WHERE id IN ({marks})", batch)
            found.update(rows)
        return found

    def add(self, first_lines: dict[str, int]) -> None:
        """Remember ids met for the first time; an id already known keeps its first line."""
        if first_lines:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO seen (id, line) VALUES (?, ?)", first_lines.items()
            )
            self._db.execute("COMMIT")
            self.empty = False

    def close(self) -> None:
        self._db.close()
