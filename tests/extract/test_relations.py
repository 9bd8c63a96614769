"""Ties from posts (compound, apposition, copula, lists, coordination) and verb patterns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]

IRGC = "Islamic Revolutionary Guard Corps"


def test_compound_post_before_a_name(run: Run) -> None:
    r = run("Guard commander Hossein Salami visited the IRGC headquarters.")
    assert ("Hossein Salami", "commands", IRGC) in r.relations()
    assert ("Hossein Salami", "holds_position", IRGC) in r.relations()
    st = next(s for s in r.ext.statements if s.predicate == "commands")
    assert st.role == "commander" and st.qualifiers["domain"] == "military"


def test_country_adjective_gives_a_state_office(run: Run) -> None:
    r = run("Syrian President Bashar al-Assad fled to Moscow.")
    assert ("Bashar al-Assad", "leads", "Syria") in r.relations()


def test_possessive_post_before_the_name(run: Run) -> None:
    r = run(
        "Officials met in Tehran. Khamenei's office is run by his staff. "
        "Khamenei's chief of staff, Mohammad Golpayegani, attended."
    )
    assert ("Mohammad Golpayegani", "leads", "Khamenei's office") in r.relations()


def test_coordination_distributes_a_plural_post_and_former(run: Run) -> None:
    r = run("Iran's former foreign ministers Ali Akbar Velayati and Kamal Kharazi were present.")
    rels = r.relations()
    assert ("Ali Akbar Velayati", "holds_position", "Iran") in rels
    assert ("Kamal Kharazi", "holds_position", "Iran") in rels
    former = [s for s in r.ext.statements if s.qualifiers.get("time") == "former"]
    assert len(former) == 2


def test_apposition_after_the_name_takes_the_institution(run: Run) -> None:
    r = run(
        '"He is cautious," said Alex Vatanka, director of the Iran Program at the '
        "Middle East Institute in Washington."
    )
    assert ("Alex Vatanka", "holds_position", "Middle East Institute") in r.relations()
    assert "Iran Program" not in r.names()  # a programme inside the post, not an actor


def test_two_posts_in_one_apposition(run: Run) -> None:
    r = run(
        "Alireza Arafi, head of the seminaries and deputy chair of the Assembly of Experts, "
        "spoke on Friday."
    )
    rels = r.relations()
    assert ("Alireza Arafi", "leads", "Islamic seminaries of Iran") in rels
    assert ("Alireza Arafi", "holds_position", "Assembly of Experts") in rels


def test_copula_advisers_without_principal_advise_the_leader_just_named(run: Run) -> None:
    r = run(
        "Supreme Leader Ali Khamenei listens to few. "
        "Ali Larijani and Ali Shamkhani remain trusted advisers on nuclear issues."
    )
    rels = r.relations()
    assert ("Ali Larijani", "advises", "Ali Khamenei") in rels
    assert ("Ali Shamkhani", "advises", "Ali Khamenei") in rels


def test_plural_post_spelled_out_by_a_list(run: Run) -> None:
    r = run(
        "The paper criticised IRGC commanders — General Mohammad Bagheri, General Hossein "
        "Salami — for their silence."
    )
    rels = r.relations()
    assert ("Mohammad Bagheri", "holds_position", IRGC) in rels
    assert ("Hossein Salami", "holds_position", IRGC) in rels


def test_verb_patterns(run: Run) -> None:
    r = run(
        "The Revolutionary Guards answer directly to Ali Khamenei. Mojtaba Khamenei has "
        "built close ties with the Guard. Ali Khamenei deployed the Basij in the streets."
    )
    rels = r.relations()
    assert (IRGC, "subordinate_to", "Ali Khamenei") in rels
    assert ("Mojtaba Khamenei", "affiliated_with", IRGC) in rels
    assert ("Ali Khamenei", "commands", "Basij") in rels


def test_membership_of_an_inner_circle(run: Run) -> None:
    r = run(
        "Israeli strikes killed Hossein Salami and Mohammad Bagheri. These men were part of "
        "Khamenei's inner circle."
    )
    rels = r.relations()
    assert ("Hossein Salami", "member_of", "Khamenei's inner circle") in rels
    assert ("Mohammad Bagheri", "member_of", "Khamenei's inner circle") in rels


def test_pack_knowledge_and_country_modifiers(run: Run) -> None:
    r = run(
        "The IRGC Quds Force armed Lebanese Hezbollah. Iran supports the Houthis. "
        "The attack was claimed by the ISIS branch in Afghanistan."
    )
    rels = r.relations()
    assert ("IRGC Quds Force", "subordinate_to", IRGC) in rels
    assert ("Hezbollah", "located_in", "Lebanon") in rels
    assert ("Houthis", "affiliated_with", "Iran") in rels
    assert ("ISIS branch in Afghanistan", "subordinate_to", "Islamic State") in rels
    assert ("ISIS branch in Afghanistan", "located_in", "Afghanistan") in rels


def test_attribution_is_kept(run: Run) -> None:
    r = run(
        "IRGC commander Hossein Salami was present, according to two people familiar with "
        "the meeting. Hezbollah leader Hassan Nasrallah was absent, Reuters reports."
    )
    by_subject = {r.name(s.subject_key): s.attribution for s in r.ext.statements}
    assert by_subject["Hossein Salami"] == "according to two people familiar with the meeting"
    assert by_subject["Hassan Nasrallah"] == "Reuters reports"


def test_evidence_is_verbatim_and_short(run: Run) -> None:
    text = "Hezbollah leader Hassan Nasrallah, who was personally close to the Iranian leader " * 3
    r = run(text + ", was killed.")
    for s in r.ext.statements:
        assert len(s.evidence.text) <= 200
        assert r.doc.body[s.evidence.start : s.evidence.end] == s.evidence.text


def test_replacing_someone_as_a_post(run: Run) -> None:
    r = run("Mohammad Pakpour replaced Hossein Salami as commander of the IRGC on Friday.")
    current = {
        (r.name(s.subject_key), s.qualifiers.get("time"), s.role)
        for s in r.ext.statements
        if s.predicate == "commands"
    }
    assert current == {
        ("Mohammad Pakpour", None, "commander of the IRGC"),
        ("Hossein Salami", "former", "commander of the IRGC"),
    }


def test_a_post_period_gives_the_tie_its_start_and_end(run: Run) -> None:
    r = run(
        "Kamal Kharazi, Iran's foreign minister from 1997 to 2005, heads the Strategic Council "
        "on Foreign Relations. Major General Hossein Salami, commander-in-chief of the Islamic "
        "Revolutionary Guard Corps since 2019, spoke. Yahya Rahim Safavi, who commanded the "
        "Revolutionary Guards until 2007, is an adviser.",
        "2025-06-13",
    )
    periods = {
        (r.name(s.subject_key), s.predicate, s.role): (s.valid_from.value, s.valid_to.value)
        for s in r.ext.statements
    }
    assert periods[("Kamal Kharazi", "holds_position", "foreign minister")] == ("1997", "2005")
    salami = (
        "Hossein Salami",
        "commands",
        "commander-in-chief of the Islamic Revolutionary Guard Corps",
    )
    assert periods[salami] == ("2019", None)  # the role text stops before "since"
    assert periods[("Yahya Rahim Safavi", "commands", None)] == (None, "2007")
