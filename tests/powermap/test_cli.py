"""The powermap commands: tables, --json, reports, exports, sources import, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.store.repository import Repository

from .conftest import build_world

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "store.db"
    repo = Repository.open(str(path))
    build_world(repo)
    repo.close()
    return str(path)


def run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_circle_json_and_table(db: str) -> None:
    code, out = run(db, "circle", "Karim Vastani", "--at", "2025-06-17", "--json")
    assert code == 0
    data = json.loads(out)
    states = {m["entity"]["name"]: m["status"]["state"] for m in data["members"]}
    assert states["Hamid Sarraf"] == "killed" and states["Ali Dorani"] == "active"
    code, out = run(db, "circle", "Karim Vastani", "--at", "2025-06-17")
    assert code == 0 and "Hamid Sarraf" in out and "killed 2025-06-13" in out


def test_who_changes_timeline_capacity_succession(db: str) -> None:
    code, out = run(db, "who", "Nader Kowsar", "--at", "2025-06-30")
    assert code == 0 and "Contradictions" in out and "2025-06-15" in out
    code, out = run(db, "changes", "--from", "2025-06-01", "--to", "2025-06-30", "--json")
    assert code == 0
    kinds = [c["kind"] for c in json.loads(out)["changes"]]
    assert kinds.count("killed") == 4 and "arrested" in kinds
    code, out = run(db, "timeline", "hamid-sarraf")
    assert code == 0 and "appointed" in out
    code, out = run(db, "capacity", "karim-vastani", "--from", "2025-06-01", "--to", "2025-06-17")
    assert code == 0 and "hollowed out" in out
    code, out = run(db, "succession", "karim-vastani", "--at", "2025-06-17", "--json")
    assert code == 0 and json.loads(out)[0]["entity"]["id"] == "mehdi-vastani"
    code, out = run(db, "centrality", "--at", "2025-06-17", "--json")
    assert code == 0 and json.loads(out)["centrality"][0]["id"] == "karim-vastani"


def test_errors_exit_with_a_message(db: str) -> None:
    code, out = run(db, "who", "Nobody Atall")
    assert code == 2 and "no entity" in out
    code, out = run(db, "circle", "karim-vastani", "--at", "17 June")
    assert code == 2 and "not a date" in out
    code, out = run(db, "report", "karim-vastani", "--format", "pdf")
    assert code == 2


def test_report_and_exports_write_files(db: str, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    code, _ = run(
        db, "report", "Karim Vastani", "--at", "2025-06-17", "--format", "html", "--out", str(html)
    )
    assert code == 0 and "data:image/png" in html.read_text(encoding="utf-8")
    graphml = tmp_path / "g.graphml"
    code, _ = run(db, "export", "--format", "graphml", "--out", str(graphml), "--at", "2025-06-17")
    assert code == 0 and "karim-vastani" in nx.read_graphml(graphml)
    ftm = tmp_path / "e.ftm.json"
    code, _ = run(db, "export", "--format", "ftm", "--out", str(ftm))
    assert code == 0 and all(json.loads(line)["schema"] for line in ftm.read_text().splitlines())


def test_sources_import_reports_bad_rows(db: str, tmp_path: Path) -> None:
    file = tmp_path / "sources.csv"
    file.write_text("outlet,grade\nGlobal Wire,A\nBad Outlet,Q\n", encoding="utf-8")
    code, out = run(db, "sources", "import", str(file))
    assert code == 1 and "1 source(s) imported" in out and f"{file}:3" in out
    code, out = run(db, "sources", "list", "--json")
    grades = {s["outlet"]: s["grade"] for s in json.loads(out)}
    assert grades["Global Wire"] == "A" and "Bad Outlet" not in grades


def test_summary_counts_by_kind_with_sourced_examples(db: str) -> None:
    code, out = run(db, "summary", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["documents"] == 3 and data["duplicates"] == 1
    assert data["entities"]["Person"] == 12 and data["statements"]["killed"] == 8
    assert data["examples"] and all(e["sentence"] and e["outlet"] for e in data["examples"])
    killed = next(e["statement"] for e in data["examples"] if " killed" in e["statement"])
    assert killed.endswith("killed by Eastland")  # an event's object is its agent
    code, out = run(db, "summary")
    assert code == 0 and "Statements by predicate" in out
