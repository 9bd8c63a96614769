"""A person is shown by the spelling independent documents use, not a translation's garble."""

from __future__ import annotations

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Span,
    StoredEntity,
)
from innercircle.resolve.naming import best_name, refresh_names
from innercircle.store.repository import Repository


def test_best_name_weighs_originals_over_copies_and_keeps_the_current_on_a_tie() -> None:
    support = {"Kamal Kharazmi": (0, 1), "Kamal Kharazi": (1, 0), "Kharazi": (5, 0)}
    assert best_name("Kamal Kharazmi", support) == "Kamal Kharazi"  # a surname alone never wins
    assert best_name("Reza Amini", {"Reza Amini": (1, 0), "Reza Amiri": (1, 0)}) == "Reza Amini"
    fuller = {"Reza Amini": (1, 0), "Mohammad Reza Amini": (1, 0)}
    assert best_name("Reza Amini", fuller) == "Mohammad Reza Amini"
    assert best_name("Reza Amini", {"the adviser": (9, 0)}) == "Reza Amini"


def _save(repo: Repository, doc_id: str, text: str, duplicate_of: str | None = None) -> None:
    body = f"{text} spoke."
    doc = Document(
        id=doc_id,
        body=body,
        published=DateValue("2025-06-01", DateMethod.MANIFEST),
        duplicate_of=duplicate_of,
    )
    extraction = Extraction(
        doc_id=doc_id,
        entities=[EntityRef("e1", EntityType.PERSON, text)],
        mentions=[Mention(Span(doc_id, 0, len(text), text), EntityType.PERSON, "e1")],
        extractor="test",
    )
    entity = StoredEntity("kamal-kharazmi", EntityType.PERSON, text)
    repo.save_document(doc, extraction, {"e1": "kamal-kharazmi"}, [entity])


def test_a_translation_ingested_first_does_not_name_the_person(repo: Repository) -> None:
    _save(repo, "original", "Kamal Kharazi")
    _save(repo, "translation", "Kamal Kharazmi", duplicate_of="original")
    repo.rename_entity("kamal-kharazmi", "Kamal Kharazmi")  # as if the translation came first
    assert refresh_names(repo, ["kamal-kharazmi"]) == {"kamal-kharazmi": "Kamal Kharazi"}
    entity = repo.get_entity("kamal-kharazmi")
    assert entity is not None and entity.name == "Kamal Kharazi"
    assert "Kamal Kharazmi" in entity.aliases  # the old spelling still finds him
    assert refresh_names(repo, ["kamal-kharazmi"]) == {}  # stable once right


def test_a_merged_entity_s_name_never_takes_over() -> None:
    support = {"Kamal Kharazi": (1, 0), "Kamal Kharazmi": (2, 0)}
    assert best_name("Kamal Kharazi", support, excluded={"Kamal Kharazmi"}) == "Kamal Kharazi"
