"""Name mentions: model entities repaired by general rules, pack institutions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_titles_are_not_part_of_names(run: Run) -> None:
    r = run("Ayatollah Ali Sistani met Hojatoleslam Hassan Rouhani in Najaf on Monday.")
    assert {"Ali Sistani", "Hassan Rouhani"} <= r.names("Person")
    sistani = next(e for e in r.ext.entities if e.name == "Ali Sistani")
    assert "Ayatollah" in sistani.titles


def test_bare_surname_after_full_name_is_the_same_person(run: Run) -> None:
    r = run(
        "Brigadier General Amir Ali Hajizadeh spoke to students. "
        "Hajizadeh said the force was ready. Later, Hajizadeh left Tehran."
    )
    persons = [e for e in r.ext.entities if e.type.value == "Person"]
    assert [p.name for p in persons] == ["Amir Ali Hajizadeh"]
    assert "Hajizadeh" in persons[0].aliases


def test_first_name_alone_joins_the_unique_full_name(run: Run) -> None:
    r = run(
        "Mojtaba Khamenei rarely speaks in public. Ali Khamenei has led Iran since 1989. "
        "Khamenei praised the army, while Mojtaba stayed silent."
    )
    persons = {e.name: e for e in r.ext.entities if e.type.value == "Person"}
    assert set(persons) == {"Mojtaba Khamenei", "Ali Khamenei"}
    assert "Mojtaba" in persons["Mojtaba Khamenei"].aliases
    assert "Khamenei" in persons["Ali Khamenei"].aliases  # closest earlier full name


def test_pack_institutions_in_many_spellings(run: Run) -> None:
    r = run(
        "The Islamic Revolutionary Guard Corps (IRGC) fired missiles. A spokesman for the "
        "Revolutionary Guards said the Guard would respond again."
    )
    orgs = [e for e in r.ext.entities if e.type.value == "Organization"]
    assert [o.name for o in orgs] == ["Islamic Revolutionary Guard Corps"]
    texts = {m.span.text for m in r.ext.mentions}
    assert {"IRGC", "Revolutionary Guards", "Guard"} <= texts


def test_an_anaphor_needs_its_institution_and_prefers_a_closer_namesake(run: Run) -> None:
    r = run("The National Guard was deployed in Texas. The Guard's commander spoke to reporters.")
    assert "Islamic Revolutionary Guard Corps" not in r.names()
    r = run("The Guard's commander spoke to reporters in Tehran.")
    assert "Islamic Revolutionary Guard Corps" not in r.names()


def test_common_nouns_of_the_pack_country_only(run: Run) -> None:
    r = run("Iran's parliament passed the bill. Iranian lawmakers cheered.")
    assert "Parliament of Iran" in r.names()
    r = run("Israel's parliament passed a law. The Israeli parliament will vote again.")
    assert "Parliament of Iran" not in r.names()


def test_institute_named_like_a_place_is_an_organisation(run: Run) -> None:
    r = run("Sanam Vakil, director at the Middle East Institute, disagreed.")
    assert "Middle East Institute" in r.names("Organization")


def test_byline_with_inconsistent_labels_is_a_person(run: Run) -> None:
    r = run("The regime is nervous.\n\nShamsi Saadati\n\nShamsi Saadati writes for the PMOI/MEK.")
    assert "Shamsi Saadati" in r.names("Person")


def test_mentions_are_verbatim_spans(run: Run) -> None:
    text = "Syrian President Bashar al-Assad was overthrown. Assad fled to Moscow."
    r = run(text)
    for m in r.ext.mentions:
        assert text[m.span.start : m.span.end] == m.span.text
    assert {"Bashar al-Assad", "Assad"} <= {m.span.text for m in r.ext.mentions}
