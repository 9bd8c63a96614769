"""Hand-computed cases for the compromise, weighted-median, Nash and leader models."""

from __future__ import annotations

import numpy as np
import pytest

from innercircle.model.batch import Batch
from innercircle.model.compromise import compromise
from innercircle.model.leader import leader_decides
from innercircle.model.median import weighted_median
from innercircle.model.nash import nash_bargaining


def test_compromise_is_capability_times_salience_weighted_mean() -> None:
    # weights c*s: 2*50=100, 1*100=100, 4*50=200 → (100*10 + 100*40 + 200*80)/400 = 52.5
    b = Batch.from_arrays([10.0, 40.0, 80.0], [2.0, 1.0, 4.0], [50.0, 100.0, 50.0])
    assert compromise(b)[0] == pytest.approx(52.5)


def test_compromise_ignores_absent_actors_and_rows_are_independent() -> None:
    x = np.array([[10.0, 40.0, np.nan], [0.0, 100.0, 50.0]])
    b = Batch.from_arrays(x, [1.0, 1.0, 2.0], [100.0, 100.0, 100.0])
    # row 0: (10+40)/2 = 25; row 1: (0 + 100 + 2*50)/4 = 50
    assert compromise(b) == pytest.approx([25.0, 50.0])


def test_compromise_without_weight_falls_back_to_plain_mean() -> None:
    b = Batch.from_arrays([20.0, 60.0], [1.0, 1.0], [0.0, 0.0])
    assert compromise(b)[0] == pytest.approx(40.0)


def test_weighted_median_picks_the_actor_holding_the_middle_weight() -> None:
    # sorted: 10 (w 1), 40 (w 1), 80 (w 3); half of 5 = 2.5 reached at 80
    b = Batch.from_arrays([40.0, 80.0, 10.0], [1.0, 3.0, 1.0], [100.0, 100.0, 100.0])
    assert weighted_median(b)[0] == 80.0


def test_weighted_median_exact_half_goes_to_lower_position() -> None:
    b = Batch.from_arrays([30.0, 70.0], [1.0, 1.0], [50.0, 50.0])
    assert weighted_median(b)[0] == 30.0


def test_nash_two_actors_weighted_two_to_one() -> None:
    # max 2 log(100 − y) + log(y) → −2/(100−y) + 1/y = 0 → y = 100/3
    b = Batch.from_arrays([0.0, 100.0], [2.0, 1.0], [100.0, 100.0])
    assert nash_bargaining(b)[0] == pytest.approx(100 / 3, abs=1e-6)


def test_nash_quadratic_symmetric_case_is_the_midpoint() -> None:
    b = Batch.from_arrays([20.0, 80.0], [1.0, 1.0], [60.0, 60.0])
    assert nash_bargaining(b, utility="quadratic")[0] == pytest.approx(50.0, abs=1e-6)


def test_nash_status_quo_between_actors_is_kept() -> None:
    # actors on both sides of q = 50: only q leaves nobody worse off
    b = Batch.from_arrays([20.0, 80.0], [1.0, 3.0], [100.0, 100.0], status_quo=50.0)
    assert nash_bargaining(b, disagreement="status_quo")[0] == pytest.approx(50.0)


def test_nash_status_quo_on_one_side() -> None:
    # q = 0, actors at 60 and 100 (equal weights): gains 60 − |60−y|, 100 − |100−y| on
    # [0, 120]∩[0, 100]; for y in (60, 100): d/dy = −1/(120−y) + 1/y = 0 → y = 60.
    # For y < 60 both gains grow, so the optimum is y = 60.
    b = Batch.from_arrays([60.0, 100.0], [1.0, 1.0], [100.0, 100.0], status_quo=0.0)
    assert nash_bargaining(b, disagreement="status_quo")[0] == pytest.approx(60.0, abs=1e-6)


def test_leader_moves_toward_trusted_advice() -> None:
    # leader at 80; advisers 20 (t=1, c*s=1) and 50 (t=0.5, c*s=2): advice weights 1 and 1
    # → a = 35; λ = 0.5 → 80 + 0.5 (35 − 80) = 57.5
    b = Batch.from_arrays(
        [80.0, 20.0, 50.0], [1.0, 1.0, 2.0], [100.0, 100.0, 100.0], trust=[1.0, 1.0, 0.5], leader=0
    )
    assert leader_decides(b, deference=0.5)[0] == pytest.approx(57.5)


def test_leader_default_deference_with_full_trust_equals_compromise() -> None:
    x, c, s = [80.0, 20.0, 50.0], [3.0, 1.0, 2.0], [90.0, 60.0, 30.0]
    b = Batch.from_arrays(x, c, s, leader=0)
    assert leader_decides(b)[0] == pytest.approx(compromise(b)[0])


def test_leader_default_deference_hand_case() -> None:
    # leader 80 (c*s = 2), adviser 20 (c*s = 2, trust 0.5 → advice weight 1):
    # λ = 1 / (1 + 2) → 80 + (20 − 80)/3 = 60
    b = Batch.from_arrays([80.0, 20.0], [2.0, 2.0], [100.0, 100.0], trust=[1.0, 0.5], leader=0)
    assert leader_decides(b)[0] == pytest.approx(60.0)


def test_leader_absent_falls_back_to_advice() -> None:
    b = Batch.from_arrays([np.nan, 20.0, 40.0], [1.0, 1.0, 1.0], [100.0, 100.0, 100.0], leader=0)
    assert leader_decides(b, deference=0.2)[0] == pytest.approx(30.0)
