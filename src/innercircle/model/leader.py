"""The leader-decides model: one actor decides, moving from his own position toward the advice.

Fits a system in which a leader takes the final decision after his office convenes the
advisers relevant to the issue and weighs their views by how much he trusts them. Pure numpy;
no state.
"""

from __future__ import annotations

import numpy as np

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.compromise import compromise


def leader_decides(batch: Batch, *, deference: float | None = None) -> FloatArray:
    """Forecast per row, with L the leader and j the other active actors (the advisers):

        advice  a = Σ_j t_j c_j s_j x_j / Σ_j t_j c_j s_j        (t_j: leader's trust in j)
        y = x_L + λ (a − x_L)

    λ ∈ [0, 1] is the leader's deference: `deference` if given, else the batch's
    `leader_deference`, else the weight of the advice against his own conviction,
    λ = A / (A + c_L s_L) with A = Σ_j t_j c_j s_j. With that default and full trust (all
    t_j = 1) the model equals the compromise model; distrust shrinks an adviser's pull.

    Rows where the leader is absent fall back to the advice alone (λ = 1); rows without
    advice (no adviser with weight) give the leader's position. A batch without a leader gives
    the compromise model.
    """
    if batch.leader is None:
        return compromise(batch)
    lead = batch.leader
    w = batch.weights()
    adv_w = w * batch.trust
    adv_w[:, lead] = 0.0
    total = adv_w.sum(axis=1)
    advice = (adv_w * batch.x).sum(axis=1) / np.where(total > 0, total, 1.0)
    own = w[:, lead]
    lam_given = deference if deference is not None else batch.leader_deference
    if lam_given is not None:
        if not 0 <= lam_given <= 1:
            raise ValueError(f"deference {lam_given} outside 0–1")
        lam = np.full(batch.rows, float(lam_given))
    else:
        denom = total + own
        lam = np.where(denom > 0, total / np.where(denom > 0, denom, 1.0), 0.5)
    present = batch.active[:, lead]
    x_lead = batch.x[:, lead]
    lam = np.where(present, lam, 1.0)
    out = np.where(total > 0, x_lead + lam * (advice - x_lead), x_lead)
    # no leader and no advice: nothing to go on
    return np.where(present | (total > 0), out, np.nan)
