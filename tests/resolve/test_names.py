"""Name analysis: folding, titles, particles, transliteration skeletons, native script."""

from __future__ import annotations

import pytest

from innercircle.resolve.names import NameAnalyser, fold, is_proper_name


@pytest.fixture(scope="module")
def names() -> NameAnalyser:
    return NameAnalyser()


def test_fold_removes_accents_apostrophes_and_splits_hyphens() -> None:
    assert fold("Mohseni-Eje’i") == "mohseni ejei"
    assert fold("Ja'fari") == "jafari"
    assert fold("Ḥosseini") == "hosseini"
    assert fold("SOLEIMANI, Qasem") == "soleimani, qasem"


def test_honorifics_and_ranks_are_stripped_but_kept_as_titles(names: NameAnalyser) -> None:
    parsed = names.parse("Brig. Gen. Esmail Qaani")
    assert [t.text for t in parsed.tokens] == ["esmail", "qaani"]
    assert parsed.titles == ("brig gen",)
    assert [t.text for t in names.parse("Ayatollah Seyyed Ali Khamenei").tokens] == [
        "ali",
        "khamenei",
    ]


def test_an_honorific_that_is_the_whole_surname_stays(names: NameAnalyser) -> None:
    parsed = names.parse("AL-HAJJ, Yahya")
    assert "hajj" in [t.text for t in parsed.words]


def test_sanctions_order_puts_the_surname_last(names: NameAnalyser) -> None:
    parsed = names.parse("MOHSENI-EJEI, Qolam-Hossein")
    assert [t.text for t in parsed.tokens] == ["qolam", "hossein", "mohseni", "ejei"]
    assert parsed.surname == frozenset({2, 3})


def test_hyphenated_surname_and_particle(names: NameAnalyser) -> None:
    parsed = names.parse("Ahmad Alam al-Hoda")
    assert [t.text for t in parsed.tokens] == ["ahmad", "alam", "al", "hoda"]
    assert parsed.tokens[2].particle
    assert parsed.surname == frozenset({1, 3})


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("golpayegani", "golpayeghani"),
        ("qasem", "ghasem"),
        ("baqeri", "bagheri"),
        ("qaani", "ghaani"),
        ("ejei", "ejehi"),
        ("soleimani", "soleymani"),
        ("hossein", "husayn"),
        ("rezaei", "rezaee"),
        ("zadeh", "zade"),
        ("nejad", "nezhad"),
        ("foruzandeh", "fruzandah"),
        ("dowlatabadi", "dovlatabadi"),
        ("mousavi", "musawi"),
        ("khamenei", "khamenehi"),
        ("abdorreza", "abdolreza"),
        ("nasrollah", "nasrallah"),
    ],
)
def test_transliteration_variants_share_a_skeleton(names: NameAnalyser, a: str, b: str) -> None:
    assert names.skeleton(a) == names.skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hasan", "hossein"),  # a written long vowel tells them apart
        ("hossein", "hosseini"),  # the nisba -i is written
        ("mohammad", "mohammadi"),
        ("reza", "rezaei"),
        ("kharazi", "kharazmi"),  # another real surname
    ],
)
def test_different_names_keep_different_skeletons(names: NameAnalyser, a: str, b: str) -> None:
    assert names.skeleton(a) != names.skeleton(b)


def test_vowel_slots_tell_mahmoud_from_mohammad(names: NameAnalyser) -> None:
    mahmoud, mohammad = names.word_keys("mahmoud"), names.word_keys("mohammad")
    assert mahmoud[0] == mohammad[0]  # one consonant skeleton
    assert mahmoud[1] != mohammad[1]  # but other vowels


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("خامنه‌ای", "khamenei"),
        ("سلامی", "salami"),
        ("باقری", "bagheri"),
        ("قاآنی", "qaani"),
        ("موسوی", "mousavi"),
        ("اژه‌ای", "ejei"),
    ],
)
def test_native_script_spells_to_a_comparable_key(
    names: NameAnalyser, native: str, latin: str
) -> None:
    token = names.parse(native).tokens[0]
    assert token.script
    assert token.key.replace("y", "") == names.skeleton(latin).replace("y", "")


def test_descriptions_are_not_proper_names() -> None:
    assert is_proper_name("Ali Khamenei")
    assert is_proper_name("Bashar al-Assad")
    assert is_proper_name("خامنه‌ای")
    assert not is_proper_name("the leader")
    assert not is_proper_name("Iran's supreme leader")
