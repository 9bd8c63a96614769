"""Titles before names are context, not part of the name."""

from __future__ import annotations

from innercircle.extract.titles import is_title, split_titles, standalone_title
from innercircle.packs import load_pack

PACK = load_pack("iran")


def test_titles_are_split_off() -> None:
    titles, offset = split_titles("Ayatollah Ali Khamenei", PACK)
    assert titles == ["Ayatollah"] and "Ayatollah Ali Khamenei"[offset:] == "Ali Khamenei"
    titles, offset = split_titles("Brig. Gen. Esmail Qaani", PACK)
    assert titles == ["Brig. Gen."] and "Brig. Gen. Esmail Qaani"[offset:] == "Esmail Qaani"
    titles, _ = split_titles("Supreme Leader Ali Khamenei", PACK)
    assert titles == ["Supreme Leader"]


def test_given_names_that_look_like_titles_are_kept() -> None:
    assert split_titles("Amir Ali Hajizadeh", PACK) == ([], 0)


def test_a_lone_title_is_not_stripped_to_nothing() -> None:
    assert split_titles("General", PACK) == ([], 0)
    assert is_title("Hojatoleslam", PACK)
    assert not is_title("Hassan", PACK)
    assert standalone_title("Shah", PACK) == "Shah"
