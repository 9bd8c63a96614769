"""Rules found on the third held-out round (misses seen across bench/heldout, heldout2 and
heldout3), checked on invented sentences only: wire datelines, and the styles listed in each
test's name."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_wire_dateline_place_is_not_a_person_and_does_not_hide_the_country(run: Run) -> None:
    r = run(
        "BAKU, March 3, 2025 - Iran's President Karim Nouri on Monday appointed "
        "Mohammad Reza Farzin as governor of the central bank.",
        "2025-03-03",
    )
    assert "BAKU" not in r.names("Person")
    assert ("Karim Nouri", "leads", "Iran") in r.relations()
    assert ("appointed", "Mohammad Reza Farzin", "Karim Nouri", "2025-03-03") in r.events()


def test_hours_later_takes_the_date_just_reported(run: Run) -> None:
    r = run(
        "Parliament on Sunday voted to dismiss Economy Minister Abdolnaser Hemmati.\n\n"
        "Hours later, Mohammad Javad Zarif, the vice president, resigned.",
        "2025-03-03",
    )
    assert ("resigned", "Mohammad Javad Zarif", None, "2025-03-02") in r.events()


def test_undated_killing_near_dated_ones_of_one_occasion(run: Run) -> None:
    r = run(
        "Israeli strikes killed General Hossein Salami on Friday.\n\n"
        "The leader named Abdolrahim Mousavi to replace Mohammad Bagheri, who was killed in "
        "the same wave of strikes.",
        "2025-06-14",
    )
    dates = {(e[0], e[1]): e[3] for e in r.events()}
    assert dates[("killed", "Mohammad Bagheri")] == "2025-06-13"


def test_killing_recalled_in_a_quotation_is_not_dated_by_the_occasion(run: Run) -> None:
    r = run(
        "Israeli jets struck military sites on Saturday and killed General Reza Karimi. "
        'An aide said: "After Ismail Haniyeh\'s assassination, we waited two months."',
        "2024-10-27",
    )
    dates = {(e[0], e[1]): e[3] for e in r.events()}
    assert dates[("killed", "Reza Karimi")] == "2024-10-26"
    assert ("killed", "Ismail Haniyeh") in dates
    assert dates[("killed", "Ismail Haniyeh")] is None


def test_translated_institution_name_is_the_pack_institution(run: Run) -> None:
    r = run(
        "Sardar Reza Tavakoli was appointed as commander of Aerospace Force of the Islamic "
        "Revolution Guards Corp on Saturday.",
        "2025-06-14",
    )
    rels = r.relations()
    assert ("IRGC Aerospace Force", "subordinate_to", "Islamic Revolutionary Guard Corps") in rels
    assert ("Reza Tavakoli", "holds_position", "IRGC Aerospace Force") in rels


def test_british_spelling_and_abbreviated_corp(run: Run) -> None:
    r = run(
        "Majid Karimi was appointed as the chief of Intelligence Organisation of Islamic "
        "Revolution Guards Corp.",
        "2025-06-20",
    )
    rels = r.relations()
    assert ("Majid Karimi", "leads", "IRGC Intelligence Organization") in rels
    assert (
        "IRGC Intelligence Organization",
        "subordinate_to",
        "Islamic Revolutionary Guard Corps",
    ) in rels


def test_fuzzy_match_needs_the_whole_name_in_order(run: Run) -> None:
    r = run("The revolution guards its corps of volunteers, Ali Rezaei said.", "2025-06-20")
    assert "Islamic Revolutionary Guard Corps" not in r.names()


def test_body_of_plural_members_is_one_organisation(run: Run) -> None:
    r = run(
        "Hojatoleslam Mohammad Javad Haj Ali Akbari, the head of the Policy-Making Council of "
        "Friday Prayer Leaders, announced the funeral.",
        "2022-03-27",
    )
    assert "Policy-Making Council of Friday Prayer Leaders" in r.names("Organization")
    assert not any("Prayer Leaders" in n for n in r.names("Person"))


def test_former_lawmaker_holds_a_post_of_the_country(run: Run) -> None:
    r = run("Mahmoud Sadeghi, a former reformist lawmaker, said the vote in Iran was rigged.")
    assert ("Mahmoud Sadeghi", "holds_position", "Iran") in r.relations()
    assert ("Mahmoud Sadeghi", "member_of", "Iran") not in r.relations()


def test_person_close_to_an_organisation_is_affiliated(run: Run) -> None:
    r = run("Reza Karimi is widely believed to be close to the Revolutionary Guards.")
    assert ("Reza Karimi", "affiliated_with", "Islamic Revolutionary Guard Corps") in r.relations()


def test_one_of_the_closest_allies_in_apposition(run: Run) -> None:
    r = run(
        "Nikolai Patrushev, a former KGB officer and one of Vladimir Putin's closest allies, "
        "was moved."
    )
    assert ("Nikolai Patrushev", "close_to", "Vladimir Putin") in r.relations()


def test_his_deputy_works_where_the_superior_heads(run: Run) -> None:
    r = run(
        "Mohammad Golpayegani has run the leader's office since 2006. His deputy, Vahid "
        "Haghanian, manages security.",
        "2025-03-01",
    )
    assert ("Vahid Haghanian", "holds_position", "Office of the Supreme Leader") in r.relations()


def test_his_predecessor_held_the_post_being_filled(run: Run) -> None:
    r = run(
        "Pakpour had headed the Guards' ground forces since 2009. The leader appointed Mohammad "
        "Pakpour as commander of the IRGC after Israeli strikes killed his predecessor Hossein "
        "Salami on Friday.",
        "2025-06-14",
    )
    st = [
        s
        for s in r.ext.statements
        if r.name(s.subject_key) == "Hossein Salami" and s.predicate == "holds_position"
    ]
    assert [r.name(s.object_key) for s in st] == ["Islamic Revolutionary Guard Corps"]
    assert st[0].qualifiers.get("time") == "former"


def test_passed_away_is_a_death(run: Run) -> None:
    r = run(
        "Ayatollah Mohammad Mohammadi Reyshahri, a member of the Assembly of Experts, passed "
        "away on Sunday morning at the age of 75.",
        "2022-03-27",
    )
    assert ("died", "Mohammad Mohammadi Reyshahri", None, "2022-03-27") in r.events()


def test_advised_to_step_aside_is_not_a_resignation(run: Run) -> None:
    r = run(
        "Mohammad Javad Zarif said on Sunday that Gholamhossein Mohseni-Ejei had advised him "
        "to step aside.",
        "2025-03-03",
    )
    assert not [e for e in r.events() if e[0] == "resigned"]


def test_the_president_stated_is_the_titled_president(run: Run) -> None:
    r = run(
        "President Seyed Ebrahim Raisi also offered his condolences. In his message the "
        'President stated: "His services will never be forgotten."',
        "2022-03-27",
    )
    assert ("Ebrahim Raisi", "His services will never be forgotten.") in r.quotes()


def test_leader_never_named_is_one_unnamed_holder(run: Run) -> None:
    r = run(
        "TEHRAN, May 2, 2023 (IRNA) - Ayatollah Hadi Tavakoli, a member of the Assembly of "
        "Experts, died on Monday. The Leader of the Islamic Revolution, in a message, called "
        'him "a tireless servant of the Islamic Republic".',
        "2023-05-02",
    )
    assert ("Leader of the Islamic Revolution", "leads", "Iran") in r.relations()
    assert ("Leader of the Islamic Revolution", "a tireless servant of the Islamic Republic") in (
        r.quotes()
    )


def test_bare_lowercase_leader_makes_no_person(run: Run) -> None:
    r = run("The leader of the opposition bloc in Iran, Reza Karimi, spoke.", "2023-05-02")
    assert not [n for n in r.names("Person") if "leader" in n.casefold()]


def test_only_country_written_with_a_state_office_owns_the_other_offices(run: Run) -> None:
    r = run(
        "Venezuelan President Nicolas Maduro on Tuesday named Vice President Delcy Rodriguez "
        "as oil minister. Defence Minister Vladimir Padrino Lopez keeps his job.",
        "2024-08-28",
    )
    rels = r.relations()
    assert ("Delcy Rodriguez", "holds_position", "Venezuela") in rels
    assert any(
        (s or "").startswith("Vladimir Padrino") and o == "Venezuela" for s, _, o in rels
    )  # (the model may cut the second surname)


def test_relative_clause_on_an_apposition_describes_the_person(run: Run) -> None:
    r = run(
        "Iran's Supreme Leader Ali Khamenei still leans on Ali Akbar Velayati, a former foreign "
        "minister who has been his adviser on international affairs since 1997.",
        "2025-03-01",
    )
    rels = r.relations()
    assert ("Ali Akbar Velayati", "advises", "Ali Khamenei") in rels
    assert ("Ali Akbar Velayati", "holds_position", "Iran") in rels


def test_message_named_in_a_prepositional_phrase_is_the_subjects_statement(run: Run) -> None:
    r = run(
        'Ali Khamenei, in a message issued on Sunday, described the cleric as "a servant".',
        "2022-03-27",
    )
    assert ("statement", "Ali Khamenei", None, "2022-03-27") in r.events()


def test_date_in_a_relative_clause_on_the_occasion_dates_the_speech(run: Run) -> None:
    r = run(
        "In the ceremony which was held on Friday, Mohammad Pakpour said: "
        '"The enemies will not pass."',
        "2025-06-21",
    )
    assert ("statement", "Mohammad Pakpour", None, "2025-06-20") in r.events()


def test_date_in_a_relative_clause_on_a_person_stays_its_own(run: Run) -> None:
    r = run(
        "Reza Karimi, who took office in July 2021, said on Monday that talks failed.", "2024-03-06"
    )
    assert ("statement", "Reza Karimi", None, "2024-03-04") in r.events()


def test_weekday_inside_an_organisation_name_is_no_date(run: Run) -> None:
    r = run(
        "Mohammad Javad Haj Ali Akbari, the head of the Policy-Making Council of Friday Prayer "
        "Leaders, announced that the funeral will be held in Tehran.",
        "2022-03-27",
    )
    assert not [e for e in r.events() if e[0] == "statement"]


def test_annotation_mentions_also_carry_the_stripped_titles(run: Run) -> None:
    from innercircle.extract.annotations import to_annotations

    r = run(
        "The dead included Colonel Seyed Taher Mostafavi, the pilot, and Haj Ahmad Mirzaei.",
        "2024-05-20",
    )
    texts = {m["text"] for m in to_annotations([(r.doc, r.ext)])["documents"][0]["mentions"]}
    assert {"Taher Mostafavi", "Seyed Taher Mostafavi", "Haj Ahmad Mirzaei"} <= texts
    assert "Taher Mostafavi" in r.names("Person")  # the name itself stays without titles


def test_replaced_person_held_the_replacers_post(run: Run) -> None:
    r = run(
        "Ali Larijani was appointed secretary of the Supreme National Security Council on "
        "Tuesday. Larijani replaces Ali Akbar Ahmadian, who had held the post since May 2023.",
        "2025-08-06",
    )
    st = [
        s
        for s in r.ext.statements
        if r.name(s.subject_key) == "Ali Akbar Ahmadian" and s.predicate == "holds_position"
    ]
    assert [r.name(s.object_key) for s in st] == ["Supreme National Security Council"]
    assert st[0].qualifiers.get("time") == "former"


def test_multiword_post_of_org_written_before_a_ranked_name(run: Run) -> None:
    r = run(
        "By the order of Commander in chief of Sepah Pasdaran Sardar Mohamad Pakpur, the "
        "Sardar Majid Khadami was appointed."
    )
    assert ("Mohamad Pakpur", "commands", "Islamic Revolutionary Guard Corps") in r.relations()


def test_outlet_and_force_in_one_sentence_are_no_tie(run: Run) -> None:
    r = run(
        "According to report of Tasnim news agency, the commander of the IRGC Mohammad "
        "Pakpour appointed Majid Mousavi."
    )
    assert not [t for t in r.relations() if t[0] == "Tasnim News Agency"]


def test_force_written_before_its_affiliate_keeps_the_tie(run: Run) -> None:
    r = run("Hossein Salami addressed the IRGC Basij forces in a speech.")
    assert ("Basij", "affiliated_with", "Islamic Revolutionary Guard Corps") in r.relations()


def test_name_cut_short_by_the_model_gets_its_last_word(run: Run) -> None:
    r = run(
        "Opposition leader Maria Corina Machado, who is in hiding, called the reshuffle "
        '"a cabinet of repression".'
    )
    assert "Maria Corina Machado" in r.names("Person")
    assert r.quotes()[0][0] == "Maria Corina Machado"


def test_weekday_after_a_name_is_not_part_of_it(run: Run) -> None:
    r = run("Ali Akbar Velayati Tuesday said the talks had failed.", "2024-03-06")
    assert not [n for n in r.names("Person") if "Tuesday" in n]
