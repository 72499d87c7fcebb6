"""HTTP hygiene for every response: a body-size limit and the browser security headers.

BodyLimit refuses a body larger than the limit with 413 before reading it when the client
declares its length, and stops reading (413) as soon as a streamed body passes it.
SecurityHeaders adds, to every response, what browsers need to keep pages safe: a Content
Security Policy that runs only the site's own scripts (no inline script), no sniffing, no
framing, a restrained Referer.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from memreg.domain.errors import MemregError
from memreg.web.problems import send_problem


class BodyTooLargeError(MemregError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            message=f"the request body is larger than {limit:,} bytes",
            code="payload-too-large",
            status=413,
            extra={"limit_bytes": limit},
        )


class BodyLimit:
    """`larger`: (method, path pattern, limit) of the few routes that take bigger bodies
    (a photo upload), each with its own limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        larger: tuple[tuple[str, re.Pattern[str], int], ...] = (),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger

    def _limit(self, scope: Scope) -> int:
        for method, pattern, limit in self.larger:
            if scope.get("method") == method and pattern.match(scope.get("path", "")):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > max_bytes
            except ValueError:
                too_large = False  # the server refuses a malformed length itself
            if too_large:
                await send_problem(send, scope, BodyTooLargeError(max_bytes))
                return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            # Past the limit: answer 413 now, and hand the app an ended, empty body so it
            # stops; whatever it answers then is dropped (tracked_send).
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes and not started:
                    refused = True
                    await send_problem(send, scope, BodyTooLargeError(max_bytes))
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


def content_security_policy(tile_url: str) -> str:
    """Only the site's own scripts, styles and requests; images also from the tile server."""
    images = "'self' data:"
    parts = urlsplit(tile_url)
    host = parts.netloc.replace("{s}", "*")  # {s}: tiles spread over a., b., c. hosts
    if parts.scheme in ("http", "https") and host and "{" not in host:
        images += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, tile_url: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(tile_url).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
