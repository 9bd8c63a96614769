"""Monte Carlo over uncertain inputs: sample an issue into a `Batch` of draws, summarise.

Sampling is vectorised and seeded (numpy `default_rng(seed)`): the same issue, draw count and
seed always give the same draws. This module does not run models; callers pass the batch to
any model in `registry`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.issue import Issue, Uncertain


def _draw(
    rng: np.random.Generator,
    point: float,
    dist: Uncertain | None,
    draws: int,
    lo: float,
    hi: float,
) -> FloatArray:
    if dist is None:
        return np.full(draws, point)
    if dist.kind == "uniform":
        assert dist.low is not None and dist.high is not None
        out = rng.uniform(dist.low, dist.high, draws)
    elif dist.kind == "triangular":
        assert dist.low is not None and dist.high is not None
        mode = point if dist.mode is None else dist.mode
        mode = min(max(mode, dist.low), dist.high)
        if dist.high > dist.low:
            out = rng.triangular(dist.low, mode, dist.high, draws)
        else:
            out = np.full(draws, dist.low)
    elif dist.kind == "normal":
        assert dist.sd is not None
        centre = point if dist.mode is None else dist.mode
        out = rng.normal(centre, dist.sd, draws)
        if dist.low is not None or dist.high is not None:
            out = np.clip(
                out,
                -np.inf if dist.low is None else dist.low,
                np.inf if dist.high is None else dist.high,
            )
    else:  # pragma: no cover - guarded by Uncertain
        raise ValueError(f"unknown distribution {dist.kind!r}")
    return np.clip(out, lo, hi)


def sample(issue: Issue, draws: int, seed: int = 0) -> Batch:
    """A batch of `draws` rows: row b holds one joint draw of every uncertain input.

    Inputs are drawn independently per actor and field (position clipped to the scale,
    salience to 0–100, capability to ≥ 0); certain inputs repeat their point value.
    """
    if draws < 1:
        raise ValueError("draws must be ≥ 1")
    rng = np.random.default_rng(seed)
    lo, hi = issue.scale.low, issue.scale.high
    cols_x, cols_s, cols_c = [], [], []
    for a in issue.actors:
        cols_x.append(_draw(rng, a.position, a.position_dist, draws, lo, hi))
        cols_s.append(_draw(rng, a.salience, a.salience_dist, draws, 0.0, 100.0))
        cols_c.append(_draw(rng, a.capability, a.capability_dist, draws, 0.0, np.inf))
    return Batch.from_arrays(
        np.column_stack(cols_x),
        np.column_stack(cols_c),
        np.column_stack(cols_s),
        trust=np.array([a.trust for a in issue.actors]),
        status_quo=np.nan if issue.status_quo is None else issue.status_quo,
        lo=lo,
        hi=hi,
        leader=issue.leader_index(),
        leader_deference=issue.leader_deference,
    )


@dataclass(frozen=True)
class Distribution:
    """Summary of a forecast distribution (NaN draws left out)."""

    draws: int
    mean: float
    sd: float
    p05: float
    p25: float
    median: float
    p75: float
    p95: float

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def summarise(values: FloatArray) -> Distribution:
    """Mean, spread and quantiles of a 1-D array of forecasts."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        nan = float("nan")
        return Distribution(0, nan, nan, nan, nan, nan, nan, nan)
    q = np.quantile(v, [0.05, 0.25, 0.5, 0.75, 0.95])
    return Distribution(
        int(v.size),
        float(v.mean()),
        float(v.std()),
        float(q[0]),
        float(q[1]),
        float(q[2]),
        float(q[3]),
        float(q[4]),
    )
