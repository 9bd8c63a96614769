"""`innercircle extract`: in-memory extraction to annotation JSON, and --rerun on a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli import app

pytestmark = pytest.mark.slow

ARTICLE_A = (
    "Iran's supreme leader, Ayatollah Ali Khamenei, met Guard commander Hossein Salami "
    "and IRGC officers on Monday.\n\n"
    '"We are ready to respond," Salami said.\n'
)
ARTICLE_B = "Hossein Salami was killed in an Israeli airstrike on June 13, 2025.\n"


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,url,outlet,published,title,language\n"
        "a.txt,,Test Wire,2025-06-16,Leader meets commanders,en\n"
        "b.txt,,Test Wire,2025-06-17,Commander killed,en\n",
        encoding="utf-8",
    )
    return folder


def test_extract_writes_annotations(tmp_path: Path) -> None:
    out = tmp_path / "pred.json"
    result = CliRunner().invoke(
        app, ["extract", str(_articles(tmp_path)), "--format", "annotations", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    docs = {d["doc"]: d for d in data["documents"]}
    assert set(docs) == {"a.txt", "b.txt"}
    assert docs["a.txt"]["published"] == "2025-06-16"
    salami = {e["id"] for e in data["entities"] if e["name"] == "Hossein Salami"}
    assert salami == {"hossein-salami"}  # the same id in both documents
    rel = {(r["subject"], r["predicate"], r["object"]) for r in docs["a.txt"]["relations"]}
    guard = {e["id"] for e in data["entities"] if "Revolutionary Guard" in e["name"]}
    assert len(guard) == 1  # one organisation, however it was written
    assert ("hossein-salami", "commands", guard.pop()) in rel
    assert docs["a.txt"]["quotes"][0]["speaker"] == "hossein-salami"
    event = docs["b.txt"]["events"][0]
    assert (event["type"], event["subject"], event["date"]) == (
        "killed",
        "hossein-salami",
        "2025-06-13",
    )
    assert all(len(r["evidence"]) <= 200 for d in docs.values() for r in d["relations"])


def test_extract_needs_paths_or_rerun() -> None:
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 2


def test_rerun_reextracts_stored_documents(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    ingest = runner.invoke(app, ["--db", db, "ingest", str(_articles(tmp_path))])
    assert ingest.exit_code == 0, ingest.output
    first = runner.invoke(app, ["--db", db, "extract", "--rerun", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["reextracted"] == 2
    from innercircle.store.repository import Repository

    repo = Repository.open(db)
    count = repo.statement_count()
    repo.close()
    again = runner.invoke(app, ["--db", db, "extract", "--rerun", "--json"])
    assert again.exit_code == 0
    repo = Repository.open(db)
    assert repo.statement_count() == count > 0  # replaced, not duplicated
    repo.close()
