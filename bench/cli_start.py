"""How long `memreg` takes to start: --help, --version and stats on the demo register.

Each command runs N times as a fresh process; the report gives the median and the slowest,
beside two baselines measured in the same run: a bare `python -c pass` and `python -c
"import typer"` (the least any Typer command can cost). Target (DESIGN.md): ≤ 0.5 s.

    .venv/bin/python bench/cli_start.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)  # noqa: S603
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/demo.db"
        env = {**os.environ, "MEMREG_DATABASE_URL": url}
        subprocess.run(  # noqa: S603
            [str(BIN / "memreg"), "demo", "--memorials", "2000", "--persons", "100000"],
            check=True, stdout=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        cases = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "python -c 'import typer' (baseline)": [sys.executable, "-c", "import typer"],
            "memreg --help": [str(BIN / "memreg"), "--help"],
            "memreg --version": [str(BIN / "memreg"), "--version"],
            "memreg stats (demo register)": [str(BIN / "memreg"), "stats"],
        }
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print("| command | median s | slowest s |\n| --- | ---: | ---: |")
        for name, command in cases.items():
            times = timed(command, args.runs, env)
            print(f"| {name} | {statistics.median(times):.3f} | {max(times):.3f} |")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
