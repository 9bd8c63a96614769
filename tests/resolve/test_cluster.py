"""Clustering: blocking, judgements as constraints, ambiguity, stable ids and redirects."""

from __future__ import annotations

from innercircle.records import EntityType
from innercircle.resolve.cluster import PairJudgement, resolve
from innercircle.resolve.matching import Candidate

PERSON = EntityType.PERSON


def people(*names: str, entity_ids: dict[str, str] | None = None) -> list[Candidate]:
    ids = entity_ids or {}
    return [
        Candidate(f"c{i}", PERSON, (name,), entity_id=ids.get(name)) for i, name in enumerate(names)
    ]


def test_variants_merge_and_given_name_conflicts_never_do() -> None:
    cands = people(
        "Ali Khamenei",
        "Ayatollah Ali Khamenei",
        "Mojtaba Khamenei",
        "Sayyed Mojtaba Hosseini Khamenei",
        "Mohammad Bagheri",
        "Mohammad Baqeri",
        "Ali Bagheri Kani",
    )
    res = resolve(cands)
    of = res.entity_of
    assert of["c0"] == of["c1"]
    assert of["c2"] == of["c3"]
    assert of["c0"] != of["c2"]
    assert of["c4"] == of["c5"] != of["c6"]
    assert len(res.entities) == 4
    assert of["c0"] == "ali-khamenei"  # the canonical name is the one without a title


def test_a_bare_surname_joins_only_an_unambiguous_cluster() -> None:
    alone = resolve(people("Hossein Salami", "Salami"))
    assert alone.entity_of["c0"] == alone.entity_of["c1"]
    ambiguous = resolve(people("Ali Khamenei", "Mojtaba Khamenei", "Khamenei"))
    assert len(set(ambiguous.entity_of.values())) == 3
    assert ambiguous.uncertain  # left for an analyst, most informative first


def test_blocking_never_compares_all_pairs() -> None:
    first = ["Bar", "Dan", "Far", "Jam", "Kal", "Mor", "Nas", "Par", "Rost", "Sab", "Tab", "Vaz"]
    second = ["gholi", "zadeh", "pour", "nejad", "bakhsh", "doost", "fard", "mand", "vand", "kia"]
    third = ["", "an", "far"]
    surnames = [f"{a}{b}{c}" for a in first for b in second for c in third]
    # everyone shares the given name: its block is too big to compare on, surnames decide
    res = resolve(people(*[f"Reza {s}" for s in surnames]), max_block=100)
    n = len(surnames)
    assert res.comparisons < n * (n - 1) // 2 // 20  # all pairs would be 64,620
    assert len(res.entities) == n


def test_different_forbids_a_merge_and_same_forces_one() -> None:
    cands = people("Mohammad Golpayegani", "Mohammad Golpayeghani", "Ali Khamenei", "Khamenei Ali")
    apart = resolve(cands, judgements=[PairJudgement("different", "c0", "c1", id=1)])
    assert apart.entity_of["c0"] != apart.entity_of["c1"]
    together = resolve(
        people("Kamal Kharazi", "Kamal Kharazmi"),
        judgements=[PairJudgement("same", "c0", "c1", id=2, reason="same man, MT error")],
    )
    assert together.entity_of["c0"] == together.entity_of["c1"]
    assert "analyst judged same (same man, MT error)" in together.links[0].explain()


def test_a_contradicting_judgement_is_reported_not_applied() -> None:
    judgements = [
        PairJudgement("different", "c0", "c1", id=1),
        PairJudgement("same", "c0", "c1", id=2),
    ]
    res = resolve(people("Mohammad Golpayegani", "Mohammad Golpayeghani"), judgements=judgements)
    assert res.entity_of["c0"] != res.entity_of["c1"]
    assert [j.id for j in res.contradictions] == [2]


def test_judgements_on_entity_ids_follow_redirects() -> None:
    ids = {"Mohammad Golpayegani": "golpayegani", "Mohammad Golpayeghani": "old-golpayeghani"}
    cands = people("Mohammad Golpayegani", "Mohammad Golpayeghani", entity_ids=ids)
    res = resolve(
        cands,
        judgements=[PairJudgement("different", "golpayegani", "renamed")],
        redirects={"renamed": "old-golpayeghani"},
    )
    assert res.entity_of["c0"] == "golpayegani"
    assert res.entity_of["c1"] == "old-golpayeghani"


def test_ids_are_stable_and_merged_ids_redirect() -> None:
    first = resolve(people("Hossein Salami", "Mohammad Bagheri"))
    again = resolve(people("Hossein Salami", "Mohammad Bagheri"))
    assert first.entity_of == again.entity_of
    assert first.entity_of["c0"] == "hossein-salami"
    # two stored entities turn out to be one: the one most candidates had is kept
    ids = {"Hossein Salami": "hossein-salami", "Hosein Salami": "hosein-salami"}
    merged = resolve(people("Hossein Salami", "Hossein Salami", "Hosein Salami", entity_ids=ids))
    assert set(merged.entity_of.values()) == {"hossein-salami"}
    assert merged.redirects == {"hosein-salami": "hossein-salami"}


def test_a_split_keeps_the_id_on_the_larger_part() -> None:
    ids = {"Ali Khamenei": "khamenei", "Mojtaba Khamenei": "khamenei"}
    cands = people("Ali Khamenei", "Ali Khamenei", "Mojtaba Khamenei", entity_ids=ids)
    res = resolve(cands)
    assert res.entity_of["c0"] == res.entity_of["c1"] == "khamenei"
    assert res.entity_of["c2"] == "mojtaba-khamenei"
    assert not res.redirects


def test_a_taken_slug_gets_a_stable_hash() -> None:
    res = resolve(people("Ali Khamenei", "Ali Khamenei"), judgements=[])
    assert set(res.entity_of.values()) == {"ali-khamenei"}
    two = resolve(
        people("Ali Khamenei", "Ali Khamenei"),
        judgements=[PairJudgement("different", "c0", "c1")],
    )
    ids = sorted(two.entity_of.values())
    assert ids[0] == "ali-khamenei" and ids[1].startswith("ali-khamenei-")


def test_surname_variants_beyond_one_skeleton_meet_in_a_block() -> None:
    # soft consonants (k/q), the nisba -i and a compound written as one share no skeleton
    res = resolve(
        people(
            "Hassan Asgari",
            "Hassan Askari",
            "Javad Bahram",
            "Javad Bahrami",
            "Morteza Tabari",
            "Morteza Tabarieslami",
        )
    )
    of = res.entity_of
    assert of["c0"] == of["c1"] and of["c2"] == of["c3"] and of["c4"] == of["c5"]
    assert len(set(of.values())) == 3


def test_a_shared_given_name_alone_compares_only_one_word_names() -> None:
    surnames = ["Tabari", "Nakhaei", "Samadi", "Kazemi", "Farahani", "Lotfi", "Jalali", "Rostami"]
    res = resolve(people(*[f"Reza {s}" for s in surnames], "Reza"))
    assert res.comparisons == len(surnames)  # "Reza" with each; the full names never pairwise
    assert len(set(res.entity_of.values())) == len(surnames) + 1  # "Reza" is ambiguous
