"""A near surname spelling links only with context: given name, post and a duplicate story."""

from __future__ import annotations

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
from innercircle.resolve.store_resolver import StoreResolver
from innercircle.store.repository import Repository

STORY = (
    "{name}, the head of the strategic council, met visiting envoys in the capital on Monday. "
    "The talks covered trade routes and the security of shipping lanes in the region. "
    "Officials said a further round of talks would be held next month in the capital. "
    "Diplomats described the atmosphere of the meeting as constructive and frank."
)
OTHER = (
    "{name}, the head of the strategic council, opened an exhibition of modern painting. "
    "Several hundred visitors queued outside the gallery for the first day of the show. "
    "The collection includes works lent by private owners from three continents. "
    "Critics praised the lighting and the unusual arrangement of the rooms."
)


def _analyse(
    repo: Repository,
    resolver: StoreResolver,
    doc: Document,
    name: str,
    role: str = "head of the strategic council",
) -> str:
    start = doc.body.index(name)
    end = start + len(name)
    extraction = Extraction(
        doc.id,
        [EntityRef("p", EntityType.PERSON, name)],
        [Mention(Span(doc.id, start, end, name), EntityType.PERSON, "p")],
        [
            Statement(
                "p",
                "holds_position",
                Span(doc.id, start, end + 40, doc.body[start : end + 40]),
                role=role,
            )
        ],
    )
    ids, new = resolver.assign(doc, extraction)
    repo.save_document(doc, extraction, ids, new)
    return ids["p"]


def test_near_surname_links_through_duplicate_story_and_post(repo: Repository) -> None:
    first = Document(id="d1", body=STORY.format(name="Kourosh Kharazi"))
    copy = Document(id="d2", body=STORY.format(name="Kourosh Kharazmi"), duplicate_of="d1")
    resolver = StoreResolver(repo)
    a = _analyse(repo, resolver, first, "Kourosh Kharazi")
    b = _analyse(repo, resolver, copy, "Kourosh Kharazmi")
    assert a == b
    why = resolver.explain("d2", "p")
    assert why is not None
    assert "kharazmi≈kharazi" in why and "same given name kourosh" in why
    assert "same post 'head of the strategic council'" in why and "duplicate story" in why


def test_duplicate_found_from_the_bodies_when_no_link_is_stored(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    a = _analyse(
        repo, resolver, Document("d1", STORY.format(name="Kourosh Kharazi")), "Kourosh Kharazi"
    )
    b = _analyse(
        repo, resolver, Document("d2", STORY.format(name="Kourosh Kharazmi")), "Kourosh Kharazmi"
    )
    assert a == b


def test_near_surname_without_duplicate_story_stays_apart(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    a = _analyse(
        repo, resolver, Document("d1", STORY.format(name="Kourosh Kharazi")), "Kourosh Kharazi"
    )
    b = _analyse(
        repo, resolver, Document("d2", OTHER.format(name="Kourosh Kharazmi")), "Kourosh Kharazmi"
    )
    assert a != b


def test_near_surname_without_shared_post_stays_apart(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    first = Document(id="d1", body=STORY.format(name="Kourosh Kharazi"))
    copy = Document(id="d2", body=STORY.format(name="Kourosh Kharazmi"), duplicate_of="d1")
    a = _analyse(repo, resolver, first, "Kourosh Kharazi")
    b = _analyse(repo, resolver, copy, "Kourosh Kharazmi", role="governor of the central bank")
    assert a != b


def test_given_name_conflict_blocks_even_in_a_duplicate_story(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    first = Document(id="d1", body=STORY.format(name="Ali Khamenei"))
    copy = Document(id="d2", body=STORY.format(name="Mojtaba Khamenei"), duplicate_of="d1")
    assert _analyse(repo, resolver, first, "Ali Khamenei") != _analyse(
        repo, resolver, copy, "Mojtaba Khamenei"
    )


def test_watchlist_entities_are_matched_with_an_explanation(repo: Repository) -> None:
    repo.add_entity(
        StoredEntity(
            "wl-1", EntityType.PERSON, "Kourosh Kharazi", ("Kurosh Kharrazi",), origin="watchlist"
        )
    )
    resolver = StoreResolver(repo)
    doc = Document("d1", STORY.format(name="Kourosh Kharazi"))
    assert _analyse(repo, resolver, doc, "Kourosh Kharazi") == "wl-1"
    assert "(watchlist entity)" in (resolver.explain("d1", "p") or "")


def test_mostly_same_post_wording_or_same_tie_counts_as_context(repo: Repository) -> None:
    resolver = StoreResolver(repo)
    first = Document(id="d1", body=STORY.format(name="Kourosh Kharazi"))
    copy = Document(id="d2", body=STORY.format(name="Kourosh Kharazmi"), duplicate_of="d1")
    a = _analyse(repo, resolver, first, "Kourosh Kharazi", role="adviser on foreign policy issues")
    b = _analyse(repo, resolver, copy, "Kourosh Kharazmi", role="advisor on foreign policy issues")
    assert a == b
    assert "same post wording" in (resolver.explain("d2", "p") or "")
