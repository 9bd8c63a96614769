"""The analyst's questions: who is X, who is in the leader's circle, what changed, X's timeline.

Each function takes a `Repository` and returns a dataclass with `to_dict()` (JSON) and
`records()` (flat rows for pandas). Every claim carries its evidence (sentence, outlet, date)
and how many independent stories support it; contradictions are listed side by side. Status
and tie state are derived at the asked date (see `facts`). Rendering is left to the CLI,
the web UI and `report`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from innercircle.powermap import dates
from innercircle.powermap.access import (
    DOMAIN_PREDICATE_SET,
    RELATION_PREDICATE_SET,
    STATUS_PREDICATE_SET,
    EntityInfo,
    StoreView,
    at_or_today,
)
from innercircle.powermap.domains import DomainScore
from innercircle.powermap.evidence import Corroboration, Evidence, corroborate, unique_evidence
from innercircle.powermap.facts import (
    KINSHIP_PREDICATES,
    POST_PREDICATES,
    Contradiction,
    Fact,
    Status,
    find_contradictions,
)
from innercircle.powermap.standing import standing_institutions
from innercircle.powermap.views import EventView, TieView, event_view, phrase, tie_view
from innercircle.records import EVENT_PREDICATES, EntityType
from innercircle.store.repository import Repository

CHANGE_EVENTS: frozenset[str] = frozenset(
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
    }
)
"""Events that change who holds power (attacks, statements and protests are not changes)."""

JOIN_PREDICATES: frozenset[str] = frozenset(
    {"holds_position", "leads", "commands", "advises", "member_of"}
)
"""Ties whose start is a 'joined' change."""

KIND_ORDER: dict[str, int] = {
    "adviser": 0,
    "inner circle": 0,
    "command": 1,
    "head": 1,
    "office": 2,
    "family": 3,
    "close": 4,
    "member": 5,
    "subordinate": 5,
}

DEFAULT_LOST_WINDOW_DAYS = 365

INSTITUTION_PREDICATES: frozenset[str] = frozenset(
    {"member_of", "advises", "leads", "commands", "holds_position", "subordinate_to"}
)
"""Ties into an organisation or group that can place a person in the leader's circle."""
HEAD_PREDICATES: frozenset[str] = frozenset({"leads", "commands"})
HOLDER_PREDICATES: frozenset[str] = frozenset({"holds_position", "member_of"})
HEAD_ONLY_PREDICATES: frozenset[str] = INSTITUTION_PREDICATES - HOLDER_PREDICATES
MAX_OFFICE_HOLDERS = 15
"""An organisation answering to the leader with more persons (or units) reported holding a
post in it or being members than this (an army, a guard corps) places only its heads in his
circle; a smaller one (his office) places everyone who holds a post in it."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while an answer of thousands of facts is
    built: each of its passes walks every one of them (a third of a whole-store `changes`).
    Reference counting still frees what is dropped; the few cycles (a view and its cached
    facts) are collected once the collector is back on, which it is afterwards if it was on
    before (nothing is kept between calls)."""
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _rows_with_evidence(base: dict[str, Any], evidence: Sequence[Evidence]) -> dict[str, Any]:
    first = evidence[0] if evidence else None
    return {
        **base,
        "sentence": first.sentence if first else None,
        "outlet": first.outlet if first else None,
        "published": first.published if first else None,
        "statement_ids": ",".join(str(e.statement_id) for e in evidence),
    }


# ---------------------------------------------------------------------- who


@dataclass
class QuoteView:
    """A quotation by the entity."""

    quote_id: int
    text: str
    date: str | None
    outlet: str | None
    doc_id: str
    stance: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class WhoResult:
    """Everything known about one entity as of a date."""

    entity: EntityInfo
    aliases: list[str]
    at: str
    status: Status
    domains: list[DomainScore]
    posts: list[TieView]
    ties: list[TieView]
    events: list[EventView]
    quotes: list[QuoteView]
    contradictions: list[Contradiction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.to_dict(),
            "aliases": self.aliases,
            "at": self.at,
            "status": self.status.to_dict(),
            "domains": [d.to_dict() for d in self.domains],
            "posts": [t.to_dict() for t in self.posts],
            "ties": [t.to_dict() for t in self.ties],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }

    def records(self) -> list[dict[str, Any]]:
        """One flat row per post, tie, event and quote."""
        rows: list[dict[str, Any]] = []
        for kind, ties in (("post", self.posts), ("tie", self.ties)):
            for t in ties:
                base = {
                    "entity": self.entity.name,
                    "kind": kind,
                    "predicate": t.predicate,
                    "description": t.describe(),
                    "other": t.other.name,
                    "state": t.state,
                    "date": t.start or t.first_reported,
                    "sources": t.corroboration.stories,
                }
                rows.append(_rows_with_evidence(base, t.evidence))
        for e in self.events:
            base = {
                "entity": self.entity.name,
                "kind": "event",
                "predicate": e.predicate,
                "description": e.describe(),
                "other": ", ".join(a.name for a in e.agents),
                "state": "denied" if e.negated else "reported",
                "date": e.date,
                "sources": e.corroboration.stories,
            }
            rows.append(_rows_with_evidence(base, e.evidence))
        for q in self.quotes:
            rows.append(
                {
                    "entity": self.entity.name,
                    "kind": "quote",
                    "predicate": "said",
                    "description": q.text,
                    "other": "",
                    "state": "",
                    "date": q.date,
                    "sources": 1,
                    "sentence": q.text,
                    "outlet": q.outlet,
                    "published": q.date,
                    "statement_ids": "",
                }
            )
        return rows


def _several_heads(view: StoreView, entity_id: str, ties: Sequence[TieView]) -> list[Contradiction]:
    """Two persons reported as current head (leads/commands) of the same post of an org."""
    heads = [
        t
        for t in ties
        if t.direction == "in"
        and t.predicate in {"leads", "commands"}
        and t.state == "current"
        and not t.negated
        and t.fact is not None
    ]
    found: list[Contradiction] = []
    by_predicate: dict[str, list[TieView]] = {}
    for t in heads:
        by_predicate.setdefault(t.predicate, []).append(t)
    for predicate, group in by_predicate.items():
        people = {t.other.id for t in group}
        if len(people) < 2:
            continue
        names = ", ".join(sorted({t.other.name for t in group}))
        found.append(
            Contradiction(
                "several_heads",
                f"{view.name(entity_id)}: several current heads ({predicate}): {names}",
                [t.fact for t in group if t.fact is not None],
            )
        )
    return found


def who(
    repo: Repository, entity: str, at: str | None = None, view: StoreView | None = None
) -> WhoResult:
    """Posts, ties, events, quotes and aliases of `entity` (an id or a name) as of `at`."""
    v = view or StoreView(repo)
    target = v.resolve(entity)
    eid = target.id
    day = at_or_today(at)
    facts = v.facts_of(eid)
    others = {x for f in facts for x in (f.subject_id, f.object_id, *f.agents) if x}
    v.prefetch_names(others)
    v.prefetch(others - {eid}, "subject", STATUS_PREDICATE_SET)
    v.prefetch_evidence(facts)
    posts: list[TieView] = []
    ties: list[TieView] = []
    events: list[EventView] = []
    for fact in facts:
        if fact.is_event:
            if fact.subject_id == eid and (fact.when is None or dates.on_or_before(fact.when, day)):
                events.append(event_view(v, fact))
            continue
        tv = tie_view(v, fact, eid, day)
        if tv.state == "future":
            continue
        if tv.direction == "out" and fact.predicate in POST_PREDICATES:
            posts.append(tv)
        else:
            ties.append(tv)
    state_order = {"current": 0, "closed": 1, "former": 2, "ended": 3}
    posts.sort(key=lambda t: (state_order.get(t.state, 9), t.other.name))
    ties.sort(key=lambda t: (state_order.get(t.state, 9), t.predicate, t.other.name))
    quotes = [
        QuoteView(q.id, q.text, q.date, q.outlet, q.doc_id, q.stance)
        for q in v.quotes(eid)
        if q.date is None or dates.on_or_before(q.date, day)
    ]
    contradictions = find_contradictions([f for f in facts if f.subject_id == eid], v.name)
    contradictions += _several_heads(v, eid, ties)
    return WhoResult(
        entity=v.info(eid),
        aliases=list(target.aliases),
        at=day,
        status=v.status(eid, day),
        domains=v.domains(eid, advice=facts)
        if target.type == EntityType.PERSON
        else v.org_domains(eid),
        posts=posts,
        ties=ties,
        events=events,
        quotes=quotes,
        contradictions=contradictions,
    )


# ---------------------------------------------------------------------- circle


@dataclass
class CircleMember:
    """A person in the leader's circle, how they are tied to it, their domain and status."""

    entity: EntityInfo
    kinds: list[str]
    presence: str  # current | lost (status changed) | left (ties ended)
    status: Status
    domain: str | None
    domain_label: str | None
    domains: list[DomainScore]
    ties: list[TieView]
    posts: list[TieView]
    corroboration: Corroboration
    evidence: list[Evidence]

    @property
    def active(self) -> bool:
        return self.presence == "current"

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.to_dict(),
            "kinds": self.kinds,
            "presence": self.presence,
            "status": self.status.to_dict(),
            "domain": self.domain,
            "domain_label": self.domain_label,
            "domains": [d.to_dict() for d in self.domains],
            "ties": [t.to_dict() for t in self.ties],
            "posts": [t.to_dict() for t in self.posts],
            "corroboration": self.corroboration.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def record(self) -> dict[str, Any]:
        base = {
            "id": self.entity.id,
            "name": self.entity.name,
            "kinds": ", ".join(self.kinds),
            "presence": self.presence,
            "status": self.status.state,
            "status_date": self.status.date,
            "domain": self.domain_label,
            "posts": "; ".join(t.describe() for t in self.posts if t.state == "current"),
            "sources": self.corroboration.stories,
            "outlets": self.corroboration.outlets,
            "support": self.corroboration.support,
        }
        return _rows_with_evidence(base, self.evidence)


@dataclass
class CircleResult:
    """The leader's inner circle and advisers as of a date."""

    leader: EntityInfo
    at: str
    lost_since: str
    institutions: list[EntityInfo]
    members: list[CircleMember]
    contradictions: list[Contradiction]
    by_law: dict[str, str] = field(default_factory=dict)
    """Institutions that answer to the leader by law (the pack's rule), id -> why."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "leader": self.leader.to_dict(),
            "at": self.at,
            "lost_since": self.lost_since,
            "institutions": [i.to_dict() for i in self.institutions],
            "institutions_by_law": dict(self.by_law),
            "members": [m.to_dict() for m in self.members],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }

    def records(self) -> list[dict[str, Any]]:
        return [m.record() for m in self.members]

    def member(self, entity_id: str) -> CircleMember | None:
        return next((m for m in self.members if m.entity.id == entity_id), None)


def _other(fact: Fact, entity_id: str) -> str | None:
    return fact.object_id if fact.subject_id == entity_id else fact.subject_id


def leader_institutions(
    v: StoreView, leader_id: str, at: str, by_law: Iterable[str] = ()
) -> dict[str, str]:
    """Organisations and groups the leader heads or that answer to him (not countries):
    id → 'group' or 'institution'."""
    found: dict[str, str] = {}
    for fact in v.ties_of(leader_id):
        other = _other(fact, leader_id)
        if other is None or other == leader_id or fact.negated:
            continue
        kind = v.entity_type(other)
        if kind not in {EntityType.ORGANIZATION.value, EntityType.GROUP.value}:
            continue
        heads = fact.subject_id == leader_id and fact.predicate in {"leads", "commands"}
        answers = fact.subject_id == other and fact.predicate == "subordinate_to"
        group_tie = (
            kind == EntityType.GROUP.value
            and fact.subject_id == other
            and (fact.predicate in {"advises", "affiliated_with", "close_to"})
        )
        if not (heads or answers or group_tie):
            continue
        if v.tie_state(fact, at)[0] == "future":
            continue
        found[other] = "group" if kind == EntityType.GROUP.value else "institution"
    for inst in by_law:  # answering to a post by law (`standing_institutions`)
        found.setdefault(inst, "institution")
    return found


def _circle_kind(fact: Fact, person: str, leader: str, institution_kind: str | None) -> str | None:
    """How a tie places `person` in the leader's circle (None: it does not)."""
    if institution_kind is None:  # a direct tie with the leader
        if fact.predicate == "advises" and fact.subject_id == person and fact.object_id == leader:
            return "adviser"
        if fact.predicate in KINSHIP_PREDICATES:
            return "family"
        if fact.predicate == "close_to":
            return "close"
        if fact.predicate == "subordinate_to" and fact.subject_id == person:
            return "subordinate"
        return None
    if fact.subject_id != person:
        return None
    if fact.predicate == "member_of":
        return "inner circle" if institution_kind == "group" else "member"
    if fact.predicate == "advises":
        return "adviser"
    if fact.predicate == "leads":
        return "head"
    if fact.predicate == "commands":
        return "command"
    if fact.predicate == "holds_position":
        return "office"
    return None


def circle(
    repo: Repository,
    leader: str,
    at: str | None = None,
    lost_since: str | None = None,
    depth: int = 2,
    view: StoreView | None = None,
) -> CircleResult:
    """The leader's inner circle and advisers as of `at`.

    Members are persons who advise the leader, belong to a group attached to him, head or
    command an organisation that answers to him (or hold any post in it when it is small, see
    MAX_OFFICE_HOLDERS; `depth` 2 adds the heads of its units), are family, or are close to him.
    Members lost (killed, arrested, dismissed ...)
    or whose ties ended on or after `lost_since` (default: a year before `at`) are listed
    with that status; earlier losses are left out.
    """
    v = view or StoreView(repo)
    head = v.resolve(leader)
    lid = head.id
    day = at_or_today(at)
    since = (
        dates.period_start(lost_since)
        if lost_since
        else dates.shift(day, -DEFAULT_LOST_WINDOW_DAYS)
    )
    v.prefetch([lid], "any", RELATION_PREDICATE_SET)
    ends = {x for f in v.ties_of(lid) for x in (f.subject_id, f.object_id) if x}
    v.prefetch_names(ends)
    v.prefetch(ends, "subject", STATUS_PREDICATE_SET)
    by_law = standing_institutions(v, lid, day)
    institutions = leader_institutions(v, lid, day, by_law)
    holders = repo.subject_counts(institutions, HOLDER_PREDICATES)
    small = {
        i
        for i, kind in institutions.items()
        if kind == "group" or holders.get(i, 0) <= MAX_OFFICE_HOLDERS
    }
    large = set(institutions) - small
    v.prefetch(small, "object", INSTITUTION_PREDICATES)
    v.prefetch(large, "object", HEAD_ONLY_PREDICATES)

    def inst_facts(inst: str) -> list[Fact]:
        preds = INSTITUTION_PREDICATES if inst in small else HEAD_ONLY_PREDICATES
        return v.facts(inst, "object", preds)

    v.prefetch_names(f.subject_id for i in institutions for f in inst_facts(i))
    candidate_ties: dict[str, list[tuple[str, Fact]]] = {}

    def consider(fact: Fact, person: str | None, inst_kind: str | None) -> None:
        if person is None or person == lid or fact.negated:
            return
        if v.entity_type(person) != EntityType.PERSON.value:
            return
        kind = _circle_kind(fact, person, lid, inst_kind)
        if kind is not None:
            candidate_ties.setdefault(person, []).append((kind, fact))

    for fact in v.ties_of(lid):
        consider(fact, _other(fact, lid), None)
    units: dict[str, str] = {}
    for inst, inst_kind in institutions.items():
        for fact in inst_facts(inst):
            consider(fact, fact.subject_id, inst_kind)
            if (
                depth >= 2
                and fact.predicate == "subordinate_to"
                and fact.subject_id not in institutions
                and fact.subject_id != lid
                and v.entity_type(fact.subject_id) == EntityType.ORGANIZATION.value
            ):
                units[fact.subject_id] = inst
    if units:
        v.prefetch(units, "object", HEAD_PREDICATES)
        v.prefetch_names(f.subject_id for u in units for f in v.facts(u, "object", HEAD_PREDICATES))
        for unit in units:
            for fact in v.facts(unit, "object", HEAD_PREDICATES):
                consider(fact, fact.subject_id, "institution")

    people = list(candidate_ties)
    v.prefetch([*people, lid, *institutions, *units], "subject", STATUS_PREDICATE_SET)
    presence = {p: _presence(v, p, candidate_ties[p], day, since) for p in people}
    chosen = [p for p in people if presence[p] is not None]
    v.prefetch(chosen, "subject", DOMAIN_PREDICATE_SET)
    own_ties = [f for p in chosen for f in v.facts(p, "subject", DOMAIN_PREDICATE_SET)]
    v.prefetch_names(f.object_id for f in own_ties if f.object_id)
    v.prefetch(
        {
            f.object_id
            for f in own_ties
            if f.object_id and v.entity_type(f.object_id) == EntityType.PERSON.value
        },
        "subject",
        STATUS_PREDICATE_SET,
    )
    v.prefetch_evidence(
        [f for p in chosen for _k, f in candidate_ties[p]]
        + [f for p in chosen for f in v.status_events_of(p)]
    )
    members = [_member(v, p, candidate_ties[p], day, presence[p] or "current") for p in chosen]
    members.sort(
        key=lambda m: (
            min(KIND_ORDER.get(k, 9) for k in m.kinds),
            {"current": 0, "lost": 1, "left": 2}[m.presence],
            m.entity.name,
        )
    )
    contradictions: list[Contradiction] = []
    seen: set[tuple[int, ...]] = set()
    for pid in [lid, *(m.entity.id for m in members)]:
        own = v.status_events_of(pid) + v.facts(pid, "subject", DOMAIN_PREDICATE_SET)
        for c in find_contradictions(own, v.name):
            key = tuple(sorted(i for f in c.sides for i in f.ids))
            if key not in seen:
                seen.add(key)
                contradictions.append(c)
    return CircleResult(
        leader=v.info(lid),
        at=day,
        lost_since=since,
        institutions=[v.info(i) for i in sorted(institutions, key=v.name)],
        members=members,
        contradictions=contradictions,
        by_law={
            i: f"answers to the holder of the post '{tie.post}' ({tie.basis})"
            for i, tie in by_law.items()
        },
    )


def _presence(
    v: StoreView, person: str, kinded: list[tuple[str, Fact]], day: str, since: str
) -> str | None:
    """'current', 'lost' (status changed since `since`), 'left' (ties ended since `since`)
    or None (not in the circle at `day`)."""
    states = [(fact, v.tie_state(fact, day)[0]) for _k, fact in kinded]
    states = [(fact, state) for fact, state in states if state != "future"]
    if not states:
        return None
    status = v.status(person, day)
    if not status.active:
        if status.date is not None and dates.before(status.date, since):
            return None
        return "lost"
    if any(state == "current" for _f, state in states):
        return "current"
    ended = [fact.end or fact.former_since for fact, _state in states]
    if any(e is not None and not dates.before(e, since) for e in ended):
        return "left"
    return None


def _member(
    v: StoreView, person: str, kinded: list[tuple[str, Fact]], day: str, presence: str
) -> CircleMember:
    views = [(kind, tie_view(v, fact, person, day)) for kind, fact in kinded]
    views = [(kind, tv) for kind, tv in views if tv.state != "future"]
    kinds = sorted({k for k, _tv in views}, key=lambda k: (KIND_ORDER.get(k, 9), k))
    ties = [tv for _k, tv in views]
    posts = [
        tie_view(v, f, person, day)
        for f in v.facts(person, "subject", DOMAIN_PREDICATE_SET)
        if f.predicate in POST_PREDICATES and not f.negated
    ]
    posts = [p for p in posts if p.state != "future"]
    domains = v.domains(person, advice=[fact for _k, fact in kinded])
    evidence = unique_evidence(e for tv in ties for e in tv.evidence)
    return CircleMember(
        entity=v.info(person),
        kinds=kinds,
        presence=presence,
        status=v.status(person, day),
        domain=domains[0].domain if domains else None,
        domain_label=domains[0].label if domains else None,
        domains=domains,
        ties=ties,
        posts=posts,
        corroboration=corroborate(e for tv in ties for e in tv.evidence),
        evidence=evidence,
    )


# ---------------------------------------------------------------------- changes


@dataclass
class Change:
    """One change of power in a period: an event, or a tie that began or ended."""

    kind: str  # joined | left | killed | arrested | appointed | dismissed | ...
    date: str | None
    date_known: bool
    subject: EntityInfo
    other: EntityInfo | None
    role: str | None
    description: str
    negated: bool
    corroboration: Corroboration
    evidence: list[Evidence]
    statement_ids: list[int]
    closes: list[str] = field(default_factory=list)  # circle ties this change ended

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date,
            "date_known": self.date_known,
            "subject": self.subject.to_dict(),
            "other": self.other.to_dict() if self.other else None,
            "role": self.role,
            "description": self.description,
            "negated": self.negated,
            "closes": self.closes,
            "corroboration": self.corroboration.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
            "statement_ids": self.statement_ids,
        }

    def record(self) -> dict[str, Any]:
        base = {
            "kind": self.kind,
            "date": self.date,
            "date_known": self.date_known,
            "subject": self.subject.name,
            "subject_id": self.subject.id,
            "other": self.other.name if self.other else None,
            "role": self.role,
            "description": self.description,
            "sources": self.corroboration.stories,
            "outlets": self.corroboration.outlets,
            "support": self.corroboration.support,
        }
        return _rows_with_evidence(base, self.evidence)


@dataclass
class ChangesResult:
    """What changed between two dates (optionally around one leader)."""

    start: str
    end: str
    around: EntityInfo | None
    changes: list[Change]
    undated: list[Change]  # reported in the period, the date itself not stated
    contradictions: list[Contradiction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "around": self.around.to_dict() if self.around else None,
            "changes": [c.to_dict() for c in self.changes],
            "undated": [c.to_dict() for c in self.undated],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }

    def records(self) -> list[dict[str, Any]]:
        return [c.record() for c in self.changes] + [
            {**c.record(), "kind": f"{c.kind} (undated)"} for c in self.undated
        ]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def _event_change(v: StoreView, fact: Fact) -> Change:
    ev = event_view(v, fact)
    return Change(
        kind=fact.predicate,
        date=fact.when,
        date_known=fact.start_known,
        subject=ev.subject,
        other=ev.agents[0] if ev.agents else None,
        role=fact.role,
        description=ev.describe(),
        negated=fact.negated,
        corroboration=ev.corroboration,
        evidence=ev.evidence,
        statement_ids=fact.ids,
    )


def _tie_change(v: StoreView, fact: Fact, kind: str, date: str | None) -> Change:
    subject = v.info(fact.subject_id)
    other = v.info(fact.object_id) if fact.object_id else None
    tie = f"{phrase(fact.predicate)} {other.name if other else fact.value or '?'}"
    if fact.role:
        tie = f"{fact.role} — {tie}"
    verb = "joined" if kind == "joined" else "left"
    evidence = unique_evidence(fact.evidence)
    return Change(
        kind=kind,
        date=date,
        date_known=True,
        subject=subject,
        other=other,
        role=fact.role,
        description=f"{subject.name} {verb}: {tie}",
        negated=fact.negated,
        corroboration=fact.corroboration,
        evidence=evidence,
        statement_ids=fact.ids,
    )


def _classify(
    v: StoreView, facts: Iterable[Fact], start: str, end: str
) -> tuple[list[Change], list[Change]]:
    dated: list[Change] = []
    undated: list[Change] = []
    for fact in facts:
        if fact.is_event:
            if fact.predicate not in CHANGE_EVENTS:
                continue
            if fact.start_known:
                if dates.in_range(fact.start, start, end):
                    dated.append(_event_change(v, fact))
            elif dates.in_range(fact.first_reported, start, end) and not fact.background:
                undated.append(_event_change(v, fact))
            continue
        if fact.predicate not in JOIN_PREDICATES or fact.negated:
            continue
        if fact.start_known and dates.in_range(fact.start, start, end):
            dated.append(_tie_change(v, fact, "joined", fact.start))
        if fact.end is not None and dates.in_range(fact.end, start, end):
            dated.append(_tie_change(v, fact, "left", fact.end))
    return dated, undated


def changes(
    repo: Repository,
    start: str,
    end: str,
    around: str | None = None,
    view: StoreView | None = None,
) -> ChangesResult:
    """Who joined, left, was killed, arrested, appointed ... between `start` and `end`.

    With `around` (a leader), only changes to the leader, to the members of his circle
    (as of `end`, counting losses since `start`) and those he caused (appointments,
    dismissals with him as agent); otherwise every change in the store whose
    date lies in the period. Events whose date is not stated but that were first reported in
    the period are listed apart as `undated` (not those told with a time the extraction could
    not resolve, "before the revolution": background, not news).
    """
    v = view or StoreView(repo)
    first = dates.period_start(start)
    last = dates.period_end(end)
    if dates.later(first, last):
        raise ValueError(f"the period starts ({first}) after it ends ({last})")
    with collector_paused():  # thousands of facts: see its docstring
        around_info: EntityInfo | None = None
        facts: list[Fact] = []
        closes: dict[str, list[str]] = {}
        if around is not None:
            circ = circle(repo, around, at=last, lost_since=first, view=v)
            around_info = circ.leader
            seen: set[tuple[int, ...]] = set()
            lid = circ.leader.id
            for pid in [lid, *(m.entity.id for m in circ.members)]:
                for fact in v.facts_of(pid):
                    key = tuple(fact.ids)
                    by_leader = pid == lid and fact.is_event and lid in fact.agents
                    if (fact.subject_id == pid or by_leader) and key not in seen:
                        seen.add(key)
                        facts.append(fact)
            for m in circ.members:
                for tv in m.ties:
                    if tv.closed_by:
                        closes.setdefault(m.entity.id, []).append(tv.describe())
        else:
            found = repo.statements_starting_between(
                CHANGE_EVENTS | JOIN_PREDICATES, first, last, undated_predicates=CHANGE_EVENTS
            )
            facts = v.make_facts(found, share=False)  # every group is met once here
            v.prefetch_names(x for f in facts for x in (f.subject_id, f.object_id) if x)
            v.prefetch_evidence(facts)
        dated, undated = _classify(v, facts, first, last)
        order = {
            k: i for i, k in enumerate(["killed", "died", "executed", "arrested", "imprisoned"])
        }
        dated.sort(key=lambda c: (c.date or "", order.get(c.kind, 9), c.subject.name))
        undated.sort(key=lambda c: (c.date or "", c.subject.name))
        contradictions = find_contradictions([f for f in facts if f.is_event], v.name)
        disputed = {i for c in contradictions for side in c.sides for i in side.ids}
        for change in dated:
            if change.kind in CHANGE_EVENTS and change.subject.id in closes:
                change.closes = closes.pop(change.subject.id)
            if disputed & set(change.statement_ids):
                change.description += " (disputed: see contradictions)"
        return ChangesResult(first, last, around_info, dated, undated, contradictions)


# ---------------------------------------------------------------------- timeline


@dataclass
class TimelineItem:
    """One dated line of an entity's history."""

    date: str | None
    date_known: bool
    kind: str  # event | started | first reported | ended | former | quote
    predicate: str
    description: str
    corroboration: Corroboration | None
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "date_known": self.date_known,
            "kind": self.kind,
            "predicate": self.predicate,
            "description": self.description,
            "corroboration": self.corroboration.to_dict() if self.corroboration else None,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def record(self) -> dict[str, Any]:
        base = {
            "date": self.date,
            "date_known": self.date_known,
            "kind": self.kind,
            "predicate": self.predicate,
            "description": self.description,
            "sources": self.corroboration.stories if self.corroboration else 0,
        }
        return _rows_with_evidence(base, self.evidence)


@dataclass
class TimelineResult:
    """An entity's events, ties and quotes in date order (undated items last)."""

    entity: EntityInfo
    items: list[TimelineItem]
    contradictions: list[Contradiction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.to_dict(),
            "items": [i.to_dict() for i in self.items],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }

    def records(self) -> list[dict[str, Any]]:
        return [i.record() for i in self.items]


def timeline(repo: Repository, entity: str, view: StoreView | None = None) -> TimelineResult:
    """The entity's history: events, when ties started/were first reported/ended, quotes."""
    v = view or StoreView(repo)
    target = v.resolve(entity)
    eid = target.id
    items: list[TimelineItem] = []
    facts = v.facts_of(eid)
    for fact in facts:
        if fact.is_event:
            if fact.subject_id != eid:
                continue
            ev = event_view(v, fact)
            items.append(
                TimelineItem(
                    ev.date,
                    ev.date_known,
                    "event",
                    fact.predicate,
                    ev.describe(),
                    ev.corroboration,
                    ev.evidence,
                )
            )
            continue
        tv = tie_view(v, fact, eid, dates.today())
        text = tv.describe()
        if fact.start_known:
            items.append(
                TimelineItem(
                    fact.start, True, "started", fact.predicate, text, tv.corroboration, tv.evidence
                )
            )
        else:
            items.append(
                TimelineItem(
                    fact.first_reported,
                    False,
                    "first reported",
                    fact.predicate,
                    text,
                    tv.corroboration,
                    tv.evidence,
                )
            )
        if fact.end:
            items.append(
                TimelineItem(
                    fact.end, True, "ended", fact.predicate, text, tv.corroboration, tv.evidence
                )
            )
    for q in v.quotes(eid):
        items.append(
            TimelineItem(q.date, q.date is not None, "quote", "said", f"“{q.text}”", None, [])
        )
    items.sort(key=lambda i: (i.date is None, i.date or "", i.kind != "event", i.description))
    contradictions = find_contradictions([f for f in facts if f.subject_id == eid], v.name)
    return TimelineResult(v.info(eid), items, contradictions)


def event_facts(view: StoreView, entity_id: str) -> list[Fact]:
    """Event facts of an entity (helper for reports)."""
    return [f for f in view.facts_of(entity_id) if f.predicate in EVENT_PREDICATES]
