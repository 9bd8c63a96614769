"""Cluster the OFAC SDN aliases of Iran-related persons without their grouping; pairwise P/R/F1.

Data: ../shared/data/iran_reference/ofac_sdn_iran_individuals.json (read its README). Every
person with at least two distinct names (primary name, "aka" entries, aliases in the remarks)
contributes all of them: 1,155 names of 363 persons (the issue counts 1,153). Each name becomes a
name-only candidate and `innercircle.resolve.resolve` clusters them; a pair of names is a true
pair when OFAC lists both for one person. Some aliases share nothing with the others (cover
names: "KLIMT, Gustav" for Dimitris Cambis), so no names-only method reaches recall 1.

It also measures word keys on the same data (--keys): for NYSIIS, metaphone, soundex, the
match-rating codex and innercircle's transliteration skeleton, (a) clustering names whose word
keys are all equal and (b) blocking on shared word keys (recall of true pairs, pairs compared).

    .venv/bin/python bench/bench_sanctions_aliases.py [--keys] [--errors] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

from innercircle.records import EntityType
from innercircle.resolve.cluster import resolve
from innercircle.resolve.matching import Candidate, Matcher
from innercircle.resolve.names import NameAnalyser, phonetic_keys

DATA = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "iran_reference"
    / "ofac_sdn_iran_individuals.json"
)


def load_aliases(path: Path = DATA) -> tuple[list[str], list[str]]:
    """(names, person id of each name) for persons with two or more distinct names."""
    records = json.loads(path.read_text(encoding="utf-8"))
    names: list[str] = []
    people: list[str] = []
    for rec in records:
        found = [rec["name"], *(a["alt_name"] for a in rec.get("alt_names", []))]
        found += list(rec.get("aliases_in_remarks", []))
        distinct = list(dict.fromkeys(n.strip() for n in found if n.strip()))
        if len(distinct) < 2:
            continue
        names.extend(distinct)
        people.extend([str(rec["ent_num"])] * len(distinct))
    return names, people


def pairwise(labels: Sequence[object], gold: Sequence[object]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against gold groups."""

    def pairs(counter: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    together = pairs(Counter(zip(labels, gold, strict=True)))
    predicted = pairs(Counter(labels))
    true = pairs(Counter(gold))
    p = together / predicted if predicted else 0.0
    r = together / true if true else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": together,
        "fp": predicted - together,
        "fn": true - together,
    }


def evaluate(names: Sequence[str], people: Sequence[str]) -> tuple[dict[str, float], list[str]]:
    """Cluster `names` with the resolver; scores and the entity id of each name."""
    candidates = [
        Candidate(id=f"n{i}", type=EntityType.PERSON, names=(name,), origin="watchlist")
        for i, name in enumerate(names)
    ]
    resolution = resolve(candidates, matcher=Matcher(NameAnalyser()))
    labels = [resolution.entity_of[c.id] for c in candidates]
    scores = pairwise(labels, people)
    scores["comparisons"] = resolution.comparisons
    return scores, labels


def key_report(
    names: Sequence[str], people: Sequence[str], analyser: NameAnalyser
) -> dict[str, dict[str, float]]:
    """How well each word key groups the names (see the module docstring)."""
    true_pairs = {(i, j) for i, j in combinations(range(len(names)), 2) if people[i] == people[j]}
    words = [[t.text for t in analyser.parse(n).words if len(t.text) > 1] for n in names]
    report: dict[str, dict[str, float]] = {}
    keys: dict[str, Callable[[str], str]] = phonetic_keys(analyser)
    for key_name, key in keys.items():
        signature = [tuple(sorted(key(w) for w in ws)) for ws in words]
        whole = pairwise(signature, people)
        blocks: dict[str, list[int]] = defaultdict(list)
        for i, ws in enumerate(words):
            for w in {key(w) for w in ws}:
                blocks[w].append(i)
        compared: set[tuple[int, int]] = set()
        for members in blocks.values():
            compared.update(combinations(sorted(members), 2))
        hit = len(compared & true_pairs)
        report[key_name] = {
            "whole_name_precision": whole["precision"],
            "whole_name_recall": whole["recall"],
            "whole_name_f1": whole["f1"],
            "blocking_recall": round(hit / len(true_pairs), 4),
            "pairs_compared": len(compared),
        }
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keys", action="store_true", help="also compare phonetic keys")
    parser.add_argument("--errors", action="store_true", help="print wrong merges and splits")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    names, people = load_aliases(args.data)
    started = time.perf_counter()
    scores, labels = evaluate(names, people)
    elapsed = time.perf_counter() - started
    print(
        f"{len(names)} names of {len(set(people))} persons, {scores['comparisons']} comparisons, "
        f"{elapsed:.1f} s"
    )
    print(
        f"resolution.sanctions_aliases P={scores['precision']:.3f} R={scores['recall']:.3f} "
        f"F1={scores['f1']:.3f}  (tp={scores['tp']} fp={scores['fp']} fn={scores['fn']})"
    )
    out: dict[str, object] = {"names": len(names), "persons": len(set(people)), **scores}
    if args.keys:
        report = key_report(names, people, NameAnalyser())
        print(f"\n{'key':10} {'whole-name P':>12} {'R':>6} {'F1':>6} {'block R':>8} {'pairs':>8}")
        for key_name, r in report.items():
            print(
                f"{key_name:10} {r['whole_name_precision']:12.3f} {r['whole_name_recall']:6.3f} "
                f"{r['whole_name_f1']:6.3f} {r['blocking_recall']:8.3f} "
                f"{int(r['pairs_compared']):8d}"
            )
        out["keys"] = report
    if args.errors:
        for i, j in combinations(range(len(names)), 2):
            same, gold = labels[i] == labels[j], people[i] == people[j]
            if same and not gold:
                print(f"wrong merge: {names[i]} | {names[j]}")
        by_person: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for name, person, label in zip(names, people, labels, strict=True):
            by_person[person][label].append(name)
        for parts in by_person.values():
            if len(parts) > 1:
                print("split: " + "  //  ".join(" | ".join(p) for p in parts.values()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
