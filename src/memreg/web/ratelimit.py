"""A per-client token bucket in front of the public API, answering 429 problem+json.

One server process keeps its buckets in memory. Several worker processes (`memreg serve
--workers N`) share them through one small memory-mapped file, so the documented rate holds
for the server as a whole, not once per worker.
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import os
import struct
import threading
import time
from pathlib import Path
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from memreg.domain.errors import MemregError
from memreg.web.problems import send_problem

MAX_CLIENTS = 100_000  # forget the quietest clients past this many, to bound memory
SLOT = struct.Struct("<Qdd")  # client key (0: free), tokens, time of the last request
SLOTS = 65_536
PROBES = 8


class Buckets(Protocol):
    def take(self, client: str, rate: float, burst: float) -> float:
        """Seconds to wait before the next request is allowed; 0 if allowed now."""
        ...


def _refill(tokens: float, last: float, now: float, rate: float, burst: float) -> float:
    return min(burst, tokens + (now - last) * rate)


class MemoryBuckets:
    """The buckets of one process."""

    def __init__(self) -> None:
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def take(self, client: str, rate: float, burst: float) -> float:
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (burst, now))
            tokens = _refill(tokens, last, now, rate, burst)
            if tokens >= 1.0:
                self.buckets[client] = (tokens - 1.0, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            if len(self.buckets) > MAX_CLIENTS:
                self.buckets.clear()
            return (1.0 - tokens) / rate


class SharedBuckets:
    """Buckets in a file every worker maps: a table of slots by client, under a file lock.

    A client's slot is found by open addressing; when its few candidate slots are all taken,
    the one idle longest is given to it (that client starts again with a full bucket).
    """

    def __init__(self, path: Path) -> None:
        size = SLOT.size * SLOTS
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(fd).st_size < size:
            os.ftruncate(fd, size)
        self.fd = fd
        self.table = mmap.mmap(fd, size)
        self.lock = threading.Lock()  # threads of this process; flock: the other processes

    @staticmethod
    def key(client: str) -> int:
        return int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest()) or 1

    def take(self, client: str, rate: float, burst: float) -> float:
        key, now = self.key(client), time.monotonic()  # CLOCK_MONOTONIC: one clock per host
        with self.lock:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                slot, tokens, last = self._find(key, now, burst)
                tokens = _refill(tokens, last, now, rate, burst)
                allowed = tokens >= 1.0
                SLOT.pack_into(self.table, slot, key, tokens - 1.0 if allowed else tokens, now)
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        return 0.0 if allowed else (1.0 - tokens) / rate

    def _find(self, key: int, now: float, burst: float) -> tuple[int, float, float]:
        start = key % SLOTS
        oldest, oldest_at = start * SLOT.size, math.inf
        for probe in range(PROBES):
            offset = ((start + probe) % SLOTS) * SLOT.size
            held_by, tokens, last = SLOT.unpack_from(self.table, offset)
            if held_by == key:
                return offset, tokens, last
            if held_by == 0:
                return offset, burst, now
            if last < oldest_at:
                oldest, oldest_at = offset, last
        return oldest, burst, now


class RateLimitedError(MemregError):
    def __init__(self, wait: int) -> None:
        super().__init__(
            message=f"this client made too many requests; try again in {wait} s",
            code="rate-limited",
            status=429,
        )

    @property
    def title(self) -> str:
        return "Too many requests"


class RateLimiter:
    """Each client may make `per_minute` requests a minute on average, in bursts of `burst`."""

    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        burst: int,
        prefix: str = "/api",
        state_file: str = "",
    ) -> None:
        self.app = app
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.prefix = prefix
        self.buckets: Buckets = SharedBuckets(Path(state_file)) if state_file else MemoryBuckets()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client, self.rate, self.burst)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = math.ceil(wait)
        await send_problem(send, scope, RateLimitedError(seconds), {"Retry-After": str(seconds)})
