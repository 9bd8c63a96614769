"""Read access for one power-map question: a per-call cache over the Repository API.

A `StoreView` lives for one query (no global state): it fetches each entity, each entity's
statements and each document once, drops statements an analyst rejected, groups statements
into facts with their evidence, and derives status, tie state and domains. It only reads the
store through `Repository`; it never writes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from innercircle.powermap import dates
from innercircle.powermap.domains import DomainRules, DomainScore, WeightedText, load_domain_rules
from innercircle.powermap.evidence import DocInfo, Evidence, grade_for, make_evidence
from innercircle.powermap.facts import (
    POST_PREDICATES,
    RESTORING_EVENTS,
    STATUS_EVENTS,
    Fact,
    Status,
    closing_events,
    derive_status,
    group_facts,
    tie_state,
)
from innercircle.records import (
    EVENT_PREDICATES,
    RELATION_PREDICATES,
    EntityType,
    Source,
    StoredEntity,
    StoredQuote,
    StoredStatement,
)
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

EVENT_PREDICATE_SET: frozenset[str] = frozenset(EVENT_PREDICATES)
RELATION_PREDICATE_SET: frozenset[str] = frozenset(RELATION_PREDICATES)
STATUS_PREDICATE_SET: frozenset[str] = STATUS_EVENTS | RESTORING_EVENTS
DOMAIN_PREDICATE_SET: frozenset[str] = POST_PREDICATES | {"member_of"}
MAX_DUPLICATE_HOPS = 8


class EntityNotFound(LookupError):
    """No entity matches the given id or name."""


class AmbiguousEntity(LookupError):
    """Several entities match a name; `candidates` lists them."""

    def __init__(self, text: str, candidates: Sequence[StoredEntity]) -> None:
        names = "; ".join(f"{c.name} ({c.id}, {c.type.value})" for c in candidates[:10])
        super().__init__(f"{text!r} matches several entities: {names}. Give an id.")
        self.candidates = list(candidates)


@dataclass(frozen=True)
class EntityInfo:
    """An entity as shown in answers."""

    id: str
    name: str
    type: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type}


UNNAMED = EntityInfo("", "(unnamed)", "")


class StoreView:
    """Cached, read-only access to the store for one question."""

    def __init__(
        self, repo: Repository, rules: DomainRules | None = None, pack: str | None = None
    ) -> None:
        self.repo = repo
        self._rules = rules
        self._pack = pack
        self._entities: dict[str, StoredEntity | None] = {}
        self._canonical: dict[str, str] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._infos: dict[str, EntityInfo] = {}
        self._statements: dict[str, list[StoredStatement]] = {}
        self._facts: dict[str, list[Fact]] = {}
        self._narrow: dict[tuple[str, str, frozenset[str] | None], list[Fact]] = {}
        self._side_statements: dict[
            tuple[str, str, frozenset[str] | None], list[StoredStatement]
        ] = {}
        self._side_sets: dict[tuple[str, str], list[frozenset[str] | None]] = {}
        self._seeded: set[tuple[str, str, frozenset[str] | None]] = set()
        self._narrow_sets: dict[str, list[tuple[str, frozenset[str] | None]]] = {}
        self._groups: dict[tuple[Any, ...], list[Fact]] = {}  # group_facts memo
        self._docs: dict[str, DocInfo] = {}
        self._raw_docs: dict[
            str, tuple[str | None, str | None, str | None, str | None, str | None]
        ] = {}
        self._sources: dict[str, Source] | None = None
        self._rejected: set[int] | None = None
        self._domains: dict[str, list[DomainScore]] = {}
        self._grades: dict[str | None, str | None] = {}
        self._quotes: dict[str, list[StoredQuote]] = {}

    # ------------------------------------------------------------------ configuration

    @property
    def rules(self) -> DomainRules:
        if self._rules is None:
            self._rules = load_domain_rules(self._pack)
        return self._rules

    @property
    def sources(self) -> dict[str, Source]:
        if self._sources is None:
            self._sources = self.repo.sources()
        return self._sources

    @property
    def rejected(self) -> set[int]:
        """Ids of statements an analyst rejected (active judgements)."""
        if self._rejected is None:
            self._rejected = set()
            for judgement in self.repo.judgements():
                if judgement.kind == "reject" and judgement.subject.isdigit():
                    self._rejected.add(int(judgement.subject))
        return self._rejected

    # ------------------------------------------------------------------ entities

    def resolve(self, text: str) -> StoredEntity:
        """The entity with id `text`, or the one whose name or alias is (or contains) it."""
        direct = self.entity(text)
        if direct is not None:
            return direct
        candidates = self.repo.find_entities(text, limit=50)
        if not candidates:
            raise EntityNotFound(f"no entity matches {text!r}")
        folded = " ".join(text.casefold().split())
        exact = [
            c
            for c in candidates
            if folded in {" ".join(n.casefold().split()) for n in (c.name, *c.aliases)}
        ]
        pool = exact or candidates
        if len(pool) > 1:
            persons = [c for c in pool if c.type == EntityType.PERSON]
            if exact and len(persons) == 1:
                pool = persons
        if len(pool) > 1:
            raise AmbiguousEntity(text, pool)
        entity = pool[0]
        self._entities[entity.id] = entity
        return entity

    def canonical(self, entity_id: str) -> str:
        if entity_id not in self._canonical:
            self._canonical[entity_id] = self.repo.canonical_id(entity_id)
        return self._canonical[entity_id]

    def entity(self, entity_id: str) -> StoredEntity | None:
        if entity_id not in self._entities:
            found = self.repo.get_entity(entity_id)
            self._entities[entity_id] = found
            if found is not None:
                self._entities.setdefault(found.id, found)
                self._canonical[entity_id] = found.id
        return self._entities[entity_id]

    def prefetch_entities(self, entity_ids: Iterable[str]) -> None:
        """Read many entities (names, types, aliases) in one batched query."""
        wanted = [i for i in set(entity_ids) if i and i not in self._entities]
        if not wanted:
            return
        found = self.repo.entities_by_id(wanted)
        for entity_id in wanted:
            entity = found.get(entity_id)
            if entity is not None and entity.merged_into is None:
                self._entities[entity_id] = entity
                self._canonical[entity_id] = entity_id
            # merged or missing ids are left to `entity`, which follows redirects

    def prefetch_names(self, entity_ids: Iterable[str]) -> None:
        """Read the names and types of many entities (not their aliases) in one query."""
        wanted = [
            i for i in set(entity_ids) if i and i not in self._entities and i not in self._names
        ]
        if wanted:
            found = self.repo.entity_names(wanted)
            self._names.update(found)
            for entity_id in found:  # merged ids are not found: `entity` follows them
                self._canonical.setdefault(entity_id, entity_id)

    def preload_entities(self, entities: Iterable[StoredEntity]) -> None:
        for entity in entities:
            self._entities[entity.id] = entity
            self._canonical[entity.id] = entity.id

    def info(self, entity_id: str | None) -> EntityInfo:
        if entity_id is None:
            return UNNAMED
        found = self._infos.get(entity_id)
        if found is not None:
            return found
        if entity_id not in self._entities and entity_id in self._names:
            name, kind = self._names[entity_id]
            found = EntityInfo(entity_id, name, kind)
        else:
            entity = self.entity(entity_id)
            if entity is None:
                found = EntityInfo(entity_id, entity_id, "")
            else:
                found = EntityInfo(entity.id, entity.name, entity.type.value)
        self._infos[entity_id] = found
        return found

    def name(self, entity_id: str | None) -> str:
        return self.info(entity_id).name

    def entity_type(self, entity_id: str | None) -> str:
        return self.info(entity_id).type

    # ------------------------------------------------------------------ statements & facts

    def statements_of(self, entity_id: str) -> list[StoredStatement]:
        """Every statement with the entity as subject or object (rejected ones dropped)."""
        key = self.canonical(entity_id)
        if key not in self._statements:
            found = [s for s in self.repo.statements(key) if s.id not in self.rejected]
            self._statements[key] = found
        return self._statements[key]

    def seed(
        self,
        entity_id: str,
        role: str,
        predicates: frozenset[str] | None,
        statements: list[StoredStatement],
    ) -> None:
        """Record statements already read elsewhere as the entity's `role`-side statements of
        `predicates` (what `prefetch` would have read)."""
        self._canonical.setdefault(entity_id, entity_id)
        kept = [s for s in statements if s.id not in self.rejected]
        # not offered to wider questions (`_side`, `facts`): the caller may have read a subset
        if (entity_id, role, predicates) not in self._side_statements:
            self._side_statements[(entity_id, role, predicates)] = kept
            self._seeded.add((entity_id, role, predicates))

    def _store_side(
        self,
        entity_id: str,
        side: str,
        predicates: frozenset[str] | None,
        statements: list[StoredStatement],
    ) -> None:
        self._side_statements[(entity_id, side, predicates)] = statements
        self._side_sets.setdefault((entity_id, side), []).append(predicates)

    def _side(
        self, entity_id: str, side: str, predicates: frozenset[str] | None
    ) -> list[StoredStatement] | None:
        """The entity's `side` statements of `predicates` if already read, directly or as part
        of a read of more predicates (filtered then, in the same date order)."""
        found = self._side_statements.get((entity_id, side, predicates))
        if found is not None:
            return found
        for loaded in self._side_sets.get((entity_id, side), ()):
            if loaded is None or (predicates is not None and predicates <= loaded):
                wider = self._side_statements[(entity_id, side, loaded)]
                if predicates is not None:
                    wider = [s for s in wider if s.predicate in predicates]
                self._side_statements[(entity_id, side, predicates)] = wider
                return wider
        return None

    def make_facts(self, statements: Sequence[StoredStatement], share: bool = True) -> list[Fact]:
        """Group statements into facts; their evidence is looked up when first needed. With
        `share`, a group of statements met again (from another entity) reuses its facts."""
        statements = [s for s in statements if s.id not in self.rejected]
        facts = group_facts(statements, self.rules.rank_words, self._groups if share else None)
        resolver = self.evidence_for  # one bound method for all
        for fact in facts:
            if fact.resolver is None:
                fact.resolver = resolver
        return facts

    def evidence_for(self, statements: Sequence[StoredStatement]) -> list[Evidence]:
        missing = [s.doc_id for s in statements if s.doc_id and s.doc_id not in self._raw_docs]
        if missing:
            self.load_documents(missing)
        return [self.evidence(s) for s in statements]

    def facts_of(self, entity_id: str) -> list[Fact]:
        """Every fact about the entity (all predicates, either side)."""
        key = self.canonical(entity_id)
        if key not in self._facts:
            self._facts[key] = self.make_facts(self.statements_of(key))
        return self._facts[key]

    def prefetch(
        self, entity_ids: Iterable[str], role: str, predicates: frozenset[str] | None
    ) -> None:
        """Read the statements of many entities in one batched query per side, so that
        `facts(id, role, predicates)` needs no further round trip for them."""
        ids = {self._canonical.get(i, i) for i in entity_ids if i}
        unknown = [i for i in ids if i not in self._canonical]
        if unknown:
            self._canonical.update(self.repo.canonical_ids(unknown))
        ids = {self._canonical[i] for i in ids}
        sides = ("subject", "object") if role == "any" else (role,)
        wanted = {
            side: [
                i
                for i in ids
                if i not in self._statements and self._side(i, side, predicates) is None
            ]
            for side in sides
        }
        if role == "any" and wanted["subject"] == wanted["object"]:
            # both sides of the same entities: one read, each statement converted once
            batches = [(sides, wanted["subject"])]
        else:
            batches = [((side,), wanted[side]) for side in sides]
        for batch_sides, batch in batches:
            if not batch:
                continue
            owners: dict[str, dict[str, list[StoredStatement]]] = {
                side: {i: [] for i in batch} for side in batch_sides
            }
            read_role = batch_sides[0] if len(batch_sides) == 1 else "any"
            for stmt in self.repo.statements_for(batch, read_role, predicates):
                if stmt.id in self.rejected:
                    continue
                for side, by_entity in owners.items():
                    owner = stmt.subject_id if side == "subject" else stmt.object_id
                    if owner in by_entity:
                        by_entity[owner].append(stmt)
            for side, by_entity in owners.items():
                for i, stmts in by_entity.items():
                    self._store_side(i, side, predicates, stmts)

    def facts(
        self, entity_id: str, role: str = "any", predicates: frozenset[str] | None = None
    ) -> list[Fact]:
        """Facts with the entity on side `role` ("subject", "object" or "any") and one of
        `predicates`: a narrower read than `facts_of`, answered from it when loaded."""
        key = self.canonical(entity_id)

        def keep(f: Fact) -> bool:
            side = (
                role == "any"
                or (role == "subject" and f.subject_id == key)
                or (role == "object" and f.object_id == key and not f.is_event)
            )
            return side and (predicates is None or f.predicate in predicates)

        if key in self._facts or key in self._statements:
            return [f for f in self.facts_of(key) if keep(f)]
        cache_key = (key, role, predicates)
        if cache_key in self._narrow:
            return self._narrow[cache_key]
        for wider_role, wider in self._narrow_sets.get(key, ()):
            # facts already grouped for this side (or both) and more predicates: a fact's
            # statements share subject, predicate and object, so filtering those facts gives
            # the facts a narrower read would group (in the same order)
            if (wider_role == role or wider_role == "any") and (
                wider is None or (predicates is not None and predicates <= wider)
            ):
                found = [f for f in self._narrow[(key, wider_role, wider)] if keep(f)]
                self._narrow[cache_key] = found
                return found
        self.prefetch([key], role, predicates)
        sides = ("subject", "object") if role == "any" else (role,)
        merged: dict[int, StoredStatement] = {}
        for side in sides:
            for stmt in self._side(key, side, predicates) or ():
                if side == "object" and stmt.predicate in EVENT_PREDICATES:
                    continue  # the entity as the agent of an event: not its fact
                merged[stmt.id] = stmt
        self._narrow[cache_key] = self.make_facts(list(merged.values()))
        if not any((key, side, predicates) in self._seeded for side in sides):
            self._narrow_sets.setdefault(key, []).append((role, predicates))
        return self._narrow[cache_key]

    def events_of(self, entity_id: str) -> list[Fact]:
        """Event facts that happened to the entity."""
        return self.facts(entity_id, "subject", EVENT_PREDICATE_SET)

    def ties_of(self, entity_id: str) -> list[Fact]:
        """Tie facts with the entity on either side."""
        return self.facts(entity_id, "any", RELATION_PREDICATE_SET)

    def prefetch_evidence(self, facts: Iterable[Fact]) -> None:
        """Load the documents behind many facts at once (before their evidence is shown)."""
        self.load_documents(s.doc_id for f in facts for s in f.statements if s.doc_id)

    def status_events_of(self, entity_id: str) -> list[Fact]:
        """The events that set a status (deaths, arrests, dismissals, appointments ...)."""
        return self.facts(entity_id, "subject", STATUS_PREDICATE_SET)

    def status(self, entity_id: str, at: str) -> Status:
        return derive_status(self.status_events_of(entity_id), at)

    def closings(self, entity_id: str, at: str) -> list[Fact]:
        return closing_events(self.status_events_of(entity_id), at)

    def tie_state(self, tie: Fact, at: str) -> tuple[str, Fact | None]:
        """The tie's state at `at`, with the closing events of both ends considered (only a
        person's death closes ties from the object side)."""
        subject = self.closings(tie.subject_id, at)
        person = tie.object_id and self.entity_type(tie.object_id) == EntityType.PERSON.value
        obj = self.closings(tie.object_id, at) if tie.object_id and person else []
        return tie_state(tie, at, subject, obj)

    # ------------------------------------------------------------------ documents & evidence

    def load_documents(self, ids: Iterable[str]) -> None:
        """Fetch document metadata (and of the documents they duplicate) not yet known."""
        known = self._raw_docs
        wanted = {i for i in ids if i not in known and i}
        hops = 0
        while wanted and hops < MAX_DUPLICATE_HOPS:
            hops += 1
            found = self.repo.document_infos(sorted(wanted))
            parents: set[str] = set()
            for doc_id in wanted:
                info = found.get(doc_id)
                if info is None:
                    self._raw_docs[doc_id] = (None, None, None, None, None)
                    continue
                parent = info.duplicate_of or info.revision_of
                self._raw_docs[doc_id] = (info.outlet, info.published, info.title, info.url, parent)
                if parent and parent not in self._raw_docs:
                    parents.add(parent)
            wanted = parents

    def story_of(self, doc_id: str) -> str:
        """The first document of the duplicate/revision group `doc_id` belongs to."""
        seen = {doc_id}
        current = doc_id
        while True:
            parent = self._raw_docs.get(current, (None, None, None, None, None))[4]
            if parent is None or parent in seen:
                return current
            seen.add(parent)
            current = parent

    def doc(self, doc_id: str | None) -> DocInfo | None:
        if doc_id is None:
            return None
        if doc_id not in self._docs:
            if doc_id not in self._raw_docs:
                self.load_documents([doc_id])
            outlet, published, title, url, _parent = self._raw_docs[doc_id]
            self._docs[doc_id] = DocInfo(
                doc_id, outlet, published, title, url, self.story_of(doc_id)
            )
        return self._docs[doc_id]

    def evidence(self, stmt: StoredStatement) -> Evidence:
        doc = self.doc(stmt.doc_id)
        outlet = doc.outlet if doc else stmt.outlet
        if outlet not in self._grades:
            self._grades[outlet] = grade_for(outlet, self.sources)
        return make_evidence(stmt, doc, self._grades[outlet])

    def quotes(self, entity_id: str) -> list[StoredQuote]:
        """Quotations by the entity (read once per view)."""
        if entity_id not in self._quotes:
            self._quotes[entity_id] = self.repo.quotes(speaker_id=entity_id)
        return self._quotes[entity_id]

    # ------------------------------------------------------------------ domains

    def domains(self, entity_id: str, advice: Sequence[Fact] = ()) -> list[DomainScore]:
        """Domains of a person from their posts (current or former) and memberships, plus the
        topics of the `advice` facts given (their advises ties, when the caller has them)."""
        key = self.canonical(entity_id)
        if key in self._domains:
            return self._domains[key]
        texts: list[WeightedText] = []
        own = self.facts(key, "subject", DOMAIN_PREDICATE_SET)
        given = [f for f in advice if f.subject_id == key and f.predicate == "advises"]
        for fact in [*own, *given]:
            scale = 0.75 if fact.former_since is not None else 1.0
            if fact.predicate in POST_PREDICATES or fact.predicate in {"advises", "member_of"}:
                for role in fact.roles:
                    texts.append(WeightedText(role, 2.0 * scale, "role"))
                for stmt in fact.statements:
                    for q in ("topic", "issue", "domain", "area"):
                        if stmt.qualifiers.get(q):
                            texts.append(WeightedText(str(stmt.qualifiers[q]), 2.0, "topic"))
            if fact.predicate in POST_PREDICATES and fact.object_id:
                other = self.info(fact.object_id)  # type "": not in the store
                if other.type and other.type != EntityType.COUNTRY.value:
                    texts.append(WeightedText(other.name, 1.0 * scale, "organisation"))
            if fact.predicate == "member_of" and fact.object_id:
                other = self.info(fact.object_id)
                if other.type == EntityType.ORGANIZATION.value:
                    texts.append(WeightedText(other.name, 0.5 * scale, "organisation"))
        result = self.rules.infer(texts)
        self._domains[key] = result
        return result

    def org_domains(self, entity_id: str) -> list[DomainScore]:
        """Domains of an organisation or group from its own name and aliases."""
        entity = self.entity(entity_id)
        if entity is None:
            return []
        texts = [WeightedText(entity.name, 1.0, "organisation")]
        texts += [WeightedText(a, 0.5, "organisation") for a in entity.aliases]
        return self.rules.infer(texts)


def is_event_statement(stmt: StoredStatement) -> bool:
    return stmt.predicate in EVENT_PREDICATES


def at_or_today(at: str | None) -> str:
    """`at` checked and expanded to a day (end of a partial period), or today."""
    return dates.period_end(at) if at else dates.today()
