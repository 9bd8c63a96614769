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
      move the least that they can"; equal moves go to the challenger with the higher
      expected utility) or "strongest" (the challenger with the highest expected utility).
    - span: the range R in the utilities. "scale" (default: the issue scale, hi − lo) or
      "positions" (max − min of the initial positions in the row).
    - conflict: what a conflict (both expect to gain from challenging) does. "stay" (default:
      the outcome is uncertain, nobody moves) or "loser_moves" (one reading of Scholz §6: the
      actor with the lower expected utility moves to the other's position). "stay" is the
      default because, with the other defaults, it comes closest to the published
      replication of BDM's 1994 emission-standards case (Scholz Table 2: median 8.4, then 9.9;
      here 9.53, then 10), while "loser_moves" leaves the median at 7.
    - chunk: rows processed at once (memory: about 2.5 × chunk × n² floats).
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
    chunk: int = 128


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


def _pair_probabilities(
    xs: FloatArray,
    pre: _Prefix,
    delta: int,
    how: str,
) -> tuple[FloatArray, FloatArray]:
    """Win probabilities of the pairs (i, i + delta) of sorted positions, both directions.

    Returns (P^low, P^high): the chance that the lower (higher) actor of each pair wins. With
    a = x_i ≤ b = x_j, m = (a+b)/2 and W(t), M(t) the weight and weight × position of the
    actors left of t (prefix sums), the votes for the lower actor are
        Pos = (b−a) W(a) + (a+b)(W(m) − W(a)) − 2 (M(m) − M(a))
    and, since the net vote Pos − Neg = Σ_k w_k (|x_k − b| − |x_k − a|) = F(b) − F(a) with
    F(t) = Σ_k w_k |x_k − t|, the votes for the higher actor are Neg = Pos − (F(b) − F(a)).
    """
    rows, n = xs.shape
    m = n - delta
    a = xs[:, :m]
    b = xs[:, delta:]
    length = b - a
    apb = a + b
    # locate each midpoint among its row's sorted positions: a + b against 2x (+ 2 × the row
    # offset) in a haystack laid out like cw / cm
    query = apb + pre.offset
    k = np.searchsorted(pre.flat, query.ravel(), side="left")
    wm = pre.cw_flat.take(k).reshape(rows, m)
    mm = pre.cm_flat.take(k).reshape(rows, m)
    wa, ma = pre.cw[:, :m], pre.cm[:, :m]
    pos = wm - wa
    pos *= apb
    pos -= 2 * (mm - ma)
    pos += length * wa
    np.maximum(pos, 0.0, out=pos)
    neg = pos - (pre.f[:, delta:] - pre.f[:, :m])
    np.maximum(neg, 0.0, out=neg)
    denom = pos + neg
    ok = denom > pre.tiny
    p_low = np.full_like(pos, 0.5)
    if how == "supporters":
        np.divide(pos, denom, out=p_low, where=ok)
        return p_low, 1.0 - p_low
    if how == "net":
        p_high = np.full_like(pos, 0.5)
        np.divide(np.maximum(pos - neg, 0.0), denom, out=p_low, where=ok)
        np.divide(np.maximum(neg - pos, 0.0), denom, out=p_high, where=ok)
        return p_low, p_high
    raise ValueError(f"unknown probability rule {how!r}")


@dataclass(frozen=True)
class _Prefix:
    """Prefix sums of one round's sorted rows, shared by all pairs."""

    cw: FloatArray  # (B, n + 1): weight of the actors before index k
    cm: FloatArray  # (B, n + 1): weight × position of the actors before index k
    f: FloatArray  # (B, n): F(x_i) = Σ_k w_k |x_k − x_i|
    cw_flat: FloatArray
    cm_flat: FloatArray
    flat: FloatArray  # 2 × positions + row offsets, n + 1 slots per row (last: a separator)
    offset: FloatArray  # (B, 1): 2 × the row offset
    tiny: FloatArray  # (B, 1): denominators below this count as zero


def _prefix(xs: FloatArray, ws: FloatArray) -> _Prefix:
    rows = xs.shape[0]
    zero = np.zeros((rows, 1))
    cw = np.concatenate([zero, np.cumsum(ws, axis=1)], axis=1)
    cm = np.concatenate([zero, np.cumsum(ws * xs, axis=1)], axis=1)
    total_w, total_m = cw[:, -1:], cm[:, -1:]
    left_w, left_m = cw[:, :-1], cm[:, :-1]
    f = xs * left_w - left_m + (total_m - left_m) - xs * (total_w - left_w)
    step = float(np.max(np.abs(xs))) * 4 + 10.0
    offset = np.arange(rows, dtype=float)[:, None] * (2 * step)
    hay = np.concatenate([2 * xs, np.full((rows, 1), step)], axis=1) + offset
    return _Prefix(
        cw=cw,
        cm=cm,
        f=f,
        cw_flat=cw.ravel(),
        cm_flat=cm.ravel(),
        flat=hay.ravel(),
        offset=offset,
        tiny=1e-12 * np.maximum(total_w * step, 1e-300),
    )


def win_probabilities(xs: FloatArray, ws: FloatArray, how: str = "supporters") -> FloatArray:
    """P[b, i, j] = P^i_ij, the probability that i wins a contest against j (eq. 30):

        P^i_ij = Σ_{k: |x_k−x_i| < |x_k−x_j|} v_k / Σ_k |v_k|,   v_k = w_k (|x_k−x_j| − |x_k−x_i|)

    ("supporters"; "net" puts max(Σ_k v_k, 0) on top). `xs` must be sorted ascending in each
    row (absent actors last with weight 0). O(n² log n) per row from prefix sums (see
    `_pair_probabilities`). Pairs at the same position get 0.5.
    """
    rows, n = xs.shape
    pre = _prefix(xs, ws)
    out = np.full((rows, n, n), 0.5)
    idx = np.arange(n)
    for delta in range(1, n):
        p_low, p_high = _pair_probabilities(xs, pre, delta, how)
        out[:, idx[: n - delta], idx[delta:]] = p_low
        out[:, idx[delta:], idx[: n - delta]] = p_high
    return out


def _no_challenge(
    x_challenger: FloatArray,
    length: FloatArray,
    mu: FloatArray,
    span: FloatArray,
    r: FloatArray | None,
) -> FloatArray:
    """T U_b + (1−T) U_w (eqs. 20–23): T = 1 if μ is nearer the challenger than the target."""
    to_mu = np.abs(x_challenger - mu[:, None])
    e = np.minimum((to_mu + length) / span[:, None], 2.0)
    t = to_mu < length
    if r is None:
        return np.where(t, e, -e)
    u_b = 2 - 4 * np.power(np.clip(0.5 - 0.25 * e, 0.0, None), r)
    u_w = 2 - 4 * np.power(0.5 + 0.25 * e, r)
    return np.where(t, u_b, u_w)


def _risk_exponents(sec: FloatArray, active: BoolArray) -> FloatArray:
    """r_i = (1 − R_i/3) / (1 + R_i/3) (eq. 33) with
    R_i = (2 S_i − max_k S_k − min_k S_k) / (max_k S_k − min_k S_k) (eq. 34), S the security
    level; R_i = 0 when all security levels are equal."""
    hi = np.max(np.where(active, sec, -np.inf), axis=1, keepdims=True)
    lo = np.min(np.where(active, sec, np.inf), axis=1, keepdims=True)
    width = hi - lo
    ok = np.isfinite(width) & (width > 1e-12)
    with np.errstate(invalid="ignore"):
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
    """One round of challenges and moves (Appendix steps 2–11); returns the new positions.

    Works on the pairs (i, i + δ) of actors sorted by position, one δ at a time, so every
    array is a slice (B, n − δ): no (B, n, n) arrays are built. For each pair L < H (lower,
    higher position) both directions are evaluated: E_LH = E^L(U_LH), E_HL = E^H(U_HL).
    """
    rows, n = x.shape
    sentinel = np.max(np.abs(np.where(active, x, 0.0))) + 1.0
    key = np.where(active, x, sentinel * 2 + 1.0)
    order = np.argsort(key, axis=1, kind="stable")
    xs = np.take_along_axis(key, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    ss = np.take_along_axis(s01, order, axis=1)
    acts = np.take_along_axis(active, order, axis=1)
    mu = _centre(xs, ws, acts, opt.mu)
    pre = _prefix(xs, ws)
    inv_span = 1.0 / span[:, None]
    q = opt.q
    if opt.risk not in ("adversary", "own", "off"):
        raise ValueError(f"unknown risk rule {opt.risk!r}")
    if opt.offer not in ("least_move", "strongest"):
        raise ValueError(f"unknown offer rule {opt.offer!r}")

    # pass 1: probabilities and risk-neutral expected utilities → security levels
    pairs = []
    sec = np.zeros((rows, n))
    for delta in range(1, n):
        m = n - delta
        p_low, p_high = _pair_probabilities(xs, pre, delta, opt.probability)
        # inactive actors sort last, so an active higher actor implies an active lower one
        length = np.where(acts[:, delta:], xs[:, delta:] - xs[:, :m], 0.0)
        d = np.minimum(length * inv_span, 1.0)
        # s_H (1 − P^L): the target's salience times the challenger's chance to lose
        if opt.probability == "supporters":  # 1 − P^L = P^H
            c_lh = ss[:, delta:] * p_high
            c_hl = ss[:, :m] * p_low
        else:
            c_lh = ss[:, delta:] * (1 - p_low)
            c_hl = ss[:, :m] * (1 - p_high)
        pairs.append((d, length, c_lh, c_hl))
        if opt.risk == "off":
            continue
        # E = 2d (1 − 2 s_j (1 − P)) with r = 1, plus the no-challenge term when Q < 1
        e_lh = d * (2 - 4 * c_lh)
        e_hl = d * (2 - 4 * c_hl)
        if q < 1:
            e_lh -= (1 - q) * _no_challenge(xs[:, :m], length, mu, span, None)
            e_hl -= (1 - q) * _no_challenge(xs[:, delta:], length, mu, span, None)
            e_lh[length == 0] = 0.0
            e_hl[length == 0] = 0.0
        if opt.risk == "adversary":  # Σ_j E^j(U_ji): what others expect from challenging i
            sec[:, delta:] += e_lh
            sec[:, :m] += e_hl
        else:  # "own"
            sec[:, :m] += e_lh
            sec[:, delta:] += e_hl
    r = None if opt.risk == "off" else _risk_exponents(sec, acts)
    # constant part of E: 2 − Q U_sq with U_sq = 2 − 4 · 0.5^r
    const = None if r is None else 2 - q * (2 - 4 * np.power(0.5, r))

    # pass 2: expected utilities with risk, offers, and each actor's chosen move
    least = opt.offer == "least_move"
    loser_moves = opt.conflict == "loser_moves"
    best_size = np.full((rows, n), np.inf)
    best_score = np.full((rows, n), -np.inf)
    best_move = np.zeros((rows, n))
    for delta, (d, length, c_lh, c_hl) in enumerate(pairs, start=1):
        m = n - delta
        lo_sl, hi_sl = np.s_[:, :m], np.s_[:, delta:]
        if r is None or const is None:
            e_lh = d * (2 - 4 * c_lh)
            e_hl = d * (2 - 4 * c_hl)
        else:
            half = 0.5 * d
            with np.errstate(divide="ignore"):
                log_s = np.log(0.5 - half)
            log_f = np.log(0.5 + half)
            e_lh = _eu_with_risk(log_s, log_f, r[lo_sl], c_lh, const[lo_sl])
            e_hl = _eu_with_risk(log_s, log_f, r[hi_sl], c_hl, const[hi_sl])
        if q < 1:
            r_l = None if r is None else r[lo_sl]
            r_h = None if r is None else r[hi_sl]
            e_lh -= (1 - q) * _no_challenge(xs[:, :m], length, mu, span, r_l)
            e_hl -= (1 - q) * _no_challenge(xs[:, delta:], length, mu, span, r_h)
        size_h = _move_size(e_lh, e_hl, length, loser_moves)  # H moves down toward L
        size_l = _move_size(e_hl, e_lh, length, loser_moves)  # L moves up toward H
        for sl, size, sign, score in ((hi_sl, size_h, -1.0, e_lh), (lo_sl, size_l, 1.0, e_hl)):
            if least:  # smallest move; on a tie, the challenger expecting most
                cur = best_size[sl]
                better = (size < cur) | ((size == cur) & (score > best_score[sl]))
                better &= size > 0
                np.copyto(cur, size, where=better)
            else:
                better = (size > 0) & (score > best_score[sl])
            np.copyto(best_score[sl], score, where=better)
            np.copyto(best_move[sl], sign * size, where=better)
    new_sorted = np.where(acts, xs + best_move, xs)
    out = np.empty_like(x)
    np.put_along_axis(out, order, new_sorted, axis=1)
    return np.where(active, out, x)


def _eu_with_risk(
    log_s: FloatArray, log_f: FloatArray, r: FloatArray, c: FloatArray, const: FloatArray
) -> FloatArray:
    """E^i(U_ij) with risk exponent r (eqs. 5–7, 15, 16, 24; Q-weighted status quo in
    `const` = 2 − Q U_sq): with e_s = (0.5 − 0.5d)^r, e_f = (0.5 + 0.5d)^r,
    U_s = 2 − 4 e_s, U_f = 2 − 4 e_f and c = s_j (1 − P),
    E = U_s − c (U_s − U_f) − Q U_sq = const − 4 (e_s + c (e_f − e_s))."""
    e_s = np.exp(r * log_s)
    e = np.exp(r * log_f)
    e -= e_s
    e *= c
    e += e_s
    e *= -4.0
    e += const
    return e


def _move_size(a: FloatArray, b: FloatArray, length: FloatArray, loser_moves: bool) -> FloatArray:
    """How far the target moves when a challenger with E = a meets a target with E = b (§6):
    compromise (a > 0 > b, |b| < a) → the fraction |b|/a of the distance (eq. 35);
    capitulation (a > 0 > b, |b| ≥ a) → all of it; conflict (a > b > 0) → all of it if
    `loser_moves`, else nothing; otherwise nothing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = b / a
    np.clip(frac, -1.0, 0.0, out=frac)
    if loser_moves:
        np.copyto(frac, -1.0, where=(b > 0) & (a > b))
    np.copyto(frac, 0.0, where=~(a > 0))
    frac *= length
    np.negative(frac, out=frac)
    return frac


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
    x = batch.x.astype(float)  # actors outside `active` keep their position and never move
    if opt.span == "scale":
        span = np.full(batch.rows, batch.hi - batch.lo)
    elif opt.span == "positions":
        span = np.max(np.where(active, x, -np.inf), axis=1) - np.min(
            np.where(active, x, np.inf), axis=1
        )
        span = np.where(np.isfinite(span), span, 0.0)
    else:
        raise ValueError(f"unknown span rule {opt.span!r}")
    frozen = (span <= 0) | (active.sum(axis=1) < 2)
    span = np.where(span <= 0, 1.0, span)

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
        if frozen.all():
            break
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
    return EUResult(forecast_of(x), rounds_run, positions, forecasts)


def eu_forecast(batch: Batch, options: EUOptions | None = None) -> FloatArray:
    """Just the forecast of `expected_utility`."""
    return expected_utility(batch, options).forecast
