"""Institutions that answer to a person by law: the country pack's `post_authority` rules.

A constitution says who commands what ("the supreme leader commands the armed forces"); news
articles rarely repeat it. When a person currently holds one of a rule's posts in the pack's
country (a `leads` or `holds_position` statement whose role is that post word and whose object
is that country), the rule's institutions that exist in the store answer to that person, and
the power map counts their heads in the circle. The link is derived at query time from the pack
and the person's sourced post; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from innercircle.powermap.access import StoreView
from innercircle.powermap.domains import Authority
from innercircle.powermap.facts import Fact
from innercircle.records import EntityType

POST_PREDICATES = frozenset({"leads", "holds_position"})
ORG_TYPES = frozenset({EntityType.ORGANIZATION.value, EntityType.GROUP.value})


@dataclass(frozen=True)
class StandingTie:
    """An institution answering to a person because of a post the person holds."""

    institution_id: str
    post: str
    basis: str


def _post_words(fact: Fact) -> set[str]:
    """The fact's written posts, case- and space-folded (to compare with a rule's posts)."""
    return {" ".join(r.casefold().split()) for r in fact.roles}


def standing_institutions(v: StoreView, person_id: str, at: str) -> dict[str, StandingTie]:
    """Store institutions answering to `person_id` at `at` under the pack's rules, by id."""
    authorities = v.rules.authorities
    if not authorities:
        return {}
    wanted = {p for a in authorities for p in a.posts}
    posts: list[tuple[str, str]] = []  # (post word, country entity id)
    for fact in v.facts(person_id, "subject", POST_PREDICATES):
        if fact.negated or fact.object_id is None:
            continue
        words = _post_words(fact) & wanted
        if words and v.tie_state(fact, at)[0] == "current":
            posts.extend((w, fact.object_id) for w in sorted(words))
    if not posts:
        return {}
    found: dict[str, StandingTie] = {}
    for authority in authorities:
        post = _held(v, authority, posts)
        if post is None:
            continue
        named = v.repo.entities_named(f for names in authority.institutions.values() for f in names)
        for names in authority.institutions.values():
            for form in names:
                for entity_id in sorted(named.get(form, ())):
                    if entity_id != person_id and v.entity_type(entity_id) in ORG_TYPES:
                        found.setdefault(entity_id, StandingTie(entity_id, post, authority.basis))
    return found


def _held(v: StoreView, authority: Authority, posts: list[tuple[str, str]]) -> str | None:
    """The first of `posts` that is one of the rule's posts in the rule's country."""
    countries = set().union(*v.repo.entities_named(authority.country).values())
    return next(
        (w for w, obj in posts if w in authority.posts and v.canonical(obj) in countries), None
    )


def post_holders(v: StoreView, at: str) -> list[str]:
    """Persons holding, at `at`, a post that institutions answer to by law (the pack's
    `post_authority` posts in its country: a supreme leader, a head of state), the most
    attested first — the natural leader to open a store on."""
    support: dict[str, int] = {}
    for authority in v.rules.authorities:
        for country in sorted(set().union(*v.repo.entities_named(authority.country).values())):
            for fact in v.facts(country, "object", POST_PREDICATES):
                words = _post_words(fact)
                if fact.negated or not words & authority.posts:
                    continue
                if v.entity_type(fact.subject_id) != EntityType.PERSON.value:
                    continue
                if v.tie_state(fact, at)[0] == "current":
                    support[fact.subject_id] = support.get(fact.subject_id, 0) + len(fact.ids)
    return sorted(support, key=lambda p: (-support[p], p))
