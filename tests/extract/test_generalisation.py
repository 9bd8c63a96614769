"""Rules on unseen-article patterns (invented sentences): country of a post, appositions,
attribution clauses, titled objects, quote speakers, surnames, agents, dedupe, dates."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_pack_post_keeps_the_pack_country_in_a_foreign_story(run: Run) -> None:
    r = run(
        "Reza Farahani, an envoy of Supreme Leader Ali Khamenei, handed a note to Russian "
        "President Vladimir Putin. Russia and Iran signed a deal. Russian officials welcomed "
        "it, and Russia said Russia would reply.",
        "2024-10-02",
    )
    rels = r.relations()
    assert ("Ali Khamenei", "leads", "Iran") in rels
    assert ("Ali Khamenei", "leads", "Russia") not in rels
    assert ("Vladimir Putin", "leads", "Russia") in rels


def test_generic_office_is_not_given_the_most_mentioned_country(run: Run) -> None:
    r = run("Foreign Minister Karim Talebi said the Israeli regime would pay.", "2024-10-02")
    assert not any(s == "Karim Talebi" and o == "Israel" for s, _, o in r.relations())
