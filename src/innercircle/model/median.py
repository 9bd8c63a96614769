"""The weighted median model: the position of the capability × salience weighted median actor.

Under majority rule with single-peaked preferences this is the position no other position
beats (Black's median voter); with weights it is the Condorcet winner of Scholz et al.'s
pairwise votes. Pure numpy; no state.
"""

from __future__ import annotations

from innercircle.model.batch import Batch, FloatArray, weighted_median_rows


def weighted_median(batch: Batch) -> FloatArray:
    """Forecast per row: x_(m), the first position in ascending order at which the cumulative
    weight  Σ_{k≤m} c_(k) s_(k)  reaches half the total weight (the *lower* weighted median: an
    exact tie at one half goes to the lower position).

    Rows with zero total weight fall back to the lower unweighted median; rows without active
    actors give NaN.
    """
    return weighted_median_rows(batch.x, batch.weights(), batch.active)
