"""Figures for a decision run: outcome distribution and positions per round (matplotlib, Agg).

Draws into a matplotlib `Figure` and saves it to a file; it does not run models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from innercircle.model.batch import FloatArray
from innercircle.model.issue import Issue


def decision_figure(
    issue: Issue,
    outcomes: Mapping[str, FloatArray],
    rounds: Sequence[FloatArray],
    forecasts_by_round: Sequence[float],
    path: str | Path,
) -> Path:
    """Save a two-panel figure to `path` and return it.

    Left: the distribution of forecasts per model (a histogram over Monte Carlo draws, or a
    line for a single point forecast). Right: each actor's position after each round of the
    expected-utility model (`rounds[k]` = positions after round k, round 0 = the inputs) with
    the model's forecast per round.
    """
    lo, hi = issue.scale.low, issue.scale.high
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
    bins = np.linspace(lo, hi, 41)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, (name, values) in enumerate(outcomes.items()):
        v = np.asarray(values, dtype=float)
        v = v[~np.isnan(v)]
        colour = colours[k % len(colours)]
        if v.size > 1 and np.ptp(v) > 0:
            ax1.hist(v, bins=bins, alpha=0.45, label=f"{name} (mean {v.mean():.1f})", color=colour)
        elif v.size:
            ax1.axvline(float(v[0]), label=f"{name}: {v[0]:.1f}", color=colour, lw=2)
    ax1.set_xlim(lo, hi)
    ax1.set_xlabel(f"{issue.scale.low_label}  ←  policy scale  →  {issue.scale.high_label}")
    ax1.set_ylabel("draws")
    ax1.set_title("Forecast distribution")
    ax1.legend(fontsize=8)

    if rounds:
        steps = np.arange(len(rounds))
        pos = np.vstack(rounds)  # (rounds, n)
        for j, actor in enumerate(issue.actors):
            ax2.plot(steps, pos[:, j], marker="o", ms=3, lw=1, label=actor.name)
        ax2.plot(steps, forecasts_by_round, color="black", lw=3, label="forecast (median)")
        ax2.legend(fontsize=7, ncol=2, loc="best")
    ax2.set_ylim(lo, hi)
    ax2.set_xlabel("round")
    ax2.set_ylabel("position")
    ax2.set_title("Expected-utility model: positions per round")
    fig.suptitle(issue.name)
    fig.tight_layout()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
