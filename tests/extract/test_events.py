"""Events: subjects, agents and dates resolved against the article date."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_generic_subject_spelled_out_by_a_list(run: Run) -> None:
    r = run(
        "Several commanders have been killed since Friday, including Hossein Salami and "
        "Mohammad Bagheri.",
        "2025-06-17",
    )
    assert ("killed", "Hossein Salami", None, "2025-06-13") in r.events()
    assert ("killed", "Mohammad Bagheri", None, "2025-06-13") in r.events()
    st = next(s for s in r.ext.statements if s.predicate == "killed")
    assert st.valid_from.text == "since Friday" and st.valid_from.method.value == "relative"


def test_passive_with_agent_adjective_and_relative_month(run: Run) -> None:
    r = run(
        "Hezbollah leader Hassan Nasrallah was killed in an Israeli airstrike in September "
        "last year.",
        "2025-06-17",
    )
    assert ("killed", "Hassan Nasrallah", "Israel", "2024-09") in r.events()


def test_year_list_gives_one_event_per_year_with_force_and_agent(run: Run) -> None:
    r = run(
        "Ali Khamenei deployed the Revolutionary Guard and its affiliated Basij militia to "
        "quell national protests in 1999, 2009 and 2022."
    )
    events = [s for s in r.ext.statements if s.predicate == "protest_suppressed"]
    primary = [s for s in events if "co_subject_of" not in s.qualifiers]
    assert [s.valid_from.value for s in primary] == ["1999", "2009", "2022"]
    assert {(r.name(s.subject_key), r.name(s.object_key)) for s in primary} == {
        ("Islamic Revolutionary Guard Corps", "Ali Khamenei")
    }
    basij = next(e.key for e in r.ext.entities if e.name == "Basij")
    assert {s.qualifiers.get("co_subjects") for s in primary} == {basij}
    # the co-subject gets its own statements for the store, marked as such
    co = [s for s in events if s.qualifiers.get("co_subject_of")]
    assert [(s.subject_key, s.valid_from.value) for s in co] == [
        (basij, "1999"),
        (basij, "2009"),
        (basij, "2022"),
    ]


def test_relative_clause_subject_and_open_bounds(run: Run) -> None:
    r = run(
        "Ali Khamenei, who was imprisoned before the 1979 revolution and wounded in a bomb "
        "attack before becoming leader in 1989, distrusts the West."
    )
    events = {(e[0], e[1]): e[3] for e in r.events()}
    assert events[("imprisoned", "Ali Khamenei")] is None
    assert events[("wounded", "Ali Khamenei")] is None
    assert events[("became_leader", "Ali Khamenei")] == "1989"
    wounded = next(s for s in r.ext.statements if s.predicate == "wounded")
    assert wounded.valid_from.text == "before becoming leader in 1989"


def test_statements_need_a_date(run: Run) -> None:
    r = run(
        'On November 21, Gholam-Hossein Mohseni-Ejei said, "We must stay vigilant at all '
        'times." Later he added, "The enemy is everywhere around us."',
        "2023-12-03",
    )
    statements = [e for e in r.events() if e[0] == "statement"]
    assert statements == [("statement", "Gholam-Hossein Mohseni-Ejei", None, "2023-11-21")]


def test_hyphenated_appointer_and_possessive_noun(run: Run) -> None:
    r = run(
        "Ahmad Alamolhoda, Khamenei-appointed Friday prayer leader in Mashhad, spoke. "
        "He recalled Ismail Haniyeh's assassination."
    )
    assert ("appointed", "Ahmad Alamolhoda", "Khamenei", None) in r.events()
    assert ("killed", "Ismail Haniyeh", None, None) in r.events()
    assert (
        "Ahmad Alamolhoda",
        "holds_position",
        "Friday prayer leader in Mashhad",
    ) in r.relations()


def test_attack_targets_the_country_written_with_it(run: Run) -> None:
    r = run(
        "On Saturday morning, October 26, an Israeli airstrike hit military targets in Iran.",
        "2024-10-27",
    )
    assert ("attack", "Iran", "Israel", "2024-10-26") in r.events()


def test_hypothetical_or_denied_events_are_not_facts(run: Run) -> None:
    r = run("Hossein Salami could be arrested. Mohammad Bagheri was not arrested.")
    assert not any(e[0] == "arrested" for e in r.events())


def test_without_publication_date_the_date_stays_open(run: Run) -> None:
    r = run("Hossein Salami was killed last week.")
    st = next(s for s in r.ext.statements if s.predicate == "killed")
    assert st.valid_from.value is None and st.valid_from.text == "last week"
