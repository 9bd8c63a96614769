"""The (asymmetric) Nash bargaining solution on a one-dimensional scale.

Each actor's bargaining power is its capability × salience; utilities are linear or quadratic
loss in distance; the disagreement point is the worst point of the scale for each actor (the
default: defined for every issue) or the status quo. Solved exactly by bisection on the
derivative of a concave objective, vectorised over rows. Pure numpy; no state.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from innercircle.model.batch import Batch, FloatArray

Utility = Literal["linear", "quadratic"]
Disagreement = Literal["worst", "status_quo"]


def nash_bargaining(
    batch: Batch,
    *,
    utility: Utility = "linear",
    disagreement: Disagreement = "worst",
    iterations: int = 60,
) -> FloatArray:
    """Forecast per row:

        y* = argmax_{y ∈ F}  Σ_i w_i · log g_i(y),   w_i = c_i s_i,

    with gain g_i(y) = u_i(y) − u_i(d_i) over the disagreement outcome d_i and
    u_i(y) = −|x_i − y| (linear, default) or −(x_i − y)² (quadratic).

    - ``disagreement="worst"`` (default): d_i is the end of the scale farthest from x_i, so
      every y on the scale is feasible (F = [lo, hi]).
    - ``disagreement="status_quo"``: d_i = the row's status quo q, F = the outcomes no actor
      with w_i > 0 likes less than q; if F is a single point (actors on both sides of q) the
      forecast is q. Rows without a status quo fall back to "worst".

    The objective is concave, so y* is where its right derivative changes sign; it is found
    by bisection (`iterations` halvings of F). Zero-weight rows give the plain mean.
    """
    x = batch.x
    w = batch.weights()
    lo, hi = batch.lo, batch.hi
    radius = np.maximum(x - lo, hi - x)  # distance to the worst point of the scale
    if disagreement == "status_quo":
        sq = batch.status_quo[:, None]
        has_sq = ~np.isnan(sq)
        radius = np.where(has_sq, np.abs(x - np.where(has_sq, sq, 0.0)), radius)
    elif disagreement != "worst":
        raise ValueError(f"unknown disagreement point {disagreement!r}")
    if utility not in ("linear", "quadratic"):
        raise ValueError(f"unknown utility {utility!r}")
    on = w > 0
    left = np.max(np.where(on, x - radius, -np.inf), axis=1)
    right = np.min(np.where(on, x + radius, np.inf), axis=1)
    left = np.maximum(left, lo)
    right = np.minimum(right, hi)
    degenerate = right - left <= 1e-12 * (hi - lo)
    a, b = left.copy(), right.copy()
    for _ in range(iterations):
        mid = (a + b) / 2
        diff = x - mid[:, None]
        if utility == "linear":
            gain = radius - np.abs(diff)
            slope = np.where(diff > 0, 1.0, -1.0)
        else:
            gain = radius**2 - diff**2
            slope = 2 * diff
        safe = np.where(on, np.maximum(gain, 1e-300), 1.0)
        deriv = np.sum(np.where(on, w * slope / safe, 0.0), axis=1)
        up = deriv > 0
        a = np.where(up, mid, a)
        b = np.where(up, b, mid)
    out = (a + b) / 2
    if disagreement == "status_quo":
        sq1 = batch.status_quo
        out = np.where(degenerate & ~np.isnan(sq1), sq1, out)
    total = w.sum(axis=1)
    count = batch.active.sum(axis=1)
    plain = np.where(batch.active, x, 0.0).sum(axis=1) / np.maximum(count, 1)
    out = np.where(total > 0, out, plain)
    return np.where(count > 0, out, np.nan)
