"""Grouping statements into facts, deriving status and tie state (pure functions)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from innercircle.powermap.facts import (
    Fact,
    derive_status,
    find_contradictions,
    group_facts,
    tie_state,
)
from innercircle.records import StoredStatement

_ids = itertools.count(1)
RANK = frozenset({"deputy", "vice"})


def st(
    subject: str,
    predicate: str,
    obj: str | None = None,
    *,
    role: str | None = None,
    date: str | None = None,
    method: str = "explicit",
    reported: str | None = "2025-06-17",
    end: str | None = None,
    doc: str = "d1",
    qualifiers: dict[str, str] | None = None,
) -> StoredStatement:
    return StoredStatement(
        id=next(_ids),
        subject_id=subject,
        predicate=predicate,
        object_id=obj,
        value=None,
        role=role,
        qualifiers=qualifiers or {},
        valid_from=date,
        valid_from_method=method if date else "unknown",
        valid_to=end,
        valid_to_method="explicit" if end else "unknown",
        date_text=None,
        reported_at=reported,
        reported_method="manifest",
        recorded_at=datetime.now(UTC),
        doc_id=doc,
        evidence_start=0,
        evidence_end=1,
        evidence_text="x",
        zone="body",
        attribution=None,
        extractor="test",
        confidence=0.8,
        fingerprint="f",
    )


def only(facts: list[Fact], predicate: str) -> list[Fact]:
    return [f for f in facts if f.predicate == predicate]


def test_same_post_in_two_wordings_is_one_fact_but_deputy_is_another() -> None:
    facts = group_facts(
        [
            st("a", "holds_position", "guard", role="commander"),
            st("a", "holds_position", "guard", role="overall commander", doc="d2"),
            st("a", "holds_position", "guard", role="deputy commander", doc="d3"),
        ],
        RANK,
    )
    roles = sorted(tuple(f.roles) for f in facts)
    assert roles == [("deputy commander",), ("overall commander", "commander")]


def test_conflicting_event_dates_stay_apart_and_are_a_contradiction() -> None:
    facts = group_facts(
        [
            st("k", "killed", date="2025-06-13"),
            st("k", "killed", date="2025-06", doc="d2"),
            st("k", "killed", date="2025-06-15", doc="d3"),
        ]
    )
    killed = only(facts, "killed")
    assert sorted(f.when or "" for f in killed) == ["2025-06-13", "2025-06-15"]
    assert max(len(f.statements) for f in killed) == 2  # the month refines into the 13th
    found = find_contradictions(facts, lambda i: str(i))
    assert [c.kind for c in found] == ["dates_differ"]


def test_a_denial_is_kept_apart_and_disputes_the_status() -> None:
    facts = group_facts(
        [
            st("k", "killed", date="2025-06-13"),
            st("k", "killed", date="2025-06-13", doc="d2", qualifiers={"negated": "true"}),
        ]
    )
    assert len(facts) == 2
    status = derive_status(facts, "2025-06-20")
    assert status.state == "killed" and status.disputed
    assert [c.kind for c in find_contradictions(facts, str)] == ["denied"]


def test_status_is_derived_at_the_date() -> None:
    events = group_facts(
        [
            st("p", "dismissed", date="2020-01-05"),
            st("p", "appointed", date="2021-03-01"),
            st("p", "arrested", date="2025-06-20"),
        ]
    )
    assert derive_status(events, "2019-12-31").state == "active"
    assert derive_status(events, "2020-06-01").state == "dismissed"
    assert derive_status(events, "2022-01-01").state == "active"  # appointed again
    arrested = derive_status(events, "2025-07-01")
    assert (arrested.state, arrested.date) == ("arrested", "2025-06-20")


def test_death_is_final() -> None:
    events = group_facts(
        [st("p", "killed", date="2025-06-13"), st("p", "appointed", date="2025-06-14")]
    )
    assert derive_status(events, "2025-07-01").state == "killed"
    assert [c.kind for c in find_contradictions(events, str)] == ["after_death"]


def test_a_death_closes_ties_even_when_they_are_reported_afterwards() -> None:
    death = group_facts([st("p", "killed", date="2025-06-13")])
    tie = group_facts([st("p", "advises", "leader", reported="2025-06-17")])[0]
    assert tie_state(tie, "2025-06-12", [], [])[0] == "future"  # not yet reported
    state, closing = tie_state(tie, "2025-06-17", death, [])
    assert state == "closed" and closing is death[0]
    # the other side's death closes it too
    assert tie_state(tie, "2025-06-17", [], death)[0] == "closed"


def test_kinship_survives_death() -> None:
    death = group_facts([st("p", "killed", date="2025-06-13")])
    child = group_facts([st("c", "child_of", "p")])[0]
    assert tie_state(child, "2025-06-20", [], death)[0] == "current"


def test_dismissal_closes_only_earlier_ties_of_the_post_it_names() -> None:
    dismissal = group_facts([st("p", "dismissed", date="2024-01-10", role="commander")])
    old_post = group_facts([st("p", "commands", "guard", role="commander", date="2020-01-01")])[0]
    other_post = group_facts([st("p", "holds_position", "council", role="member")])[0]
    new_post = group_facts([st("p", "commands", "navy", role="commander", date="2024-05-01")])[0]
    assert tie_state(old_post, "2024-06-01", dismissal, [])[0] == "closed"
    assert tie_state(other_post, "2025-07-01", dismissal, [])[0] == "current"
    assert tie_state(new_post, "2024-06-01", dismissal, [])[0] == "current"


def test_former_and_ended_ties_are_not_current() -> None:
    former = group_facts(
        [st("p", "holds_position", "state", role="foreign minister", qualifiers={"time": "former"})]
    )[0]
    ended = group_facts([st("p", "member_of", "council", date="2010", method="year", end="2015")])[
        0
    ]
    assert tie_state(former, "2025-06-17", [], [])[0] == "former"
    assert tie_state(ended, "2012-01-01", [], [])[0] == "current"
    assert tie_state(ended, "2016-01-01", [], [])[0] == "ended"


def test_article_dates_are_not_taken_for_the_fact_date() -> None:
    fact = group_facts([st("p", "killed", date="2024-10-27", method="publication")])[0]
    assert not fact.start_known
    assert fact.when == "2024-10-27"  # used as an upper bound, flagged as not stated


def test_undated_background_events_do_not_set_today_status() -> None:
    events = group_facts(
        [
            # "imprisoned before the revolution": a time the extraction could not resolve
            st("l", "imprisoned", reported="2025-06-17", qualifiers={"date_text": "before 1979"}),
            st("n", "arrested", reported="2025-06-17"),  # news: "X was arrested"
            st("l", "became_leader", date="1989", method="year"),
            st("v", "killed", reported="2024-10-27"),  # a death with no date
        ]
    )
    leader = [f for f in events if f.subject_id == "l"]
    victim = [f for f in events if f.subject_id == "v"]
    assert derive_status(leader, "2025-06-17").state == "active"
    news = [f for f in events if f.subject_id == "n"]
    assert derive_status(news, "2025-06-17").state == "arrested"
    dead = derive_status(victim, "2025-01-01")
    assert (dead.state, dead.date) == ("killed", "2024-10-27")  # dead by the report at the latest
