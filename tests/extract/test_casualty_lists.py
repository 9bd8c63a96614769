"""Casualty lists: "Among the dead were A and B" gives an event for each named person."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_among_the_dead_skips_career_dates_in_appositions(run: Run) -> None:
    r = run(
        "Among the dead are General Ali Rezaei, commander of the army since 2019, and "
        "General Hassan Karimi, chief of staff.",
        "2025-06-13",
    )
    killed = {(e[0], e[1], e[3]) for e in r.events() if e[0] == "killed"}
    assert killed == {("killed", "Ali Rezaei", None), ("killed", "Hassan Karimi", None)}


def test_those_killed_on_a_day_are_dated(run: Run) -> None:
    r = run("Among those killed on Monday were Ali Rezaei and Hassan Karimi.", "2025-06-13")
    assert ("killed", "Ali Rezaei", None, "2025-06-09") in r.events()
    assert ("killed", "Hassan Karimi", None, "2025-06-09") in r.events()


def test_list_before_group_and_include_verb(run: Run) -> None:
    r = run(
        "Ali Rezaei and Hassan Karimi were among those killed in the raid on Tuesday. "
        "Those killed included Reza Amini.",
        "2025-06-13",
    )
    killed = {(e[1], e[3]) for e in r.events() if e[0] == "killed"}
    assert {("Ali Rezaei", "2025-06-10"), ("Hassan Karimi", "2025-06-10")} <= killed
    assert any(name == "Reza Amini" for name, _d in killed)


def test_wounded_and_arrested_lists_leave_out_prepositional_persons(run: Run) -> None:
    r = run(
        "Among the injured were Ali Rezaei and Reza Amini, an adviser to Hassan Rouhani. "
        "Among those arrested last week was Hassan Karimi.",
        "2025-06-13",
    )
    events = {(e[0], e[1]) for e in r.events()}
    assert {("wounded", "Ali Rezaei"), ("wounded", "Reza Amini")} <= events
    assert ("wounded", "Hassan Rouhani") not in events
    assert ("arrested", "Hassan Karimi", None, "2025-06-06") in r.events()
