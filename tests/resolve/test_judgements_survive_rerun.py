"""Judgements survive re-ingest and re-extraction: ingest, judge, ingest more, `extract --rerun`.

Runs the real pipeline (spaCy model) on small invented articles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.store.repository import Repository

pytestmark = pytest.mark.slow

runner = CliRunner()

ARTICLES = {
    "a1.md": (
        "Council head meets envoys",
        "2025-03-02",
        "Kamal Kharazi, the head of the Strategic Council on Foreign Relations, met European "
        "envoys in Tehran on Sunday.\n\nForeign Minister Farhad Nabavi said the talks with the "
        "envoys had been useful and would continue next month.",
    ),
    "a2.md": (
        "Exhibition opens in the capital",
        "2025-04-10",
        "Kamal Kharazmi opened an exhibition of calligraphy at the national museum on Thursday."
        "\n\nDeputy Minister Farhad Nabavri attended the opening with several ambassadors and "
        "their families.",
    ),
    "a3.md": (
        "Trade delegation arrives",
        "2025-05-20",
        "Kamal Kharazmi welcomed a trade delegation from Asia at the airport on Tuesday.\n\n"
        "Deputy Minister Farhad Nabavri said new agreements on shipping would be signed soon.",
    ),
}


def _write(folder: Path, name: str) -> None:
    title, published, body = ARTICLES[name]
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"---\ntitle: {title}\noutlet: Test Wire\npublished: {published}\nlanguage: en\n---\n"
        f"{body}\n",
        encoding="utf-8",
    )


def _cli(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _docs_of(repo: Repository, entity_id: str) -> dict[str, set[str]]:
    """Surface texts of the entity's mentions, by document title."""
    titles = {d.id: d.title or "" for d in repo.documents()}
    found: dict[str, set[str]] = {}
    for doc_id, text in repo.mentions_of(entity_id):
        found.setdefault(titles[doc_id], set()).add(text)
    return found


def test_judgements_hold_after_reingest_and_rerun(tmp_path: Path) -> None:
    db, articles = tmp_path / "s.db", tmp_path / "articles"
    _write(articles, "a1.md")
    _write(articles, "a2.md")
    _cli(db, "ingest", str(articles))
    with Repository.open(str(db)) as repo:  # the resolver alone keeps the near names apart
        assert repo.canonical_id("kamal-kharazi") != repo.canonical_id("kamal-kharazmi")
    same = json.loads(_cli(db, "same", "Kamal Kharazi", "Kamal Kharazmi", "--json"))
    _cli(db, "different", "Farhad Nabavi", "Farhad Nabavri", "--reason", "two people")

    _write(articles, "a3.md")  # a new article with the merged and the separated names
    _cli(db, "ingest", str(articles))
    _cli(db, "extract", "--rerun")

    with Repository.open(str(db)) as repo:
        assert {j.kind for j in repo.judgements()} == {"same", "different"}
        assert repo.canonical_id("kamal-kharazmi") == "kamal-kharazi"
        assert _docs_of(repo, "kamal-kharazi") == {
            "Council head meets envoys": {"Kamal Kharazi"},
            "Exhibition opens in the capital": {"Kamal Kharazmi"},
            "Trade delegation arrives": {"Kamal Kharazmi"},
        }
        nabavi, nabavri = repo.canonical_id("farhad-nabavi"), repo.canonical_id("farhad-nabavri")
        assert nabavi != nabavri
        assert {t for ts in _docs_of(repo, nabavi).values() for t in ts} == {"Farhad Nabavi"}
        assert set(_docs_of(repo, nabavri)) == {
            "Exhibition opens in the capital",
            "Trade delegation arrives",
        }
    refused = runner.invoke(app, ["--db", str(db), "same", "farhad-nabavi", "farhad-nabavri"])
    assert refused.exit_code == 2 and "judged different" in refused.stderr

    # undoing the merge and re-running puts each spelling back on its own entity
    _cli(db, "undo", str(same["id"]))
    _cli(db, "extract", "--rerun")
    with Repository.open(str(db)) as repo:
        assert repo.canonical_id("kamal-kharazmi") == "kamal-kharazmi"
        assert set(_docs_of(repo, "kamal-kharazi")) == {"Council head meets envoys"}
        assert set(_docs_of(repo, "kamal-kharazmi")) == {
            "Exhibition opens in the capital",
            "Trade delegation arrives",
        }
