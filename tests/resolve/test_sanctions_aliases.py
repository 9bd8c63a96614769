"""The public alias benchmark: OFAC SDN aliases of Iran-related persons, clustered without their
grouping, must keep pairwise precision >= 0.95 and F1 >= 0.80 (bench/bench_sanctions_aliases.py
prints the figures; this test holds the floors)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_sanctions_aliases.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_sanctions_aliases", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_sanctions_aliases_cluster_above_the_floors() -> None:
    bench = load_bench()
    if not bench.DATA.exists():
        pytest.skip(f"no reference data at {bench.DATA}")
    names, people = bench.load_aliases()
    assert len(set(people)) == 363
    scores, _labels = bench.evaluate(names, people)
    assert scores["precision"] >= 0.95, scores
    assert scores["f1"] >= 0.80, scores
