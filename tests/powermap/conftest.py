"""An invented regime for the power-map tests, stored through the Repository API.

Norland's leader Karim Vastani has an office, a Guard with an aerospace force and an
intelligence organisation, an inner-circle group and a dozen advisers. Three Guard commanders
are killed in June 2025 (one with two conflicting dates); a wire story and its machine
translation (a duplicate) plus an opposition outlet report it. Every statement's evidence is a
sentence of its document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityType,
    Source,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.store.repository import Repository

PER, ORG, GRP, CTY = (
    EntityType.PERSON,
    EntityType.ORGANIZATION,
    EntityType.GROUP,
    EntityType.COUNTRY,
)


@dataclass
class World:
    """Builds documents, entities and statements with valid evidence spans."""

    repo: Repository
    bodies: dict[str, list[str]] = field(default_factory=dict)
    published: dict[str, str | None] = field(default_factory=dict)

    def entity(self, eid: str, kind: EntityType, name: str, *aliases: str) -> str:
        self.repo.add_entity(StoredEntity(eid, kind, name, tuple(aliases)))
        return eid

    def doc(
        self,
        doc_id: str,
        outlet: str,
        published: str | None,
        sentences: list[str],
        duplicate_of: str | None = None,
    ) -> str:
        self.repo.add_document(
            Document(
                id=doc_id,
                body=" ".join(sentences),
                title=f"Story {doc_id}",
                url=f"https://example.org/{doc_id}",
                outlet=outlet,
                published=DateValue(published, DateMethod.MANIFEST)
                if published
                else DateValue.unknown(),
                duplicate_of=duplicate_of,
            )
        )
        self.bodies[doc_id] = sentences
        self.published[doc_id] = published
        return doc_id

    def say(
        self,
        doc_id: str | None,
        sentence: int,
        subject: str,
        predicate: str,
        obj: str | None = None,
        *,
        role: str | None = None,
        date: str | None = None,
        method: DateMethod = DateMethod.EXPLICIT,
        end: str | None = None,
        qualifiers: dict[str, str] | None = None,
        confidence: float = 0.8,
        extractor: str = "test",
    ) -> int:
        if doc_id is not None:
            sentences = self.bodies[doc_id]
            text = sentences[sentence]
            start = len(" ".join(sentences[:sentence])) + (1 if sentence else 0)
            span = Span(doc_id, start, start + len(text), text)
            reported = self.published[doc_id]
        else:
            span = Span("", 0, 0, "")
            reported = None
        stmt = Statement(
            subject_key="s",
            predicate=predicate,
            evidence=span,
            object_key="o" if obj else None,
            role=role,
            qualifiers=dict(qualifiers or {}),
            valid_from=DateValue(date, method) if date else DateValue.unknown(),
            valid_to=DateValue(end, DateMethod.EXPLICIT) if end else DateValue.unknown(),
            reported_at=DateValue(reported, DateMethod.MANIFEST)
            if reported
            else DateValue.unknown(),
            extractor=extractor,
            confidence=confidence,
        )
        return self.repo.add_statement(stmt, subject, obj, doc_id)


WIRE = [
    "Several Guard commanders have been killed since Friday, including overall commander "
    "Hamid Sarraf, aerospace chief Reza Tavan and spymaster Nader Kowsar.",
    "These men were part of the leader's inner circle of advisers.",
    "Samir Hejran, the deputy for political security affairs at the leader's office, remains.",
    "The head of the leader's office, Ali Dorani, former foreign ministers Jafar Velani and "
    "Kamran Kharaz, and ex-parliament speaker Omid Larsi remain trusted confidants on "
    "diplomatic issues.",
    "His son Mehdi Vastani has built close ties with the Guard.",
    "Karim Vastani is the supreme leader of Norland and commands the Guard.",
]
TRANSLATION = [
    "Several commanders of the Guard were killed since Friday: commander Hamid Sarraf, "
    "aerospace chief Reza Tavan and intelligence chief Nader Kowsar.",
    "They belonged to the inner circle of the leader.",
]
OPPOSITION = [
    "Guard commander Hamid Sarraf was killed on 13 June.",
    "Nader Kowsar was killed on 15 June, the outlet said.",
    "Adviser Farid Nouri was arrested on 20 June.",
    "Old adviser Bahram Esfandi was dismissed in January 2023.",
    "Farid Nouri advises the leader on economic affairs.",
    "Bahram Esfandi advised the leader.",
    "Hamid Sarraf was appointed head of the Guard on 2 February 2019.",
]


@pytest.fixture
def world(repo: Repository) -> Iterator[World]:
    """The invented regime (see the module docstring)."""
    yield build_world(repo)


def build_world(repo: Repository) -> World:
    """Store the invented regime in `repo`."""
    w = World(repo)
    w.entity("karim-vastani", PER, "Karim Vastani", "the leader")
    w.entity("norland", CTY, "Norland")
    w.entity("eastland", CTY, "Eastland")
    w.entity("leader-office", ORG, "Office of the Leader", "leader's office")
    w.entity("guard", ORG, "Revolutionary Guard", "the Guard")
    w.entity("guard-aerospace", ORG, "Guard Aerospace Force")
    w.entity("guard-intel", ORG, "Guard Intelligence Organization")
    w.entity("parliament", ORG, "Parliament of Norland")
    w.entity("inner-circle", GRP, "The leader's inner circle")
    for pid, name in [
        ("hamid-sarraf", "Hamid Sarraf"),
        ("reza-tavan", "Reza Tavan"),
        ("nader-kowsar", "Nader Kowsar"),
        ("samir-hejran", "Samir Hejran"),
        ("ali-dorani", "Ali Dorani"),
        ("jafar-velani", "Jafar Velani"),
        ("kamran-kharaz", "Kamran Kharaz"),
        ("omid-larsi", "Omid Larsi"),
        ("mehdi-vastani", "Mehdi Vastani"),
        ("farid-nouri", "Farid Nouri"),
        ("bahram-esfandi", "Bahram Esfandi"),
    ]:
        w.entity(pid, PER, name)
    w.doc("wire", "Global Wire", "2025-06-17", WIRE)
    w.doc("translation", "Daily Echo", "2025-06-17", TRANSLATION, duplicate_of="wire")
    w.doc("opposition", "Opposition Voice", "2025-06-21", OPPOSITION)
    repo.upsert_source(Source("Global Wire", "B"))
    repo.upsert_source(Source("Daily Echo", "C"))
    repo.upsert_source(Source("Opposition Voice", "D", affiliation="exile opposition"))

    lead = "karim-vastani"
    w.say("wire", 5, lead, "holds_position", "norland", role="supreme leader")
    w.say("wire", 5, lead, "commands", "guard")
    w.say("wire", 5, "guard", "subordinate_to", lead)
    w.say("wire", 2, "leader-office", "subordinate_to", lead)
    w.say("wire", 1, "inner-circle", "subordinate_to", lead)
    w.say("wire", 0, "guard-aerospace", "subordinate_to", "guard")
    w.say("wire", 0, "guard-intel", "subordinate_to", "guard")
    # the three commanders (wire + its translation)
    for doc, idx in (("wire", 0), ("translation", 0)):
        w.say(doc, idx, "hamid-sarraf", "holds_position", "guard", role="overall commander")
        w.say(doc, idx, "hamid-sarraf", "commands", "guard", role="commander")
        w.say(doc, idx, "reza-tavan", "commands", "guard-aerospace", role="aerospace chief")
        w.say(doc, idx, "nader-kowsar", "holds_position", "guard-intel", role="spymaster")
        for pid in ("hamid-sarraf", "reza-tavan", "nader-kowsar"):
            w.say(
                doc, idx, pid, "killed", "eastland", date="2025-06-13", method=DateMethod.RELATIVE
            )
    for doc, idx in (("wire", 1), ("translation", 1)):
        for pid in ("hamid-sarraf", "reza-tavan", "nader-kowsar"):
            w.say(doc, idx, pid, "member_of", "inner-circle")
            w.say(doc, idx, pid, "advises", lead)
    # remaining advisers
    w.say(
        "wire",
        2,
        "samir-hejran",
        "holds_position",
        "leader-office",
        role="deputy for political security affairs",
    )
    w.say("wire", 3, "ali-dorani", "leads", "leader-office", role="head of office")
    w.say(
        "wire",
        3,
        "jafar-velani",
        "holds_position",
        "norland",
        role="foreign minister",
        qualifiers={"time": "former"},
    )
    w.say(
        "wire",
        3,
        "kamran-kharaz",
        "holds_position",
        "norland",
        role="foreign minister",
        qualifiers={"time": "former"},
    )
    w.say(
        "wire",
        3,
        "omid-larsi",
        "holds_position",
        "parliament",
        role="speaker",
        qualifiers={"time": "former"},
    )
    for pid in ("ali-dorani", "jafar-velani", "kamran-kharaz", "omid-larsi"):
        w.say("wire", 3, pid, "advises", lead, qualifiers={"topic": "diplomatic issues"})
    w.say("wire", 4, "mehdi-vastani", "child_of", lead)
    w.say("wire", 4, "mehdi-vastani", "affiliated_with", "guard", role="close ties")
    # opposition outlet: corroboration, a conflicting date, an arrest, an old dismissal
    w.say("opposition", 0, "hamid-sarraf", "killed", "eastland", date="2025-06-13")
    w.say("opposition", 1, "nader-kowsar", "killed", None, date="2025-06-15")
    w.say("opposition", 2, "farid-nouri", "arrested", None, date="2025-06-20")
    w.say(
        "opposition",
        4,
        "farid-nouri",
        "advises",
        lead,
        role="adviser on economic affairs",
        date="2024-03",
        method=DateMethod.YEAR,
    )
    w.say("opposition", 3, "bahram-esfandi", "dismissed", lead, date="2023-01")
    w.say("opposition", 5, "bahram-esfandi", "advises", lead, date="2020", method=DateMethod.YEAR)
    w.say(
        "opposition",
        6,
        "hamid-sarraf",
        "appointed",
        lead,
        role="head of the Guard",
        date="2019-02-02",
    )
    return w


@pytest.fixture
def artifacts_dir() -> Path:
    """test-artifacts/ at the project root (screenshots and reports for humans to look at)."""
    path = Path(__file__).resolve().parents[2] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
