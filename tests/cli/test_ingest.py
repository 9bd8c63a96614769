"""`innercircle ingest`: exit codes, JSON summary, stdin, manifest, size limit."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.store.repository import Repository

runner = CliRunner()

ARTICLE = (
    "Council approves budget\n\n"
    "The council approved the budget on Monday after a long debate, officials said.\n\n"
    "Members said the plan would protect spending on schools and hospitals next year.\n"
)


def test_development_articles_done_criterion(tmp_path: Path, shared_dir: Path) -> None:
    db = tmp_path / "x.db"
    folder = shared_dir / "data" / "articles"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(folder), "--no-extract", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["failed"], summary["duplicates"]) == (5, 0, 1)
    linked = {Path(d["source"]).name[:3]: d["duplicate_of"] for d in summary["documents"]}
    ids = {Path(d["source"]).name[:3]: d["id"] for d in summary["documents"]}
    assert {k: v for k, v in linked.items() if v} == {"000": ids["001"]}
    with Repository.open(str(db)) as repo:
        docs = {Path(d.source_path or "").name[:3]: d for d in repo.documents()}
        assert {k: d.duplicate_of for k, d in docs.items() if d.duplicate_of} == {
            "000": docs["001"].id
        }
        assert {d.published.method.value for d in docs.values()} == {"manifest"}
    again = runner.invoke(app, ["--db", str(db), "ingest", str(folder), "--no-extract", "--json"])
    assert json.loads(again.stdout)["unchanged"] == 5


def test_failures_are_counted_and_exit_non_zero(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text("not json\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(tmp_path), "--no-extract"])
    assert result.exit_code == 1
    assert "2 item(s) failed" in result.stderr
    assert f"{tmp_path / 'feed.jsonl'}:1: invalid JSON" in result.stderr.replace("\n", "")
    as_json = runner.invoke(
        app, ["--db", str(db), "ingest", str(tmp_path), "--no-extract", "--json"]
    )
    assert as_json.exit_code == 1
    summary = json.loads(as_json.stdout)
    assert summary["failed"] == 2 and summary["unchanged"] == 1
    assert {e["line"] for e in summary["errors"]} == {None, 1}


def test_stdin(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = runner.invoke(
        app, ["--db", str(db), "ingest", "-", "--no-extract", "--json"], input=ARTICLE
    )
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)["documents"]
    assert doc["source"] == "-" and doc["title"] == "Council approves budget"


def test_manifest_option_and_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "big.txt").write_text(ARTICLE * 50, encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("file,published,outlet\na.txt,2024-06-01,Sheet Wire\n", encoding="utf-8")
    db = tmp_path / "x.db"
    args = ["--db", str(db), "ingest", str(tmp_path / "a.txt"), str(tmp_path / "big.txt")]
    result = runner.invoke(
        app, [*args, "--manifest", str(sheet), "--max-bytes", "1000", "--no-extract", "--json"]
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    [doc] = summary["documents"]
    assert (doc["published"], doc["published_method"]) == ("2024-06-01", "manifest")
    [error] = summary["errors"]
    assert error["source"].endswith("big.txt") and "limit" in error["message"]


def test_unreadable_manifest_stops_before_storing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,published\na.txt,2024-06-01\n", encoding="utf-8")
    db = tmp_path / "x.db"
    args = ["--db", str(db), "ingest", str(tmp_path / "a.txt"), "--manifest", str(sheet)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "no 'file' column" in result.stderr
    with Repository.open(str(db)) as repo:
        assert repo.document_count() == 0
