"""Serving with uvicorn: the HTTP protocol with Nagle's algorithm switched off.

asyncio disables Nagle only on sockets it made itself; the sockets uvicorn hands to worker
processes (`--workers 2`) keep it, and every keep-alive reply then waits ~40 ms for the
client's delayed ACK. Setting TCP_NODELAY on each connection removes that wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "memreg.web.server:NoDelayHttpProtocol"


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a socket that is closing already
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
