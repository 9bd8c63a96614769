"""In-document coreference: descriptive references, circles, offices, pronouns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_post_references_join_the_post_holder(run: Run) -> None:
    r = run(
        "Iran's supreme leader, Ayatollah Ali Khamenei, chaired the meeting. "
        "Officials close to the supreme leader said the Iranian leader was angry."
    )
    person = next(e for e in r.ext.entities if e.name == "Ali Khamenei")
    texts = {m.span.text for m in r.ext.mentions if m.entity_key == person.key}
    assert {"the supreme leader", "the Iranian leader"} <= texts
    assert [e.name for e in r.ext.entities if e.type.value == "Person"] == ["Ali Khamenei"]


def test_possessive_circle_and_office(run: Run) -> None:
    r = run(
        "Vladimir Putin trusts few people. These advisers form Putin's inner circle, and "
        "Putin's office schedules their meetings."
    )
    assert "Vladimir Putin's inner circle" in r.names("Group")
    assert "Vladimir Putin's office" in r.names("Organization")
    rels = r.relations()
    assert ("Vladimir Putin's inner circle", "subordinate_to", "Vladimir Putin") in rels
    assert ("Vladimir Putin's office", "subordinate_to", "Vladimir Putin") in rels


def test_the_group_refers_back_to_the_circle(run: Run) -> None:
    r = run("Kim Jong Un relies on his inner circle. The small group meets when he calls it.")
    circle = next(e for e in r.ext.entities if e.type.value == "Group")
    texts = {m.span.text for m in r.ext.mentions if m.entity_key == circle.key}
    assert {"inner circle", "small group"} <= texts


def test_his_son_resolves_the_pronoun(run: Run) -> None:
    r = run("Ali Khamenei rarely travels. His son Mojtaba handles many files.")
    assert ("Mojtaba", "child_of", "Ali Khamenei") in r.relations()


def test_unfilled_state_office_is_a_position(run: Run) -> None:
    r = run(
        "In Iran, the regular army is under the command of the defense ministry and the "
        "elected president."
    )
    assert "President of Iran" in r.names("Position")
    rels = r.relations()
    assert ("Islamic Republic of Iran Army", "subordinate_to", "President of Iran") in rels
    assert (
        "Islamic Republic of Iran Army",
        "subordinate_to",
        "Ministry of Defence and Armed Forces Logistics",
    ) in rels
