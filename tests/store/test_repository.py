"""The repository API on SQLite and PostgreSQL: documents, entities, statements, judgements."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Judgement,
    Mention,
    Quote,
    RemovedBlock,
    Source,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.store.repository import ANALYST_EXTRACTOR, Repository

BODY = 'Guard commander Hossein Salami was killed on June 13. "We will respond," he said.'


def make_document(doc_id: str = "d1", body: str = BODY) -> Document:
    return Document(
        id=doc_id,
        body=body,
        title="A test",
        outlet="Test Wire",
        published=DateValue("2025-06-17", DateMethod.MANIFEST),
        removed=[RemovedBlock("counter", "100 views", line=3, rule="counter")],
    )


def make_extraction(doc_id: str = "d1") -> Extraction:
    salami = Span(doc_id, 24, 37, "Hossein Salami")
    holds = Statement(
        subject_key="e1",
        predicate="holds_position",
        object_key="e2",
        role="commander",
        evidence=Span(doc_id, 0, 52, BODY[:52]),
        extractor="test",
        confidence=0.9,
    )
    killed = Statement(
        subject_key="e1",
        predicate="killed",
        evidence=Span(doc_id, 0, 52, BODY[:52]),
        valid_from=DateValue("2025-06-13", DateMethod.EXPLICIT, "on June 13"),
        extractor="test",
    )
    return Extraction(
        doc_id=doc_id,
        entities=[
            EntityRef("e1", EntityType.PERSON, "Hossein Salami"),
            EntityRef("e2", EntityType.ORGANIZATION, "IRGC", aliases=["Guard"]),
        ],
        mentions=[
            Mention(salami, EntityType.PERSON, "e1"),
            Mention(Span(doc_id, 0, 5, "Guard"), EntityType.ORGANIZATION, "e2", source="pack"),
        ],
        statements=[holds, killed],
        quotes=[Quote(Span(doc_id, 54, 68, "We will respond"), "e1", extractor="test")],
        extractor="test",
    )


ENTITIES = [
    StoredEntity("hossein-salami", EntityType.PERSON, "Hossein Salami"),
    StoredEntity("irgc", EntityType.ORGANIZATION, "IRGC", aliases=("Guard",)),
]
IDS = {"e1": "hossein-salami", "e2": "irgc"}


def test_migrations_create_every_table(repo: Repository) -> None:
    tables = set(inspect(repo.engine).get_table_names())
    assert {"documents", "entities", "aliases", "mentions", "statements", "quotes"} <= tables
    assert {"judgements", "sources", "alembic_version"} <= tables


def test_document_round_trip_keeps_removed_text_and_date_method(repo: Repository) -> None:
    assert repo.add_document(make_document())
    doc = repo.get_document("d1")
    assert doc is not None
    assert doc.body == BODY
    assert doc.published == DateValue("2025-06-17", DateMethod.MANIFEST)
    assert doc.removed == [RemovedBlock("counter", "100 views", line=3, rule="counter")]
    assert doc.ingested_at is not None


def test_same_document_twice_is_a_no_op(repo: Repository) -> None:
    assert repo.add_document(make_document())
    assert not repo.add_document(make_document())
    assert repo.document_count() == 1


def test_save_document_stores_extraction_with_evidence(repo: Repository) -> None:
    assert repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    found = repo.statements("hossein-salami")
    assert {s.predicate for s in found} == {"holds_position", "killed"}
    killed = next(s for s in found if s.predicate == "killed")
    assert killed.valid_from == "2025-06-13"
    assert killed.valid_from_method == "explicit"
    assert killed.date_text == "on June 13"
    assert killed.reported_at == "2025-06-17"  # filled from the article date
    assert killed.evidence_text == BODY[:52]
    assert killed.outlet == "Test Wire"
    assert killed.recorded_at is not None
    quotes = repo.quotes(speaker_id="hossein-salami")
    assert [q.text for q in quotes] == ["We will respond"]
    assert repo.get_entity("irgc") is not None
    assert "Guard" in repo.get_entity("irgc").aliases  # type: ignore[union-attr]


def test_statements_at_a_date_respect_validity(repo: Repository) -> None:
    repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    ended = Statement(
        subject_key="x",
        predicate="holds_position",
        evidence=Span("d1", 0, 5, "Guard"),
        valid_from=DateValue("2019-04", DateMethod.YEAR),
        valid_to=DateValue("2020", DateMethod.YEAR),
        extractor=ANALYST_EXTRACTOR,
    )
    repo.add_statement(ended, "hossein-salami", "irgc", "d1")
    at_2020 = repo.statements("hossein-salami", predicates=["holds_position"], at="2020-06-01")
    assert [s.valid_from for s in at_2020] == ["2019-04"]  # the undated one starts when reported
    at_2025 = repo.statements("hossein-salami", predicates=["holds_position"], at="2025-07-01")
    assert [s.reported_at for s in at_2025] == ["2025-06-17"]
    in_june = repo.statements(predicates=["killed"], since="2025-06-01", until="2025-06-30")
    assert [s.subject_id for s in in_june] == ["hossein-salami"]


def test_replace_extraction_keeps_analyst_statements(repo: Repository) -> None:
    repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    manual = Statement(
        subject_key="x",
        predicate="advises",
        object_key="y",
        evidence=Span("d1", 0, 5, "Guard"),
        extractor=ANALYST_EXTRACTOR,
    )
    repo.add_statement(manual, "hossein-salami", "irgc", "d1")
    repo.replace_extraction("d1", make_extraction(), IDS)
    predicates = sorted(s.predicate for s in repo.statements("hossein-salami"))
    assert predicates == ["advises", "holds_position", "killed"]
    assert len(repo.quotes(doc_id="d1")) == 1


def test_failed_save_leaves_store_unchanged(repo: Repository) -> None:
    extraction = make_extraction()
    extraction.mentions.append(
        Mention(Span("d1", 0, 1, "x"), EntityType.PERSON, "e1", zone="z" * 100)
    )  # too long for the column on PostgreSQL; SQLite accepts it, so force an error instead:
    extraction.statements[0].qualifiers = {"bad": object()}  # type: ignore[dict-item]
    with pytest.raises(Exception):  # noqa: B017 - any database/serialisation error
        repo.save_document(make_document(), extraction, IDS, ENTITIES)
    assert repo.document_count() == 0
    assert repo.get_entity("hossein-salami") is None


def test_merge_keeps_redirect_and_moves_statements(repo: Repository) -> None:
    repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    repo.add_entity(StoredEntity("h-salami", EntityType.PERSON, "H. Salami"))
    repo.merge_entities("h-salami", "hossein-salami")
    assert repo.canonical_id("hossein-salami") == "h-salami"
    merged = repo.get_entity("hossein-salami")
    assert merged is not None and merged.id == "h-salami"
    assert "Hossein Salami" in merged.aliases
    assert len(repo.statements("hossein-salami")) == 2  # old id still answers
    assert [e.id for e in repo.entities(EntityType.PERSON)] == ["h-salami"]
    assert repo.find_entities("salami")[0].id == "h-salami"


def test_judgements_are_kept_and_undone_not_deleted(repo: Repository) -> None:
    jid = repo.add_judgement(Judgement("different", "a", "lead", "given names differ", "b"))
    assert [j.kind for j in repo.judgements()] == ["different"]
    undone = repo.undo_judgement(jid)
    assert undone.undone_at is not None
    assert repo.judgements() == []
    assert len(repo.judgements(active_only=False)) == 1
    with pytest.raises(KeyError):
        repo.undo_judgement(9999)


def test_sources_upsert(repo: Repository) -> None:
    repo.upsert_source(Source("Test Wire", "B"))
    repo.upsert_source(Source("Test Wire", "C", notes="downgraded"))
    assert repo.sources()["Test Wire"].grade == "C"


def test_batched_reads_agree_with_single_reads(repo: Repository) -> None:
    repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    repo.add_entity(StoredEntity("h-salami", EntityType.PERSON, "H. Salami"))
    repo.merge_entities("h-salami", "hossein-salami")
    single = repo.statements("h-salami")
    both = repo.statements_for(["h-salami", "irgc"], "any")
    # each statement once, whichever side names the entity; same rows as the single read
    assert [s.id for s in both] == [s.id for s in single]
    assert [(s.predicate, s.recorded_at, s.qualifiers) for s in both] == [
        (s.predicate, s.recorded_at, s.qualifiers) for s in single
    ]
    assert [s.predicate for s in repo.statements_for(["irgc"], "object")] == ["holds_position"]
    assert repo.entity_names(["h-salami", "hossein-salami", "irgc", "nobody"]) == {
        "h-salami": ("H. Salami", "Person"),
        "irgc": ("IRGC", "Organization"),
    }  # a merged-away id is left to get_entity, which follows the redirect
    assert repo.canonical_ids(["hossein-salami", "nobody"]) == {
        "hossein-salami": "h-salami",
        "nobody": "nobody",
    }
    assert repo.document_bodies(["d1", "d9"]) == {"d1": BODY}
    info = repo.document_infos(["d1"])["d1"]
    assert (info.outlet, info.published, info.duplicate_of) == ("Test Wire", "2025-06-17", None)
    spans = repo.evidence_spans(s.id for s in single)
    assert set(spans.values()) == {(0, 52)}


def test_statements_starting_between_takes_undated_ones_by_article_date(repo: Repository) -> None:
    repo.save_document(make_document(), make_extraction(), IDS, ENTITIES)
    found = repo.statements_starting_between({"killed", "holds_position"}, "2025-06", "2025-06-30")
    # the death is dated 13 June; the undated post counts by its article (17 June)
    assert sorted(s.predicate for s in found) == ["holds_position", "killed"]
    undated_only = repo.statements_starting_between(
        {"killed", "holds_position"}, "2025-06-01", "2025-06-30", undated_predicates=()
    )
    assert [s.predicate for s in undated_only] == ["killed"]
    # a coarse read (from the start's year: partial dates overlap); callers check the dates
    assert repo.statements_starting_between({"killed"}, "2026-01-01", "2026-12-31") == []
