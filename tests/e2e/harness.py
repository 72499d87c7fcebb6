"""A real server and a real browser for the end-to-end tests (and the README screenshot).

The server is uvicorn on 127.0.0.1, on a port the OS picks, in a background thread. The
browser is Debian's Chromium driven by Playwright: MEMREG_CHROMIUM names it (default
/usr/bin/chromium); Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.web.app import create_app
from memreg.web.server import PROTOCOL

CHROMIUM = os.environ.get("MEMREG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REQUIRE_BROWSER = os.environ.get("MEMREG_REQUIRE_BROWSER") == "1"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (install it, or set MEMREG_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@contextmanager
def serve(store: Store, *, tile_url: str = "", media_dir: str = "./media") -> Iterator[str]:
    """Serve the register over real HTTP until the block ends; yields the base URL."""
    settings = Settings(database_url=store.url, tile_url=tile_url, rate_limit_per_minute=0,
                        media_dir=media_dir)  # fmt: skip
    app = create_app(settings, store=store)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # bound before the server starts: no race for the port
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", http=PROTOCOL))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextmanager
def chromium(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A fresh browser page; Playwright's sync API, so no event loop in the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
            yield context.new_page()
        finally:
            browser.close()
