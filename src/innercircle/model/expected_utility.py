"""Bueno de Mesquita's expected-utility (challenge) model, as formalised by Scholz, Calbert &
Smith (2011), vectorised over rows (Monte Carlo draws or issues).

Source: J. B. Scholz, G. J. Calbert, G. A. Smith, "Unravelling Bueno De Mesquita's group
decision model", Journal of Theoretical Politics 23(4) 510–531, 2011 (also ICAART 2011, 18–30);
equation numbers below are theirs. Where published descriptions differ, the choice is an
option of `EUOptions` with the default documented there. This module computes; it does not
read files or plot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from innercircle.model.batch import Batch, BoolArray, FloatArray, weighted_median_rows


@dataclass(frozen=True)
class EUOptions:
    """Choices of the expected-utility model; defaults follow Scholz et al. (2011).

    - rounds: maximum number of bargaining rounds τ (default 10); the run stops earlier once no
      position moves by more than `tol` × scale span in any row.
    - q: probability Q that the status quo persists if i does not challenge j (eq. 7).
      Default 1.0, Scholz's choice for the BDM-1994 replication ("No value for Q was given");
      0.5 is the other value in the literature.
    - probability: how P^i_ij (eq. 30) counts votes. "supporters" (default, the paper's eq. 30):
      votes of actors closer to i over all votes cast, so P^i_ij + P^j_ji = 1. "net": the net
      vote for i, floored at 0, over all votes (D. Masad's replication).
    - risk: whose expected utilities make up an actor's security level in eq. 34.
      "adversary" (default, §5 prose): Σ_j E^j(U_ji), what others expect from challenging i.
      "own": Σ_j E^i(U_ij). "off": r_i = 1 for everyone (risk neutral).
    - mu: the reference position μ in U_b, U_w (eqs. 22–23): "median" (default: the Condorcet
      winner of the weighted pairwise votes, Appendix step 3, i.e. the weighted median) or
      "mean" (the weighted mean, as some replications use).
    - forecast: what the model predicts after the last round: "median" (default; the
      median-voter position the paper reports per round) or "mean".
    - offer: which of several offers an actor accepts (§6.2). "least_move" (default: "players
      move the least that they can") or "strongest" (the challenger with the highest expected
      utility).
    - span: the range R in the utilities. "scale" (default: the issue scale, hi − lo) or
      "positions" (max − min of the initial positions in the row).
    - conflict: what a conflict (both expect to gain from challenging) does. "stay" (default:
      the outcome is uncertain, nobody moves) or "loser_moves" (one reading of Scholz §6: the
      actor with the lower expected utility moves to the other's position). "stay" is the
      default because, with the other defaults, it comes closest to the published
      replication of BDM's 1994 emission-standards case (Scholz Table 2: median 8.4, then 9.9;
      here 9.53, then 10), while "loser_moves" leaves the median at 7.
    - chunk: rows processed at once (memory: about 15 × chunk × n² floats).
    """

    rounds: int = 10
    tol: float = 1e-9
    q: float = 1.0
    probability: Literal["supporters", "net"] = "supporters"
    risk: Literal["adversary", "own", "off"] = "adversary"
    mu: Literal["median", "mean"] = "median"
    forecast: Literal["median", "mean"] = "median"
    offer: Literal["least_move", "strongest"] = "least_move"
    span: Literal["scale", "positions"] = "scale"
    conflict: Literal["stay", "loser_moves"] = "stay"
    chunk: int = 32


@dataclass
class EUResult:
    """Forecast per row plus, if requested, positions and forecasts after each round."""

    forecast: FloatArray
    rounds_run: int
    positions: list[FloatArray] = field(default_factory=list)  # each (B, n), round 0 first
    forecasts: list[FloatArray] = field(default_factory=list)  # each (B,), round 0 first


def _weighted_mean(x: FloatArray, w: FloatArray) -> FloatArray:
    total = w.sum(axis=1)
    return np.asarray((w * x).sum(axis=1) / np.where(total > 0, total, 1.0), dtype=float)


def _centre(x: FloatArray, w: FloatArray, active: BoolArray, how: str) -> FloatArray:
    if how == "median":
        return weighted_median_rows(x, w, active)
    if how == "mean":
        return _weighted_mean(x, w)
    raise ValueError(f"unknown centre {how!r}")


def win_probabilities(xs: FloatArray, ws: FloatArray, how: str = "supporters") -> FloatArray:
    """P[b, i, j] = P^i_ij, the probability that i wins a contest against j (eq. 30):

        P^i_ij = Σ_{k: |x_k−x_i| < |x_k−x_j|} v_k / Σ_k |v_k|,   v_k = w_k (|x_k−x_j| − |x_k−x_i|)

    `xs` must be sorted ascending in each row (absent actors last with weight 0). Computed in
    O(n² log n) per row from prefix sums: for a = x_i < b = x_j, with m = (a+b)/2 and
    W(t), M(t) the weight and weight × position of actors left of t,
        Pos = (b−a) W(a) + (a+b)(W(m) − W(a)) − 2 (M(m) − M(a))
        Neg = (b−a)(W_total − W(b)) + 2 (M(b) − M(m)) − (a+b)(W(b) − W(m)).
    Pairs at the same position get 0.5.
    """
    rows, n = xs.shape
    cw = np.concatenate([np.zeros((rows, 1)), np.cumsum(ws, axis=1)], axis=1)
    cm = np.concatenate([np.zeros((rows, 1)), np.cumsum(ws * xs, axis=1)], axis=1)
    iu, ju = np.triu_indices(n, 1)
    a = xs[:, iu]
    b = xs[:, ju]
    mid = (a + b) / 2
    # locate every midpoint among its row's sorted positions with one global search
    span = float(np.nanmax(np.abs(xs))) * 4 + 10.0
    offset = np.arange(rows, dtype=float)[:, None] * span
    flat = (xs + offset).ravel()
    k = np.searchsorted(flat, (mid + offset).ravel(), side="left").reshape(mid.shape)
    k = k - (np.arange(rows) * n)[:, None]
    r = np.arange(rows)[:, None]
    wa, ma = cw[:, iu], cm[:, iu]
    wb, mb = cw[:, ju], cm[:, ju]
    wm, mm = cw[r, k], cm[r, k]
    length = b - a
    total = cw[:, -1:]
    pos = length * wa + (a + b) * (wm - wa) - 2 * (mm - ma)
    neg = length * (total - wb) + 2 * (mb - mm) - (a + b) * (wb - wm)
    pos = np.maximum(pos, 0.0)
    neg = np.maximum(neg, 0.0)
    denom = pos + neg
    ok = denom > 1e-12 * np.maximum(total, 1e-300)
    safe = np.where(ok, denom, 1.0)
    if how == "supporters":
        p_low = np.where(ok, pos / safe, 0.5)
        p_high = np.where(ok, neg / safe, 0.5)
    elif how == "net":
        p_low = np.where(ok, np.maximum(pos - neg, 0.0) / safe, 0.5)
        p_high = np.where(ok, np.maximum(neg - pos, 0.0) / safe, 0.5)
    else:
        raise ValueError(f"unknown probability rule {how!r}")
    out = np.full((rows, n, n), 0.5)
    out[:, iu, ju] = p_low
    out[:, ju, iu] = p_high
    return out


def _expected_utilities(
    d: FloatArray,
    p: FloatArray,
    s_target: FloatArray,
    r: FloatArray | None,
    q: float,
    t: FloatArray | None,
    e_bw: FloatArray | None,
) -> FloatArray:
    """E^i(U_ij) (eqs. 5–7) with the basic utilities of eqs. 15, 16, 22–24:

        U_s = 2 − 4 (0.5 − 0.5 d)^r,  U_f = 2 − 4 (0.5 + 0.5 d)^r,  U_sq = 2 − 4 · 0.5^r,
        U_b = 2 − 4 (0.5 − 0.25 e)^r, U_w = 2 − 4 (0.5 + 0.25 e)^r,
        E^i(U_ij) = s_j (P U_s + (1−P) U_f) + (1−s_j) U_s − Q U_sq − (1−Q)(T U_b + (1−T) U_w)

    with d = |x_i − x_j| / R, e = (|x_i − μ| + |x_i − x_j|) / R, r = r_i (1 when None).
    """
    if r is None:  # closed forms for r = 1
        u_s = 2 * d
        u_f = -2 * d
        eu = s_target * (p * u_s + (1 - p) * u_f) + (1 - s_target) * u_s
        if q < 1:
            assert t is not None and e_bw is not None
            eu = eu - (1 - q) * (t * e_bw - (1 - t) * e_bw)
        return eu
    rr = r[:, :, None]
    u_s = 2 - 4 * np.power(0.5 - 0.5 * d, rr)
    u_f = 2 - 4 * np.power(0.5 + 0.5 * d, rr)
    u_sq = 2 - 4 * np.power(0.5, rr)
    eu = s_target * (p * u_s + (1 - p) * u_f) + (1 - s_target) * u_s - q * u_sq
    if q < 1:
        assert t is not None and e_bw is not None
        u_b = 2 - 4 * np.power(np.clip(0.5 - 0.25 * e_bw, 0.0, None), rr)
        u_w = 2 - 4 * np.power(0.5 + 0.25 * e_bw, rr)
        eu = eu - (1 - q) * (t * u_b + (1 - t) * u_w)
    return eu


def _risk_exponents(eu: FloatArray, active: BoolArray, how: str) -> FloatArray | None:
    """r_i = (1 − R_i/3) / (1 + R_i/3) (eq. 33) with
    R_i = (2 S_i − max_k S_k − min_k S_k) / (max_k S_k − min_k S_k) (eq. 34), S the security
    level; R_i = 0 when all security levels are equal."""
    if how == "off":
        return None
    if how == "adversary":
        sec = eu.sum(axis=1)  # Σ_j E^j(U_ji): column sums
    elif how == "own":
        sec = eu.sum(axis=2)
    else:
        raise ValueError(f"unknown risk rule {how!r}")
    hi = np.max(np.where(active, sec, -np.inf), axis=1, keepdims=True)
    lo = np.min(np.where(active, sec, np.inf), axis=1, keepdims=True)
    width = hi - lo
    ok = np.isfinite(width) & (width > 1e-12)
    big_r = np.where(ok, (2 * sec - hi - lo) / np.where(ok, width, 1.0), 0.0)
    big_r = np.clip(big_r, -1.0, 1.0)
    return np.asarray((1 - big_r / 3) / (1 + big_r / 3), dtype=float)


def _round(
    x: FloatArray,
    w: FloatArray,
    s01: FloatArray,
    active: BoolArray,
    span: FloatArray,
    opt: EUOptions,
) -> FloatArray:
    """One round of challenges and moves (Appendix steps 2–11); returns the new positions."""
    n = x.shape[1]
    sentinel = np.nanmax(np.abs(np.where(active, x, 0.0))) + 1.0
    key = np.where(active, x, sentinel * 2 + 1.0)
    order = np.argsort(key, axis=1, kind="stable")
    xs = np.take_along_axis(key, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    ss = np.take_along_axis(s01, order, axis=1)
    acts = np.take_along_axis(active, order, axis=1)
    mu = _centre(xs, ws, acts, opt.mu)

    p = win_probabilities(xs, ws, opt.probability)
    diff = xs[:, None, :] - xs[:, :, None]  # diff[b, i, j] = x_j − x_i
    rspan = span[:, None, None]
    d = np.minimum(np.abs(diff) / rspan, 1.0)
    pair = acts[:, :, None] & acts[:, None, :]
    pair &= ~np.eye(n, dtype=bool)[None]
    s_target = ss[:, None, :]
    t = e_bw = None
    if opt.q < 1:
        to_mu = np.abs(xs - mu[:, None])[:, :, None]
        t = (to_mu < np.abs(diff)).astype(float)
        e_bw = np.minimum((to_mu + np.abs(diff)) / rspan, 2.0)
    eu = np.where(pair, _expected_utilities(d, p, s_target, None, opt.q, t, e_bw), 0.0)
    r = _risk_exponents(eu, acts, opt.risk)
    if r is not None:
        eu = np.where(pair, _expected_utilities(d, p, s_target, r, opt.q, t, e_bw), 0.0)

    a = eu  # a[b, i, j] = E^i(U_ij): i challenges j
    bt = np.swapaxes(eu, 1, 2)  # bt[b, i, j] = E^j(U_ji)
    offer = pair & (a > 0) & (diff != 0)
    conflict = offer & (bt > 0) & (a > bt)
    if opt.conflict == "stay":
        conflict &= False
    weak = offer & (bt < 0)
    capitulate = weak & (np.abs(bt) >= np.abs(a))
    comp = weak & ~capitulate
    frac = np.where(conflict | capitulate, 1.0, 0.0)
    frac = np.where(comp, np.abs(bt) / np.where(comp, np.abs(a), 1.0), frac)
    move = -frac * diff  # mover j goes toward x_i: x_i − x_j = −diff
    has = offer & (frac > 0)
    if opt.offer == "least_move":
        score = np.where(has, np.abs(move), np.inf)
        pick = np.argmin(score, axis=1)  # over challengers i, for each mover j
    elif opt.offer == "strongest":
        score = np.where(has, a, -np.inf)
        pick = np.argmax(score, axis=1)
    else:
        raise ValueError(f"unknown offer rule {opt.offer!r}")
    chosen = np.take_along_axis(move, pick[:, None, :], axis=1)[:, 0, :]
    any_offer = has.any(axis=1)
    new_sorted = np.where(any_offer & acts, xs + chosen, xs)
    out = np.empty_like(x)
    np.put_along_axis(out, order, new_sorted, axis=1)
    return np.where(active, out, x)


def expected_utility(
    batch: Batch, options: EUOptions | None = None, *, history: bool = False
) -> EUResult:
    """Run the expected-utility model on every row; return the forecast per row.

    Per round (Scholz et al. 2011, Appendix): μ = the weighted median (or mean); win
    probabilities P^i_ij (eq. 30); expected utilities of challenging E^i(U_ij) (eqs. 5–7)
    first with r_i = 1, then with the risk exponents r_i of eqs. 33–34; then every ordered
    pair (i challenger, j target) with a = E^i(U_ij) > 0 and b = E^j(U_ji) is an offer to j:

      - conflict, a > b > 0: nobody moves (or j moves to x_i, option `conflict`);
      - compromise, b < 0, |a| > |b|: j moves toward x_i by (x_i − x_j)|b/a| (eq. 35);
      - capitulation, b < 0, |b| ≥ |a|: j moves to x_i;
      - otherwise no move (stalemate, or j is favoured and the reverse pair applies).

    Each actor accepts one offer (the smallest move by default) and all move at once. The
    forecast is the weighted median (or mean) of the positions after the last round. Only
    actors with capability × salience > 0 take part. Salience is read on 0–100 and used as a
    probability s/100.
    """
    opt = options or EUOptions()
    if opt.rounds < 0:
        raise ValueError("rounds must be ≥ 0")
    if not 0 <= opt.q <= 1:
        raise ValueError("q must be in [0, 1]")
    w_all = batch.weights()
    active = batch.active & (w_all > 0)
    s01 = np.clip(batch.s / 100.0, 0.0, 1.0)
    x = np.where(active, batch.x, batch.lo).astype(float)
    if opt.span == "scale":
        span = np.full(batch.rows, batch.hi - batch.lo)
    elif opt.span == "positions":
        span = np.max(np.where(active, x, -np.inf), axis=1) - np.min(
            np.where(active, x, np.inf), axis=1
        )
        span = np.where(np.isfinite(span), span, 0.0)
    else:
        raise ValueError(f"unknown span rule {opt.span!r}")
    frozen = span <= 0
    span = np.where(frozen, 1.0, span)

    def forecast_of(pos: FloatArray) -> FloatArray:
        out = _centre(pos, w_all, active, opt.forecast)
        # rows where nobody carries weight: the plain centre of whoever is there
        none = ~active.any(axis=1)
        if none.any():
            out[none] = weighted_median_rows(pos[none], np.ones_like(pos[none]), batch.active[none])
        return out

    positions = [x.copy()] if history else []
    forecasts = [forecast_of(x)] if history else []
    rounds_run = 0
    for _ in range(opt.rounds):
        new = x.copy()
        live = np.flatnonzero(~frozen)
        for start in range(0, live.size, max(1, opt.chunk)):
            rows = live[start : start + max(1, opt.chunk)]
            new[rows] = _round(x[rows], w_all[rows], s01[rows], active[rows], span[rows], opt)
        moved = np.abs(new - x).max(axis=1) > opt.tol * span
        frozen = frozen | ~moved
        x = new
        rounds_run += 1
        if history:
            positions.append(x.copy())
            forecasts.append(forecast_of(x))
        if frozen.all():
            break
    return EUResult(forecast_of(x), rounds_run, positions, forecasts)


def eu_forecast(batch: Batch, options: EUOptions | None = None) -> FloatArray:
    """Just the forecast of `expected_utility`."""
    return expected_utility(batch, options).forecast
