"""Resolve 1,000,000 synthetic person-name mentions; time, peak memory and pairwise P/R.

Synthetic people get Persian-like names built from syllables (no real person), written the way
sources write them: each person has a handful of "outlet spellings" drawn by transliteration
rules (gh/q, zh/j, kh/x, ou/u/oo, ei/ey/ai, e/a, o/u, aa/a, ii/ee/i, doubled letters, -eh/-e,
a first e/i or o/u), a surname suffix (-zadeh, -pour, -nejad, -far) sometimes written apart or
hyphenated, and — what no folding rule undoes — a garbled letter (dropped, doubled, swapped with
its neighbour or replaced: machine translation and typos) in 4% of spellings, and Persian script
for 3% of mentions (short vowels unwritten, as in the original). Each mention uses one spelling
in a format: "Given Surname", the surname alone, with a title ("Brig. Gen.", "Seyed",
"Hojatoleslam"), "SURNAME, Given", an initial ("M. Surname"), a compound given name joined,
hyphenated or spaced, or only its first part (a document's entity usually carries its fullest
name, so bare surnames and initials are a minority). Family members share a surname with other
given names, so given-name conflicts must block merges; random syllables also make unrelated
surnames that differ only by short vowels or one letter, which no spelling rule can separate.
(Two people with the very same phonemes are not generated: no names-only method can tell them
apart.) Truth is the person; pairwise precision/recall are counted over all mention pairs from
the contingency table.

    .venv/bin/python bench/bench_resolve.py [--mentions 1000000] [--people 50000] [--seed 7]

Memory is the peak resident set (ru_maxrss) of the process, which includes the generated data.
Wall time depends on what else the machine runs; CPU time (process_time) is printed beside it.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from innercircle.records import EntityType
from innercircle.resolve.cluster import resolve
from innercircle.resolve.matching import Candidate, Matcher
from innercircle.resolve.names import NameAnalyser

ONSETS = (
    ["b"] * 4
    + ["p"] * 2
    + ["t"] * 3
    + ["j"] * 3
    + ["ch"]
    + ["h"] * 4
    + ["kh"] * 2
    + ["d"] * 3
    + ["r"] * 4
    + ["z"] * 3
    + ["zh"]
    + ["s"] * 4
    + ["sh"] * 3
    + ["gh"] * 3
    + ["f"] * 2
    + ["k"] * 3
    + ["g"] * 2
    + ["l"] * 3
    + ["m"] * 5
    + ["n"] * 4
    + ["v"] * 3
    + ["y"]
)
VOWELS = ["a"] * 5 + ["e"] * 3 + ["o"] * 2 + ["aa"] * 3 + ["ii"] * 2 + ["uu"] * 2 + ["ey"]
CODAS = ["", "", "", "r", "n", "m", "s", "d", "b", "sh", "z", "l", "gh", "kh", "t"]
SUFFIXES = (
    ["ii"] * 8 + ["ian"] * 2 + ["zaadeh", "pour", "nejaad", "far", "lou", "vand", "kiaa", ""] * 1
)
TITLES = ["Brig. Gen.", "Seyed", "Hojatoleslam", "Dr.", "General", "Ayatollah", "Haj", "Mr."]


def spell(phonemes: Sequence[str], rng: random.Random) -> str:
    """One transliteration of a phoneme sequence, choosing variant spellings at random."""
    out: list[str] = []
    for i, ph in enumerate(phonemes):
        last = i == len(phonemes) - 1
        r = rng.random()
        if i == 0 and ph in ("e", "o"):  # a first vowel: Esmail/Ismail, Omid/Umid
            out.append(("i" if ph == "e" else "u") if r < 0.3 else ph)
        elif ph == "gh":
            out.append("q" if r < 0.4 else "gh")
        elif ph == "zh":
            out.append("j" if r < 0.4 else "zh")
        elif ph == "kh":
            out.append("x" if r < 0.03 else "kh")
        elif ph == "e":
            out.append("a" if r < 0.2 and not last else "e")
        elif ph == "o":
            out.append("u" if r < 0.3 else "o")
        elif ph == "aa":
            out.append("aa" if r < 0.15 else "a")
        elif ph == "ii":
            out.append("ee" if r < 0.2 and not last else "i")
        elif ph == "uu":
            out.append("ou" if r < 0.4 else ("oo" if r < 0.55 else "u"))
        elif ph == "ey":
            out.append("ey" if r < 0.4 else ("ai" if r < 0.55 else "ei"))
        elif ph == "eh":
            out.append("e" if r < 0.3 else "eh")
        elif ph.startswith("2"):  # a doubled consonant
            out.append(ph[1:] * (1 if r < 0.5 else 2))
        else:
            out.append(ph)
    return "".join(out)


LETTERS = "bdfghjklmnprstvz"


def garble(word: str, rng: random.Random) -> str:
    """One letter dropped, doubled, swapped with its neighbour or replaced (never the first)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    r = rng.random()
    if r < 0.3:
        return word[:i] + word[i + 1 :]
    if r < 0.5:
        return word[:i] + word[i] + word[i:]
    if r < 0.75:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(LETTERS) + word[i + 1 :]


SCRIPT = {
    "b": "ب", "p": "پ", "t": "ت", "j": "ج", "ch": "چ", "h": "ه", "kh": "خ", "d": "د", "r": "ر",
    "z": "ز", "zh": "ژ", "s": "س", "sh": "ش", "gh": "ق", "f": "ف", "k": "ک", "g": "گ", "l": "ل",
    "m": "م", "n": "ن", "v": "و", "y": "ی", "aa": "ا", "ii": "ی", "uu": "و", "ey": "ی",
}  # fmt: skip


def in_script(phonemes: Sequence[str]) -> str:
    """A word in Persian script: consonants and long vowels; short a/e/o unwritten inside the
    word (a first vowel is an alef, a final one a letter too)."""
    out: list[str] = []
    for i, ph in enumerate(phonemes):
        ph = ph.lstrip("2")  # a doubled consonant is written once
        if ph in ("a", "e", "o"):
            if i == 0:
                out.append("ا")
            elif i == len(phonemes) - 1:  # a final vowel is written: -a alef, -e heh, -o vav
                out.append({"a": "ا", "e": "ه", "o": "و"}[ph])
            continue
        if ph == "eh":
            out.append("ه")
            continue
        if i == 0 and ph in ("aa", "ii", "uu", "ey"):
            out.append("آ" if ph == "aa" else "ا")
            if ph == "aa":
                continue
        out.append(SCRIPT[ph])
    return "".join(out)


def syllables(rng: random.Random, count: int) -> list[str]:
    phonemes: list[str] = []
    for k in range(count):
        onset = rng.choice(ONSETS)
        if k and rng.random() < 0.08 and onset in ("s", "d", "r", "m", "n", "l", "t"):
            onset = "2" + onset
        phonemes += [onset, rng.choice(VOWELS)]
        if k < count - 1 and rng.random() < 0.4:
            coda = rng.choice(CODAS)
            if coda:
                phonemes.append(coda)
    return phonemes


def surname_phonemes(rng: random.Random) -> list[str]:
    stem = syllables(rng, rng.choice((2, 2, 3)))
    suffix = rng.choice(SUFFIXES)
    table = {
        "ii": ["ii"],
        "ian": ["ii", "aa", "n"],
        "zaadeh": ["z", "aa", "d", "eh"],
        "pour": ["p", "uu", "r"],
        "nejaad": ["n", "e", "zh", "aa", "d"],
        "far": ["f", "a", "r"],
        "lou": ["l", "uu"],
        "vand": ["v", "a", "n", "d"],
        "kiaa": ["k", "ii", "aa"],
        "": [],
    }
    return stem + table[suffix]


SPLIT_SUFFIXES = (
    ["z", "aa", "d", "eh"],
    ["p", "uu", "r"],
    ["n", "e", "zh", "aa", "d"],
    ["f", "a", "r"],
)


@dataclass
class Person:
    given: list[list[str]]  # one or two given names (phonemes)
    surname: list[str]
    spellings: list[tuple[list[str], str]]  # outlet spellings: (given words, surname)


def spell_surname(surname: list[str], rng: random.Random) -> str:
    """One outlet's surname: a suffix (-zadeh, -pour, -nejad, -far) is sometimes written apart
    or hyphenated ("Rahim-Zadeh", "Rahim Zadeh")."""
    for suffix in SPLIT_SUFFIXES:
        n = len(suffix)
        if len(surname) > n + 2 and surname[-n:] == suffix and rng.random() < 0.25:
            stem, tail = spell(surname[:-n], rng), spell(suffix, rng)
            return f"{stem}{rng.choice('- ')}{tail.capitalize()}"
    return spell(surname, rng)


def make_people(n: int, rng: random.Random) -> list[Person]:
    given_pool = [syllables(rng, 2) for _ in range(400)]
    weights = [1.0 / (rank + 1) for rank in range(len(given_pool))]  # a few very common names
    people: list[Person] = []
    seen: set[tuple[str, ...]] = set()
    family: list[str] | None = None
    while len(people) < n:
        # a third of the people share a surname with the person before them (families)
        surname = family if family is not None and rng.random() < 0.33 else surname_phonemes(rng)
        count = 2 if rng.random() < 0.25 else 1
        given = rng.choices(given_pool, weights, k=count)
        identity = (*("".join(g) for g in given), "".join(surname))
        if identity in seen or (count == 2 and given[0] == given[1]):
            continue  # two people with the very same name cannot be told apart by name
        seen.add(identity)
        spellings = []
        for _ in range(rng.choice((2, 3, 3, 4, 5, 6))):
            words = [spell(g, rng) for g in given]
            family_name = spell_surname(surname, rng)
            if rng.random() < 0.04:  # a garbled letter in one word
                k = rng.randrange(len(words) + 1)
                if k == len(words):
                    family_name = garble(family_name, rng)
                else:
                    words[k] = garble(words[k], rng)
            spellings.append((words, family_name))
        people.append(Person(given, surname, spellings))
        family = surname
    return people


def mention(person: Person, rng: random.Random) -> str:
    """One mention of a person in one of the formats sources use."""
    if rng.random() < 0.03:  # a Persian-script source
        words = [in_script(g) for g in person.given] + [in_script(person.surname)]
        return " ".join(words)
    weights = [1.0 / (k + 1) for k in range(len(person.spellings))]
    given, surname = rng.choices(person.spellings, weights)[0]
    given = [g.capitalize() for g in given]
    surname = surname[:1].upper() + surname[1:]
    if len(given) == 2:
        r = rng.random()
        first = (
            given[0] + given[1].lower()
            if r < 0.2
            else (
                f"{given[0]}-{given[1]}"
                if r < 0.3
                else (given[0] if r < 0.45 else f"{given[0]} {given[1]}")
            )
        )
    else:
        first = given[0]
    r = rng.random()
    if r < 0.70:
        return f"{first} {surname}"
    if r < 0.75:
        return surname
    if r < 0.85:
        return f"{rng.choice(TITLES)} {first} {surname}"
    if r < 0.96:
        return f"{surname.upper()}, {first}"
    if rng.random() < 0.5:
        return (
            f"{first[0]}. {given[-1][0]}. {surname}"
            if len(given) == 2
            else f"{first[0]}. {surname}"
        )
    return f"{first[0]}. {surname}"


def pairwise(labels: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    def pairs(counter: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    together = pairs(Counter(zip(labels, gold, strict=True)))
    predicted, true = pairs(Counter(labels)), pairs(Counter(gold))
    p = together / predicted if predicted else 0.0
    r = together / true if true else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    started = time.perf_counter()
    people = make_people(args.people, rng)
    # mentions per person: heavy-tailed (a few people are in every article)
    raw = [rng.paretovariate(1.3) for _ in people]
    scale = args.mentions / sum(raw)
    counts = [max(1, round(x * scale)) for x in raw]
    counts[0] += args.mentions - sum(counts)
    texts: list[str] = []
    gold: list[int] = []
    for pid, (person, count) in enumerate(zip(people, counts, strict=True)):
        for _ in range(count):
            texts.append(mention(person, rng))
            gold.append(pid)
    generated = time.perf_counter() - started
    print(
        f"{len(texts):,} mentions of {len(people):,} people "
        f"({len(set(texts)):,} distinct strings), generated in {generated:.1f} s"
    )

    gc.collect()
    started = time.perf_counter()
    cpu_started = time.process_time()
    candidates = [
        Candidate(f"m{i}", EntityType.PERSON, (text,), origin="watchlist")
        for i, text in enumerate(texts)
    ]
    resolution = resolve(candidates, matcher=Matcher(NameAnalyser()), explain=False)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    labels = [resolution.entity_of[c.id] for c in candidates]
    p, r, f = pairwise(labels, gold)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"resolved in {elapsed:.1f} s wall, {cpu:.1f} s CPU "
        f"({len(texts) / elapsed:,.0f} mentions/s), "
        f"{resolution.comparisons:,} comparisons, {len(resolution.entities):,} entities"
    )
    print(f"peak memory (max RSS) {peak_mb:,.0f} MB")
    print(f"resolution.synthetic_pairwise P={p:.3f} R={r:.3f} F1={f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
