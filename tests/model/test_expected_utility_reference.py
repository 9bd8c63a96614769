"""The vectorised expected-utility model against a plain, per-pair reference implementation.

The reference below is written straight from the definitions (Scholz et al. 2011): win
probabilities from eq. 30 by summing over all actors, expected utilities from eqs. 5–7,
15–24 and 32–34 per ordered pair, offers per §6, every actor visiting its challengers in
the model's documented order. It shares no code with the model, so the fast path (prefix
sums, midpoint search, per-side offers, scaled utilities) is checked against it on random
inputs for every option.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from innercircle.model.batch import Batch
from innercircle.model.expected_utility import EUOptions, expected_utility


def _median(xs: list[float], ws: list[float]) -> float:
    """Lower weighted median: the smallest x whose cumulative weight reaches half."""
    pairs = sorted(zip(xs, ws, strict=True))
    total = sum(ws)
    acc = 0.0
    for x, w in pairs:
        acc += w
        if acc >= total * (0.5 - 1e-12):
            return x
    return pairs[-1][0]


def _centre(xs: list[float], ws: list[float], how: str) -> float:
    if how == "median":
        return _median(xs, ws)
    return sum(x * w for x, w in zip(xs, ws, strict=True)) / sum(ws)


def _reference_round(
    x: list[float], w: list[float], s: list[float], act: list[int], span: float, opt: EUOptions
) -> list[float]:
    """One round for one row; `act` lists the active actors."""
    xs = {i: x[i] for i in act}
    reach = max(abs(v) for v in xs.values())
    tiny = 1e-12 * max(sum(w[i] for i in act) * (4 * reach + 10.0), 1e-300)

    def win(i: int, j: int) -> float:  # eq. 30: P^i_ij
        if xs[i] == xs[j]:
            return 0.5
        votes = [w[k] * (abs(xs[k] - xs[j]) - abs(xs[k] - xs[i])) for k in act]
        total = sum(abs(v) for v in votes)
        if total <= tiny:
            return 0.5
        if opt.probability == "supporters":
            return sum(v for v in votes if v > 0) / total
        return max(sum(votes), 0.0) / total

    mu = _centre([xs[i] for i in act], [w[i] for i in act], opt.mu)

    def no_challenge(i: int, j: int, r: float | None) -> float:  # eqs. 20–23
        length = abs(xs[i] - xs[j])
        to_mu = abs(xs[i] - mu)
        e = min((to_mu + length) / span, 2.0)
        if r is None:
            return e if to_mu < length else -e
        if to_mu < length:
            return 2 - 4 * max(0.5 - 0.25 * e, 0.0) ** r
        return 2 - 4 * (0.5 + 0.25 * e) ** r

    def utility(i: int, j: int, r: float | None) -> float:  # E^i(U_ij)
        d = min(abs(xs[i] - xs[j]) / span, 1.0)
        c = s[j] * (1 - win(i, j))
        if r is None:
            e = d * (2 - 4 * c)
        else:
            u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
            u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
            u_sq = 2 - 4 * 0.5**r
            e = u_s - c * (u_s - u_f) - opt.q * u_sq
        if opt.q < 1:
            if r is None and d == 0:
                return 0.0
            e -= (1 - opt.q) * no_challenge(i, j, r)
        return e

    if opt.risk == "off":
        risk: dict[int, float | None] = {i: None for i in act}
    else:
        sec = {i: 0.0 for i in act}
        for i, j in itertools.permutations(act, 2):
            sec[j if opt.risk == "adversary" else i] += utility(i, j, None)
        hi, lo = max(sec.values()), min(sec.values())
        risk = {}
        for i in act:
            big_r = 0.0 if hi - lo <= 1e-12 else (2 * sec[i] - hi - lo) / (hi - lo)
            big_r = min(max(big_r, -1.0), 1.0)
            risk[i] = (1 - big_r / 3) / (1 + big_r / 3)

    e = {(i, j): utility(i, j, risk[i]) for i, j in itertools.permutations(act, 2)}
    # challengers in the model's order of visit: sorted by position (ties: input order),
    # nearest in that order first, the lower one first
    order = sorted(act, key=lambda i: (xs[i], i))
    new = list(x)
    for rank, j in enumerate(order):
        visit = []
        for delta in range(1, len(order)):
            for other in (rank - delta, rank + delta):
                if 0 <= other < len(order):
                    visit.append(order[other])
        best: tuple[float, float, float] | None = None  # size, E of the challenger, move
        for i in visit:
            a, b = e[(i, j)], e[(j, i)]
            if not a > 0:
                continue
            if b < 0:
                frac = min(-b / a, 1.0)
            elif b > 0 and a > b and opt.conflict == "loser_moves":
                frac = 1.0
            else:
                continue
            size = frac * abs(xs[i] - xs[j])
            if not size > 0:
                continue
            if best is None:
                better = True
            elif opt.offer == "least_move":
                better = size < best[0] or (size == best[0] and a > best[1])
            else:
                better = a > best[1]
            if better:
                best = (size, a, math.copysign(size, xs[i] - xs[j]))
        if best is not None:
            new[j] = xs[j] + best[2]
    return new


def reference_positions(batch: Batch, opt: EUOptions) -> list[np.ndarray]:
    """Positions after each round (round 0 first), row by row."""
    w_all = np.where(batch.active, batch.c * batch.s, 0.0)
    s01 = np.clip(batch.s / 100.0, 0.0, 1.0)
    history = [batch.x.astype(float).copy()]
    for b in range(batch.rows):
        act = [i for i in range(batch.n) if batch.active[b, i] and w_all[b, i] > 0]
        x = [float(v) for v in batch.x[b]]
        if opt.span == "scale":
            span = batch.hi - batch.lo
        else:
            span = max(x[i] for i in act) - min(x[i] for i in act) if act else 0.0
        frozen = span <= 0 or len(act) < 2
        for k in range(opt.rounds):
            if len(history) <= k + 1:
                history.append(np.array(history[-1]))
            if not frozen:
                new = _reference_round(x, list(w_all[b]), list(s01[b]), act, span, opt)
                frozen = max(abs(p - q) for p, q in zip(new, x, strict=True)) <= opt.tol * span
                x = new
            history[k + 1][b] = x
    return history


def random_batch(seed: int) -> Batch:
    rng = np.random.default_rng(seed)
    rows, n = 4, int(rng.integers(2, 8))
    x = rng.uniform(0, 100, (rows, n))
    c = rng.uniform(0.1, 5, (rows, n))
    s = rng.uniform(5, 100, (rows, n))
    x[rng.random((rows, n)) < 0.1] = np.nan  # absent actors
    c[rng.random((rows, n)) < 0.1] = 0.0  # zero capability: present, never active
    return Batch.from_arrays(x, c, s)


OPTIONS = [
    EUOptions(rounds=4),
    EUOptions(rounds=4, risk="own", mu="mean", q=0.5),
    EUOptions(rounds=4, risk="off", probability="net", conflict="loser_moves"),
    EUOptions(rounds=4, offer="strongest", span="positions", q=0.5),
    EUOptions(rounds=4, probability="net", offer="strongest", conflict="loser_moves", q=0.7),
    EUOptions(rounds=4, risk="off", q=0.5, mu="mean", span="positions"),
]


@pytest.mark.parametrize("opt", OPTIONS)
@pytest.mark.parametrize("seed", range(6))
def test_model_matches_the_reference_implementation(opt: EUOptions, seed: int) -> None:
    batch = random_batch(seed)
    fast = expected_utility(batch, opt, history=True).positions
    slow = reference_positions(batch, opt)
    # the model stops once no row moves; the reference keeps the last positions
    fast += [fast[-1]] * (len(slow) - len(fast))
    for k, (f, r) in enumerate(zip(fast, slow, strict=True)):
        assert np.allclose(f, r, rtol=0, atol=1e-9), f"round {k}: {np.abs(f - r).max()}"


def test_reference_sees_moves() -> None:
    # guard against a vacuous comparison: the random cases do move actors
    moved = 0
    for seed in range(6):
        batch = random_batch(seed)
        history = reference_positions(batch, OPTIONS[0])
        moved += int(np.sum(np.abs(history[-1] - history[0]) > 1e-6))
    assert moved > 10
