"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """The development gold set beside the checkout (not shipped to users)."""
    if not SHARED_GOLD.is_dir():
        pytest.skip("shared/gold is not beside this checkout")
    return SHARED_GOLD
