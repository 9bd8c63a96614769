"""Give a document's entities store-wide ids: match them to stored entities or mint new ones.

The pipeline calls `StoreResolver.assign(doc, extraction)` once per document before saving it.
Candidates come from a blocking index over stored names (surname skeleton keys for persons,
folded names for everything else), so a document is never compared with the whole store.
Analyst "same" judgements are followed through the store's merge redirects (only canonical
entities are candidates); "different" judgements are cannot-links: when two entities judged
different both match a name, the one that already carries that exact spelling wins, and a tie
mints a new entity rather than pick a side. A name spelled exactly like a stored alias always
prefers that entity, so re-extraction puts mentions back where judgements left them.

Names that only relate through a `near` spelling of the surname (Tahmasi ~ Tahmasbi, possibly
another real surname) link only with context: the same given name, the same (or mostly the same)
post wording, organisation or tie to the same entity in statements, and documents that are
near-duplicates of each other (stored `duplicate_of` links, or the corpus stage's alignment
score). Every link is recorded with an
explanation in `StoreResolver.decisions` (watchlist entities included).
This module does not write to the store; `Repository.save_document` does, in one transaction.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from innercircle.records import Document, EntityRef, EntityType, Extraction, StoredEntity
from innercircle.resolve.matching import similar_posts
from innercircle.resolve.name_compare import STRONG_LINKS, NameComparison, compare_names
from innercircle.resolve.names import NameAnalyser, ParsedName, is_proper_name
from innercircle.store.repository import Repository, alias_key

log = logging.getLogger(__name__)

similar_roles = similar_posts
"""Two folded post wordings share most content words (`matching.similar_posts`)."""

MATCHING_RELATIONS = frozenset({"full", "subset"})
"""Name relations that link two persons without further context."""

CONTEXT_PREDICATES = frozenset(
    {"holds_position", "member_of", "leads", "commands", "advises", "appointed", "affiliated_with"}
)
"""Predicates whose role wording or object organisation counts as a person's post context."""

MIN_DELETION_KEY = 4
"""Surname keys at least this long are also blocked without one letter (near spellings)."""


def slugify(name: str) -> str:
    """kebab-case ASCII id stem of a name ("Ali Karimi" → "ali-karimi")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100] or "entity"


def plain_key(name: str) -> str:
    """Folded key for names that are not persons' (organisations, countries, posts)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"['’`]s\b", "", text.lower())
    text = re.sub(r"^(the|a|an)\s+", "", re.sub(r"[^a-z0-9]+", " ", text).strip())
    return text


def near_block_keys(key: str) -> set[str]:
    """`key` and, when long enough, `key` without one letter: one-edit spellings share one."""
    keys = {key}
    if len(key) >= MIN_DELETION_KEY:
        keys.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return keys


@dataclass(frozen=True)
class Context:
    """What a person's statements say about posts: role wordings, organisation keys and ties
    (predicate, other entity's folded name) such as ("advises", "ali karimi")."""

    roles: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    ties: frozenset[tuple[str, str]] = frozenset()

    def shared(self, other: Context) -> str | None:
        """The strongest context both share, as words for an explanation (None: nothing)."""
        for mine in sorted(self.roles):
            for theirs in sorted(other.roles):
                if mine == theirs:
                    return f"same post {mine!r}"
                if similar_roles(mine, theirs):
                    return f"same post wording {mine!r} ~ {theirs!r}"
        organisations = sorted(self.organisations & other.organisations)
        if organisations:
            return f"same organisation {organisations[0]!r}"
        ties = sorted(self.ties & other.ties)
        if ties:
            return f"same tie: {ties[0][0]} {ties[0][1]!r}"
        return None


@dataclass(frozen=True)
class MatchDecision:
    """Why a document's entity got the id it got."""

    doc_id: str
    key: str
    name: str
    entity_id: str
    explanation: str


@dataclass
class _Known:
    """A stored (or just minted) entity as the resolver sees it."""

    id: str
    type: EntityType
    names: list[str]
    parsed: list[ParsedName]
    origin: str = "extraction"
    keys: set[str] = field(default_factory=set)  # alias keys of names (persons: proper)


def role_key(role: str) -> str:
    """Folded wording of a post ("the Foreign Minister" → "foreign minister")."""
    return plain_key(role)


def context_link(
    comparison: NameComparison,
    ref_context: Context,
    known_context: Context,
    duplicate: tuple[str, str] | None,
) -> str | None:
    """The explanation of a context link for a `near` name pair, or None if context is lacking.

    Needs all of: a given name linked by a strong link (same given name), a shared post wording,
    organisation or tie, and a near-duplicate document pair.
    """
    if comparison.relation != "near" or not comparison.surname_linked:
        return None
    left, right = comparison.left, comparison.right
    given = [
        link
        for link in comparison.links
        if link.kind in STRONG_LINKS
        and not left.surname.intersection(link.left)
        and not right.surname.intersection(link.right)
    ]
    surname = [link for link in comparison.links if link.kind == "near"]
    if not given or not surname or duplicate is None:
        return None
    shared = ref_context.shared(known_context)
    if shared is None:
        return None
    return (
        f"surname variant {', '.join(link.describe() for link in surname)} (near spelling), "
        f"same given name {', '.join(link.describe() for link in given)}, {shared}, "
        f"duplicate story {duplicate[0][:12]}~{duplicate[1][:12]}"
    )


class StoreResolver:
    """Resolves documents' entities against the entities already in a store."""

    def __init__(
        self, repo: Repository, analyser: NameAnalyser | None = None, pack: str = "iran"
    ) -> None:
        from innercircle.resolve.judgements import cannot_links
        from innercircle.resolve.post_holders import PostHolders

        self.repo = repo
        self.names = analyser or NameAnalyser()
        self.holders = PostHolders(repo, pack)
        self._known: dict[str, _Known] = {}
        self._blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._pending: set[str] = set()  # minted here; dropped if never saved
        self._forbidden = cannot_links(repo)
        self._contexts: dict[str, Context] = {}
        self._documents: dict[str, set[str]] = {}
        self._fingerprints: dict[str, object] = {}
        self._dedupe: object | None = None
        self.decisions: list[MatchDecision] = []
        for entity in repo.entities():
            self._remember(entity.id, entity.type, [entity.name, *entity.aliases], entity.origin)

    def assign(
        self, doc: Document, extraction: Extraction
    ) -> tuple[dict[str, str], list[StoredEntity]]:
        """Store-wide ids for every local entity of `extraction`, and the entities to create."""
        self._forget_unsaved()
        entity_ids: dict[str, str] = {}
        new_entities: list[StoredEntity] = []
        for ref in extraction.entities:
            names = [ref.name, *ref.aliases]
            if ref.post is not None:
                # named only by a post: its holder at the document date, else a person of
                # this document alone (a post is never a name shared across years)
                held = self.holders.holder(ref.post, doc.published.value)
                if held is None:
                    entity_id = self._mint_id(ref.name)
                    new_entities.append(StoredEntity(entity_id, ref.type, ref.name, ()))
                    self._pending.add(entity_id)
                else:
                    entity_id, explanation = held
                    self.decisions.append(
                        MatchDecision(doc.id, ref.key, ref.name, entity_id, explanation)
                    )
                ref.resolved_id = entity_ids[ref.key] = entity_id
                continue
            match = self._match(doc, extraction, ref, names)
            if match is None:
                entity_id = self._mint_id(ref.name)
                new_entities.append(StoredEntity(entity_id, ref.type, ref.name, tuple(ref.aliases)))
                self._pending.add(entity_id)
                self._remember(entity_id, ref.type, names)
            else:
                entity_id, explanation = match
                known = self._known[entity_id]
                if known.origin == "watchlist":
                    explanation += " (watchlist entity)"
                self.decisions.append(
                    MatchDecision(doc.id, ref.key, ref.name, entity_id, explanation)
                )
                log.debug("%s: %r -> %s: %s", doc.id, ref.name, entity_id, explanation)
                self._remember(entity_id, ref.type, names)
                new_entities.append(StoredEntity(entity_id, ref.type, known.names[0], tuple(names)))
                self._contexts.pop(entity_id, None)
                self._documents.pop(entity_id, None)
            ref.resolved_id = entity_id
            entity_ids[ref.key] = entity_id
        log.debug("document %s: %d entities resolved", doc.id, len(entity_ids))
        return entity_ids, new_entities

    def explain(self, doc_id: str, key: str) -> str | None:
        """Why the local entity `key` of document `doc_id` joined a stored entity (None: minted)."""
        for decision in reversed(self.decisions):
            if decision.doc_id == doc_id and decision.key == key:
                return decision.explanation
        return None

    # ------------------------------------------------------------------ internals

    def _match(
        self, doc: Document, extraction: Extraction, ref: EntityRef, names: list[str]
    ) -> tuple[str, str] | None:
        candidates: set[str] = set()
        for block in self._block_keys(ref.type, names):
            candidates |= self._blocks.get(block, set())
        scored: list[tuple[int, str, str]] = []
        for candidate in sorted(candidates):
            known = self._known[candidate]
            if known.type != ref.type:
                continue
            score, explanation = self._score(doc, extraction, ref, names, known)
            if score > 0:
                scored.append((score, candidate, explanation))
        if not scored:
            return None
        # equal scores: a watchlist identity before an extracted one, then the older id
        scored.sort(
            key=lambda item: (-item[0], self._known[item[1]].origin != "watchlist", item[1])
        )
        best_score, best, explanation = scored[0]
        rivals = [
            c for s, c, _e in scored[1:] if s == best_score and c in self._forbidden.get(best, ())
        ]
        if rivals:
            log.info(
                "%s: %r matches %s and %s, judged different; new entity",
                doc.id,
                ref.name,
                best,
                ", ".join(rivals),
            )
            return None
        return best, explanation

    def _score(
        self,
        doc: Document,
        extraction: Extraction,
        ref: EntityRef,
        names: list[str],
        known: _Known,
    ) -> tuple[int, str]:
        proper = [n for n in names if ref.type != EntityType.PERSON or is_proper_name(n)]
        exact = bool({alias_key(n) for n in proper} & known.keys)
        if ref.type != EntityType.PERSON:
            keys = {plain_key(n) for n in names}
            if exact:
                return 3, "same name"
            return (
                (2, "same folded name") if keys & {plain_key(n) for n in known.names} else (0, "")
            )
        score, explanation = 0, ""
        nears: list[NameComparison] = []
        for name in names:
            if not is_proper_name(name):
                continue
            parsed = self.names.parse(name)
            for other in known.parsed:
                comparison = compare_names(self.names, parsed, other)
                if comparison.relation == "conflict":
                    return 0, comparison.explain()  # a different given name or surname blocks
                if comparison.relation in MATCHING_RELATIONS and comparison.surname_linked:
                    value = 2 if comparison.relation == "full" else 1
                    if value > score:
                        score, explanation = value, comparison.explain()
                elif comparison.relation == "near":
                    nears.append(comparison)
        if score:
            return (3 if exact else score), explanation
        if exact:
            return 3, "same name"
        for comparison in nears:
            why = self._context_link(doc, extraction, ref, known, comparison)
            if why:
                return 1, why
        return 0, ""

    def _context_link(
        self,
        doc: Document,
        extraction: Extraction,
        ref: EntityRef,
        known: _Known,
        comparison: NameComparison,
    ) -> str | None:
        if comparison.relation != "near" or not comparison.surname_linked:
            return None
        duplicate = self._duplicate_pair(doc, known.id)
        if duplicate is None:
            return None
        return context_link(
            comparison, _extraction_context(extraction, ref.key), self._context(known.id), duplicate
        )

    def _context(self, entity_id: str) -> Context:
        found = self._contexts.get(entity_id)
        if found is None:
            roles: set[str] = set()
            organisations: set[str] = set()
            ties: set[tuple[str, str]] = set()
            for st in self.repo.statements(
                entity_id, role="subject", predicates=CONTEXT_PREDICATES
            ):
                if st.role:
                    roles.add(role_key(st.role))
                if st.object_id:
                    obj = self.repo.get_entity(st.object_id)
                    if obj is None:
                        continue
                    ties.add((st.predicate, plain_key(obj.name)))
                    if obj.type != EntityType.PERSON:
                        organisations.update(plain_key(n) for n in (obj.name, *obj.aliases))
            found = self._contexts[entity_id] = Context(
                frozenset(roles), frozenset(organisations), frozenset(ties)
            )
        return found

    def _duplicate_pair(self, doc: Document, entity_id: str) -> tuple[str, str] | None:
        docs = self._documents.get(entity_id)
        if docs is None:
            docs = self._documents[entity_id] = {d for d, _t in self.repo.mentions_of(entity_id)}
        for other_id in sorted(docs):
            if other_id == doc.id:
                continue
            other = self.repo.get_document(other_id)
            if other is None:
                continue
            if (
                other_id == doc.duplicate_of
                or other.duplicate_of == doc.id
                or (doc.duplicate_of is not None and doc.duplicate_of == other.duplicate_of)
            ):
                return doc.id, other_id
            if self._near_duplicates(doc, other):
                return doc.id, other_id
        return None

    def _near_duplicates(self, doc: Document, other: Document) -> bool:
        """The corpus stage's near-duplicate test on two bodies."""
        from innercircle.corpus.dedupe import NearDuplicateIndex, alignment_score

        if self._dedupe is None:
            self._dedupe = NearDuplicateIndex()
        index = self._dedupe
        assert isinstance(index, NearDuplicateIndex)
        prints = []
        for d in (doc, other):
            fp = self._fingerprints.get(d.id)
            if fp is None:
                fp = self._fingerprints[d.id] = index.fingerprint(d.body)
            prints.append(fp)
        score = alignment_score(prints[0], prints[1], index.config)  # type: ignore[arg-type]
        return score >= index.config.threshold

    def _block_keys(self, entity_type: EntityType, names: list[str]) -> set[tuple[str, str]]:
        keys: set[tuple[str, str]] = set()
        for name in names:
            if entity_type == EntityType.PERSON:
                if not is_proper_name(name):
                    continue
                parsed = self.names.parse(name)
                for key in parsed.surname_keys:
                    if key:
                        keys.update((entity_type.value, k) for k in near_block_keys(key))
            else:
                keys.add((entity_type.value, plain_key(name)))
        return keys

    def _remember(
        self, entity_id: str, entity_type: EntityType, names: list[str], origin: str | None = None
    ) -> None:
        known = self._known.get(entity_id)
        if known is None:
            known = self._known[entity_id] = _Known(entity_id, entity_type, [], [])
        if origin:
            known.origin = origin
        for name in names:
            if name and name not in known.names:
                known.names.append(name)
                if entity_type != EntityType.PERSON or is_proper_name(name):
                    known.keys.add(alias_key(name))
                if entity_type == EntityType.PERSON and is_proper_name(name):
                    known.parsed.append(self.names.parse(name))
        for block in self._block_keys(entity_type, names):
            self._blocks[block].add(entity_id)

    def _forget_unsaved(self) -> None:
        """Drop entities minted for a document whose save did not happen."""
        for entity_id in list(self._pending):
            if self.repo.get_entity(entity_id, follow=False) is None:
                self._known.pop(entity_id, None)
                for members in self._blocks.values():
                    members.discard(entity_id)
        self._pending.clear()

    def _mint_id(self, name: str) -> str:
        stem = slugify(name)
        candidate, n = stem, 1
        while candidate in self._known or self.repo.get_entity(candidate, follow=False):
            n += 1
            candidate = f"{stem}-{n}"
        return candidate


def _extraction_context(extraction: Extraction, key: str) -> Context:
    """Post wordings, organisation keys and ties of a document-local entity's statements."""
    roles: set[str] = set()
    organisations: set[str] = set()
    ties: set[tuple[str, str]] = set()
    for st in extraction.statements:
        if st.subject_key != key or st.predicate not in CONTEXT_PREDICATES:
            continue
        if st.role:
            roles.add(role_key(st.role))
        if st.object_key:
            try:
                obj = extraction.entity(st.object_key)
            except KeyError:
                continue
            ties.add((st.predicate, plain_key(obj.name)))
            if obj.type != EntityType.PERSON:
                organisations.update(plain_key(n) for n in (obj.name, *obj.aliases))
    return Context(frozenset(roles), frozenset(organisations), frozenset(ties))
