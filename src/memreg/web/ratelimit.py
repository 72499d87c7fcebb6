"""A per-client token bucket in front of the public API, answering 429 problem+json."""

from __future__ import annotations

import json
import math
import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from memreg.domain.errors import PROBLEM_BASE

MAX_CLIENTS = 100_000  # forget the quietest clients past this many, to bound memory


class RateLimiter:
    """Each client may make `per_minute` requests a minute on average, in bursts of `burst`."""

    def __init__(self, app: ASGIApp, per_minute: int, burst: int, prefix: str = "/api") -> None:
        self.app = app
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.prefix = prefix
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def _take(self, client: str) -> float:
        """Seconds to wait before the next request is allowed; 0 if allowed now."""
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self.buckets[client] = (tokens - 1.0, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            if len(self.buckets) > MAX_CLIENTS:
                self.buckets.clear()
            return (1.0 - tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self._take(client)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        body = json.dumps({
            "type": PROBLEM_BASE + "rate-limited", "title": "Too many requests", "status": 429,
            "detail": f"this client made too many requests; try again in {math.ceil(wait)} s",
            "instance": scope["path"],
        }).encode()  # fmt: skip
        headers = [(b"content-type", b"application/problem+json"),
                   (b"retry-after", str(math.ceil(wait)).encode()),
                   (b"content-length", str(len(body)).encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
