"""Requests per second over real HTTP: `memreg serve --workers 2` under wrk, beside a bare app.

    .venv/bin/python bench/http_speed.py --seconds 10 --connections 32

Builds the demo register (2,000 memorials, 100,000 persons) in a scratch folder, serves it
with `memreg serve --workers 2` (the rate limit off: MEMREG_RATE_LIMIT_PER_MINUTE=0, the
documented setting for load tests from one address), and runs wrk (Debian's `wrk`) against
each endpoint: requests/s, p50 and p99 latency, and any non-2xx answer. In the same run the
same uvicorn, with the same two workers and protocol, serves a bare ASGI app that answers a
fixed small JSON: what the server itself costs, without memreg. Targets (issue 12, this
2-core machine): memorial detail and page ≥ 500 req/s at p99 ≤ 250 ms; health ≥ 1,000.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PATHS = [
    "/api/health",
    "/api/memorials/M000003",
    "/memorials/M000003",
    "/api/stats",
    "/api/memorials?country=BY",
    "/",
]
BARE_APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def wrk(url: str, seconds: int, connections: int) -> dict[str, str]:
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    text = result.stdout

    def find(pattern: str) -> str:
        match = re.search(pattern, text)
        return match.group(1) if match else "-"

    return {
        "rps": find(r"Requests/sec:\s+([\d.]+)"),
        "p50": find(r"50%\s+([\d.]+\w+)"),
        "p99": find(r"99%\s+([\d.]+\w+)"),
        "errors": find(r"Non-2xx or 3xx responses: (\d+)") if "Non-2xx" in text else "0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="memreg-http-") as folder:
        env = {**os.environ, "MEMREG_DATABASE_URL": f"sqlite:///{folder}/demo.db",
               "MEMREG_RATE_LIMIT_PER_MINUTE": "0", "PYTHONPATH": folder}  # fmt: skip
        subprocess.run([str(BIN / "memreg"), "demo"], env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)  # fmt: skip
        Path(folder, "bare_app.py").write_text(BARE_APP, encoding="utf-8")
        servers = {}
        port = free_port()
        servers["memreg"] = (port, subprocess.Popen(  # noqa: S603
            [str(BIN / "memreg"), "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        bare_port = free_port()
        servers["bare"] = (bare_port, subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(bare_port),
             "--workers", str(args.workers), "--http", "memreg.web.server:NoDelayHttpProtocol",
             "--log-level", "warning", "--no-access-log"],
            env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        try:
            for port, _ in servers.values():
                wait_for(port)
            print(f"load average before: {os.getloadavg()[0]:.2f}; workers: {args.workers}; "
                  f"{args.connections} connections, {args.seconds} s each")  # fmt: skip
            print("| endpoint | req/s | p50 | p99 | non-2xx |\n| --- | ---: | ---: | ---: | ---: |")
            runs = [("bare ASGI app (baseline)", f"http://127.0.0.1:{bare_port}/")]
            runs += [(path, f"http://127.0.0.1:{servers['memreg'][0]}{path}") for path in PATHS]
            for name, url in runs:
                figures = wrk(url, args.seconds, args.connections)
                print(f"| {name} | {figures['rps']} | {figures['p50']} | {figures['p99']} | "
                      f"{figures['errors']} |")  # fmt: skip
            print(f"load average after: {os.getloadavg()[0]:.2f}")
        finally:
            for _, process in servers.values():
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
