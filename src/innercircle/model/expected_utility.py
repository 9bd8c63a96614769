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
from typing import Literal, TypeVar

import numpy as np
from numpy.typing import NDArray

from innercircle.model.batch import Batch, BoolArray, FloatArray, weighted_median_rows

_G = TypeVar("_G", bound=np.generic)
_MAX_PAIRS = 4_000_000  # rows × pairs held at once (the pair probabilities of one chunk)


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
    - chunk: rows processed at once (at most; memory: about chunk × n² / 2 floats, capped
      at 4 million pairs).
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
    chunk: int = 256


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


# Layout. A round works on actor-major arrays (n, B): column b is batch row b, sorted by
# position, so the pairs (i, i + δ) of all rows are the contiguous slices [:n − δ] and [δ:],
# and each pair quantity is an (n − δ, B) array. Arrays that are gathered from (prefix sums,
# the midpoint search haystack) are also kept row-major and flat, n + 1 slots per row:
# slot k of row b is at b (n + 1) + k.


@dataclass(frozen=True)
class _Sorted:
    """One round's rows sorted by position (absent actors last, weight 0), with the prefix
    sums that all pairs share."""

    xs: FloatArray  # (n, B) positions, ascending down each column
    ss: FloatArray  # (n, B) salience in 0–1
    acts: BoolArray  # (n, B)
    all_active: bool
    present: FloatArray  # (n, B): 1.0 for active actors, 0.0 for absent ones
    query_mask: FloatArray  # (n, B): 0.0 for active actors, −inf for absent ones
    wa: FloatArray  # (n, B): weight of the actors before index i
    ma2: FloatArray  # (n, B): 2 × weight × position of the actors before index i
    f: FloatArray  # (n, B): F(x_i) = Σ_k w_k |x_k − x_i|
    cw: FloatArray  # flat, row-major (B (n + 1),): weight of the actors before slot k
    cm2: FloatArray  # flat, row-major: 2 × weight × position of the actors before slot k
    hay: FloatArray  # flat, row-major: 2 × positions, +inf in the last slot of each row
    hay_rows: NDArray[np.complex128]  # row + 1j hay: sorted as a whole (complex numbers
    # compare lexicographically), for exact binary searches across rows
    first: NDArray[np.intp]  # (n, B): flat index of the first actor at x_i's position
    first_hay: FloatArray  # (n, B): hay at `first`
    tiny: FloatArray  # (1, B): denominators below this count as zero


def _sort_rows(xs: FloatArray, ws: FloatArray, ss: FloatArray, acts: BoolArray) -> _Sorted:
    """Prefix sums of (B, n) rows already sorted by position (absent actors last)."""
    rows, n = xs.shape
    zero = np.zeros((rows, 1))
    cw = np.concatenate([zero, np.cumsum(ws, axis=1)], axis=1)
    cm = np.concatenate([zero, np.cumsum(ws * xs, axis=1)], axis=1)
    total_w, total_m = cw[:, -1:], cm[:, -1:]
    left_w, left_m = cw[:, :-1], cm[:, :-1]
    f = xs * left_w - left_m + (total_m - left_m) - xs * (total_w - left_w)
    hay = np.concatenate([2 * xs, np.full((rows, 1), np.inf)], axis=1)
    # first index of each run of equal positions = #{k: x_k < x_i}
    new_run = np.ones((rows, n), dtype=bool)
    new_run[:, 1:] = xs[:, 1:] != xs[:, :-1]
    first = np.maximum.accumulate(np.where(new_run, np.arange(n), 0), axis=1)
    first += (np.arange(rows) * (n + 1))[:, None]
    reach = np.max(np.where(acts, np.abs(xs), 0.0), axis=1, keepdims=True)
    tiny = 1e-12 * np.maximum(total_w * (4 * reach + 10.0), 1e-300)
    hay_rows = np.empty(hay.shape, dtype=np.complex128)
    hay_rows.real = np.arange(rows)[:, None]
    hay_rows.imag = hay
    flat_hay = hay.ravel()

    def t(a: NDArray[_G]) -> NDArray[_G]:
        return np.ascontiguousarray(a.T)

    return _Sorted(
        xs=t(xs),
        ss=t(ss),
        acts=t(acts),
        all_active=bool(acts.all()),
        present=t(acts.astype(float)),
        query_mask=t(np.where(acts, 0.0, -np.inf)),
        wa=t(left_w),
        ma2=t(2 * left_m),
        f=t(f),
        cw=cw.ravel(),
        cm2=(2 * cm).ravel(),
        hay=flat_hay,
        hay_rows=hay_rows.ravel(),
        first=t(first),
        first_hay=t(flat_hay.take(first)),
        tiny=t(tiny),
    )


def _midpoints(
    st: _Sorted, bounds: NDArray[np.intp], at_low: FloatArray, query: FloatArray
) -> tuple[NDArray[np.intp], FloatArray]:
    """For each query (a + b of the pair (i, i + δ)), the flat index k of the first slot of
    its row whose 2x is not below it, and 2x there. Comparisons are exact: 2x < a + b.

    `bounds` are the midpoint indices of δ − 1 (or `st.first`): k is at least that of
    (i, i + δ − 1) and at most that of (i + 1, i + δ), since midpoints grow with both ends;
    `at_low` is 2x at the lower bound. 97% of the answers are within two slots above the
    lower bound, most of the others within two slots below the upper bound; the rest are
    found by a binary search over the rows laid end to end. Every row ends with +inf, so no
    step leaves its row."""
    pairs = query.shape[0]
    hay = st.hay
    k = bounds[:pairs] + (at_low < query)
    at = hay.take(k)
    k += at < query
    at = hay.take(k)
    more = at < query
    if more.any():
        todo = np.flatnonzero(more)
        q = query.reshape(-1)[todo]
        kk = bounds[1 : pairs + 1].reshape(-1)[todo]
        kk -= hay.take(kk - 1) >= q
        kk -= hay.take(kk - 1) >= q
        left = hay.take(kk - 1) >= q
        if left.any():
            far = np.flatnonzero(left)
            key = np.empty(far.size, dtype=np.complex128)
            key.real = kk[far] // (st.xs.shape[0] + 1)  # the row
            key.imag = q[far]
            kk[far] = np.searchsorted(st.hay_rows, key)
        k.reshape(-1)[todo] = kk
        at.reshape(-1)[todo] = hay.take(kk)
    return k, at


def _pair_probabilities(
    st: _Sorted, delta: int, start: NDArray[np.intp], at_start: FloatArray, how: str
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.intp], FloatArray]:
    """Win probabilities of the pairs (i, i + delta) of sorted positions, both directions.

    Returns, each (n − delta, B): P^low and P^high, the chance that the lower (higher) actor
    of each pair wins; the distances x_j − x_i; the midpoint search state (`_midpoints`).
    Call inside np.errstate(divide="ignore", invalid="ignore"). With a = x_i ≤ b = x_j,
    m = (a+b)/2 and W(t), M(t) the weight and weight × position of the actors left of t
    (prefix sums), the votes for the lower actor are
        Pos = (b−a) W(a) + (a+b)(W(m) − W(a)) − 2 (M(m) − M(a))
    and, since the net vote Pos − Neg = Σ_k w_k (|x_k − b| − |x_k − a|) = F(b) − F(a) with
    F(t) = Σ_k w_k |x_k − t|, the votes for the higher actor are Neg = Pos − (F(b) − F(a)).
    `start` are the midpoint indices of delta − 1 (or `st.first`), `at_start` 2x there.
    Pairs whose higher actor is absent get meaningless values (their distance is zeroed).
    """
    m = st.xs.shape[0] - delta
    a = st.xs[:m]
    b = st.xs[delta:]
    apb = a + b
    query = apb if st.all_active else apb + st.query_mask[delta:]
    k, at = _midpoints(st, start, at_start[:m], query)
    wa = st.wa[:m]
    pos = st.cw.take(k)
    pos -= wa
    pos *= apb
    mm2 = st.cm2.take(k)
    mm2 -= st.ma2[:m]
    pos -= mm2
    length = b - a
    pos += np.multiply(length, wa, out=mm2)
    np.maximum(pos, 0.0, out=pos)
    neg = np.subtract(st.f[delta:], st.f[:m], out=apb)
    np.subtract(pos, neg, out=neg)
    np.maximum(neg, 0.0, out=neg)
    if how == "supporters":
        denom = np.add(neg, pos, out=neg)
        ok = denom > st.tiny
        p_low = np.divide(pos, denom, out=pos)
        if not ok.all():
            p_low = np.where(ok, p_low, 0.5)
        return p_low, 1.0 - p_low, length, k, at
    if how == "net":
        denom = pos + neg
        ok = denom > st.tiny
        p_low = np.where(ok, np.maximum(pos - neg, 0.0) / denom, 0.5)
        p_high = np.where(ok, np.maximum(neg - pos, 0.0) / denom, 0.5)
        return p_low, p_high, length, k, at
    raise ValueError(f"unknown probability rule {how!r}")


def win_probabilities(xs: FloatArray, ws: FloatArray, how: str = "supporters") -> FloatArray:
    """P[b, i, j] = P^i_ij, the probability that i wins a contest against j (eq. 30):

        P^i_ij = Σ_{k: |x_k−x_i| < |x_k−x_j|} v_k / Σ_k |v_k|,   v_k = w_k (|x_k−x_j| − |x_k−x_i|)

    ("supporters"; "net" puts max(Σ_k v_k, 0) on top). `xs` must be sorted ascending in each
    row (absent actors last with weight 0). O(n²) per row from prefix sums (see
    `_pair_probabilities`). Pairs at the same position get 0.5.
    """
    xs = np.asarray(xs, dtype=float)
    rows, n = xs.shape
    ones = np.ones(xs.shape, dtype=bool)
    st = _sort_rows(xs, np.asarray(ws, dtype=float), np.zeros_like(xs), ones)
    out = np.full((rows, n, n), 0.5)
    idx = np.arange(n)
    start, at = st.first, st.first_hay
    with np.errstate(divide="ignore", invalid="ignore"):
        for delta in range(1, n):
            p_low, p_high, _, start, at = _pair_probabilities(st, delta, start, at, how)
            out[:, idx[: n - delta], idx[delta:]] = p_low.T
            out[:, idx[delta:], idx[: n - delta]] = p_high.T
    return out


def _no_challenge(
    x_challenger: FloatArray,
    length: FloatArray,
    mu: FloatArray,
    span: FloatArray,
    r: FloatArray | None,
) -> FloatArray:
    """T U_b + (1−T) U_w (eqs. 20–23): T = 1 if μ is nearer the challenger than the target.
    `mu` and `span` are (1, B)."""
    to_mu = np.abs(x_challenger - mu)
    e = np.minimum((to_mu + length) / span, 2.0)
    t = to_mu < length
    if r is None:
        return np.where(t, e, -e)
    u_b = 2 - 4 * np.power(np.clip(0.5 - 0.25 * e, 0.0, None), r)
    u_w = 2 - 4 * np.power(0.5 + 0.25 * e, r)
    return np.where(t, u_b, u_w)


def _risk_exponents(sec: FloatArray, active: BoolArray) -> FloatArray:
    """r_i = (1 − R_i/3) / (1 + R_i/3) (eq. 33) with
    R_i = (2 S_i − max_k S_k − min_k S_k) / (max_k S_k − min_k S_k) (eq. 34), S the security
    level (actors down axis 0); R_i = 0 when all security levels are equal."""
    hi = np.max(np.where(active, sec, -np.inf), axis=0, keepdims=True)
    lo = np.min(np.where(active, sec, np.inf), axis=0, keepdims=True)
    width = hi - lo
    ok = np.isfinite(width) & (width > 1e-12)
    with np.errstate(invalid="ignore"):
        big_r = np.where(ok, (2 * sec - hi - lo) / np.where(ok, width, 1.0), 0.0)
    big_r = np.clip(big_r, -1.0, 1.0)
    return np.asarray((1 - big_r / 3) / (1 + big_r / 3), dtype=float)


def _length(st: _Sorted, delta: int, length: FloatArray | None = None) -> FloatArray:
    """x_H − x_L of the pairs (i, i + delta) (`length`, changed in place, if given); 0
    where the higher actor is absent (absent actors sort last, so an active higher actor
    implies an active lower one)."""
    if length is None:
        length = st.xs[delta:] - st.xs[: st.xs.shape[0] - delta]
    if not st.all_active:
        length *= st.present[delta:]
    return length


def _round(
    x: FloatArray,
    w: FloatArray,
    s01: FloatArray,
    active: BoolArray,
    span: FloatArray,
    opt: EUOptions,
    exact: bool = False,
) -> tuple[FloatArray, BoolArray]:
    """One round of challenges and moves (Appendix steps 2–11) on (B, n) rows; returns the
    new positions and the rows that need a rerun with `exact=True` (see below).

    Works on the pairs (i, i + δ) of actors sorted by position, one δ at a time, so every
    array is an (n − δ, B) slice: no (B, n, n) arrays are built. For each pair L < H (lower,
    higher position) both directions are evaluated, E_LH = E^L(U_LH) and E_HL = E^H(U_HL),
    divided by 4 (by 8 without risk exponents): offers depend only on signs, ratios and
    comparisons, and scaling by a power of 2 is exact, so every result is bit for bit that
    of the unscaled formulas. A pair makes at most one offer, to the actor expecting less, so
    each actor keeps its best offer from below and its best from above. With `least_move`
    only the smallest move per side is kept: the challengers' expected utilities (then the
    order of visit) only matter between equal moves from both sides; rows where that
    happens are flagged, and `exact=True` keeps the full order of preference.
    """
    rows, n = x.shape
    if opt.risk not in ("adversary", "own", "off"):
        raise ValueError(f"unknown risk rule {opt.risk!r}")
    if opt.offer not in ("least_move", "strongest"):
        raise ValueError(f"unknown offer rule {opt.offer!r}")
    if opt.probability not in ("supporters", "net"):
        raise ValueError(f"unknown probability rule {opt.probability!r}")
    sentinel = np.max(np.abs(np.where(active, x, 0.0))) + 1.0
    key = np.where(active, x, sentinel * 2 + 1.0)
    order = np.argsort(key, axis=1, kind="stable")
    ws = np.take_along_axis(w, order, axis=1)
    acts_rows = np.take_along_axis(active, order, axis=1)
    xs_rows = np.take_along_axis(key, order, axis=1)
    st = _sort_rows(xs_rows, ws, np.take_along_axis(s01, order, axis=1), acts_rows)
    xs, ss, acts = st.xs, st.ss, st.acts
    q = opt.q
    mu = np.zeros((1, rows))
    if q < 1:
        mu[0] = _centre(xs_rows, ws, acts_rows, opt.mu)
    span_b = span[None, :]
    # half the relative distance d/2 = min(length / span, 1) / 2, exactly (scaling by 2)
    half_inv_span = 0.5 / span_b
    supporters = opt.probability == "supporters"

    # pass 1: probabilities and risk-neutral expected utilities → security levels, here in
    # units of 8: E/8 = (d/2)(1/2 − c), c = s_j (1 − P) (exact: scaling by powers of 2)
    chances: list[tuple[FloatArray, FloatArray]] = []  # per δ: c_LH, c_HL
    sec8 = np.zeros((n, rows))
    start, at = st.first, st.first_hay
    for delta in range(1, n):
        m = n - delta
        with np.errstate(divide="ignore", invalid="ignore"):
            p_low, p_high, length, start, at = _pair_probabilities(
                st, delta, start, at, opt.probability
            )
        # c = s_H (1 − P^L): the target's salience times the challenger's chance to lose
        if supporters:  # 1 − P^L = P^H
            c_lh = np.multiply(ss[delta:], p_high, out=p_high)
            c_hl = np.multiply(ss[:m], p_low, out=p_low)
        else:
            c_lh = ss[delta:] * (1 - p_low)
            c_hl = ss[:m] * (1 - p_high)
        chances.append((c_lh, c_hl))
        if opt.risk == "off":
            continue
        length = _length(st, delta, length)
        half = np.multiply(length, half_inv_span)
        np.minimum(half, 0.5, out=half)
        # E = 2d (1 − 2 s_j (1 − P)) with r = 1, plus the no-challenge term when Q < 1
        e_lh = np.subtract(0.5, c_lh)
        e_lh *= half
        e_hl = np.subtract(0.5, c_hl)
        e_hl *= half
        if q < 1:
            e_lh -= 0.125 * ((1 - q) * _no_challenge(xs[:m], length, mu, span_b, None))
            e_hl -= 0.125 * ((1 - q) * _no_challenge(xs[delta:], length, mu, span_b, None))
            e_lh[length == 0] = 0.0
            e_hl[length == 0] = 0.0
        if opt.risk == "adversary":  # Σ_j E^j(U_ji): what others expect from challenging i
            sec8[delta:] += e_lh
            sec8[:m] += e_hl
        else:  # "own"
            sec8[:m] += e_lh
            sec8[delta:] += e_hl
    r = None if opt.risk == "off" else _risk_exponents(8 * sec8, acts)
    # constant part of E/4: (2 − Q U_sq) / 4 with U_sq = 2 − 4 · 0.5^r
    const4 = None if r is None else 0.25 * (2 - q * (2 - 4 * np.power(0.5, r)))

    # pass 2: expected utilities with risk, offers, and each actor's chosen move
    loser_moves = opt.conflict == "loser_moves"
    track = exact or opt.offer == "strongest"
    # per actor, its best offer from below (it moves down) and from above (it moves up) as
    # −size (−inf: none), and when tracked the challenger's E/4 and δ
    down = np.full((n, rows), -np.inf)
    up = np.full((n, rows), -np.inf)
    down_e, up_e = np.full((n, rows), -np.inf), np.full((n, rows), -np.inf)
    down_d, up_d = np.zeros((n, rows), dtype=np.intp), np.zeros((n, rows), dtype=np.intp)
    with np.errstate(divide="ignore", invalid="ignore"):
        for delta, (c_lh, c_hl) in enumerate(chances, start=1):
            m = n - delta
            low, high = np.s_[:m], np.s_[delta:]
            length = _length(st, delta)
            half = np.multiply(length, half_inv_span)
            np.minimum(half, 0.5, out=half)
            if r is None or const4 is None:  # E/8 = (d/2)(1/2 − c)
                e_lh = np.subtract(0.5, c_lh, out=c_lh)
                e_lh *= half
                e_hl = np.subtract(0.5, c_hl, out=c_hl)
                e_hl *= half
            else:
                log_s = np.log(np.subtract(0.5, half))
                log_f = np.log(np.add(half, 0.5, out=half))
                e_lh = _quarter_eu(log_s, log_f, r[low], c_lh, const4[low])
                e_hl = _quarter_eu(log_s, log_f, r[high], c_hl, const4[high])
            if q < 1:
                r_l = None if r is None else r[low]
                r_h = None if r is None else r[high]
                unit = 0.125 if r is None else 0.25  # E/8 or E/4
                e_lh -= unit * ((1 - q) * _no_challenge(xs[low], length, mu, span_b, r_l))
                e_hl -= unit * ((1 - q) * _no_challenge(xs[high], length, mu, span_b, r_h))
            # the challenger expects more (hi > 0), the target less (lo): compromise
            # (lo < 0, |lo| < hi) → it moves the fraction |lo|/hi of the distance (eq. 35),
            # capitulation (|lo| ≥ hi) → all of it, conflict (lo > 0) → all of it if
            # `loser_moves`, else nothing
            hi = np.maximum(e_lh, e_hl)
            frac = np.minimum(e_lh, e_hl)
            if loser_moves:
                conflict = (frac > 0) & (hi > frac)
            np.divide(frac, hi, out=frac)
            if loser_moves:
                frac[conflict] = -1.0
            np.maximum(frac, -1.0, out=frac)
            neg_size = np.multiply(frac, length, out=frac)  # −(size of the move)
            offer = neg_size < 0
            offer &= hi > 0
            to_high = e_lh > e_hl  # L challenges, H moves down
            to_low = offer > to_high
            to_high &= offer
            cand_down = np.where(to_high, neg_size, -np.inf)
            cand_up = np.where(to_low, neg_size, -np.inf)
            if not track:
                np.maximum(down[high], cand_down, out=down[high])
                np.maximum(up[low], cand_up, out=up[low])
                continue
            for best, best_e, best_d, cand, score, sl in (
                (down, down_e, down_d, cand_down, np.where(to_high, e_lh, -np.inf), high),
                (up, up_e, up_d, cand_up, np.where(to_low, e_hl, -np.inf), low),
            ):
                if opt.offer == "least_move":  # the smallest move, then the strongest
                    better = (cand > best[sl]) | ((cand == best[sl]) & (score > best_e[sl]))
                else:
                    better = score > best_e[sl]
                best[sl] = np.where(better, cand, best[sl])
                best_e[sl] = np.where(better, score, best_e[sl])
                best_d[sl] = np.where(better, delta, best_d[sl])
    has_down, has_up = down > -np.inf, up > -np.inf
    if opt.offer == "least_move":
        tie = (down == up) & has_down
        from_below = (down > up) | tie
        # equal moves from both sides: the challenger expecting most, then the nearer one,
        # then the one below (visited first)
        pick_below = (down_e > up_e) | ((down_e == up_e) & (down_d <= up_d))
    else:
        tie = has_down & has_up & (down_e == up_e)
        from_below = (has_down & (down_e > up_e)) | tie
        pick_below = down_d <= up_d
    if track:
        from_below &= ~tie | pick_below
    move = np.where(from_below, down, np.where(has_up, -up, 0.0))
    new_sorted = np.where(acts, xs + move, xs)
    out = np.empty_like(x)
    np.put_along_axis(out, order, new_sorted.T, axis=1)
    recheck = np.zeros(rows, dtype=bool) if track else tie.any(axis=0)
    return np.where(active, out, x), recheck


def _quarter_eu(
    log_s: FloatArray, log_f: FloatArray, r: FloatArray, c: FloatArray, const4: FloatArray
) -> FloatArray:
    """E^i(U_ij) / 4 with risk exponent r (eqs. 5–7, 15, 16, 24; Q-weighted status quo in
    `const4` = (2 − Q U_sq) / 4): with e_s = (0.5 − 0.5d)^r, e_f = (0.5 + 0.5d)^r,
    U_s = 2 − 4 e_s, U_f = 2 − 4 e_f and c = s_j (1 − P),
    E = U_s − c (U_s − U_f) − Q U_sq = 4 (const4 − (e_s + c (e_f − e_s)))."""
    e_s = np.exp(r * log_s)
    e = np.exp(r * log_f)
    e -= e_s
    e *= c
    e += e_s
    return np.subtract(const4, e, out=e)


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
    pairs = batch.n * (batch.n - 1) // 2
    chunk = max(1, min(opt.chunk, _MAX_PAIRS // max(pairs, 1)))
    for _ in range(opt.rounds):
        if frozen.all():
            break
        new = x.copy()
        live = np.flatnonzero(~frozen)
        for start in range(0, live.size, chunk):
            rows = live[start : start + chunk]
            moved_rows, recheck = _round(
                x[rows], w_all[rows], s01[rows], active[rows], span[rows], opt
            )
            if recheck.any():  # equal offers from both sides: rerun those rows exactly
                rows = rows[recheck]
                moved_rows[recheck] = _round(
                    x[rows], w_all[rows], s01[rows], active[rows], span[rows], opt, exact=True
                )[0]
            new[live[start : start + chunk]] = moved_rows
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
