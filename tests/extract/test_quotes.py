"""Quotations and their speakers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_said_after_the_quote_with_apposition(run: Run) -> None:
    r = run(
        '"There are two things you can say about Khamenei," said Alex Vatanka, director of '
        "the Iran Program at the Middle East Institute.\n\n"
        "“He is extremely cautious and very stubborn at the same time.”"
    )
    assert [s for s, _ in r.quotes()] == ["Alex Vatanka", "Alex Vatanka"]


def test_pronoun_speaker_and_date(run: Run) -> None:
    r = run(
        "Ali Larijani has turned against the critics. He framed the strategy as essential, "
        "stating on October 20, “Some say this crisis would not have escalated so far.”",
        "2024-10-27",
    )
    ((speaker, text),) = r.quotes()
    assert speaker == "Ali Larijani" and text.startswith("Some say")
    assert r.ext.quotes[0].date.value == "2024-10-20"


def test_speaker_before_the_quote_and_statement_subject(run: Run) -> None:
    r = run(
        "On December 1, Hajizadeh's commander, Amir Ali Hajizadeh, said, “We have experienced "
        "extensive defections from all sectors.” The speech continued. "
        "Hossein Salami issued a statement, warning “any cooperation with the enemy will be "
        "punished.” The statement further warned that “traitors will face the courts soon.”",
        "2023-12-03",
    )
    speakers = [s for s, _ in r.quotes()]
    assert speakers == ["Amir Ali Hajizadeh", "Hossein Salami", "Hossein Salami"]


def test_possessor_of_a_directive_is_the_speaker(run: Run) -> None:
    r = run(
        "Supreme Leader Ali Khamenei gave an order. Ahmad Alamolhoda warned against "
        "infiltrators, undermining the Supreme Leader's directive to “prevent the revolution "
        "from falling into unworthy hands.”"
    )
    assert r.quotes()[0][0] == "Ali Khamenei"


def test_standalone_quote_follows_the_previous_speaker(run: Run) -> None:
    r = run(
        "Ahmad Alamolhoda cautioned that some misuse national unity to promote talks with the "
        "U.S. “They dilute the discourse of resistance under the guise of unity.”"
    )
    assert r.quotes() == [
        ("Ahmad Alamolhoda", "They dilute the discourse of resistance under the guise of unity.")
    ]


def test_scare_quotes_are_not_quotations(run: Run) -> None:
    r = run("Some analysts call Ali Larijani a “moderate” and a “pragmatist”.")
    assert r.quotes() == []
