"""The expected-utility model: hand-computed probabilities, utilities and moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innercircle.model.batch import Batch
from innercircle.model.expected_utility import EUOptions, expected_utility, win_probabilities


def brute_force_p(x: np.ndarray, w: np.ndarray, how: str) -> np.ndarray:
    """Eq. 30 straight from its definition, O(n³)."""
    n = len(x)
    p = np.full((n, n), 0.5)
    for i in range(n):
        for j in range(n):
            if i == j or x[i] == x[j]:
                continue
            v = w * (np.abs(x - x[j]) - np.abs(x - x[i]))
            den = np.abs(v).sum()
            if den <= 0:
                continue
            p[i, j] = v[v > 0].sum() / den if how == "supporters" else max(v.sum(), 0) / den
    return p


def test_win_probabilities_hand_case() -> None:
    # A at 0 (w 3), C at 40 (w 1), B at 100 (w 1), sorted A, C, B.
    # P^A_AB: votes A 3·100=300, C 1·(60−40)=20, B −100 → 320/420
    # P^A_AC: A 3·40=120, C −40, B 1·(60−100)=−40 → 120/200
    # P^C_CB: A 3·(100−40)=180, C 60, B −60 → 240/300
    xs = np.array([[0.0, 40.0, 100.0]])
    ws = np.array([[3.0, 1.0, 1.0]])
    p = win_probabilities(xs, ws)[0]
    assert p[0, 2] == pytest.approx(320 / 420)
    assert p[0, 1] == pytest.approx(120 / 200)
    assert p[1, 2] == pytest.approx(240 / 300)
    assert p[2, 0] == pytest.approx(1 - 320 / 420)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 10.0, 25.0, 50.0, 50.0, 75.0, 100.0, 33.3, 66.6]),
            st.floats(0.0, 5.0),
        ),
        min_size=2,
        max_size=9,
    ),
    st.sampled_from(["supporters", "net"]),
)
def test_win_probabilities_match_the_definition(
    actors: list[tuple[float, float]], how: str
) -> None:
    x = np.array([a[0] for a in actors])
    w = np.array([a[1] for a in actors])
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    fast = win_probabilities(xs[None], ws[None], how)[0]
    slow = brute_force_p(xs, ws, how)
    mask = xs[:, None] != xs[None, :]
    assert np.allclose(fast[mask], slow[mask], atol=1e-9)


def two_actors() -> Batch:
    # A at 0 (c 1, s 80), B at 100 (c 1, s 40); R = 100 so d = 1.
    return Batch.from_arrays([0.0, 100.0], [1.0, 1.0], [80.0, 40.0])


def test_risk_neutral_round_hand_case_compromise() -> None:
    # P^A_AB = 0.8 / 1.2 = 2/3. With r = 1: U_s = 2d = 2, U_f = −2, U_sq = 0, so
    # E^A(U_AB) = 2 (1 − 2·0.4·(1/3)) = 1.4667 and E^B(U_BA) = 2 (1 − 2·0.8·(2/3)) = −0.1333.
    # a > 0 > b, |a| > |b|: B compromises, moving (0 − 100)·|b/a| = −100/11.
    res = expected_utility(two_actors(), EUOptions(rounds=1, risk="off"), history=True)
    after = res.positions[1][0]
    assert after[0] == pytest.approx(0.0)
    assert after[1] == pytest.approx(100 - 100 / 11)


def test_risk_exponents_turn_the_same_pair_into_a_conflict() -> None:
    # First pass as above; security (adversary): S_A = E^B(U_BA) = −2/15, S_B = 22/15
    # → R_A = −1, r_A = 2; R_B = +1, r_B = 0.5. Second pass, d = 1: U_s = 2, U_f = −2,
    # U_sq = 2 − 4·0.5^r → 1 (A), 2 − 2√2 (B).
    # E^A = 0.4 (2/3·2 − 1/3·2) + 0.6·2 − 1 = 7/15 > 0
    # E^B = 0.8 (1/3·2 − 2/3·2) + 0.2·2 − (2 − 2√2) = 2√2 − 2.1333 > 0 and larger:
    # a conflict that A (the lower expected utility) loses.
    stay = expected_utility(two_actors(), EUOptions(rounds=1, conflict="stay"), history=True)
    assert stay.positions[1][0] == pytest.approx([0.0, 100.0])
    lose = expected_utility(two_actors(), EUOptions(rounds=1, conflict="loser_moves"), history=True)
    assert lose.positions[1][0] == pytest.approx([100.0, 100.0])


def test_capitulation_moves_fully() -> None:
    # A at 0 (c 1, s 100), B at 100 (c 1, s 100): P = 1/2; r = 1:
    # E^A = 2 (1 − 2·1·0.5) = 0 → no challenge either way; nobody moves.
    b = Batch.from_arrays([0.0, 100.0], [1.0, 1.0], [100.0, 100.0])
    res = expected_utility(b, EUOptions(rounds=1, risk="off"), history=True)
    assert res.positions[1][0] == pytest.approx([0.0, 100.0])
    # A three times stronger: P^A = 3/4; E^A = 2 (1 − 2·0.25) = 1, E^B = 2 (1 − 2·0.75) = −1,
    # |b| ≥ |a|: B capitulates to 0.
    b = Batch.from_arrays([0.0, 100.0], [3.0, 1.0], [100.0, 100.0])
    res = expected_utility(b, EUOptions(rounds=1, risk="off"), history=True)
    assert res.positions[1][0] == pytest.approx([0.0, 0.0])


def emission_standards() -> Batch:
    """BDM (1994) Table 1 as reproduced by Scholz et al. (2011) Table 1: EC emission standards
    for medium-sized cars, positions in years (4–10)."""
    x = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]  # NL BE LU DE FR IT UK IE DK EL
    c = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
    s = [80, 40, 20, 80, 60, 60, 90, 10, 100, 70]
    return Batch.from_arrays(np.array(x, float), np.array(c), np.array(s, float), lo=4, hi=10)


def test_emission_standards_median_moves_toward_the_strong_late_bloc() -> None:
    # Scholz report the median at 8.4 after round 1 and 9.9 after rounds 2–5; BDM's own
    # forecast settled at 9.05 (actual 8.83). The start is 7 (weighted median of Table 1).
    res = expected_utility(emission_standards(), EUOptions(rounds=5), history=True)
    assert res.forecasts[0][0] == pytest.approx(7.0)
    assert 8.4 <= res.forecasts[1][0] <= 10.0
    assert abs(res.forecast[0] - 9.9) <= 1.0


def test_rows_are_independent_and_chunking_does_not_change_results() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, (7, 12))
    c = rng.uniform(0.1, 5, (7, 12))
    s = rng.uniform(5, 100, (7, 12))
    x[2, 3] = np.nan  # an absent actor in one row
    whole = expected_utility(Batch.from_arrays(x, c, s), EUOptions(chunk=7)).forecast
    small = expected_utility(Batch.from_arrays(x, c, s), EUOptions(chunk=2)).forecast
    one = [expected_utility(Batch.from_arrays(x[k], c[k], s[k])).forecast[0] for k in range(len(x))]
    # identical, not just close: a row's result does not depend on the rows around it
    assert np.array_equal(whole, small)
    assert np.array_equal(whole, one)


def test_equal_moves_from_both_sides_go_to_the_challenger_expecting_more() -> None:
    # The nearly weightless actor at 50 is offered capitulation from both sides, 50 each
    # way: by the one at 0 (c 4, expecting E = 0.048 from the challenge, with risk) and by
    # the one at 100 (c 3, E = 0.011; the actor at 85 only shapes the votes). Equal moves go
    # to the challenger expecting more, so it moves to 0; mirrored, to 100.
    c, s = [4.0, 0.01, 3.0, 2.0], [90.0, 100.0, 90.0, 70.0]
    b = Batch.from_arrays([0.0, 50.0, 100.0, 85.0], c, s)
    assert expected_utility(b, EUOptions(rounds=1), history=True).positions[1][0] == (
        pytest.approx([0.0, 0.0, 100.0, 85.0])
    )
    b = Batch.from_arrays([100.0, 50.0, 0.0, 15.0], c, s)
    assert expected_utility(b, EUOptions(rounds=1), history=True).positions[1][0] == (
        pytest.approx([100.0, 100.0, 0.0, 15.0])
    )


def test_absent_and_zero_weight_actors_do_not_change_the_forecast() -> None:
    base = Batch.from_arrays([10.0, 60.0, 90.0], [2.0, 1.0, 1.0], [80.0, 50.0, 70.0])
    more = Batch.from_arrays(
        [10.0, 60.0, 90.0, np.nan, 30.0], [2.0, 1.0, 1.0, 5.0, 4.0], [80.0, 50.0, 70.0, 90, 0.0]
    )
    assert expected_utility(more).forecast[0] == pytest.approx(expected_utility(base).forecast[0])


def test_forecast_stays_on_the_scale_and_among_positions() -> None:
    rng = np.random.default_rng(5)
    x = rng.choice([0.0, 20.0, 50.0, 80.0, 100.0], (20, 9))
    b = Batch.from_arrays(x, rng.uniform(0, 3, (20, 9)), rng.uniform(0, 100, (20, 9)))
    f = expected_utility(b).forecast
    assert np.all((f >= 0) & (f <= 100))


@pytest.mark.parametrize(
    "bad",
    [EUOptions(q=1.5), EUOptions(rounds=-1), EUOptions(risk="maybe")],  # type: ignore[arg-type]
)
def test_bad_options_are_refused(bad: EUOptions) -> None:
    with pytest.raises(ValueError):
        expected_utility(two_actors(), bad)


def test_rows_without_weight_fall_back_to_the_plain_median() -> None:
    b = Batch.from_arrays([30.0, 70.0, 90.0], [1.0, 0.0, 2.0], [0.0, 50.0, 0.0])
    assert expected_utility(b).forecast[0] == pytest.approx(70.0)
