"""The suite on a machine where PostgreSQL is not usable: its half is left out with one line
saying why, and the rest passes (unless MEMREG_REQUIRE_POSTGRES=1, which makes it an error)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://postgres@127.0.0.1:9/postgres"  # the discard port: nothing listens


def _pytest(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEMREG_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/integration/test_integrity.py", "-k", "sound_register"],
        cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.mark.slow
def test_an_unusable_postgres_leaves_its_half_out_with_one_line() -> None:
    result = _pytest(MEMREG_TEST_POSTGRES_URL=UNREACHABLE)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "PostgreSQL tests skipped" in line]
    assert len(lines) == 1 and "cannot connect" in lines[0], result.stdout
    assert " error" not in result.stdout.lower() and "failed" not in result.stdout


@pytest.mark.slow
def test_a_required_postgres_that_is_unusable_is_an_error() -> None:
    result = _pytest(MEMREG_TEST_POSTGRES_URL=UNREACHABLE, MEMREG_REQUIRE_POSTGRES="1")
    assert result.returncode != 0
    assert "MEMREG_REQUIRE_POSTGRES=1 but cannot connect" in result.stdout + result.stderr
