"""Near-duplicates: reworded/translated copies linked, distinct stories not; no all-pairs."""

from __future__ import annotations

import random

from innercircle.corpus.dedupe import (
    DedupeConfig,
    DocInfo,
    NearDuplicateIndex,
    alignment_score,
    choose_direction,
)

ORIGINAL = "\n".join(
    [
        (
            "Iran's president Ebrahim Raisi was killed when his helicopter crashed in fog in "
            "the mountains of the northwest, state media said on Monday."
        ),
        (
            "Foreign minister Hossein Amir-Abdollahian and the governor of East Azerbaijan "
            "province were also on board."
        ),
        (
            "Rescue teams reached the wreckage after searching through the night in heavy "
            "rain and thick fog."
        ),
        (
            "Supreme leader Ali Khamenei declared five days of public mourning and said the "
            "state's work would not be disrupted."
        ),
        (
            "First vice president Mohammad Mokhber will lead the government until a new "
            "president is elected within fifty days."
        ),
        "Raisi, a hardline cleric, had been seen as a possible successor to Khamenei.",
    ]
)

TRANSLATED = "\n".join(
    [
        (
            "The Iranian president Ebrahim Raisi died when his helicopter came down in fog "
            "over the mountains in the north-west, state television reported on Monday."
        ),
        (
            "Also on board were the foreign minister Hossein Amir-Abdollahian and the "
            "governor of the province of East Azerbaijan."
        ),
        (
            "The rescue teams found the wreckage after a search that lasted all night in "
            "strong rain and dense fog."
        ),
        (
            "The supreme leader Ali Khamenei announced five days of national mourning and "
            "said the work of the state would not be interrupted."
        ),
        (
            "The first vice president Mohammad Mokhber will head the government until a new "
            "president is chosen within fifty days."
        ),
        "Raisi, a conservative cleric, was considered a potential successor of Khamenei.",
    ]
)

SAME_PEOPLE = "\n".join(
    [
        (
            "Supreme leader Ali Khamenei praised Ebrahim Raisi at a ceremony marking the "
            "anniversary of his election."
        ),
        "Khamenei said the government had worked hard on the economy despite sanctions.",
        (
            "Foreign minister Hossein Amir-Abdollahian travelled to the region to meet "
            "officials from neighbouring states."
        ),
        ("Mohammad Mokhber chaired a meeting on inflation and the currency market in the capital."),
        ("Analysts said the speeches were aimed at voters before the parliamentary elections."),
    ]
)


def test_translation_scores_high_and_distinct_story_scores_low() -> None:
    index = NearDuplicateIndex()
    original, translated, other = (
        index.fingerprint(t) for t in (ORIGINAL, TRANSLATED, SAME_PEOPLE)
    )
    assert alignment_score(original, translated, index.config) >= 0.8
    assert alignment_score(original, other, index.config) < 0.2
    assert alignment_score(translated, other, index.config) < 0.2


def test_index_links_translation_to_original_only() -> None:
    index = NearDuplicateIndex()
    docs = [("orig", ORIGINAL, False), ("other", SAME_PEOPLE, False), ("mt", TRANSLATED, True)]
    links = []
    for order, (doc_id, text, mt) in enumerate(docs):
        info = DocInfo(doc_id, "2024-05-20", mt, order)
        fp = index.fingerprint(text)
        links += index.link(info, fp)
        index.add(info, fp)
    assert [(link.duplicate, link.original) for link in links] == [("mt", "orig")]


def test_original_arriving_later_relinks_the_translation() -> None:
    index = NearDuplicateIndex()
    first = DocInfo("mt", "2024-05-20", True, 0)
    index.add(first, index.fingerprint(TRANSLATED))
    links = index.link(DocInfo("orig", "2024-05-20", False, 1), index.fingerprint(ORIGINAL))
    assert [(link.duplicate, link.original) for link in links] == [("mt", "orig")]
    assert index.duplicate_of == {"mt": "orig"}


def test_direction_rules() -> None:
    mt = DocInfo("a", "2024-01-02", True, 0)
    plain = DocInfo("b", "2024-01-03", False, 1)
    assert choose_direction(mt, plain) == (mt, plain)  # machine translation points at the other
    early = DocInfo("c", "2024-01-01", False, 5)
    late = DocInfo("d", "2024-01-09", False, 0)
    assert choose_direction(early, late) == (late, early)  # later published points at earlier
    first = DocInfo("e", None, False, 0)
    second = DocInfo("f", None, False, 1)
    assert choose_direction(first, second) == (second, first)  # else later ingested


def test_links_go_to_the_root_of_a_cluster() -> None:
    index = NearDuplicateIndex()
    for order, (doc_id, text) in enumerate([("a", ORIGINAL), ("b", TRANSLATED)]):
        info = DocInfo(doc_id, None, False, order)
        fp = index.fingerprint(text)
        index.link(info, fp)
        index.add(info, fp)
    third = ORIGINAL.replace("Monday", "Monday evening")
    links = index.link(DocInfo("c", None, False, 2), index.fingerprint(third))
    assert links[0].original == "a"


def _synthetic(rng: random.Random, vocabulary: list[str], sentences: int = 12) -> str:
    return "\n".join(
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 20))).capitalize() + "."
        for _ in range(sentences)
    )


def test_lsh_examines_far_fewer_pairs_than_all_pairs() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}x" for i in range(5000)]
    index = NearDuplicateIndex(DedupeConfig())
    n = 400
    planted = 0
    for i in range(n):
        text = _synthetic(rng, vocabulary)
        info = DocInfo(f"d{i}", None, False, i)
        fp = index.fingerprint(text)
        index.link(info, fp)
        index.add(info, fp)
        if i % 40 == 0:  # plant a copy with a few words changed per sentence
            copy = "\n".join(
                " ".join(w if rng.random() > 0.15 else rng.choice(vocabulary) for w in s.split())
                for s in text.split("\n")
            )
            dup = DocInfo(f"d{i}-copy", None, False, n + i)
            fp_copy = index.fingerprint(copy)
            found = index.link(dup, fp_copy)
            index.add(dup, fp_copy)
            planted += bool(found and found[0].original == f"d{i}")
    assert planted == n // 40
    assert index.stats.candidates < (n * (n - 1) / 2) * 0.05
    assert len(index.duplicate_of) == n // 40
