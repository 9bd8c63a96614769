"""Word-by-word name comparison: relations and their reasons."""

from __future__ import annotations

import pytest

from innercircle.resolve.name_compare import NameComparison, compare_names
from innercircle.resolve.names import NameAnalyser


@pytest.fixture(scope="module")
def names() -> NameAnalyser:
    return NameAnalyser()


def rel(names: NameAnalyser, a: str, b: str) -> NameComparison:
    return compare_names(names, names.parse(a), names.parse(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ali Khamenei", "Mojtaba Khamenei"),
        ("Mohammad Bagheri", "Ali Bagheri Kani"),
        ("Mahmoud Bagheri", "Mohammad Bagheri"),
        ("ZAHEDI, Mohammed Reza", "ZAHEDI, Ali Reza"),
        ("Ali Larijani", "Ali Shamkhani"),
    ],
)
def test_a_given_name_or_surname_conflict_is_a_conflict(
    names: NameAnalyser, a: str, b: str
) -> None:
    assert rel(names, a, b).relation == "conflict"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohammad Golpayegani", "Mohammad Golpayeghani"),
        ("Gholam-Hossein Mohseni-Eje'i", "Gholamhossein Mohseni Ejei"),
        ("VAHID, Ahmed Dastjerdi", "DASTJERDI, Ahmad Vahid"),  # order swapped
        ("HADDADADEL, Gholam-Ali", "HADDAD ADEL, Gholamali"),  # compounds
        ("Ahmad Alam al-Hoda", "Ahmad Alamolhoda"),
        ("MIRZAEI, Haj Ahmad", "MIRZAEI, Hajahmad"),  # fused honorific
        ("Esmail Qaani", "Esma'il Ghaani"),
        ("Hassan Nasrallah", "Hasan Nasrallah"),
        ("Bashar al-Assad", "Bashar Assad"),
    ],
)
def test_spelling_variants_are_the_same_words(names: NameAnalyser, a: str, b: str) -> None:
    assert rel(names, a, b).relation == "full"


def test_a_shorter_name_inside_a_fuller_one_is_a_subset(names: NameAnalyser) -> None:
    assert rel(names, "Salami", "Hossein Salami").relation == "subset"
    assert rel(names, "Mohammad Bagheri", "Mohammad Hossein Baqeri").relation == "subset"
    # a given name alone is not enough: the surname must be shared
    assert rel(names, "Ali", "Ali Khamenei").relation == "partial"


def test_a_consonant_apart_is_only_near(names: NameAnalyser) -> None:
    comparison = rel(names, "Kamal Kharazi", "Kamal Kharazmi")
    assert comparison.relation == "near"
    assert "kharazi≈kharazmi" in comparison.explain()


def test_explanations_name_the_words(names: NameAnalyser) -> None:
    assert (
        "golpayegani~golpayeghani"
        in rel(names, "Mohammad Golpayegani", "Mohammad Golpayeghani").explain()
    )
    explanation = rel(names, "Ali Khamenei", "Mojtaba Khamenei").explain()
    assert "'ali' vs 'mojtaba'" in explanation


def test_native_script_alias_matches_latin_name(names: NameAnalyser) -> None:
    assert rel(names, "خامنه‌ای", "Ali Khamenei").relation == "subset"
    assert rel(names, "محسنی اژه‌ای", "Gholam-Hossein Mohseni-Ejei").relation == "subset"


def test_fragments_match_nothing(names: NameAnalyser) -> None:
    assert rel(names, "JA", "JA").relation == "none"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Morteza Tabari", "Morteza Tabarieslami"),  # a compound of two surnames written as one
        ("Reza Ravandi", "Reza Hamidiravandi"),  # ... and its last part
        ("Ali Karimi", "Alireza Karimi"),  # the first of two given names written as one
        ("Nemat Karimi", "Nematreza Karimi"),
    ],
)
def test_one_part_of_a_fused_compound_is_a_weaker_match(
    names: NameAnalyser, a: str, b: str
) -> None:
    assert rel(names, a, b).relation == "subset"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ali Ahmadi", "Ali Ahmadinejad"),  # a derived surname, not a compound
        ("Ali Rahimi", "Ali Rahimzadeh"),
        ("Mohammad Mahmoudi", "Mohammad Aminmohammadi"),  # other vowels: not a part
        ("Ali Karimi", "Alborz Karimi"),  # another given name that starts alike
    ],
)
def test_a_derived_surname_or_a_lookalike_is_no_part(names: NameAnalyser, a: str, b: str) -> None:
    assert rel(names, a, b).relation in ("conflict", "partial")  # never merged


def test_a_surname_ending_written_apart_belongs_to_the_surname(names: NameAnalyser) -> None:
    parsed = names.parse("Ali Rahim Zadeh")
    assert [parsed.tokens[i].text for i in sorted(parsed.surname)] == ["rahim", "zadeh"]
    assert rel(names, "Ali Rahim Zadeh", "Ali Rahimzadeh").relation == "full"
    assert rel(names, "Rahim Pour", "Karim Pour").relation != "subset"  # two surnames


def test_a_native_script_final_ye_matches_a_latin_final_glide(names: NameAnalyser) -> None:
    assert rel(names, "حسن رضایی", "Hasan Rezaei").relation == "full"
    assert rel(names, "حسن رضایی", "Hasan Rezaey").relation == "full"
