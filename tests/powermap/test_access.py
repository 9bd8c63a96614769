"""StoreView: answers from batched and shared reads equal those of separate, narrow reads."""

from __future__ import annotations

from innercircle.powermap.access import (
    DOMAIN_PREDICATE_SET,
    RELATION_PREDICATE_SET,
    STATUS_PREDICATE_SET,
    StoreView,
)
from innercircle.powermap.facts import Fact
from innercircle.store.repository import Repository

from .conftest import World

QUESTIONS = [
    ("any", RELATION_PREDICATE_SET),
    ("subject", DOMAIN_PREDICATE_SET),
    ("object", RELATION_PREDICATE_SET),
    ("subject", STATUS_PREDICATE_SET),
    ("subject", frozenset({"commands"})),
]


def _shape(facts: list[Fact]) -> list[tuple[str, str, str | None, list[int]]]:
    return [(f.subject_id, f.predicate, f.object_id, f.ids) for f in facts]


def test_batched_and_derived_reads_give_the_facts_of_narrow_reads(
    world: World, repo: Repository
) -> None:
    entities = [e.id for e in repo.entities()]
    shared = StoreView(repo)
    shared.prefetch(entities, "any", RELATION_PREDICATE_SET)  # one pass, both sides
    shared.prefetch(entities, "subject", STATUS_PREDICATE_SET)
    for entity in entities:
        for role, predicates in QUESTIONS:
            alone = StoreView(repo).facts(entity, role, predicates)
            assert _shape(shared.facts(entity, role, predicates)) == _shape(alone), (
                entity,
                role,
                sorted(predicates),
            )


def test_a_tie_read_from_both_ends_is_one_fact(world: World, repo: Repository) -> None:
    view = StoreView(repo)
    view.prefetch(["karim-vastani", "guard"], "any", RELATION_PREDICATE_SET)
    from_leader = [f for f in view.ties_of("karim-vastani") if f.object_id == "guard"]
    from_guard = [f for f in view.ties_of("guard") if f.subject_id == "karim-vastani"]
    assert from_leader and [id(f) for f in from_leader] == [id(f) for f in from_guard]
