"""The compromise model: the capability × salience weighted mean of the actors' positions.

The strongest simple benchmark on EU legislative data (Achen 2006, in Thomson et al., *The
European Union Decides*). Pure numpy; no state.
"""

from __future__ import annotations

import numpy as np

from innercircle.model.batch import Batch, FloatArray


def compromise(batch: Batch) -> FloatArray:
    """Forecast per row:  y = Σ_i c_i s_i x_i / Σ_i c_i s_i  over the active actors.

    A row whose active actors all have zero weight gets the plain mean of their positions; a row
    without active actors gets NaN.
    """
    w = batch.weights()
    total = w.sum(axis=1)
    weighted = (w * batch.x).sum(axis=1) / np.where(total > 0, total, 1.0)
    count = batch.active.sum(axis=1)
    plain = np.where(batch.active, batch.x, 0.0).sum(axis=1) / np.maximum(count, 1)
    out = np.where(total > 0, weighted, plain)
    return np.where(count > 0, out, np.nan)
