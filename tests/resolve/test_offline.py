"""Annotation output resolves entities across documents the same way ingest does."""

from __future__ import annotations

from innercircle.records import Document, EntityRef, EntityType, Extraction
from innercircle.resolve import cluster_extractions


def test_variants_across_documents_share_an_id_and_given_names_split() -> None:
    original = Document(id="a", body="first")
    translation = Document(id="b", body="second", duplicate_of="a")
    pairs = [
        (
            translation,
            Extraction(
                "b",
                [
                    EntityRef("p", EntityType.PERSON, "Mohammad Golpayeghani"),
                    EntityRef("q", EntityType.PERSON, "Mojtaba Khamenei"),
                ],
            ),
        ),
        (
            original,
            Extraction(
                "a",
                [
                    EntityRef("x", EntityType.PERSON, "Mohammad Golpayegani"),
                    EntityRef("y", EntityType.PERSON, "Ali Khamenei"),
                ],
            ),
        ),
    ]
    ids = cluster_extractions(pairs)
    assert ids[("a", "x")] == ids[("b", "p")]
    assert ids[("a", "y")] != ids[("b", "q")]


def test_duplicate_of_an_absent_document_is_ignored() -> None:
    doc = Document(id="c", body="text", duplicate_of="not-in-this-batch")
    ids = cluster_extractions(
        [(doc, Extraction("c", [EntityRef("e", EntityType.PERSON, "Ali Shamkhani")]))]
    )
    assert ids[("c", "e")] == "ali-shamkhani"
