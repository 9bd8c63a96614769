"""Answer records shared by the queries: ties and events as an analyst reads them.

`TieView` and `EventView` turn a `Fact` into what an answer shows: the other entity by name,
the post wording, the state at the asked date, and the evidence with its corroboration. They
are plain dataclasses with `to_dict()`; building them needs a `StoreView` for names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from innercircle.powermap.access import EntityInfo, StoreView
from innercircle.powermap.evidence import Corroboration, Evidence, unique_evidence
from innercircle.powermap.facts import Fact

OUT_PHRASES: dict[str, str] = {
    "holds_position": "holds post in",
    "advises": "advises",
    "member_of": "member of",
    "commands": "commands",
    "leads": "leads",
    "subordinate_to": "answers to",
    "child_of": "child of",
    "spouse_of": "spouse of",
    "sibling_of": "sibling of",
    "close_to": "close to",
    "affiliated_with": "affiliated with",
    "located_in": "located in",
}
IN_PHRASES: dict[str, str] = {
    "holds_position": "post held by",
    "advises": "advised by",
    "member_of": "has member",
    "commands": "commanded by",
    "leads": "led by",
    "subordinate_to": "oversees",
    "child_of": "parent of",
    "spouse_of": "spouse of",
    "sibling_of": "sibling of",
    "close_to": "close to",
    "affiliated_with": "affiliated with",
    "located_in": "location of",
}


def phrase(predicate: str, direction: str = "out") -> str:
    table = OUT_PHRASES if direction == "out" else IN_PHRASES
    return table.get(predicate, predicate.replace("_", " "))


@dataclass
class TieView:
    """A tie of an entity as of a date, with evidence."""

    predicate: str
    direction: str  # "out": the entity is the subject; "in": the object
    other: EntityInfo
    roles: list[str]
    state: str  # current | former | ended | closed | future
    start: str | None
    start_known: bool
    first_reported: str | None
    end: str | None
    closed_by: str | None
    negated: bool
    statement_ids: list[int]
    fact: Fact = field(repr=False, compare=False)

    @property
    def corroboration(self) -> Corroboration:
        """Independent stories behind the tie (documents are read on first use)."""
        return self.fact.corroboration

    @property
    def evidence(self) -> list[Evidence]:
        return unique_evidence(self.fact.evidence)

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    def describe(self) -> str:
        """'commander — holds post in IRGC', 'advises Leader' ..."""
        text = f"{phrase(self.predicate, self.direction)} {self.other.name}"
        if self.role:
            text = f"{self.role} — {text}"
        if self.negated:
            text = f"DENIED: {text}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.predicate,
            "direction": self.direction,
            "other": self.other.to_dict(),
            "roles": self.roles,
            "description": self.describe(),
            "state": self.state,
            "start": self.start,
            "start_known": self.start_known,
            "first_reported": self.first_reported,
            "end": self.end,
            "closed_by": self.closed_by,
            "negated": self.negated,
            "corroboration": self.corroboration.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
            "statement_ids": self.statement_ids,
        }


@dataclass
class EventView:
    """Something that happened to an entity, with evidence."""

    predicate: str
    subject: EntityInfo
    date: str | None
    date_known: bool
    date_text: str | None
    agents: list[EntityInfo]
    roles: list[str]
    negated: bool
    corroboration: Corroboration
    evidence: list[Evidence]
    statement_ids: list[int]
    fact: Fact | None = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        text = f"{self.subject.name} {self.predicate.replace('_', ' ')}"
        if self.roles:
            text += f" ({self.roles[0]})"
        if self.agents:
            text += " by " + ", ".join(a.name for a in self.agents)
        if self.negated:
            text = f"DENIED: {text}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "predicate": self.predicate,
            "subject": self.subject.to_dict(),
            "description": self.describe(),
            "date": self.date,
            "date_known": self.date_known,
            "date_text": self.date_text,
            "agents": [a.to_dict() for a in self.agents],
            "roles": self.roles,
            "negated": self.negated,
            "corroboration": self.corroboration.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
            "statement_ids": self.statement_ids,
        }


def closed_label(view: StoreView, closing: Fact | None) -> str | None:
    if closing is None:
        return None
    when = closing.when or "date unknown"
    return f"{closing.predicate} {when}"


def tie_view(view: StoreView, fact: Fact, entity_id: str, at: str) -> TieView:
    """The tie `fact` seen from `entity_id`, with its state at `at`."""
    direction = "out" if fact.subject_id == entity_id else "in"
    other_id = fact.object_id if direction == "out" else fact.subject_id
    other = view.info(other_id) if other_id else EntityInfo("", fact.value or "?", "")
    state, closing = view.tie_state(fact, at)
    return TieView(
        predicate=fact.predicate,
        direction=direction,
        other=other,
        roles=fact.roles,
        state=state,
        start=fact.start,
        start_known=fact.start_known,
        first_reported=fact.first_reported,
        end=fact.end,
        closed_by=closed_label(view, closing),
        negated=fact.negated,
        statement_ids=fact.ids,
        fact=fact,
    )


def event_view(view: StoreView, fact: Fact) -> EventView:
    date_text = next((s.date_text for s in fact.statements if s.date_text), None)
    return EventView(
        predicate=fact.predicate,
        subject=view.info(fact.subject_id),
        date=fact.when,
        date_known=fact.start_known,
        date_text=date_text,
        agents=[view.info(a) for a in fact.agents],
        roles=fact.roles,
        negated=fact.negated,
        corroboration=fact.corroboration,
        evidence=unique_evidence(fact.evidence),
        statement_ids=fact.ids,
        fact=fact,
    )
