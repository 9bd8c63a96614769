"""The DEU reader and the backtest: the project's published baselines must reproduce."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innercircle.model.backtest import (
    cross_validate,
    fit_blend,
    proposal_folds,
    run_backtest,
)
from innercircle.model.compromise import compromise
from innercircle.model.deu import council_votes, read_deu
from innercircle.model.median import weighted_median


def test_council_votes_are_the_nice_weights() -> None:
    votes = council_votes()
    assert votes["de"] == votes["uk"] == 29 and votes["mt"] == 3 and votes["cr"] == 7
    members = {k: v for k, v in votes.items() if k not in ("com", "ep")}
    assert len(members) == 28 and sum(members.values()) == 352


def test_read_deu_layout(deu_file: Path) -> None:
    d = read_deu(deu_file)
    assert len(d.actors) == 30 and d.actors[:2] == ("com", "ep")
    assert d.positions.shape == (364, 30)
    assert int(d.scored.sum()) == 353
    assert int((~np.isnan(d.reference) & d.scored).sum()) == 253
    assert d.gdp[d.actors.index("de")] == pytest.approx(4.1)
    assert len(set(d.proposal)) < len(d.proposal)


def test_published_baselines_reproduce(deu_file: Path) -> None:
    d = read_deu(deu_file)
    y, m = d.outcome, d.scored
    votes = d.batch("votes")
    assert np.mean(np.abs(compromise(votes)[m] - y[m])) == pytest.approx(22.98, abs=0.05)
    assert np.mean(np.abs(weighted_median(votes)[m] - y[m])) == pytest.approx(28.63, abs=0.01)
    assert np.mean(np.abs(compromise(d.batch("gdp"))[m] - y[m])) == pytest.approx(23.09, abs=0.01)
    equal = compromise(d.batch("equal"))
    assert np.mean(np.abs(equal[m] - y[m])) == pytest.approx(23.61, abs=0.01)


def test_backtest_table(deu_file: Path) -> None:
    result = run_backtest(read_deu(deu_file))
    rows = {(r.model, r.capability): r for r in result.rows}
    assert rows[("constant 50", "—")].mae == pytest.approx(28.02, abs=0.01)
    sq = rows[("status quo (reference point)", "—")]
    assert sq.mae == pytest.approx(51.11, abs=0.01) and sq.n == 253
    assert rows[("Commission position", "—")].mae == pytest.approx(37.70, abs=0.01)
    assert rows[("compromise (weighted mean)", "votes")].mae == pytest.approx(22.98, abs=0.05)
    eu = rows[("expected utility (Scholz et al.)", "votes")]
    assert 25 < eu.mae < 32  # published re-implementations score about 28
    fitted = [r for r in result.rows if r.fitted]
    assert fitted and all("CV by proposal" in r.fitted for r in fitted)
    assert all(r.n == 353 for r in fitted)


def test_folds_keep_each_proposal_together() -> None:
    proposals = ("a", "a", "b", "c", "c", "c", "d", "e")
    folds = proposal_folds(proposals, 3, seed=1)
    for p in set(proposals):
        assert len({f for f, q in zip(folds, proposals, strict=True) if q == p}) == 1
    assert np.array_equal(folds, proposal_folds(proposals, 3, seed=1))


def test_cross_validation_never_trains_on_the_test_fold() -> None:
    folds = np.array([0, 0, 1, 1, 2, 2])
    seen: list[tuple[set[int], set[int]]] = []

    def predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        seen.append((set(train.tolist()), set(test.tolist())))
        return np.zeros(len(test))

    cross_validate(predict, folds, np.ones(6, dtype=bool))
    assert len(seen) == 3
    assert all(not (train & test) for train, test in seen)


def test_fit_blend_recovers_the_exact_component() -> None:
    rng = np.random.default_rng(0)
    parts = rng.uniform(0, 100, (50, 3))
    beta = fit_blend(parts, parts[:, 1])
    assert beta == pytest.approx([0.0, 1.0, 0.0], abs=1e-6)


def test_one_deu_issue_as_an_issue_gives_the_same_forecast(deu_file: Path) -> None:
    d = read_deu(deu_file)
    from innercircle.model.batch import Batch

    issue = d.issue(0, "votes")
    assert issue.name.startswith("d00032i1")
    assert all(a.name in d.actors for a in issue.actors)
    row = compromise(d.batch("votes"))[0]
    assert compromise(Batch.from_issue(issue))[0] == pytest.approx(row)
