"""The server as `memreg serve` runs it: connections without Nagle's delay, also on a
socket handed over from outside (as uvicorn does for each of `--workers N`)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn

from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.app import create_app
from memreg.web.server import PROTOCOL


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_every_connection_has_nagle_off_on_a_socket_made_outside_asyncio(
    sqlite_store: Store, loop: str
) -> None:
    app = create_app(Settings(database_url=sqlite_store.url, tile_url=""), store=sqlite_store)
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # not made by asyncio
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http=PROTOCOL, loop=loop))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            time.sleep(0.01)
        with socket.create_connection(("127.0.0.1", port), timeout=20) as client:
            client.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert client.recv(100).startswith(b"HTTP/1.1 200")
            (connection,) = server.server_state.connections
            sock = connection.transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()
