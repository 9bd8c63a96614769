"""Pairwise matching: decisions from names and context, and the explanation of each."""

from __future__ import annotations

import pytest

from innercircle.records import Document, EntityRef, EntityType, Extraction, Span, Statement
from innercircle.resolve.cluster import cluster_extractions
from innercircle.resolve.matching import Candidate, Matcher, candidates_from_extraction

PERSON = EntityType.PERSON
ORG = EntityType.ORGANIZATION
COUNCIL = "Strategic Council on Foreign Relations"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


def document(
    doc_id: str, person: str, role: str, duplicate_of: str | None = None
) -> tuple[Document, Extraction]:
    """An invented article: `person`, `role` of the council, mentioned with two others."""
    body = f"{person}, {role} of the {COUNCIL}, met Abbas Araghchi and Ali Larijani."
    doc = Document(id=doc_id, body=body, duplicate_of=duplicate_of)
    entities = [
        EntityRef("e1", PERSON, person),
        EntityRef("e2", ORG, COUNCIL),
        EntityRef("e3", PERSON, "Abbas Araghchi"),
        EntityRef("e4", PERSON, "Ali Larijani"),
    ]
    statement = Statement(
        subject_key="e1",
        predicate="holds_position",
        evidence=Span(doc_id, 0, len(body), body),
        object_key="e2",
        role=f"{role} of the {COUNCIL}",
    )
    return doc, Extraction(doc_id, entities, [], [statement])


def test_a_machine_translated_surname_links_only_through_context(matcher: Matcher) -> None:
    original = document("001", "Kamal Kharazi", "head")
    translated = document("000", "Kamal Kharazmi", "head", duplicate_of="001")
    a = candidates_from_extraction(*original)[0]
    b = candidates_from_extraction(*translated)[0]

    match = matcher.compare(a, b)
    assert match.decision == "same"
    explanation = match.explain()
    assert "surname near-variant kharazi≈kharazmi" in explanation
    assert "same given name kamal" in explanation
    assert "same post 'head of the strategic council on foreign relations'" in explanation
    assert "duplicate story 000~001" in explanation

    # the same names without the shared story and post: only worth a review
    bare = matcher.compare(
        Candidate("x", PERSON, ("Kamal Kharazi",)), Candidate("y", PERSON, ("Kamal Kharazmi",))
    )
    assert bare.decision == "unsure"
    # a duplicate story alone is not enough either
    doc, extraction = document("000", "Kamal Kharazmi", "head", duplicate_of="001")
    extraction.statements.clear()
    alone = matcher.compare(a, candidates_from_extraction(doc, extraction)[0])
    assert alone.decision == "unsure"


def test_a_given_name_conflict_blocks_whatever_the_context(matcher: Matcher) -> None:
    a = candidates_from_extraction(*document("001", "Ali Khamenei", "head"))[0]
    b = candidates_from_extraction(*document("000", "Mojtaba Khamenei", "head", "001"))[0]
    match = matcher.compare(a, b)
    assert match.decision == "different"
    assert "'ali' vs 'mojtaba'" in match.explain()
    bagheri = matcher.compare(
        Candidate("x", PERSON, ("Mohammad Bagheri",)), Candidate("y", PERSON, ("Ali Bagheri Kani",))
    )
    assert bagheri.decision == "different"


def test_a_transliteration_variant_is_the_same_and_says_why(matcher: Matcher) -> None:
    match = matcher.compare(
        Candidate("x", PERSON, ("Mohammad Golpayegani",)),
        Candidate("y", PERSON, ("Mohammad Golpayeghani",)),
    )
    assert match.decision == "same"
    assert "surname variant golpayegani~golpayeghani" in match.explain()


def test_a_surname_alone_is_a_weak_match(matcher: Matcher) -> None:
    match = matcher.compare(
        Candidate("x", PERSON, ("Salami",)), Candidate("y", PERSON, ("Hossein Salami",))
    )
    assert match.decision == "weak"
    assert match.vaguer == "x"


def test_descriptions_are_not_compared_as_names(matcher: Matcher) -> None:
    match = matcher.compare(
        Candidate("x", PERSON, ("Ali Khamenei", "the leader")),
        Candidate("y", PERSON, ("Ali Khamenei", "Iran's supreme leader")),
    )
    assert match.decision == "same"


def test_organisations_match_by_name_or_acronym(matcher: Matcher) -> None:
    irgc = Candidate("x", ORG, ("IRGC",))
    full = Candidate("y", ORG, ("Islamic Revolutionary Guard Corps",))
    assert matcher.compare(irgc, full).decision == "same"
    assert "acronym" in matcher.compare(irgc, full).explain()
    assert matcher.compare(irgc, Candidate("z", ORG, ("Basij",))).decision == "none"


def test_extracted_documents_get_cross_document_ids() -> None:
    pairs = [
        document("001", "Kamal Kharazi", "head"),
        document("000", "Kamal Kharazmi", "head", duplicate_of="001"),
        document("002", "Mojtaba Khamenei", "head"),
    ]
    ids = cluster_extractions(pairs)
    assert ids[("001", "e1")] == ids[("000", "e1")]  # Kharazi ~ Kharazmi, by context
    assert ids[("001", "e2")] == ids[("000", "e2")] == ids[("002", "e2")]  # the council
    assert ids[("002", "e1")] != ids[("001", "e1")]
    assert ids[("001", "e3")] == ids[("002", "e3")]  # Araghchi everywhere
