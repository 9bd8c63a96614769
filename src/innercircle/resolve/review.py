"""The analyst's review queue: uncertain pairs of stored persons, most informative first.

Candidate pairs share a blocking key (a surname skeleton, or the same skeleton without one
letter, so near spellings meet) and are not judged yet. A pair whose names conflict (a different
given name) is never proposed. Each pair gets a probability from its name relation, moved by
context (shared posts or organisations, entities they are both tied to, near-duplicate
documents), and is ranked by uncertainty (closeness to 0.5) times evidence (statements of both).
This module reads the store only; judging is `resolve/judgements.py`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from innercircle.records import EntityType, StoredEntity
from innercircle.resolve.name_compare import NameComparison, compare_names
from innercircle.resolve.names import NameAnalyser, ParsedName
from innercircle.resolve.store_resolver import (
    CONTEXT_PREDICATES,
    near_block_keys,
    plain_key,
    similar_roles,
)
from innercircle.store.repository import Repository

RELATION_PRIOR = {"full": 0.9, "subset": 0.7, "near": 0.4, "partial": 0.3}
"""Probability of "same" from the names alone, per relation (before context)."""
RELATION_RANK = {"full": 4, "subset": 3, "near": 2, "partial": 1}
MAX_BLOCK = 500
"""Blocks larger than this (a very common surname) are skipped: too unspecific to review."""


@dataclass(frozen=True)
class ReviewPair:
    """Two entities that may be one, with why."""

    left: StoredEntity
    right: StoredEntity
    relation: str
    probability: float
    uncertainty: float
    evidence: float
    score: float
    explanation: str
    context: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "left": {"id": self.left.id, "name": self.left.name},
            "right": {"id": self.right.id, "name": self.right.name},
            "relation": self.relation,
            "probability": round(self.probability, 3),
            "uncertainty": round(self.uncertainty, 3),
            "evidence": round(self.evidence, 3),
            "score": round(self.score, 3),
            "explanation": self.explanation,
            "context": list(self.context),
        }


@dataclass
class _Profile:
    """What the store says about one entity, read once."""

    statements: int = 0
    roles: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    neighbours: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


class ReviewQueue:
    """Builds the review queue of a store."""

    def __init__(self, repo: Repository, analyser: NameAnalyser | None = None) -> None:
        self.repo = repo
        self.names = analyser or NameAnalyser()
        self._profiles: dict[str, _Profile] = {}
        self._duplicate_of: dict[str, str | None] = {}

    def pairs(self, limit: int | None = None) -> list[ReviewPair]:
        """Uncertain, unjudged pairs, highest score first."""
        persons = {e.id: e for e in self.repo.entities(EntityType.PERSON)}
        parsed = {
            i: [self.names.parse(n) for n in (e.name, *e.aliases)] for i, e in persons.items()
        }
        judged = self._judged_pairs()
        blocks: dict[str, set[str]] = defaultdict(set)
        for entity_id, names in parsed.items():
            for name in names:
                for key in name.surname_keys:
                    for block in near_block_keys(key) if key else ():
                        blocks[block].add(entity_id)
        seen: set[tuple[str, str]] = set()
        found: list[ReviewPair] = []
        for members in blocks.values():
            if len(members) < 2 or len(members) > MAX_BLOCK:
                continue
            for a, b in combinations(sorted(members), 2):
                if (a, b) in seen or frozenset((a, b)) in judged:
                    continue
                seen.add((a, b))
                pair = self._pair(persons[a], persons[b], parsed[a], parsed[b])
                if pair is not None:
                    found.append(pair)
        found.sort(key=lambda p: (-p.score, p.left.id, p.right.id))
        return found[:limit] if limit is not None else found

    def _judged_pairs(self) -> set[frozenset[str]]:
        judged: set[frozenset[str]] = set()
        for j in self.repo.judgements():
            if j.object is not None and j.kind in {"same", "different", "unsure"}:
                judged.add(
                    frozenset((self.repo.canonical_id(j.subject), self.repo.canonical_id(j.object)))
                )
        return judged

    def _pair(
        self,
        left: StoredEntity,
        right: StoredEntity,
        left_names: list[ParsedName],
        right_names: list[ParsedName],
    ) -> ReviewPair | None:
        best: NameComparison | None = None
        for a in left_names:
            for b in right_names:
                comparison = compare_names(self.names, a, b)
                if comparison.relation == "conflict" and comparison.surname_linked:
                    return None  # a different given name blocks: never worth asking
                rank = RELATION_RANK.get(comparison.relation, 0)
                if rank and (best is None or rank > RELATION_RANK[best.relation]):
                    best = comparison
        if best is None:
            return None
        probability = RELATION_PRIOR[best.relation]
        context: list[str] = []
        lp, rp = self._profile(left.id), self._profile(right.id)
        roles = sorted(lp.roles & rp.roles)
        similar = [(a, b) for a in sorted(lp.roles) for b in sorted(rp.roles) if a != b]
        similar = [(a, b) for a, b in similar if similar_roles(a, b)]
        if roles:
            probability += 0.15
            context.append(f"same post {', '.join(repr(r) for r in roles[:3])}")
        elif similar:
            probability += 0.1
            context.append(f"similar post wording {similar[0][0]!r} ~ {similar[0][1]!r}")
        organisations = sorted(lp.organisations & rp.organisations)
        if organisations:
            probability += 0.1
            context.append(f"same organisation {', '.join(repr(o) for o in organisations[:3])}")
        neighbours = sorted(lp.neighbours & rp.neighbours - {left.id, right.id})
        if neighbours:
            probability += 0.05
            context.append(f"both tied to {', '.join(neighbours[:3])}")
        duplicates = self._duplicate_pairs(lp.documents, rp.documents)
        if duplicates:
            probability += 0.15
            doc_a, doc_b = duplicates[0]
            context.append(f"duplicate story {doc_a[:12]}~{doc_b[:12]}")
        together = sorted(lp.documents & rp.documents)
        if together:
            probability -= 0.1
            context.append(f"both in document {together[0][:12]} (kept apart there)")
        probability = min(0.97, max(0.03, probability))
        uncertainty = 1.0 - abs(2.0 * probability - 1.0)
        evidence = math.sqrt((1 + lp.statements) * (1 + rp.statements))
        explanation = best.explain() + ("; " + "; ".join(context) if context else "")
        return ReviewPair(
            left,
            right,
            best.relation,
            probability,
            uncertainty,
            evidence,
            uncertainty * evidence,
            explanation,
            tuple(context),
        )

    def _profile(self, entity_id: str) -> _Profile:
        profile = self._profiles.get(entity_id)
        if profile is not None:
            return profile
        profile = self._profiles[entity_id] = _Profile()
        for st in self.repo.statements(entity_id):
            profile.statements += 1
            if st.doc_id:
                profile.documents.add(st.doc_id)
            other = st.object_id if st.subject_id == entity_id else st.subject_id
            if other:
                profile.neighbours.add(other)
            if st.subject_id != entity_id or st.predicate not in CONTEXT_PREDICATES:
                continue
            if st.role:
                profile.roles.add(plain_key(st.role))
            if st.object_id:
                obj = self.repo.get_entity(st.object_id)
                if obj is not None and obj.type != EntityType.PERSON:
                    profile.organisations.add(plain_key(obj.name))
        profile.documents.update(d for d, _t in self.repo.mentions_of(entity_id))
        return profile

    def _duplicate_pairs(self, left: set[str], right: set[str]) -> list[tuple[str, str]]:
        pairs = []
        for a in sorted(left - right):
            for b in sorted(right - left):
                ra, rb = self._root(a), self._root(b)
                if ra == rb:
                    pairs.append((a, b))
        return pairs

    def _root(self, doc_id: str) -> str:
        seen = {doc_id}
        current = doc_id
        while True:
            if current not in self._duplicate_of:
                doc = self.repo.get_document(current)
                self._duplicate_of[current] = doc.duplicate_of if doc else None
            target = self._duplicate_of[current]
            if target is None or target in seen:
                return current
            seen.add(target)
            current = target


def uncertain_pairs(repo: Repository, limit: int | None = None) -> list[ReviewPair]:
    """The review queue of `repo` (see `ReviewQueue`)."""
    return ReviewQueue(repo).pairs(limit)
