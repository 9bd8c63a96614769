"""A person named only by a post is linked to the post's holder at the document's date."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.store.repository import Repository

pytestmark = pytest.mark.slow

runner = CliRunner()

ARTICLES = {
    "a1.md": (
        "2024-03-02",
        "Supreme Leader Ali Khamenei received the cabinet in Tehran on Saturday.",
    ),
    "a2.md": (
        "2025-02-10",
        "The Leader of the Islamic Revolution on Sunday appointed Brigadier General Reza "
        "Karimi as commander of the Basij.",
    ),
    "a3.md": (
        "1985-05-01",
        "The Leader of the Islamic Revolution on Sunday appointed Brigadier General Hamid "
        "Nouri as commander of the Basij.",
    ),
}


def _ingest(folder: Path, db: Path, *names: str) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        published, body = ARTICLES[name]
        (folder / name).write_text(
            f"---\ntitle: {name}\noutlet: Test Wire\npublished: {published}\n---\n{body}\n",
            encoding="utf-8",
        )
    result = runner.invoke(app, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output


def _appointers(repo: Repository, person: str) -> set[str | None]:
    return {s.object_id for s in repo.statements(person) if s.predicate == "appointed"}


def test_the_post_names_its_holder_at_the_date_and_no_one_before(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _ingest(tmp_path / "in", db, "a1.md", "a2.md", "a3.md")
    with Repository.open(str(db)) as repo:
        karimi = repo.find_entities("Reza Karimi")[0].id
        assert _appointers(repo, karimi) == {"ali-khamenei"}
        # in 1985 the store knows no holder: the post stays a person of that article alone
        nouri = repo.find_entities("Hamid Nouri")[0].id
        (earlier,) = _appointers(repo, nouri)
        assert earlier not in (None, "ali-khamenei")
        assert all(e.id != earlier for e in repo.find_entities("Ali Khamenei"))
