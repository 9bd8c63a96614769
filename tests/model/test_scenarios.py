"""Monte Carlo sampling, scenarios (remove / add / change actors) and sensitivity."""

from __future__ import annotations

import numpy as np
import pytest

from innercircle.model.compromise import compromise
from innercircle.model.issue import Actor, Issue, Scale, Uncertain
from innercircle.model.montecarlo import sample, summarise
from innercircle.model.registry import MODELS, model_names
from innercircle.model.scenario import changed, sensitivity, with_actor, without


def issue() -> Issue:
    return Issue(
        name="test",
        scale=Scale("peace", "war"),
        leader="Leader",
        actors=(
            Actor("Leader", 40.0, 90.0, 100.0),
            Actor("Hawk", 90.0, 80.0, 50.0, position_dist=Uncertain("uniform", 70.0, 100.0)),
            Actor("Dove", 10.0, 60.0, 50.0, salience_dist=Uncertain("normal", sd=10.0)),
        ),
    )


def test_without_removes_named_actors_case_insensitively() -> None:
    out = without(issue(), ["hawk"])
    assert out.names == ["Leader", "Dove"]
    assert issue().names == ["Leader", "Hawk", "Dove"]  # the original is untouched


def test_without_unknown_actor_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="Leader, Hawk, Dove"):
        without(issue(), ["Nobody"])


def test_removing_the_leader_drops_the_leader_model() -> None:
    out = without(issue(), ["Leader"])
    assert out.leader is None
    assert "leader" not in model_names("all", has_leader=False)


def test_with_actor_and_changed_move_the_compromise() -> None:
    base = issue()
    # weights 9000·40 + 4000·90 + 3000·10 = 750000 / 16000 = 46.875
    from innercircle.model.batch import Batch

    assert compromise(Batch.from_issue(base))[0] == pytest.approx(46.875)
    more = with_actor(base, Actor("Envoy", 0.0, 100.0, 40.0))  # + 4000 weight at 0
    assert compromise(Batch.from_issue(more))[0] == pytest.approx(750000 / 20000)
    weaker = changed(base, "hawk", capability=0.0)
    assert compromise(Batch.from_issue(weaker))[0] == pytest.approx(390000 / 12000)
    assert weaker.actors[1].position_dist is not None  # only capability was set


def test_sample_is_seeded_and_respects_bounds() -> None:
    a = sample(issue(), 500, seed=7)
    b = sample(issue(), 500, seed=7)
    c = sample(issue(), 500, seed=8)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.s, b.s)
    assert not np.array_equal(a.x, c.x)
    assert a.x.shape == (500, 3)
    assert np.all(a.x[:, 0] == 40.0)  # certain input repeats
    assert np.all((a.x[:, 1] >= 70) & (a.x[:, 1] <= 100))
    assert np.all((a.s >= 0) & (a.s <= 100))
    assert a.x[:, 1].std() > 5


def test_monte_carlo_distribution_brackets_the_point_forecast() -> None:
    batch = sample(issue(), 2000, seed=1)
    dist = summarise(MODELS["compromise"].run(batch))
    assert dist.draws == 2000
    assert dist.p05 < dist.median < dist.p95
    # the hawk's range is centred on 85 < 90, so the mean forecast sits below the point value
    assert dist.mean < 46.875


def test_sensitivity_ranks_actors_by_shift() -> None:
    base, rows = sensitivity(issue(), MODELS["compromise"].run)
    assert base == pytest.approx(46.875)
    by_name = {r.actor: r for r in rows}
    # without the hawk: (9000·40 + 3000·10) / 12000 = 32.5
    assert by_name["Hawk"].forecast_without == pytest.approx(32.5)
    assert by_name["Hawk"].shift == pytest.approx(32.5 - 46.875)
    assert abs(rows[0].shift) >= abs(rows[-1].shift)


def test_model_names() -> None:
    assert model_names("all", has_leader=True) == ["compromise", "median", "nash", "eu", "leader"]
    assert model_names("EU, median", has_leader=False) == ["eu", "median"]
    with pytest.raises(ValueError, match="unknown"):
        model_names("oracle", has_leader=True)
    with pytest.raises(ValueError, match="leader"):
        model_names("leader", has_leader=False)


def test_issue_validation_messages() -> None:
    with pytest.raises(ValueError, match="outside the scale"):
        Issue("x", (Actor("A", 120.0, 50.0, 1.0),))
    with pytest.raises(ValueError, match="twice"):
        Issue("x", (Actor("A", 10.0, 50.0, 1.0), Actor("a", 20.0, 50.0, 1.0)))
    with pytest.raises(ValueError, match="salience"):
        Actor("A", 10.0, 150.0, 1.0)
    with pytest.raises(ValueError, match="leader"):
        Issue("x", (Actor("A", 10.0, 50.0, 1.0),), leader="B")
