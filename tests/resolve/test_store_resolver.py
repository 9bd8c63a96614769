"""Store-wide ids: spelling variants join one entity, different given names never do."""

from __future__ import annotations

from innercircle.records import Document, EntityRef, EntityType, Extraction
from innercircle.resolve.store_resolver import StoreResolver, slugify
from innercircle.store.repository import Repository


def _save(repo: Repository, doc_id: str, refs: list[EntityRef]) -> dict[str, str]:
    doc = Document(id=doc_id, body=f"body of {doc_id}")
    extraction = Extraction(doc_id=doc_id, entities=refs)
    ids, new = StoreResolver(repo).assign(doc, extraction)
    repo.save_document(doc, extraction, ids, new)
    return ids


def test_transliteration_variant_joins_the_stored_person(repo: Repository) -> None:
    first = _save(repo, "a", [EntityRef("e1", EntityType.PERSON, "Mohammad Golpayegani")])
    second = _save(repo, "b", [EntityRef("e1", EntityType.PERSON, "Mohammad Golpayeghani")])
    assert first["e1"] == second["e1"] == "mohammad-golpayegani"
    entity = repo.get_entity("mohammad-golpayegani")
    assert entity is not None and "Mohammad Golpayeghani" in entity.aliases


def test_different_given_names_stay_apart(repo: Repository) -> None:
    father = _save(repo, "a", [EntityRef("e1", EntityType.PERSON, "Ali Khamenei")])
    son = _save(repo, "b", [EntityRef("e1", EntityType.PERSON, "Mojtaba Khamenei")])
    assert father["e1"] != son["e1"]


def test_organisations_match_on_folded_names_and_types_must_agree(repo: Repository) -> None:
    first = _save(repo, "a", [EntityRef("o", EntityType.ORGANIZATION, "The Guardian Council")])
    second = _save(
        repo,
        "b",
        [
            EntityRef("o", EntityType.ORGANIZATION, "Guardian Council"),
            EntityRef("p", EntityType.POSITION, "Guardian Council"),
        ],
    )
    assert second["o"] == first["o"]
    assert second["p"] != first["o"]


def test_unsaved_document_does_not_leave_phantom_ids(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    doc = Document(id="a", body="x")
    extraction = Extraction("a", [EntityRef("e1", EntityType.PERSON, "Hossein Salami")])
    resolver.assign(doc, extraction)  # never saved
    ids, new = resolver.assign(Document(id="b", body="y"), extraction)
    assert [e.id for e in new] == [ids["e1"]]  # minted again, to be created with this document


def test_slugify_is_ascii_kebab_case() -> None:
    assert slugify("Amir-Ali Hājizādeh") == "amir-ali-hajizadeh"
