"""Take the README's picture of the map: the default demo register, offline, 1280 wide.

    .venv/bin/python -m tests.e2e.screenshot [docs/screenshots/map.png]

Builds the demo register (2,000 memorials, 100,000 names) in a temporary SQLite file, serves
it with tile_url="" (no network), and saves a PNG of the map page once every memorial is
drawn.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from memreg.services.demo import load_demo
from memreg.services.register import init_register
from tests.e2e.harness import chromium, missing_browser, serve

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "map.png"
SETTLED = "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"


def take(output: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="memreg-screenshot-") as folder:
        store, _ = init_register(f"sqlite:///{folder}/demo.db")
        try:
            load_demo(store)
            with serve(store, tile_url="") as url, chromium({"width": 1280, "height": 800}) as page:
                page.goto(url + "/")
                page.wait_for_selector("#map[data-loaded]", timeout=60_000)
                page.locator("#map .marker-cluster").first.wait_for(state="visible")
                page.wait_for_function(SETTLED)
                page.mouse.move(0, 0)  # no hover outline on a cluster
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output), type="png")
        finally:
            store.dispose()
    return output.stat().st_size


def main() -> None:
    reason = missing_browser()
    if reason:
        sys.exit(f"cannot take the screenshot: {reason}")
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    size = take(output)
    print(f"{output}: {size:,} bytes")


if __name__ == "__main__":
    main()
