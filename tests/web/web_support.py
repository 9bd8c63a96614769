"""Shared pieces of the web tests: a small seeded store (an article carrying a `<script>`),
one API token per role, logging in through the form. Fixtures are in conftest.py."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Quote,
    Source,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.store.repository import Repository

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>document.title='pwned'</script>"
BODY = (
    "Ayatollah Ali Khamenei appointed Mohammad Pakpour commander of the Guard on June 13. "
    f"Guard commander Hossein Salami was killed on June 13. {SCRIPT} "
    '"We will respond," Pakpour said.'
)
"""An invented article; the script tag stands for hostile text inside an article."""
VARIANT = "Hosein Salami commands the Revolutionary Guards, the wire said."
EARLY = "Guard commander Hossein Salami advises Ayatollah Ali Khamenei on military affairs."


def _span(doc_id: str, text: str) -> Span:
    start = BODY.index(text)
    return Span(doc_id, start, start + len(text), text)


def seed(repo: Repository) -> None:
    """Store one article with four entities, posts, a killing, an appointment and a quote."""
    doc_id = "doc-xss"
    doc = Document(
        id=doc_id,
        body=BODY,
        title=f"Strike kills commander {SCRIPT}",
        outlet="Test Wire",
        published=DateValue("2025-06-14", DateMethod.MANIFEST),
    )
    first = _span(doc_id, BODY.split(". ")[0] + ".")
    second = _span(doc_id, f"Guard commander Hossein Salami was killed on June 13. {SCRIPT}")
    statements = [
        Statement(
            "e2",
            "holds_position",
            second,
            object_key="e4",
            role="commander",
            extractor="test",
            confidence=0.9,
        ),
        Statement(
            "e2",
            "killed",
            second,
            valid_from=DateValue("2025-06-13", DateMethod.EXPLICIT),
            extractor="test",
            confidence=0.9,
        ),
        Statement(
            "e3",
            "appointed",
            first,
            object_key="e1",
            role="commander",
            valid_from=DateValue("2025-06-13", DateMethod.EXPLICIT),
            extractor="test",
        ),
        Statement(
            "e3",
            "holds_position",
            first,
            object_key="e4",
            role="commander",
            valid_from=DateValue("2025-06-13", DateMethod.EXPLICIT),
            extractor="test",
        ),
        Statement("e3", "advises", first, object_key="e1", extractor="test"),
        Statement("e2", "advises", second, object_key="e1", extractor="test"),
    ]
    extraction = Extraction(
        doc_id=doc_id,
        entities=[
            EntityRef("e1", EntityType.PERSON, "Ali Khamenei"),
            EntityRef("e2", EntityType.PERSON, "Hossein Salami"),
            EntityRef("e3", EntityType.PERSON, "Mohammad Pakpour"),
            EntityRef("e4", EntityType.ORGANIZATION, "IRGC", aliases=["Guard"]),
        ],
        mentions=[Mention(_span(doc_id, "Hossein Salami"), EntityType.PERSON, "e2")],
        statements=statements,
        quotes=[Quote(_span(doc_id, "We will respond,"), "e3", extractor="test")],
        extractor="test",
    )
    entities = [
        StoredEntity("ali-khamenei", EntityType.PERSON, "Ali Khamenei", ("Khamenei",)),
        StoredEntity("hossein-salami", EntityType.PERSON, "Hossein Salami"),
        StoredEntity("mohammad-pakpour", EntityType.PERSON, "Mohammad Pakpour"),
        StoredEntity("irgc", EntityType.ORGANIZATION, "IRGC", (f"Guard {SCRIPT}",)),
    ]
    ids = {"e1": "ali-khamenei", "e2": "hossein-salami", "e3": "mohammad-pakpour", "e4": "irgc"}
    repo.save_document(doc, extraction, ids, entities)
    repo.upsert_source(Source("Test Wire", grade="B"))
    # An earlier article: before the strike the commander advises the leader.
    early_id = "doc-early"
    early = Document(
        id=early_id,
        body=EARLY,
        title="Who advises the leader",
        outlet="Monthly Review",
        published=DateValue("2025-05-01", DateMethod.MANIFEST),
    )
    sentence = Span(early_id, 0, len(EARLY), EARLY)
    repo.save_document(
        early,
        Extraction(
            doc_id=early_id,
            entities=[
                EntityRef("e1", EntityType.PERSON, "Ali Khamenei"),
                EntityRef("e2", EntityType.PERSON, "Hossein Salami"),
            ],
            statements=[Statement("e2", "advises", sentence, object_key="e1", extractor="test")],
            extractor="test",
        ),
        {"e1": "ali-khamenei", "e2": "hossein-salami"},
    )
    # A wire copy spells the commander differently: a candidate for the review queue.
    variant_id = "doc-variant"
    variant = Document(
        id=variant_id,
        body=VARIANT,
        title="Commander named",
        outlet="Other Wire",
        published=DateValue("2025-05-02", DateMethod.MANIFEST),
    )
    span = Span(variant_id, 0, len(VARIANT), VARIANT)
    repo.save_document(
        variant,
        Extraction(
            doc_id=variant_id,
            entities=[
                EntityRef("e1", EntityType.PERSON, "Hosein Salami"),
                EntityRef("e2", EntityType.ORGANIZATION, "IRGC"),
            ],
            mentions=[Mention(Span(variant_id, 0, 13, "Hosein Salami"), EntityType.PERSON, "e1")],
            statements=[
                Statement(
                    "e1",
                    "holds_position",
                    span,
                    object_key="e2",
                    role="commander",
                    extractor="test",
                )
            ],
            extractor="test",
        ),
        {"e1": "hosein-salami", "e2": "irgc"},
        [StoredEntity("hosein-salami", EntityType.PERSON, "Hosein Salami")],
    )


@dataclass
class Tokens:
    viewer: str
    analyst: str
    admin: str

    def header(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {getattr(self, role)}"}


def login(client: TestClient, token: str) -> str:
    """Log the test client in through the form; returns the page's CSRF token."""
    form = client.get("/login")
    csrf = _hidden(form.text, "csrf_token")
    response = client.post(
        "/login",
        data={"token": token, "csrf_token": csrf, "next": "/entities"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get("/entities")
    return _hidden(page.text, "csrf_token") or page.text.split('data-csrf="', 1)[1].split('"')[0]


def _hidden(html: str, name: str) -> str:
    marker = f'name="{name}" value="'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split('"', 1)[0]
