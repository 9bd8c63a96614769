"""Display names of persons: the spelling most independent documents use.

An entity is first named by the document that introduced it; a machine translation ingested
first would otherwise name a person by its garbled spelling forever. After each save the
persons the document mentions are renamed when another written form of their name is better
supported: each original document using a form counts 1, each copy (a document marked as a
duplicate or revision of another) a quarter. Only written names of two words or more compete
(no surname alone, no description); a fuller name wins a tie; the current name stays
otherwise. The name of an entity merged into this one never takes over (`same A B` keeps A's
name, and an undone merge leaves it), and watchlist entities keep the name the analyst gave.
Ids never change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from innercircle.records import EntityType
from innercircle.resolve.names import is_proper_name
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

COPY_WEIGHT = 0.25


def best_name(
    current: str, support: dict[str, tuple[int, int]], excluded: Iterable[str] = ()
) -> str:
    """The written form to show: best supported, then fullest; `current` on a tie; never one
    of `excluded`."""

    def score(name: str) -> tuple[float, int]:
        originals, copies = support.get(name, (0, 0))
        return originals + COPY_WEIGHT * copies, len(name.split())

    barred = set(excluded)
    candidates = [
        n for n in support if len(n.split()) >= 2 and is_proper_name(n) and n not in barred
    ]
    best = max(candidates, key=score, default=current)
    return best if score(best) > score(current) else current


def refresh_names(repo: Repository, entity_ids: Iterable[str]) -> dict[str, str]:
    """Rename the persons among `entity_ids` whose best-supported name changed; new names
    by id."""
    renamed: dict[str, str] = {}
    for entity_id in sorted(set(entity_ids)):
        entity = repo.get_entity(entity_id)
        if entity is None or entity.type != EntityType.PERSON or entity.origin == "watchlist":
            continue
        if entity.id in renamed:
            continue
        name = best_name(
            entity.name, repo.name_support(entity.id), repo.redirected_names(entity.id)
        )
        if name != entity.name:
            repo.rename_entity(entity.id, name)
            renamed[entity.id] = name
            log.info("%s: shown as %r (was %r)", entity.id, name, entity.name)
    return renamed
