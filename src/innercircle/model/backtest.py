"""Backtest the decision models on recorded outcomes (the DEU file): mean absolute error.

Every model forecasts every issue that has an outcome; the error is |forecast − outcome| on the
0–100 scale. Capability-dependent models run once per capability source (Council votes, GDP).
Baselines: constant 50, the status quo (reference point; only issues that have one) and the
Commission's position. Models with fitted parameters are scored out of sample only: K-fold
cross-validation with folds made of whole proposals (all issues of a proposal are in the same
fold), so a forecast never uses parameters fitted on its own proposal.

This module computes the table; the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.compromise import compromise
from innercircle.model.deu import DeuData, council_votes_source
from innercircle.model.expected_utility import EUOptions, eu_forecast
from innercircle.model.leader import leader_decides
from innercircle.model.median import weighted_median
from innercircle.model.nash import nash_bargaining

DEFAULT_FOLDS = 10
LAMBDA_GRID = np.linspace(0.0, 1.0, 101)


@dataclass(frozen=True)
class Row:
    """One line of the backtest table."""

    model: str
    capability: str  # "votes", "gdp" or "—"
    n: int
    mae: float
    rmse: float
    median_ae: float
    fitted: str = ""  # how parameters were fitted, if any

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class BacktestResult:
    rows: list[Row]
    issues: int
    scored: int
    folds: int
    seed: int
    source: str
    capability_sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "issues": self.issues,
            "scored": self.scored,
            "folds": self.folds,
            "seed": self.seed,
            "capability_sources": self.capability_sources,
            "rows": [r.as_dict() for r in self.rows],
        }


def _row(
    model: str, capability: str, forecast: FloatArray, outcome: FloatArray, fitted: str = ""
) -> Row:
    ok = ~np.isnan(forecast) & ~np.isnan(outcome)
    err = np.abs(forecast[ok] - outcome[ok])
    if err.size == 0:
        nan = float("nan")
        return Row(model, capability, 0, nan, nan, nan, fitted)
    return Row(
        model,
        capability,
        int(err.size),
        float(err.mean()),
        float(np.sqrt((err**2).mean())),
        float(np.median(err)),
        fitted,
    )


def proposal_folds(proposals: tuple[str, ...], k: int, seed: int) -> np.ndarray[Any, Any]:
    """Fold number per issue; every proposal's issues share one fold (seeded shuffle)."""
    unique = sorted(set(proposals))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(unique))
    fold_of = {unique[j]: int(pos % k) for pos, j in enumerate(order)}
    return np.array([fold_of[p] for p in proposals])


def cross_validate(
    predict: Callable[[np.ndarray[Any, Any], np.ndarray[Any, Any]], FloatArray],
    folds: np.ndarray[Any, Any],
    usable: np.ndarray[Any, Any],
) -> FloatArray:
    """Out-of-sample forecasts: for each fold f, `predict(train_rows, test_rows)` fits on the
    usable issues outside f and forecasts the issues in f."""
    out = np.full(folds.shape[0], np.nan)
    for f in np.unique(folds):
        test = np.flatnonzero(folds == f)
        train = np.flatnonzero((folds != f) & usable)
        out[test] = predict(train, test)
    return out


def fit_deference(forecasts: FloatArray, outcome: FloatArray) -> float:
    """The λ on `LAMBDA_GRID` whose leader forecasts (one column per λ) have the lowest MAE."""
    err = np.nanmean(np.abs(forecasts - outcome[:, None]), axis=0)
    return float(LAMBDA_GRID[int(np.nanargmin(err))])


def fit_blend(components: FloatArray, outcome: FloatArray) -> FloatArray:
    """Weights β ≥ 0, Σβ = 1 minimising Σ|outcome − components @ β| (an exact LP)."""
    n, m = components.shape
    # variables: β (m), u (n); minimise Σu subject to ±(y − Fβ) ≤ u
    c = np.concatenate([np.zeros(m), np.ones(n)])
    a_ub = np.block([[-components, -np.eye(n)], [components, -np.eye(n)]])
    b_ub = np.concatenate([-outcome, outcome])
    a_eq = np.concatenate([np.ones(m), np.zeros(n)])[None, :]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    if not res.success:  # pragma: no cover - the LP is always feasible and bounded
        return np.full(m, 1.0 / m)
    return np.asarray(res.x[:m], dtype=float)


def run_backtest(
    data: DeuData,
    *,
    capabilities: tuple[str, ...] = ("votes", "gdp"),
    folds: int = DEFAULT_FOLDS,
    seed: int = 0,
    eu_options: EUOptions | None = None,
) -> BacktestResult:
    """MAE of every model and baseline on the issues of `data` that have an outcome."""
    y = data.outcome
    scored = data.scored
    fold = proposal_folds(data.proposal, folds, seed)
    rows: list[Row] = [
        _row("constant 50", "—", np.full_like(y, 50.0), y),
        _row("status quo (reference point)", "—", data.reference.copy(), y),
    ]
    if "com" in data.actors:
        rows.append(
            _row("Commission position", "—", data.positions[:, data.actors.index("com")], y)
        )
    for cap in capabilities:
        batch = data.batch(cap)
        comp = compromise(batch)
        med = weighted_median(batch)
        nash = nash_bargaining(batch)
        eu = eu_forecast(batch, eu_options)
        rows += [
            _row("compromise (weighted mean)", cap, comp, y),
            _row("weighted median", cap, med, y),
            _row("Nash bargaining", cap, nash, y),
            _row("expected utility (Scholz et al.)", cap, eu, y),
        ]
        if batch.leader is not None:
            grid = np.column_stack([leader_decides(batch, deference=lam) for lam in LAMBDA_GRID])

            lams: list[float] = []

            def predict_leader(
                train: np.ndarray[Any, Any],
                test: np.ndarray[Any, Any],
                grid: FloatArray = grid,
                lams: list[float] = lams,
            ) -> FloatArray:
                lam = fit_deference(grid[train], y[train])
                lams.append(lam)
                return np.asarray(grid[test, round(lam * (len(LAMBDA_GRID) - 1))], dtype=float)

            forecast = cross_validate(predict_leader, fold, scored)
            rows.append(
                _row(
                    "leader decides (Commission leads)",
                    cap,
                    forecast,
                    y,
                    f"deference λ {min(lams):.2f}–{max(lams):.2f}, {folds}-fold CV by proposal",
                )
            )
            lead = data.positions[:, data.actors.index("com")]
            comm = np.where(np.isnan(lead), comp, lead)
        else:
            comm = comp
        parts = np.column_stack([comp, med, nash, eu, comm, np.full_like(y, 50.0)])

        betas: list[FloatArray] = []

        def predict_blend(
            train: np.ndarray[Any, Any],
            test: np.ndarray[Any, Any],
            parts: FloatArray = parts,
            betas: list[FloatArray] = betas,
        ) -> FloatArray:
            beta = fit_blend(parts[train], y[train])
            betas.append(beta)
            return np.asarray(parts[test] @ beta, dtype=float)

        forecast = cross_validate(predict_blend, fold, scored)
        mean_beta = np.mean(betas, axis=0)
        names = ("compromise", "median", "Nash", "EU", "Commission", "50")
        weights = ", ".join(
            f"{n} {b:.2f}" for n, b in zip(names, mean_beta, strict=True) if b >= 0.005
        )
        rows.append(
            _row(
                "blend of the above (LAD weights)",
                cap,
                forecast,
                y,
                f"convex weights (mean {weights}), {folds}-fold CV by proposal",
            )
        )
    return BacktestResult(
        rows=rows,
        issues=int(y.shape[0]),
        scored=int(scored.sum()),
        folds=folds,
        seed=seed,
        source=data.source,
        capability_sources={
            "votes": council_votes_source(),
            "gdp": "GDP row of the DEU file (USD trillions; Commission and EP = Germany)",
        },
    )


def model_forecasts(batch: Batch) -> dict[str, FloatArray]:
    """Forecasts of the unfitted models on a batch (used by tests and notebooks)."""
    return {
        "compromise": compromise(batch),
        "median": weighted_median(batch),
        "nash": nash_bargaining(batch),
        "eu": eu_forecast(batch),
    }
