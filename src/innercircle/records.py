"""The data model shared by every stage: plain, typed records (see DESIGN.md, "Data model").

Stages exchange these records and nothing else: `corpus` produces `Document`s, `extract`
produces an `Extraction` per document (document-local entity keys), `resolve` maps those keys to
store-wide entity ids, and `store` persists them. This module holds no behaviour beyond tiny
helpers on the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EntityType(StrEnum):
    """Kinds of real-world entity (FollowTheMoney-compatible names)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    GROUP = "Group"
    COUNTRY = "Country"
    POSITION = "Position"


RELATION_PREDICATES: frozenset[str] = frozenset(
    {
        "holds_position",
        "advises",
        "member_of",
        "commands",
        "leads",
        "subordinate_to",
        "child_of",
        "spouse_of",
        "sibling_of",
        "close_to",
        "affiliated_with",
        "located_in",
    }
)
"""Predicates of tie statements (subject → object)."""

EVENT_PREDICATES: frozenset[str] = frozenset(
    {
        "killed",
        "died",
        "wounded",
        "arrested",
        "imprisoned",
        "executed",
        "appointed",
        "elected",
        "dismissed",
        "resigned",
        "became_leader",
        "overthrown",
        "defected",
        "sanctioned",
        "attack",
        "statement",
        "protest_suppressed",
    }
)
"""Predicates of event statements: subject = who it happened to, object = the agent (or None)."""

CLOSING_EVENTS: frozenset[str] = frozenset(
    {"killed", "died", "executed", "dismissed", "resigned", "overthrown", "defected"}
)
"""Events after which a person's posts and ties are no longer current."""


class DateMethod(StrEnum):
    """How a date was determined; stored next to every date."""

    FRONT_MATTER = "front_matter"
    MANIFEST = "manifest"
    HTML_METADATA = "html_metadata"
    DATELINE = "dateline"
    EXPLICIT = "explicit"  # a full date written in the sentence
    RELATIVE = "relative"  # resolved against the article date ("last week", "since Friday")
    YEAR = "year"  # only a year (or month) is known
    PUBLICATION = "publication"  # no date in the sentence: the article date is used
    ANALYST = "analyst"
    INGEST = "ingest"  # the time innercircle recorded it
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DateValue:
    """A possibly partial ISO date ("2025", "2025-06", "2025-06-13") and how it was found."""

    value: str | None
    method: DateMethod = DateMethod.UNKNOWN
    text: str | None = None  # the wording it came from ("since Friday")

    @staticmethod
    def unknown(text: str | None = None) -> DateValue:
        return DateValue(None, DateMethod.UNKNOWN, text)


@dataclass(frozen=True)
class RemovedBlock:
    """Text dropped from a document body during cleaning, kept so an analyst can see it."""

    kind: str  # "counter", "caption", "disclaimer", "related", "promo", "more_news", ...
    text: str
    line: int | None = None  # 1-based line in the raw input, when known
    rule: str | None = None  # which cleaning rule removed it


@dataclass
class Document:
    """A cleaned, dated article. `id` is a hash of the normalised body."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: DateValue = field(default_factory=DateValue.unknown)
    source_path: str | None = None
    removed: list[RemovedBlock] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    revision_of: str | None = None
    ingested_at: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def published_date(self) -> str | None:
        return self.published.value


@dataclass(frozen=True)
class Span:
    """A character span of a document body with its verbatim text (`body[start:end] == text`)."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass
class EntityRef:
    """A document-local entity found by extraction (before cross-document resolution)."""

    key: str  # unique within the document, e.g. "e3"
    type: EntityType
    name: str  # best full name seen in the document, titles stripped
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # "Ayatollah", "Brig. Gen."
    resolved_id: str | None = None  # store-wide id once resolved
    post: str | None = None
    """For a person the document names only by a post ("the Leader of the Islamic
    Revolution"): "post word|country id"; resolution links it to the post's holder."""


@dataclass
class Mention:
    """One occurrence of an entity in a document."""

    span: Span
    label: EntityType
    entity_key: str
    zone: str = "body"  # body | caption | byline | title
    source: str = "ner"  # ner | pack | coref | pattern


@dataclass
class Statement:
    """One sourced fact: subject predicate object/value, with three times and evidence.

    For relation predicates `object_key` is the other entity. For event predicates `object_key`
    is the agent (who caused it) or None; `qualifiers["date_text"]` keeps the date wording.
    `valid_from`/`valid_to` say when it was true (an event's date is its `valid_from`).
    """

    subject_key: str
    predicate: str
    evidence: Span
    object_key: str | None = None
    value: str | None = None
    role: str | None = None  # the post as written: "chief of staff", "foreign minister"
    qualifiers: dict[str, str] = field(default_factory=dict)  # time=former, inferred=true, ...
    valid_from: DateValue = field(default_factory=DateValue.unknown)
    valid_to: DateValue = field(default_factory=DateValue.unknown)
    reported_at: DateValue = field(default_factory=DateValue.unknown)
    attribution: str | None = None  # None = asserted by the outlet; else "according to ..."
    extractor: str = "unknown"
    confidence: float = 0.5
    zone: str = "body"

    @property
    def is_event(self) -> bool:
        return self.predicate in EVENT_PREDICATES


@dataclass
class Quote:
    """A direct quotation with its speaker."""

    span: Span  # the quoted text, without quote marks
    speaker_key: str | None
    date: DateValue = field(default_factory=DateValue.unknown)
    stance: str | None = None
    extractor: str = "unknown"
    confidence: float = 0.5

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class Extraction:
    """Everything extracted from one document."""

    doc_id: str
    entities: list[EntityRef] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    extractor: str = "unknown"

    def entity(self, key: str) -> EntityRef:
        for ent in self.entities:
            if ent.key == key:
                return ent
        raise KeyError(key)


@dataclass(frozen=True)
class Judgement:
    """An analyst decision. kind: same | different | unsure (entity pair) or accept | reject
    (statement). Judgements are data: re-running a stage never loses or contradicts one."""

    kind: str
    subject: str  # entity id, or statement id for accept/reject
    author: str
    reason: str | None = None
    object: str | None = None  # the other entity id for pair judgements
    id: int | None = None
    created_at: datetime | None = None
    undone_at: datetime | None = None


@dataclass(frozen=True)
class Source:
    """An outlet with an optional Admiralty reliability grade (A–F) and affiliation notes."""

    outlet: str
    grade: str | None = None
    affiliation: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class StoredEntity:
    """An entity as kept in the store (store-wide id; `merged_into` set for a redirect)."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None
    origin: str = "extraction"
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredStatement:
    """A statement as kept in the store: store-wide entity ids, evidence, the three times."""

    id: int
    subject_id: str
    predicate: str
    object_id: str | None
    value: str | None
    role: str | None
    qualifiers: dict[str, str]
    valid_from: str | None
    valid_from_method: str
    valid_to: str | None
    valid_to_method: str
    date_text: str | None
    reported_at: str | None
    reported_method: str
    recorded_at: datetime
    doc_id: str | None
    evidence_start: int | None
    evidence_end: int | None
    evidence_text: str | None
    zone: str
    attribution: str | None
    extractor: str
    confidence: float
    fingerprint: str
    outlet: str | None = None  # filled when read together with the document

    @property
    def is_event(self) -> bool:
        return self.predicate in EVENT_PREDICATES


@dataclass(frozen=True)
class StoredQuote:
    """A quote as kept in the store."""

    id: int
    doc_id: str
    start: int
    end: int
    text: str
    speaker_id: str | None
    date: str | None
    date_method: str
    stance: str | None
    extractor: str
    confidence: float
    outlet: str | None = None
