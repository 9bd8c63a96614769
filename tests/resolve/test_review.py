"""The review queue: unjudged near/subset pairs with context, never given-name conflicts."""

from __future__ import annotations

from innercircle.records import (
    DateValue,
    Document,
    EntityType,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.resolve.judgements import judge_different
from innercircle.resolve.review import uncertain_pairs
from innercircle.store.repository import Repository


def _person(repo: Repository, entity_id: str, name: str, role: str | None, doc: str) -> None:
    repo.add_entity(StoredEntity(entity_id, EntityType.PERSON, name))
    if not repo.has_document(doc):
        repo.add_document(Document(id=doc, body=f"text {doc}"))
    if role:
        stmt = Statement(
            entity_id,
            "holds_position",
            Span(doc, 0, 4, "text"),
            role=role,
            reported_at=DateValue.unknown(),
        )
        repo.add_statement(stmt, entity_id, doc_id=doc)


def test_queue_lists_near_pairs_with_context_and_skips_conflicts(repo: Repository) -> None:
    _person(repo, "a", "Kourosh Kharazi", "head of the strategic council", "d1")
    _person(repo, "b", "Kourosh Kharazmi", "head of the strategic council", "d2")
    _person(repo, "c", "Ali Khamenei", None, "d3")
    _person(repo, "d", "Mojtaba Khamenei", None, "d4")
    pairs = uncertain_pairs(repo)
    assert [(p.left.id, p.right.id) for p in pairs] == [("a", "b")]
    pair = pairs[0]
    assert pair.relation == "near"
    assert "kharazi≈kharazmi" in pair.explanation
    assert "same post 'head of the strategic council'" in pair.explanation
    assert 0 < pair.uncertainty <= 1 and pair.score > 0


def test_judged_pairs_leave_the_queue(repo: Repository) -> None:
    _person(repo, "a", "Kourosh Kharazi", None, "d1")
    _person(repo, "b", "Kourosh Kharazmi", None, "d2")
    judge_different(repo, "a", "b", author="t")
    assert uncertain_pairs(repo) == []


def test_more_evidence_and_more_uncertainty_rank_first(repo: Repository) -> None:
    _person(repo, "a", "Kourosh Kharazi", "governor", "d1")
    _person(repo, "b", "Kourosh Kharazmi", "governor", "d2")
    _person(repo, "c", "Bahram Tavasoli", None, "d3")
    _person(repo, "e", "Bahram Tavasoni", None, "d4")
    ranked = [(p.left.id, p.right.id) for p in uncertain_pairs(repo)]
    assert ranked == [("a", "b"), ("c", "e")]
    assert len(uncertain_pairs(repo, limit=1)) == 1
