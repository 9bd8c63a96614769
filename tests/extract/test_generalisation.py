"""Rules on unseen-article patterns (invented sentences): country of a post, appositions,
attribution clauses, titled objects, quote speakers, surnames, agents, dedupe, dates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.extract.support import Result

from innercircle.records import EntityType

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


def test_role_followed_by_possessive_is_the_possessor(run: Run) -> None:
    r = run(
        "Supreme Leader Ali Khamenei spoke on Friday. Reza Khamenei, the supreme leader's "
        "second son, attended the ceremony.",
        "2024-03-01",
    )
    rels = r.relations()
    assert not any(s == "Reza Khamenei" and p in ("leads", "holds_position") for s, p, _ in rels)
    assert ("Reza Khamenei", "child_of", "Ali Khamenei") in rels


def test_in_law_is_not_a_sibling(run: Run) -> None:
    r = run(
        "Syrian President Karim Haddad spoke. Omar Saleh, Haddad's brother-in-law, was "
        "killed in July 2012.",
        "2023-05-10",
    )
    assert not any(p == "sibling_of" for _, p, _ in r.relations())


def test_trailing_said_clause_is_attribution_not_a_statement_event(run: Run) -> None:
    r = run(
        "Militia leader Karim Nouri was killed in Basra early on Wednesday, the Islamic "
        "Revolutionary Guard Corps said. Reza Farahani will visit Muscat next Tuesday, his "
        "office said.",
        "2024-07-31",
    )
    events = r.events()
    assert not any(e[0] == "statement" for e in events)
    assert ("killed", "Karim Nouri", None, "2024-07-31") in events


def test_a_quoted_statement_keeps_its_event_and_date(run: Run) -> None:
    r = run('"We will respond," spokesman Karim Talebi told reporters on Monday.', "2024-07-31")
    assert ("statement", "Karim Talebi", None, "2024-07-29") in r.events()


def test_titled_person_after_to_or_of_is_the_object_of_the_role(run: Run) -> None:
    r = run(
        "Reza Farahani, an adviser to Supreme Leader Ali Khamenei, met officials. "
        "Omar Haddad, the younger brother of Syrian President Karim Haddad, leads a unit.",
        "2024-10-02",
    )
    rels = r.relations()
    assert ("Reza Farahani", "advises", "Ali Khamenei") in rels
    assert ("Omar Haddad", "sibling_of", "Karim Haddad") in rels
    assert ("Karim Haddad", "leads", "Syria") in rels


def test_titled_object_of_an_appointment_and_abbreviated_ranks(run: Run) -> None:
    r = run(
        "President Karim Talebi on Friday named Major General Reza Farahani as the new "
        "commander of the Islamic Revolutionary Guard Corps. Talebi also appointed Brig. Gen. "
        "Omar Saleh to head the Basij on Friday.",
        "2025-03-06",
    )
    events = r.events()
    assert ("appointed", "Reza Farahani", "Karim Talebi", "2025-02-28") in events
    assert ("appointed", "Omar Saleh", "Karim Talebi", "2025-02-28") in events
    assert len(list(r.ext.statements)) and "Omar Saleh" in r.names("Person")
    assert not any(
        s == "Karim Talebi" and p == "leads" and o != "Iran" for s, p, o in r.relations()
    )


def test_abbreviated_titles_do_not_end_a_sentence() -> None:
    from innercircle.extract.nlp import load_nlp

    doc = load_nlp()("He appointed Brig. Gen. Omar Saleh on Friday. The talks ended.")
    assert len(list(doc.sents)) == 2


def test_quote_speakers_from_the_speech_verb_after_or_around_the_quote(run: Run) -> None:
    r = run(
        '"We will respond firmly to any aggression," Kremlin spokesman Oleg Petrov told '
        'reporters on Monday. "There will be no talks under pressure," Karim Talebi, the '
        "parliament speaker, told lawmakers on Sunday. Agency Nine quoted Reza Farahani as "
        "saying “we will not negotiate under threats from anyone”. Iran's foreign minister, "
        'Omar Saleh, spoke in New York. "We will not hesitate to defend our people," the '
        "minister added. According to Hamid Nouri, “the talks have reached a dead end now”.",
        "2025-03-06",
    )
    speakers = [s for s, _ in r.quotes()]
    assert speakers == ["Oleg Petrov", "Karim Talebi", "Reza Farahani", "Omar Saleh", "Hamid Nouri"]


def test_curly_single_quotes_are_quotations_but_apostrophes_are_not(run: Run) -> None:
    r = run(
        "Iran’s envoy Omar Saleh said: ‘Our response is concluded unless the regime decides "
        "otherwise.’ The students’ protests went on for the students’ sake."
    )
    assert r.quotes() == [
        ("Omar Saleh", "Our response is concluded unless the regime decides otherwise.")
    ]


def test_shared_surname_goes_to_the_latest_full_name_not_a_relative(run: Run) -> None:
    r = run(
        "Omar al-Haddad, the younger brother of Syrian President Karim al-Haddad, leads a "
        "unit. Haddad's wife, Leila al-Haddad, runs charities. Haddad's speech on Monday "
        "was short.",
        "2023-05-10",
    )
    rels = r.relations()
    assert ("Leila al-Haddad", "spouse_of", "Karim al-Haddad") in rels
    assert ("Omar al-Haddad", "sibling_of", "Karim al-Haddad") in rels


def test_in_a_place_is_not_an_agent_and_labour_strikes_are_not_attacks(run: Run) -> None:
    r = run(
        "Karim Nouri was killed in Iraq in January 2020. Omar Saleh was arrested in Iran in "
        "April 2016. Truckers held a nationwide strike in Iran on Monday over fuel prices. "
        "Reza Farahani was killed in an Israeli strike on June 13.",
        "2025-03-06",
    )
    events = r.events()
    assert ("killed", "Karim Nouri", None, "2020-01") in events
    assert ("arrested", "Omar Saleh", None, "2016-04") in events
    assert ("killed", "Reza Farahani", "Israel", "2024-06-13") in events
    assert not any(e[0] == "attack" for e in events)


def test_bare_security_council_is_the_un_one_only_when_the_un_is_named(run: Run) -> None:
    r = run("Karim Talebi, secretary of the Security Council, said the decision was final.")
    assert "UN Security Council" not in r.names()
    r = run(
        "The United Nations met on Monday. Karim Talebi, secretary of the Security Council, "
        "said the decision was final."
    )
    assert "UN Security Council" in r.names()


def test_succession_gives_the_post_to_the_successor(run: Run) -> None:
    r = run("Hossein Rahimi succeeded Mohammad Bagheri as commander of the army in January 2020.")
    by = {(r.name(s.subject_key), s.qualifiers.get("time")) for s in r.ext.statements}
    assert ("Hossein Rahimi", None) in by and ("Mohammad Bagheri", "former") in by


def test_two_posts_of_one_person_to_one_country_are_both_kept(run: Run) -> None:
    r = run(
        "Karim Talebi, Iran's vice president, served as foreign minister from 2013 to 2021.",
        "2025-03-06",
    )
    posts = {
        (s.role, s.qualifiers.get("time"))
        for s in r.ext.statements
        if s.predicate == "holds_position" and r.name(s.object_key) == "Iran"
    }
    assert ("vice president", None) in posts
    assert ("foreign minister", "former") in posts


def test_a_text_over_max_length_is_parsed_in_pieces(extractor: Any) -> None:
    from innercircle.extract.backend import SpacyBackend, split_paragraphs
    from innercircle.records import Document

    para = "Supreme Leader Ali Khamenei spoke in Tehran on Friday.\n"
    body = para * 40
    assert "".join(split_paragraphs(body, 200)) == body
    assert all(len(p) < 200 for p in split_paragraphs(body, 200))
    backend = extractor.backend
    assert isinstance(backend, SpacyBackend)
    backend.chunk_chars = 500
    try:
        _small, big = list(
            backend.extract_many([Document(id="a", body=para), Document(id="b", body=body)])
        )
    finally:
        backend.chunk_chars = None
    assert any(e.name == "Ali Khamenei" for e in big.entities)
    assert (
        all(body[m.span.start : m.span.end] == m.span.text for m in big.mentions)
        and len(big.mentions) >= 40
    )


def test_an_adviser_without_principal_does_not_advise_the_most_mentioned_person(run: Run) -> None:
    r = run(
        "Reza Farahani, a foreign policy adviser, travelled to Moscow. Russian President "
        "Oleg Petrov received him. Petrov praised the talks, and Petrov met Chinese leader "
        "Li Wei. Petrov said he was satisfied.",
        "2025-03-06",
    )
    assert not any(s == "Reza Farahani" and p == "advises" for s, p, _ in r.relations())


def test_generic_office_in_a_document_about_the_pack_country(run: Run) -> None:
    r = run(
        "President Karim Talebi spoke in Tehran on Monday. Iran will not yield, he said. "
        "Iran's economy is weak.",
        "2025-03-06",
    )
    assert ("Karim Talebi", "leads", "Iran") in r.relations()


def test_pack_common_noun_in_a_sentence_about_a_foreign_capital(run: Run) -> None:
    r = run(
        "Iranian officials met in Tehran. Iran and Iraq signed a deal. The parliament in "
        "Baghdad voted on the bill on 5 February.",
        "2025-03-06",
    )
    assert "Parliament of Iran" not in r.names()


def test_trailing_said_clause_is_the_attribution_of_the_reported_event(run: Run) -> None:
    r = run(
        "Militia leader Karim Nouri was killed in Basra early on Wednesday, the Islamic "
        "Revolutionary Guard Corps said.",
        "2024-07-31",
    )
    killed = [s for s in r.ext.statements if s.predicate == "killed"]
    assert killed and killed[0].attribution == "the Islamic Revolutionary Guard Corps said"


def test_a_name_the_model_calls_an_organisation_is_a_person_when_treated_as_one(run: Run) -> None:
    r = run(
        "Supreme Leader Ali Khamenei on Thursday appointed Gholam-Reza Tavakoli-Nejad as head "
        "of the judiciary. The post went to a cleric, replacing Gholam-Reza Tavakoli-Nejad, "
        "who will become president in August.",
        "2021-07-01",
    )
    person = next(e for e in r.ext.entities if e.name == "Gholam-Reza Tavakoli-Nejad")
    assert person.type == EntityType.PERSON
    assert ("Gholam-Reza Tavakoli-Nejad", "leads", "Judiciary of Iran") in r.relations()


def test_an_organisation_followed_by_which_stays_an_organisation(run: Run) -> None:
    r = run(
        "The president appointed a new head of the Plan and Budget Organization, which "
        "oversees spending.",
        "2021-07-01",
    )
    assert all(e.type != EntityType.PERSON for e in r.ext.entities if "Budget" in e.name)
