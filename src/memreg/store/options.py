"""How a register is opened; light to import (the settings and the CLI read it at start)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreOptions:
    """How a register is opened (from Settings; the defaults suit a register of record)."""

    pool_size: int = 5
    # SQLite only: FULL makes every acknowledged commit survive a power cut; NORMAL in WAL
    # mode may lose the last ones (the database stays consistent either way) and is faster.
    sqlite_synchronous: str = "full"
    sqlite_busy_timeout_ms: int = 15_000
    sqlite_cache_mb: int = 64
