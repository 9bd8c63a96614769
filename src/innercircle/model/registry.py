"""The decision models by name, with one calling convention: `Batch` in, forecast per row out.

Used by the CLI, scenarios, Monte Carlo and the backtest so that each sees the same models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.compromise import compromise
from innercircle.model.expected_utility import EUOptions, eu_forecast
from innercircle.model.leader import leader_decides
from innercircle.model.median import weighted_median
from innercircle.model.nash import nash_bargaining


@dataclass(frozen=True)
class ModelInfo:
    """A model's name, a one-line description and its function."""

    name: str
    title: str
    run: Callable[[Batch], FloatArray]
    needs_leader: bool = False


MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        ModelInfo("compromise", "compromise (capability × salience weighted mean)", compromise),
        ModelInfo("median", "weighted median", weighted_median),
        ModelInfo("nash", "Nash bargaining solution", nash_bargaining),
        ModelInfo(
            "eu",
            "expected utility (Bueno de Mesquita / Scholz et al. 2011)",
            lambda b: eu_forecast(b, EUOptions()),
        ),
        ModelInfo("leader", "leader decides (moves toward trusted advice)", leader_decides, True),
    )
}


def model_names(spec: str, *, has_leader: bool) -> list[str]:
    """Expand a `--model` value ("all" or comma-separated names) to model names.

    "all" skips the leader model when the issue names no leader; naming it explicitly without
    a leader is an error.
    """
    if spec.strip().lower() == "all":
        return [n for n, m in MODELS.items() if has_leader or not m.needs_leader]
    names = [p.strip().lower() for p in spec.split(",") if p.strip()]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODELS)}")
    if not has_leader and any(MODELS[n].needs_leader for n in names):
        raise ValueError("the leader model needs an issue with a `leader`")
    return names
