"""Ingest into the store (SQLite and PostgreSQL): no-op re-ingest, revisions, incremental
near-duplicates, per-item errors and transactional interrupts."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from innercircle.corpus.ingest import ingest_paths
from innercircle.records import (
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Span,
    StoredEntity,
)
from innercircle.store.repository import Repository

PARAGRAPHS = [
    "The judiciary chief named a new deputy on Sunday, the judiciary's news site reported.",
    "The deputy previously led the prosecutor's office in the capital for six years.",
    "He is described as a close ally of the chief, according to state media.",
    "Officials said the move was part of a wider reshuffle at the top of the courts.",
]


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{i:02d}.txt"
        body = "\n\n".join(f"Article {i}: {p} Item {i * 7 + j}." for j, p in enumerate(PARAGRAPHS))
        path.write_text(f"Title number {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


class FakeAnalyser:
    """Returns a one-mention extraction so that save_document writes extraction rows."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.calls = 0
        self.saved_ids: list[dict[str, str]] = []

    def saved(self, entity_ids: Mapping[str, str]) -> None:
        self.saved_ids.append(dict(entity_ids))

    def analyse(self, doc: Document) -> tuple[Extraction, dict[str, str], list[StoredEntity]]:
        self.calls += 1
        if self.fail_on is not None and self.fail_on in (doc.source_path or ""):
            raise ValueError("model exploded")
        text = doc.body[:7]
        extraction = Extraction(
            doc_id=doc.id,
            entities=[EntityRef("e1", EntityType.PERSON, text)],
            mentions=[Mention(Span(doc.id, 0, 7, text), EntityType.PERSON, "e1")],
            extractor="fake",
        )
        entity = StoredEntity(f"p-{doc.id}", EntityType.PERSON, text)
        return extraction, {"e1": entity.id}, [entity]


def test_reingest_is_a_noop(repo: Repository, tmp_path: Path) -> None:
    write_articles(tmp_path / "a", 3)
    first = ingest_paths(repo, [str(tmp_path / "a")])
    assert (first.stored, first.unchanged, first.failed) == (3, 0, 0)
    again = ingest_paths(repo, [str(tmp_path / "a")])
    assert (again.stored, again.unchanged) == (0, 3)
    assert repo.document_count() == 3


def test_changed_text_under_same_url_is_a_revision(repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    head = "---\nurl: https://example.org/story\n---\nHeadline words\n\n"
    path.write_text(head + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    [old] = ingest_paths(repo, [str(path)]).documents
    path.write_text(head + "\n\n".join([*PARAGRAPHS, "An update was added later."]) + "\n", "utf-8")
    [new] = ingest_paths(repo, [str(path)]).documents
    assert new.status == "stored" and new.revision_of == old.id
    assert new.duplicate_of is None  # a revision is not also flagged a near-duplicate of itself
    stored = repo.get_document(new.id)
    assert stored is not None and stored.revision_of == old.id


def test_near_duplicates_across_separate_ingests(repo: Repository, shared_dir: Path) -> None:
    folder = shared_dir / "data" / "articles"
    translated = folder / "000_494c11d5ce5cd514.txt"
    original = folder / "001_692f49d6acfa37d2.txt"
    ingest_paths(repo, [str(translated)])  # the translation arrives first
    report = ingest_paths(repo, [str(original), str(folder / "002_8869091957434ea9.txt")])
    assert len(report.relinked) == 1
    docs = {Path(d.source_path or "").name[:3]: d for d in repo.documents()}
    assert docs["000"].duplicate_of == docs["001"].id
    assert docs["001"].duplicate_of is None and docs["002"].duplicate_of is None


def test_development_articles_with_manifest(repo: Repository, shared_dir: Path) -> None:
    report = ingest_paths(repo, [str(shared_dir / "data" / "articles")])
    assert (report.stored, report.failed) == (5, 0)
    docs = {Path(d.source_path or "").name[:3]: d for d in repo.documents()}
    linked = {k: d.duplicate_of for k, d in docs.items() if d.duplicate_of}
    assert linked == {"000": docs["001"].id}
    assert docs["002"].published.value == "2024-10-27"  # manifest, not the date bar
    assert all(d.published.method.value == "manifest" for d in docs.values())
    assert any(b.kind == "caption" for b in docs["004"].removed)


def test_bad_items_fail_alone(repo: Repository, tmp_path: Path) -> None:
    write_articles(tmp_path, 2)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "feed.jsonl").write_text('{"text": "Short but fine text here."}\n{oops\n', "utf-8")
    report = ingest_paths(repo, [str(tmp_path), str(tmp_path / "nope.txt")])
    assert report.stored == 3
    assert sorted((Path(e.source).name, e.line) for e in report.errors) == [
        ("binary.txt", None),
        ("empty.txt", None),
        ("feed.jsonl", 2),
        ("nope.txt", None),
    ]


def test_failing_analysis_is_an_item_error(repo: Repository, tmp_path: Path) -> None:
    write_articles(tmp_path, 3)
    report = ingest_paths(repo, [str(tmp_path)], analyser=FakeAnalyser(fail_on="01.txt"))
    assert report.stored == 2 and report.failed == 1
    assert "extraction failed: ValueError: model exploded" in report.errors[0].message
    assert repo.document_count() == 2


def _fail_on_third_write(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    original = Repository._write_extraction
    calls = {"n": 0}

    def flaky(self: Repository, *args: Any) -> None:
        calls["n"] += 1
        original(self, *args)  # rows are written inside the transaction ...
        if calls["n"] == 3:
            raise exc  # ... and then the process is interrupted before commit

    monkeypatch.setattr(Repository, "_write_extraction", flaky)


def test_interrupt_keeps_exactly_the_documents_before_it(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path, 5)
    _fail_on_third_write(monkeypatch, KeyboardInterrupt())
    report = ingest_paths(repo, [str(tmp_path)], analyser=FakeAnalyser())
    assert report.interrupted and report.stored == 2
    stored = sorted(Path(d.source_path or "").name for d in repo.documents())
    assert stored == ["00.txt", "01.txt"]
    assert len(repo.entities()) == 2  # the third document's entity was rolled back too


def test_crash_mid_batch_leaves_store_as_before_the_document(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path, 5)
    _fail_on_third_write(monkeypatch, RuntimeError("disk full"))
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_paths(repo, [str(tmp_path)], analyser=FakeAnalyser())
    assert repo.document_count() == 2
    # running again after the crash stores the rest, nothing twice
    monkeypatch.undo()
    report = ingest_paths(repo, [str(tmp_path)], analyser=FakeAnalyser())
    assert (report.stored, report.unchanged) == (3, 2)
