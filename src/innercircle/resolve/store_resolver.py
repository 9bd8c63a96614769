"""Give a document's entities store-wide ids: match them to stored entities or mint new ones.

The pipeline calls `StoreResolver.assign(doc, extraction)` once per document before saving it.
Candidates come from a blocking index over stored names (surname skeleton keys for persons,
folded names for everything else), so a document is never compared with the whole store.
Analyst "same" judgements are followed through the store's merge redirects (only canonical
entities are candidates); re-clustering with "different" constraints is `resolve`'s other job.
This module does not write to the store; `Repository.save_document` does, in one transaction.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from innercircle.records import Document, EntityRef, EntityType, Extraction, StoredEntity
from innercircle.resolve.name_compare import compare_names
from innercircle.resolve.names import NameAnalyser, ParsedName
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

MATCHING_RELATIONS = frozenset({"full", "subset"})
"""Name relations that link two persons without further context."""


def slugify(name: str) -> str:
    """kebab-case ASCII id stem of a name ("Ali Khamenei" → "ali-khamenei")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100] or "entity"


def plain_key(name: str) -> str:
    """Folded key for names that are not persons' (organisations, countries, posts)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"['’`]s\b", "", text.lower())
    text = re.sub(r"^(the|a|an)\s+", "", re.sub(r"[^a-z0-9]+", " ", text).strip())
    return text


@dataclass
class _Known:
    """A stored (or just minted) entity as the resolver sees it."""

    id: str
    type: EntityType
    names: list[str]
    parsed: list[ParsedName]


class StoreResolver:
    """Resolves documents' entities against the entities already in a store."""

    def __init__(self, repo: Repository, analyser: NameAnalyser | None = None) -> None:
        self.repo = repo
        self.names = analyser or NameAnalyser()
        self._known: dict[str, _Known] = {}
        self._blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._pending: set[str] = set()  # minted here; dropped if never saved
        for entity in repo.entities():
            self._remember(entity.id, entity.type, [entity.name, *entity.aliases])

    def assign(
        self, doc: Document, extraction: Extraction
    ) -> tuple[dict[str, str], list[StoredEntity]]:
        """Store-wide ids for every local entity of `extraction`, and the entities to create."""
        self._forget_unsaved()
        entity_ids: dict[str, str] = {}
        new_entities: list[StoredEntity] = []
        for ref in extraction.entities:
            names = [ref.name, *ref.aliases]
            match = self._match(ref, names)
            if match is None:
                entity_id = self._mint_id(ref.name)
                new_entities.append(StoredEntity(entity_id, ref.type, ref.name, tuple(ref.aliases)))
                self._pending.add(entity_id)
                self._remember(entity_id, ref.type, names)
            else:
                entity_id = match
                self._remember(entity_id, ref.type, names)
                new_entities.append(
                    StoredEntity(entity_id, ref.type, self._known[entity_id].names[0], tuple(names))
                )
            ref.resolved_id = entity_id
            entity_ids[ref.key] = entity_id
        log.debug("document %s: %d entities resolved", doc.id, len(entity_ids))
        return entity_ids, new_entities

    # ------------------------------------------------------------------ internals

    def _match(self, ref: EntityRef, names: list[str]) -> str | None:
        candidates: set[str] = set()
        for block in self._block_keys(ref.type, names):
            candidates |= self._blocks.get(block, set())
        best: tuple[int, str] | None = None
        for candidate in sorted(candidates):
            known = self._known[candidate]
            if known.type != ref.type:
                continue
            score = self._score(ref, names, known)
            if score > 0 and (best is None or score > best[0]):
                best = (score, candidate)
        return best[1] if best else None

    def _score(self, ref: EntityRef, names: list[str], known: _Known) -> int:
        if ref.type != EntityType.PERSON:
            keys = {plain_key(n) for n in names}
            return 2 if keys & {plain_key(n) for n in known.names} else 0
        score = 0
        for name in names:
            parsed = self.names.parse(name)
            for other in known.parsed:
                comparison = compare_names(self.names, parsed, other)
                if comparison.relation == "conflict":
                    return 0  # a different given name or surname blocks the merge
                if comparison.relation in MATCHING_RELATIONS and comparison.surname_linked:
                    score = max(score, 2 if comparison.relation == "full" else 1)
        return score

    def _block_keys(self, entity_type: EntityType, names: list[str]) -> set[tuple[str, str]]:
        keys: set[tuple[str, str]] = set()
        for name in names:
            if entity_type == EntityType.PERSON:
                parsed = self.names.parse(name)
                keys.update((entity_type.value, k) for k in parsed.surname_keys if k)
            else:
                keys.add((entity_type.value, plain_key(name)))
        return keys

    def _remember(self, entity_id: str, entity_type: EntityType, names: list[str]) -> None:
        known = self._known.get(entity_id)
        if known is None:
            known = self._known[entity_id] = _Known(entity_id, entity_type, [], [])
        for name in names:
            if name and name not in known.names:
                known.names.append(name)
                if entity_type == EntityType.PERSON:
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
