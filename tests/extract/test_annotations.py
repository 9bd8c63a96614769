"""The annotation JSON (data/gold/README.md format) built from extractions."""

from __future__ import annotations

from innercircle.extract.annotations import slug, to_annotations, trim_evidence
from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Quote,
    Span,
    Statement,
)

BODY = (
    "Hezbollah leader Hassan Nasrallah was killed on September 27. "
    '"We will continue," Nasrallah said in a speech.'
)


def _pair(doc_id: str, path: str, duplicate_of: str | None = None) -> tuple[Document, Extraction]:
    doc = Document(
        id=doc_id,
        body=BODY,
        source_path=path,
        published=DateValue("2024-10-01", DateMethod.MANIFEST),
        duplicate_of=duplicate_of,
    )
    ev = Span(doc_id, 0, 62, BODY[:62])
    ext = Extraction(
        doc_id=doc_id,
        entities=[
            EntityRef("e1", EntityType.PERSON, "Hassan Nasrallah", aliases=["Nasrallah"]),
            EntityRef("e2", EntityType.ORGANIZATION, "Hezbollah", resolved_id="hezbollah"),
        ],
        mentions=[
            Mention(Span(doc_id, 17, 33, "Hassan Nasrallah"), EntityType.PERSON, "e1"),
            Mention(Span(doc_id, 0, 9, "Hezbollah"), EntityType.ORGANIZATION, "e2"),
        ],
        statements=[
            Statement("e1", "leads", ev, object_key="e2", role="leader"),
            Statement(
                "e1",
                "killed",
                ev,
                valid_from=DateValue("2024-09-27", DateMethod.RELATIVE, "September 27"),
            ),
        ],
        quotes=[Quote(Span(doc_id, 64, 81, "We will continue,"), "e1")],
    )
    return doc, ext


def test_documents_entities_and_items() -> None:
    data = to_annotations([_pair("d1", "/x/001_a.txt"), _pair("d2", "/x/002_b.txt", "d1")])
    ids = {e["id"] for e in data["entities"]}
    assert ids == {"hassan-nasrallah", "hezbollah"}  # identical names link across documents
    nasrallah = next(e for e in data["entities"] if e["id"] == "hassan-nasrallah")
    assert nasrallah["docs"] == ["001_a.txt", "002_b.txt"] and "Nasrallah" in nasrallah["aliases"]
    doc = data["documents"][1]
    assert doc["doc"] == "002_b.txt" and doc["duplicate_of"] == "001_a.txt"
    assert doc["published"] == "2024-10-01"
    assert {"entity": "hezbollah", "text": "Hezbollah"} in doc["mentions"]
    assert doc["relations"][0]["subject"] == "hassan-nasrallah"
    assert doc["relations"][0]["object"] == "hezbollah"
    event = doc["events"][0]
    assert (event["type"], event["date"], event["date_text"]) == (
        "killed",
        "2024-09-27",
        "September 27",
    )
    assert doc["quotes"][0]["speaker"] == "hassan-nasrallah"


def test_resolution_ids_override_name_keys() -> None:
    data = to_annotations([_pair("d1", "a.txt")], {("d1", "e1"): "Q123"})
    assert "Q123" in {e["id"] for e in data["entities"]}


def test_evidence_is_trimmed_to_200_characters() -> None:
    text = "word " * 100
    trimmed = trim_evidence(text)
    assert len(trimmed) <= 200 and text.startswith(trimmed)


def test_slug() -> None:
    assert slug("Gholam-Hossein Mohseni-Eje’i") == "gholam-hossein-mohseni-ejei"
    assert slug("Bashar al-Assad") == "bashar-al-assad"


def test_names_without_latin_letters_get_distinct_ids() -> None:
    from innercircle.extract.annotations import slug

    assert slug("علی خامنه‌ای") != slug("محمد باقری")
    assert slug("علی خامنه‌ای").startswith("entity-")
    assert slug("Ali Khamenei") == "ali-khamenei"
