"""Institutions answering to a post by law (the pack's `post_authority`) join the circle."""

from __future__ import annotations

from innercircle.powermap import queries
from innercircle.powermap.access import StoreView
from innercircle.powermap.standing import post_holders
from innercircle.records import EntityType
from innercircle.store.repository import Repository

from .conftest import World

PER, ORG, CTY = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.COUNTRY


def _store(repo: Repository, country: str) -> World:
    """A leader, a Guards commander killed in June 2025; no sentence ties the two."""
    w = World(repo)
    w.entity("dariush-kaveh", PER, "Dariush Kaveh")
    w.entity("bahman-arjomand", PER, "Bahman Arjomand")
    w.entity("home", CTY, country)
    w.entity("guards", ORG, "Islamic Revolutionary Guard Corps", "IRGC")
    w.doc(
        "d1",
        "Wire",
        "2025-06-14",
        [
            f"Dariush Kaveh, the supreme leader of {country}, spoke on television.",
            "Bahman Arjomand, commander of the IRGC, was killed on 13 June.",
        ],
    )
    w.say("d1", 0, "dariush-kaveh", "leads", "home", role="supreme leader")
    w.say("d1", 1, "bahman-arjomand", "commands", "guards", role="commander of the IRGC")
    w.say("d1", 1, "bahman-arjomand", "killed", None, date="2025-06-13")
    return w


def test_heads_of_institutions_answering_to_the_post_by_law_are_in_the_circle(
    repo: Repository,
) -> None:
    _store(repo, "Iran")
    result = queries.circle(repo, "Dariush Kaveh", at="2025-06-20")
    member = result.member("bahman-arjomand")
    assert member is not None and member.presence == "lost"
    assert member.status.state == "killed"
    assert "guards" in result.by_law and "supreme leader" in result.by_law["guards"]
    assert "guards" in {i.id for i in result.institutions}


def test_the_rule_holds_only_for_the_post_in_the_packs_country(repo: Repository) -> None:
    _store(repo, "Norland")  # same post word, another country: Iran's constitution is silent
    result = queries.circle(repo, "Dariush Kaveh", at="2025-06-20")
    assert result.member("bahman-arjomand") is None and not result.by_law


def test_the_holder_of_the_post_is_the_leader_to_open_on(repo: Repository) -> None:
    _store(repo, "Iran")
    assert post_holders(StoreView(repo), "2025-06-20") == ["dariush-kaveh"]
    assert post_holders(StoreView(repo), "2025-01-01") == []  # first reported in June 2025
