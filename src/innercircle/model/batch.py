"""Array form of issues for the vectorised models: B rows (draws or issues) × n actors.

A `Batch` is what every model function consumes. Row b holds one version of the issue (one
Monte Carlo draw, one DEU issue, one "without actor k" scenario). Actors absent from a row have
`active[b, k] = False`; their other values are ignored. This module also holds the small numpy
helpers shared by several models (weights, weighted median).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from innercircle.model.issue import Issue

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Batch:
    """Model inputs for B rows × n actors.

    x: positions (B, n) on [lo, hi]; c: capability (B, n) ≥ 0; s: salience (B, n) in 0–100;
    active: (B, n) bool; trust: (B, n) in 0–1 (leader model); status_quo: (B,) or NaN;
    leader: column of the deciding actor (leader model) or None.
    """

    x: FloatArray
    c: FloatArray
    s: FloatArray
    active: BoolArray
    trust: FloatArray
    status_quo: FloatArray
    lo: float = 0.0
    hi: float = 100.0
    leader: int | None = None
    leader_deference: float | None = None

    def __post_init__(self) -> None:
        shape = self.x.shape
        if len(shape) != 2:
            raise ValueError(f"batch arrays must be (rows, actors), got {shape}")
        for name in ("c", "s", "active", "trust"):
            if getattr(self, name).shape != shape:
                raise ValueError(
                    f"batch: {name} has shape {getattr(self, name).shape}, not {shape}"
                )
        if self.status_quo.shape != (shape[0],):
            raise ValueError("batch: status_quo must have one value per row")

    @property
    def rows(self) -> int:
        return int(self.x.shape[0])

    @property
    def n(self) -> int:
        return int(self.x.shape[1])

    @staticmethod
    def from_arrays(
        x: FloatArray,
        c: FloatArray,
        s: FloatArray,
        active: BoolArray | None = None,
        *,
        trust: FloatArray | None = None,
        status_quo: FloatArray | float | None = None,
        lo: float = 0.0,
        hi: float = 100.0,
        leader: int | None = None,
        leader_deference: float | None = None,
    ) -> Batch:
        """Build a batch from 1-D (one row) or 2-D arrays; NaN positions count as absent."""
        x2 = np.atleast_2d(np.asarray(x, dtype=float))
        c2 = np.broadcast_to(np.atleast_2d(np.asarray(c, dtype=float)), x2.shape).copy()
        s2 = np.broadcast_to(np.atleast_2d(np.asarray(s, dtype=float)), x2.shape).copy()
        act = ~np.isnan(x2)
        if active is not None:
            act &= np.broadcast_to(np.atleast_2d(np.asarray(active, dtype=bool)), x2.shape)
        tr = (
            np.ones_like(x2)
            if trust is None
            else np.broadcast_to(np.atleast_2d(np.asarray(trust, dtype=float)), x2.shape).copy()
        )
        if status_quo is None:
            sq = np.full(x2.shape[0], np.nan)
        else:
            sq = np.broadcast_to(np.asarray(status_quo, dtype=float), (x2.shape[0],)).copy()
        return Batch(
            x=np.where(act, x2, lo),
            c=np.where(act, c2, 0.0),
            s=np.where(act, s2, 0.0),
            active=act,
            trust=tr,
            status_quo=sq,
            lo=lo,
            hi=hi,
            leader=leader,
            leader_deference=leader_deference,
        )

    @staticmethod
    def from_issue(issue: Issue) -> Batch:
        """One row holding the issue's point values."""
        actors = issue.actors
        return Batch.from_arrays(
            np.array([a.position for a in actors]),
            np.array([a.capability for a in actors]),
            np.array([a.salience for a in actors]),
            trust=np.array([a.trust for a in actors]),
            status_quo=np.nan if issue.status_quo is None else issue.status_quo,
            lo=issue.scale.low,
            hi=issue.scale.high,
            leader=issue.leader_index(),
            leader_deference=issue.leader_deference,
        )

    def weights(self) -> FloatArray:
        """Capability × salience of each actor, 0 for absent actors."""
        return np.where(self.active, self.c * self.s, 0.0)

    def without(self, mask: BoolArray) -> Batch:
        """The same batch with actors where `mask` is True made absent."""
        act = self.active & ~np.broadcast_to(mask, self.active.shape)
        return Batch(
            x=self.x,
            c=self.c,
            s=self.s,
            active=act,
            trust=self.trust,
            status_quo=self.status_quo,
            lo=self.lo,
            hi=self.hi,
            leader=self.leader,
            leader_deference=self.leader_deference,
        )


def weighted_median_rows(x: FloatArray, w: FloatArray, active: BoolArray) -> FloatArray:
    """Lower weighted median of each row: the smallest position whose cumulative weight
    (positions sorted ascending) reaches half the row's total weight.

    Rows whose active actors all have zero weight fall back to the lower unweighted median of
    the active positions; rows without any active actor give NaN.
    """
    x = np.atleast_2d(x)
    w = np.where(active, np.atleast_2d(w), 0.0)
    total = w.sum(axis=1)
    no_weight = total <= 0
    w = np.where(no_weight[:, None] & active, 1.0, w)
    total = w.sum(axis=1)
    key = np.where(active, x, np.inf)
    order = np.argsort(key, axis=1, kind="stable")
    xs = np.take_along_axis(key, order, axis=1)
    cum = np.cumsum(np.take_along_axis(w, order, axis=1), axis=1)
    reached = cum >= total[:, None] * (0.5 - 1e-12)
    idx = np.argmax(reached, axis=1)
    out = xs[np.arange(xs.shape[0]), idx]
    return np.where(total > 0, out, np.nan)
