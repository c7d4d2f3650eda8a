"""The code base stays ruff-clean (lint and format), checked with the pinned ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["src", "tests", "scripts", "bench", "dev.py"]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *PATHS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_check_passes() -> None:
    result = ruff("check")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout
