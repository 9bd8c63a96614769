"""CLI commands of the model stage: `decide` (forecast an issue, scenarios, Monte Carlo) and
`backtest` (model errors on recorded EU decisions)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from innercircle.cli.common import console, err_console, print_json
from innercircle.model.backtest import DEFAULT_FOLDS, run_backtest
from innercircle.model.batch import Batch
from innercircle.model.circle import issue_from_circle
from innercircle.model.deu import DeuFileError, read_deu
from innercircle.model.expected_utility import expected_utility
from innercircle.model.issue import Issue
from innercircle.model.montecarlo import sample, summarise
from innercircle.model.readers import IssueFileError, read_issue
from innercircle.model.registry import MODELS, model_names
from innercircle.model.scenario import sensitivity, without

log = logging.getLogger(__name__)


def _fmt(value: float) -> str:
    return "—" if value != value else f"{value:.1f}"


def _actors_table(issue: Issue) -> Table:
    table = Table(
        title=f"{issue.name}  ({issue.scale.low_label} {issue.scale.low:g} … "
        f"{issue.scale.high:g} {issue.scale.high_label})"
    )
    for col in ("actor", "position", "salience", "capability", "trust", "uncertain", "evidence"):
        table.add_column(col, justify="left" if col in ("actor", "evidence") else "right")
    for a in issue.actors:
        ranges = []
        for what, d in (
            ("pos", a.position_dist),
            ("sal", a.salience_dist),
            ("cap", a.capability_dist),
        ):
            if d is not None:
                span = f"{d.low:g}–{d.high:g}" if d.low is not None and d.high is not None else ""
                ranges.append(f"{what} {d.kind} {span}".strip())
        name = a.name + (" (leader)" if issue.leader and a.name == issue.leader else "")
        evidence = "; ".join(a.evidence[:2]) + (" …" if len(a.evidence) > 2 else "")
        table.add_row(
            name,
            f"{a.position:g}",
            f"{a.salience:g}",
            f"{a.capability:g}",
            f"{a.trust:g}",
            ", ".join(ranges),
            evidence,
        )
    return table


def _forecast(issue: Issue, names: list[str], draws: int, seed: int) -> dict[str, Any]:
    point = Batch.from_issue(issue)
    out: dict[str, Any] = {}
    mc = sample(issue, draws, seed) if draws > 0 else None
    for name in names:
        info = MODELS[name]
        entry: dict[str, Any] = {"title": info.title, "forecast": float(info.run(point)[0])}
        if mc is not None:
            values = info.run(mc)
            entry["distribution"] = summarise(values).as_dict()
            entry["_draws"] = values
        out[name] = entry
    return out


def _issue_from_circle(records_file: Path, positions: Path, domains: list[str]) -> Issue:
    try:
        records = json.loads(records_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IssueFileError(f"{records_file}: {exc}") from None
    if isinstance(records, dict):
        records = records.get("actors", records.get("records"))
    if not isinstance(records, list):
        raise IssueFileError(f"{records_file}: expected a JSON list of actor records")
    issue, warnings = issue_from_circle(records, positions, domains=domains)
    for w in warnings:
        err_console.print(f"[yellow]note:[/yellow] {w}")
    return issue


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""

    @app.command()
    def decide(
        issue_file: Annotated[Path, typer.Argument(help="Issue file: YAML, CSV or KTAB SMP CSV.")],
        without_actors: Annotated[
            str, typer.Option("--without", help="Comma-separated actors to remove (scenario).")
        ] = "",
        draws: Annotated[
            int, typer.Option("--draws", help="Monte Carlo draws over uncertain inputs (0: none).")
        ] = 0,
        model: Annotated[
            str, typer.Option("--model", help=f"'all' or comma-separated: {', '.join(MODELS)}.")
        ] = "all",
        seed: Annotated[int, typer.Option("--seed", help="Random seed for the draws.")] = 0,
        dimension: Annotated[
            int, typer.Option("--dimension", help="Policy dimension of a KTAB file (0-based).")
        ] = 0,
        circle: Annotated[
            Path | None,
            typer.Option(
                "--circle",
                help="JSON list of power-map actor records (name, posts, centrality, quotes); "
                "ISSUE_FILE is then the analyst's positions file.",
            ),
        ] = None,
        domain: Annotated[
            list[str] | None,
            typer.Option(
                "--domain", help="Policy domain of the issue (with --circle; repeatable)."
            ),
        ] = None,
        figure: Annotated[
            Path | None,
            typer.Option(
                "--figure", help="Write a PNG: forecast distribution + positions per round."
            ),
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of tables.")
        ] = False,
    ) -> None:
        """Forecast how the actors decide an issue; with --without, compare to the baseline."""
        try:
            if circle is not None:
                base = _issue_from_circle(circle, issue_file, domain or [])
            else:
                base = read_issue(issue_file, dimension=dimension)
            removed = [n for n in without_actors.split(",") if n.strip()]
            scenario = without(base, removed) if removed else base
            names = model_names(model, has_leader=scenario.leader is not None)
        except (IssueFileError, KeyError, ValueError) as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        if draws < 0:
            err_console.print("[red]error:[/red] --draws must be ≥ 0")
            raise typer.Exit(2)
        result = _forecast(scenario, names, draws, seed)
        baseline = _forecast(base, names, 0, seed) if removed else None
        sens_model = "eu" if "eu" in names else names[0]
        sens_base, sens = sensitivity(scenario, MODELS[sens_model].run)
        eu_run = expected_utility(Batch.from_issue(scenario), history=True)
        if figure is not None:
            from innercircle.model.figure import decision_figure

            outcomes = {
                n: (r["_draws"] if "_draws" in r else np.array([r["forecast"]]))
                for n, r in result.items()
            }
            decision_figure(
                scenario,
                outcomes,
                [p[0] for p in eu_run.positions],
                [float(f[0]) for f in eu_run.forecasts],
                figure,
            )
        if as_json:
            print_json(
                {
                    "issue": scenario.name,
                    "source": str(issue_file),
                    "scale": scenario.scale.__dict__,
                    "removed": [base.actors[base.index(n)].name for n in removed],
                    "actors": [
                        {
                            "name": a.name,
                            "position": a.position,
                            "salience": a.salience,
                            "capability": a.capability,
                            "trust": a.trust,
                            "evidence": list(a.evidence),
                        }
                        for a in scenario.actors
                    ],
                    "models": {
                        n: {k: v for k, v in r.items() if not k.startswith("_")}
                        | (
                            {
                                "baseline": baseline[n]["forecast"],
                                "shift": r["forecast"] - baseline[n]["forecast"],
                            }
                            if baseline
                            else {}
                        )
                        for n, r in result.items()
                    },
                    "draws": draws,
                    "seed": seed,
                    "sensitivity": {
                        "model": sens_model,
                        "forecast": sens_base,
                        "without_each": [s.__dict__ for s in sens],
                    },
                    "eu_rounds": {
                        "positions": [p[0].tolist() for p in eu_run.positions],
                        "forecast": [float(f[0]) for f in eu_run.forecasts],
                    },
                    "figure": None if figure is None else str(figure),
                }
            )
            return
        console.print(_actors_table(scenario))
        if removed:
            console.print(f"Scenario: without {', '.join(removed)}")
        table = Table(title="Forecasts" + (f" ({draws} draws, seed {seed})" if draws else ""))
        table.add_column("model")
        if baseline:
            table.add_column("all actors", justify="right")
        table.add_column("forecast", justify="right")
        if baseline:
            table.add_column("shift", justify="right")
        if draws:
            for col in ("mean", "5%", "median", "95%"):
                table.add_column(col, justify="right")
        for n, r in result.items():
            row = [r["title"]]
            if baseline:
                row.append(_fmt(baseline[n]["forecast"]))
            row.append(_fmt(r["forecast"]))
            if baseline:
                row.append(f"{r['forecast'] - baseline[n]['forecast']:+.1f}")
            if draws:
                d = r["distribution"]
                row += [_fmt(d["mean"]), _fmt(d["p05"]), _fmt(d["median"]), _fmt(d["p95"])]
            table.add_row(*row)
        console.print(table)
        st = Table(title=f"Sensitivity ({MODELS[sens_model].title}): forecast without each actor")
        for col in ("actor", "forecast without", "shift"):
            st.add_column(col, justify="left" if col == "actor" else "right")
        for s in sens:
            st.add_row(s.actor, _fmt(s.forecast_without), f"{s.shift:+.1f}")
        console.print(st)
        if figure is not None:
            console.print(f"Figure written to {figure}")

    @app.command()
    def backtest(
        file: Annotated[Path, typer.Argument(help="The DEU benchmark file (deu3_blksv.csv).")],
        folds: Annotated[
            int, typer.Option("--folds", help="Cross-validation folds (by proposal).")
        ] = DEFAULT_FOLDS,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the fold assignment.")] = 0,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of a table.")
        ] = False,
    ) -> None:
        """Mean absolute error of every model on recorded EU decisions (0–100 scale)."""
        try:
            data = read_deu(file)
        except DeuFileError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        if folds < 2:
            err_console.print("[red]error:[/red] --folds must be ≥ 2")
            raise typer.Exit(2)
        result = run_backtest(data, folds=folds, seed=seed)
        if as_json:
            print_json(result.as_dict())
            return
        table = Table(
            title=f"Backtest on {file.name}: "
            f"{result.scored} of {result.issues} issues have an outcome"
        )
        for col in ("model", "capability", "N", "MAE", "RMSE", "median AE", "fitted"):
            table.add_column(
                col, justify="left" if col in ("model", "capability", "fitted") else "right"
            )
        for r in result.rows:
            table.add_row(
                r.model,
                r.capability,
                str(r.n),
                f"{r.mae:.2f}",
                f"{r.rmse:.2f}",
                f"{r.median_ae:.2f}",
                r.fitted or "—",
            )
        console.print(table)
        for key, text in result.capability_sources.items():
            console.print(f"capability {key}: {text}")
