"""The `decide` and `backtest` commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from innercircle.cli import app

runner = CliRunner()


def test_decide_json_with_scenario_and_draws(example_file: Path, tmp_path: Path) -> None:
    fig = tmp_path / "out.png"
    result = runner.invoke(
        app,
        [
            "decide",
            str(example_file),
            "--without",
            "Guard corps commander,guard aerospace commander",
            "--draws",
            "200",
            "--json",
            "--figure",
            str(fig),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["removed"] == ["Guard corps commander", "Guard aerospace commander"]
    assert set(data["models"]) == {"compromise", "median", "nash", "eu", "leader"}
    comp = data["models"]["compromise"]
    assert comp["shift"] < 0  # removing two hawks moves the compromise toward de-escalation
    assert comp["distribution"]["draws"] == 200
    assert data["sensitivity"]["model"] == "eu"
    assert fig.is_file() and fig.stat().st_size > 10_000


def test_decide_table_and_errors(example_file: Path) -> None:
    result = runner.invoke(app, ["decide", str(example_file), "--model", "compromise,eu"])
    assert result.exit_code == 0, result.output
    assert "Forecasts" in result.stdout and "Sensitivity" in result.stdout
    bad = runner.invoke(app, ["decide", str(example_file), "--without", "Nobody"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["decide", "no-such-file.yaml"])
    assert missing.exit_code == 2


def test_backtest_json(deu_file: Path) -> None:
    result = runner.invoke(app, ["backtest", str(deu_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scored"] == 353
    comp = [
        r
        for r in data["rows"]
        if r["model"].startswith("compromise") and r["capability"] == "votes"
    ]
    assert abs(comp[0]["mae"] - 22.98) <= 0.05


def test_decide_from_power_map_records(tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    records.write_text(
        json.dumps(
            [
                {"name": "Chief", "posts": ["Leader"], "centrality": 1.0},
                {"name": "General", "posts": ["Commander"], "centrality": 0.5},
                {"name": "Clerk", "posts": [], "centrality": 0.0},
            ]
        )
    )
    positions = tmp_path / "positions.yaml"
    positions.write_text(
        "issue: t\nleader: chief\nactors:\n"
        "  Chief: {position: 40, salience: 100}\n  General: {position: 90, salience: 100}\n"
    )
    result = runner.invoke(
        app, ["decide", str(positions), "--circle", str(records), "--model", "compromise", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    caps = {a["name"]: a["capability"] for a in data["actors"]}
    # Chief 100 (0.6·1 + 0.4·1); General 100 (0.6·0.8 + 0.4·0.5) = 68
    assert caps == {"Chief": 100.0, "General": 68.0}
    assert abs(data["models"]["compromise"]["forecast"] - (100 * 40 + 68 * 90) / 168) < 1e-9
