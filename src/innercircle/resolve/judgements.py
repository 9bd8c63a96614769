"""Apply analyst judgements on entity pairs: `same` merges, `different` forbids, `undo` reverts.

Judgements are data in the store (`Repository.add_judgement`): a `same` judgement is recorded as
subject = the entity kept, object = the entity merged into it (which stays as a redirect); the
names the kept entity had before the merge are written into the dropped entity's properties
(`merged_by`), so `undo` can split the pair again. A `different` judgement is a cannot-link that
holds for every id that is or becomes part of either entity: `same` on such a pair is refused
until the `different` judgement is undone, and `StoreResolver` never links across it.

Limitation of `undo` on a `same`: the split is by spelling. Mentions written with a name only the
dropped entity had go back to it (with their document's statements and quotes when every local
entity of that document goes back); rows written with a name both entities carried stay with the
kept entity, and ids that had been merged into the dropped entity before stay with the kept one.
This module decides; `store/entity_edits.py` moves the rows.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from innercircle.records import Judgement, StoredEntity
from innercircle.store.entity_edits import set_properties, unmerge
from innercircle.store.repository import Repository, alias_key

log = logging.getLogger(__name__)

PAIR_KINDS = frozenset({"same", "different", "unsure"})


class JudgementError(ValueError):
    """A judgement that cannot be applied (unknown entity, contradiction, ...)."""


@dataclass(frozen=True)
class Applied:
    """A recorded judgement and what applying it did."""

    judgement: Judgement
    effect: str


def default_author() -> str:
    """$USER, else the login name, else "analyst"."""
    user = os.environ.get("USER") or os.environ.get("USERNAME")
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no user database (containers)
        return "analyst"


def resolve_entity(repo: Repository, text: str) -> StoredEntity:
    """The entity an analyst means by `text`: an id (redirects followed) or a unique name.

    Raises JudgementError naming the candidates when the name is ambiguous or unknown.
    """
    entity = repo.get_entity(text)
    if entity is not None:
        return entity
    found = repo.find_entities(text)
    key = alias_key(text)
    exact = [e for e in found if key in {alias_key(n) for n in (e.name, *e.aliases)}]
    candidates = exact or found
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise JudgementError(f"no entity with id or name {text!r}")
    listed = ", ".join(f"{e.id} ({e.name})" for e in candidates[:10])
    raise JudgementError(f"{text!r} is ambiguous: {listed}; give an id")


def cannot_links(repo: Repository) -> dict[str, set[str]]:
    """Canonical id → canonical ids it was judged different from (active judgements only)."""
    forbidden: dict[str, set[str]] = defaultdict(set)
    for judgement in repo.judgements():
        if judgement.kind != "different" or judgement.object is None:
            continue
        a, b = repo.canonical_id(judgement.subject), repo.canonical_id(judgement.object)
        if a != b:
            forbidden[a].add(b)
            forbidden[b].add(a)
    return forbidden


def _different_between(repo: Repository, a: str, b: str) -> list[Judgement]:
    return [
        j
        for j in repo.judgements()
        if j.kind == "different"
        and j.object is not None
        and {repo.canonical_id(j.subject), repo.canonical_id(j.object)} == {a, b}
    ]


def judge_same(
    repo: Repository, first: str, second: str, author: str | None = None, reason: str | None = None
) -> Applied:
    """Merge `second` into `first` (both ids or unique names); refused across a `different`."""
    keep, drop = resolve_entity(repo, first), resolve_entity(repo, second)
    if keep.id == drop.id:
        raise JudgementError(f"{first!r} and {second!r} are already the same entity {keep.id}")
    if keep.type != drop.type:
        raise JudgementError(f"{keep.id} is a {keep.type.value}, {drop.id} a {drop.type.value}")
    blocking = _different_between(repo, keep.id, drop.id)
    if blocking:
        ids = ", ".join(str(j.id) for j in blocking)
        raise JudgementError(
            f"{keep.id} and {drop.id} were judged different (judgement {ids}); "
            f"undo that judgement first"
        )
    judgement_id = repo.add_judgement(
        Judgement("same", keep.id, author or default_author(), reason, object=drop.id)
    )
    properties = dict(drop.properties)
    properties["merged_by"] = {"judgement": judgement_id, "keep_names": [keep.name, *keep.aliases]}
    set_properties(repo, drop.id, properties)
    repo.merge_entities(keep.id, drop.id)
    log.info("judgement %d: %s merged into %s", judgement_id, drop.id, keep.id)
    return Applied(_get(repo, judgement_id), f"{drop.id} merged into {keep.id}")


def judge_different(
    repo: Repository, first: str, second: str, author: str | None = None, reason: str | None = None
) -> Applied:
    """Record that two entities are different people/things; they can never be merged."""
    a, b = resolve_entity(repo, first), resolve_entity(repo, second)
    if a.id == b.id:
        merges = [
            j
            for j in repo.judgements()
            if j.kind == "same" and j.object and repo.canonical_id(j.object) == a.id
        ]
        hint = (
            f"; undo the same judgement(s) {', '.join(str(j.id) for j in merges)} first"
            if merges
            else ""
        )
        raise JudgementError(f"{first!r} and {second!r} are one entity ({a.id}){hint}")
    judgement_id = repo.add_judgement(
        Judgement("different", a.id, author or default_author(), reason, object=b.id)
    )
    return Applied(_get(repo, judgement_id), f"{a.id} and {b.id} can never be merged")


def judge_unsure(
    repo: Repository, first: str, second: str, author: str | None = None, reason: str | None = None
) -> Applied:
    """Record that an analyst could not decide (the pair leaves the review queue)."""
    a, b = resolve_entity(repo, first), resolve_entity(repo, second)
    judgement_id = repo.add_judgement(
        Judgement("unsure", a.id, author or default_author(), reason, object=b.id)
    )
    return Applied(_get(repo, judgement_id), f"{a.id} and {b.id} left undecided")


def undo(repo: Repository, judgement_id: int, author: str | None = None) -> Applied:
    """Mark a judgement undone; a `same` is split back (see the module docstring).

    `author` is logged only (the store keeps when, not who, for an undo).
    """
    log.info("judgement %d undone by %s", judgement_id, author or default_author())
    before = {j.id: j for j in repo.judgements(active_only=False)}.get(judgement_id)
    if before is None:
        raise JudgementError(f"no judgement {judgement_id}")
    if before.undone_at is not None:
        raise JudgementError(f"judgement {judgement_id} was already undone")
    judgement = repo.undo_judgement(judgement_id)
    if judgement.kind != "same" or judgement.object is None:
        return Applied(judgement, f"{judgement.kind} judgement {judgement_id} undone")
    drop = repo.get_entity(judgement.object, follow=False)
    if drop is None:
        return Applied(judgement, "undone; the merged entity no longer exists")
    keep_id = repo.canonical_id(judgement.object)
    merged_by = drop.properties.get("merged_by") or {}
    keep_names = {alias_key(n) for n in merged_by.get("keep_names", [])}
    drop_names = [n for n in (drop.name, *drop.aliases) if alias_key(n) not in keep_names]
    result = unmerge(repo, keep_id, drop.id, drop_names)
    properties = {k: v for k, v in drop.properties.items() if k != "merged_by"}
    set_properties(repo, drop.id, properties)
    return Applied(
        judgement,
        f"{drop.id} split from {keep_id}: {result.mentions} mention(s), "
        f"{result.statements} statement link(s), {result.quotes} quote(s) moved back",
    )


same = judge_same
different = judge_different
unsure = judge_unsure
"""Short names (the web app calls `same`, `different`, `unsure`, `undo`, `review`)."""


def review(repo: Repository, limit: int | None = None) -> list[Any]:
    """The review queue (`resolve/review.py`): uncertain pairs, most informative first."""
    from innercircle.resolve.review import uncertain_pairs

    return list(uncertain_pairs(repo, limit=limit))


def _get(repo: Repository, judgement_id: int) -> Judgement:
    for judgement in repo.judgements(active_only=False):
        if judgement.id == judgement_id:
            return judgement
    raise JudgementError(f"no judgement {judgement_id}")  # pragma: no cover - just written
