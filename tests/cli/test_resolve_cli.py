"""`innercircle same/different/undo/judgements/review/watchlist import` on a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.records import EntityType, StoredEntity
from innercircle.store.repository import Repository

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    with Repository.open(path) as repo:
        for entity_id, name in (
            ("kk", "Kourosh Kharazi"),
            ("kkm", "Kourosh Kharazmi"),
            ("ak", "Ali Khamenei"),
            ("mk", "Mojtaba Khamenei"),
        ):
            repo.add_entity(StoredEntity(entity_id, EntityType.PERSON, name))
    return path


def _run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def test_same_by_name_then_undo(db: str) -> None:
    code, out, _ = _run(db, "same", "Kourosh Kharazi", "kkm", "--reason", "same person", "--json")
    assert code == 0, out
    judgement = json.loads(out)
    assert judgement["kind"] == "same" and judgement["reason"] == "same person"
    assert judgement["subject"] == "kk" and judgement["object"] == "kkm"
    with Repository.open(db) as repo:
        assert repo.canonical_id("kkm") == "kk"
    code, out, _ = _run(db, "undo", str(judgement["id"]))
    assert code == 0 and "undone" in out
    with Repository.open(db) as repo:
        assert repo.canonical_id("kkm") == "kkm"
    code, out, _ = _run(db, "judgements", "--all", "--json")
    assert [j["undone_at"] is not None for j in json.loads(out)] == [True]
    code, out, _ = _run(db, "judgements", "--json")
    assert json.loads(out) == []


def test_different_blocks_same_with_a_clear_error(db: str) -> None:
    assert _run(db, "different", "kk", "kkm", "--author", "ana")[0] == 0
    code, _out, err = _run(db, "same", "kk", "kkm")
    assert code == 2
    assert "judged different" in err and "undo" in err


def test_ambiguous_name_lists_candidates(db: str) -> None:
    code, _out, err = _run(db, "same", "Khamenei", "kk")
    assert code == 2
    assert "ambiguous" in err and "ak" in err and "mk" in err


def test_review_json_and_table(db: str) -> None:
    code, out, _ = _run(db, "review", "--json")
    assert code == 0
    pairs = json.loads(out)
    assert [(p["left"]["id"], p["right"]["id"]) for p in pairs] == [("kk", "kkm")]
    assert "kharazi≈kharazmi" in pairs[0]["explanation"]
    code, out, _ = _run(db, "review", "--limit", "5")
    assert code == 0 and "Kourosh Kharazmi" in out


def test_watchlist_import_reports_errors(db: str, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("name,aliases,type\nDarius Vazirani,D. Vazirani,Person\nX,,Ship\n", "utf-8")
    code, out, _ = _run(db, "watchlist", "import", str(path), "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["created"] == ["wl-darius-vazirani"] and len(summary["errors"]) == 1
    with Repository.open(db) as repo:
        entity = repo.get_entity("wl-darius-vazirani")
        assert entity is not None and entity.origin == "watchlist"
    assert _run(db, "watchlist", "import", str(tmp_path / "missing.csv"))[0] == 2
