"""Analyst judgements: same merges with a redirect, different forbids forever, undo splits."""

from __future__ import annotations

import pytest

from innercircle.records import (
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.resolve.judgements import (
    JudgementError,
    judge_different,
    judge_same,
    resolve_entity,
    undo,
)
from innercircle.resolve.store_resolver import StoreResolver, is_proper_name
from innercircle.store.repository import Repository


def _save(repo: Repository, doc_id: str, name: str) -> str:
    """Store a one-person document (a mention and a statement) and return the person's id."""
    body = f"{name} spoke today."
    ref = EntityRef("p", EntityType.PERSON, name)
    extraction = Extraction(
        doc_id,
        [ref],
        [Mention(Span(doc_id, 0, len(name), name), EntityType.PERSON, "p")],
        [Statement("p", "statement", Span(doc_id, 0, len(body), body))],
    )
    doc = Document(id=doc_id, body=body)
    ids, new = StoreResolver(repo).assign(doc, extraction)
    repo.save_document(doc, extraction, ids, new)
    return ids["p"]


def test_same_merges_and_keeps_the_old_id_as_redirect(repo: Repository) -> None:
    a = _save(repo, "d1", "Kamal Kharazi")
    b = _save(repo, "d2", "Kamal Kharazmi")
    assert a != b
    applied = judge_same(repo, a, b, author="tester", reason="same minister")
    assert applied.judgement.kind == "same" and applied.judgement.author == "tester"
    assert repo.canonical_id(b) == a
    assert {d for d, _ in repo.mentions_of(a)} == {"d1", "d2"}
    assert _save(repo, "d3", "Kamal Kharazmi") == a  # later mentions follow the merge


def test_different_forbids_same_until_undone(repo: Repository) -> None:
    repo.add_entity(StoredEntity("x1", EntityType.PERSON, "Hassan Rouhani"))
    repo.add_entity(StoredEntity("x2", EntityType.PERSON, "Hasan Rohani"))
    different = judge_different(repo, "x1", "x2", author="t")
    with pytest.raises(JudgementError, match="judged different"):
        judge_same(repo, "x1", "x2", author="t")
    undo(repo, different.judgement.id or 0)
    judge_same(repo, "x1", "x2", author="t")
    assert repo.canonical_id("x2") == "x1"


def test_different_on_merged_pair_points_to_the_same_judgement(repo: Repository) -> None:
    repo.add_entity(StoredEntity("x1", EntityType.PERSON, "Hassan Rouhani"))
    repo.add_entity(StoredEntity("x2", EntityType.PERSON, "Hasan Rohani"))
    same = judge_same(repo, "x1", "x2", author="t")
    with pytest.raises(JudgementError, match=f"undo the same judgement.*{same.judgement.id}"):
        judge_different(repo, "x1", "x2", author="t")


def test_resolver_never_links_a_name_across_a_different_judgement(repo: Repository) -> None:
    repo.add_entity(StoredEntity("x1", EntityType.PERSON, "Hassan Rouhani"))
    repo.add_entity(StoredEntity("x2", EntityType.PERSON, "Hasan Rohani"))
    judge_different(repo, "x1", "x2", author="t")
    # spelled like neither: both match equally, so neither side is chosen
    assert _save(repo, "d1", "Hassan Rohani") not in {"x1", "x2"}
    # spelled exactly like one of them: that one
    assert _save(repo, "d2", "Hasan Rohani") == "x2"


def test_undo_same_splits_back_by_spelling(repo: Repository) -> None:
    a = _save(repo, "d1", "Kamal Kharazi")
    b = _save(repo, "d2", "Kamal Kharazmi")
    same = judge_same(repo, a, b, author="t")
    later = _save(repo, "d3", "Kamal Kharazmi")  # ingested while merged
    assert later == a
    applied = undo(repo, same.judgement.id or 0)
    assert "split" in applied.effect
    assert repo.canonical_id(b) == b
    assert {d for d, _ in repo.mentions_of(b)} == {"d2", "d3"}
    assert {d for d, _ in repo.mentions_of(a)} == {"d1"}
    assert {s.doc_id for s in repo.statements(b)} == {"d2", "d3"}
    kept = repo.get_entity(a)
    assert kept is not None and "Kamal Kharazmi" not in kept.aliases
    assert not repo.judgements()
    with pytest.raises(JudgementError, match="already undone"):
        undo(repo, same.judgement.id or 0)


def test_names_are_accepted_and_ambiguity_is_explained(repo: Repository) -> None:
    repo.add_entity(StoredEntity("ali-k", EntityType.PERSON, "Ali Khamenei"))
    repo.add_entity(StoredEntity("mojtaba-k", EntityType.PERSON, "Mojtaba Khamenei"))
    assert resolve_entity(repo, "Mojtaba Khamenei").id == "mojtaba-k"
    with pytest.raises(JudgementError, match=r"ambiguous.*ali-k.*mojtaba-k"):
        resolve_entity(repo, "Khamenei")
    with pytest.raises(JudgementError, match="no entity"):
        resolve_entity(repo, "Nobody Atall")


def test_descriptions_never_block_a_name_match(repo: Repository) -> None:
    """Descriptive aliases ("the leader") do not read as conflicting given names."""
    first = Extraction(
        "d1", [EntityRef("p", EntityType.PERSON, "Bashar al-Assad", ["the Syrian leader"])]
    )
    second = Extraction(
        "d2", [EntityRef("p", EntityType.PERSON, "Bashar al-Assad", ["the Arab leader"])]
    )
    ids = []
    for extraction in (first, second):
        doc = Document(id=extraction.doc_id, body="x")
        found, new = StoreResolver(repo).assign(doc, extraction)
        repo.save_document(doc, extraction, found, new)
        ids.append(found["p"])
    assert ids[0] == ids[1]
    assert is_proper_name("Bashar al-Assad") and not is_proper_name("the Syrian leader")
