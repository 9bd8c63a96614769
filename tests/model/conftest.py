"""Shared fixtures for the model tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEU_FILE = SHARED / "data" / "deu" / "deu3_blksv.csv"
KTAB_DIR = SHARED / "data" / "ktab_smp"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issues" / "escalation.yaml"


@pytest.fixture
def deu_file() -> Path:
    if not DEU_FILE.is_file():
        pytest.skip("../shared/data/deu not available")
    return DEU_FILE


@pytest.fixture
def ktab_dir() -> Path:
    if not KTAB_DIR.is_dir():
        pytest.skip("../shared/data/ktab_smp not available")
    return KTAB_DIR


@pytest.fixture
def example_file() -> Path:
    return EXAMPLE
