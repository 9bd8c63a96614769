"""Near-duplicate detection at scale: 20,000 synthetic articles with planted variants.

Run:  .venv/bin/python bench/bench_dedupe.py [--docs 20000] [--pairs 1000] [--seed 1]

The corpus imitates a news stream: articles are grouped in topics that share a cast of names
and a topical vocabulary (distinct stories about the same people — the hard negatives), and
some articles get a planted variant: a *reworded* copy (synonyms, dropped/added function
words) or a *translated-like* copy (more synonyms, local word-order changes, other name
spellings, a dropped sentence, a machine-translation disclaimer), published 0-2 days after
the original. Documents arrive in random order, so the variant often comes before its original.

Reports time and throughput of the index (fingerprinting + candidate search + sentence
alignment), candidate pairs produced by LSH and pairs verified versus all n(n-1)/2 pairs, and
precision / recall of the duplicate links against the planted pairs (a link is correct when it
joins the two members of a planted pair, in either direction; direction is reported apart).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from dataclasses import dataclass

from innercircle.corpus.dedupe import DedupeConfig, DocInfo, NearDuplicateIndex

_FUNCTION_TEXT = (
    "the of and to in a on for with by at from that as was is were has had which who its "
    "their after before over under about into said says also"
)
_SYLLABLE_TEXT = "ka ri mo tu sel an der vo li pa ne ost ru gam hel ti bar zen fi dor"
FUNCTION_WORDS = _FUNCTION_TEXT.split()
SYLLABLES = _SYLLABLE_TEXT.split()


@dataclass
class Article:
    id: str
    text: str
    published: str
    machine_translated: bool = False
    original: str | None = None  # planted pairs: the id of the original
    kind: str = "original"


def make_word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


class Generator:
    def __init__(self, rng: random.Random, topics: int) -> None:
        self.rng = rng
        vocab = sorted({make_word(rng, rng.randint(2, 4)) for _ in range(40000)})
        rng.shuffle(vocab)
        self.vocab = vocab[:30000]
        self.synonym = {w: make_word(rng, 3) + "e" for w in self.vocab}
        names = sorted({make_word(rng, 2).capitalize() + make_word(rng, 2) for _ in range(5000)})
        self.topics = [(rng.sample(self.vocab, 300), rng.sample(names, 6)) for _ in range(topics)]

    def sentence(self, topic: int) -> list[str]:
        words, cast = self.topics[topic]
        out: list[str] = []
        for _ in range(self.rng.randint(12, 24)):
            roll = self.rng.random()
            if roll < 0.35:
                out.append(self.rng.choice(FUNCTION_WORDS))
            elif roll < 0.45:
                out.append(self.rng.choice(cast))
            elif roll < 0.75:
                out.append(self.rng.choice(words))
            else:
                out.append(self.rng.choice(self.vocab))
        return out

    def article(self, topic: int) -> list[list[str]]:
        return [self.sentence(topic) for _ in range(self.rng.randint(8, 16))]

    def variant(self, sentences: list[list[str]], translated: bool) -> list[list[str]]:
        rng = self.rng
        swap = 0.35 if translated else 0.2
        out: list[list[str]] = []
        for sentence in sentences:
            if translated and len(sentences) > 6 and rng.random() < 0.08:
                continue  # a sentence lost in translation
            new: list[str] = []
            for word in sentence:
                if word in FUNCTION_WORDS:
                    if rng.random() < 0.25:
                        continue
                    new.append(word)
                elif word[0].isupper():
                    spelled = word.replace("k", "kh").replace("q", "gh") if translated else word
                    new.append(spelled)
                else:
                    new.append(self.synonym[word] if rng.random() < swap else word)
                if rng.random() < 0.1:
                    new.append(rng.choice(FUNCTION_WORDS))
            if translated:
                for i in range(0, len(new) - 3, 6):  # local reordering
                    if rng.random() < 0.3:
                        new[i : i + 3] = reversed(new[i : i + 3])
            out.append(new)
        return out


def render(sentences: list[list[str]], disclaimer: bool = False) -> str:
    lines = [" ".join(s).capitalize() + "." for s in sentences]
    if disclaimer:
        lines.insert(0, "Disclaimer: this text was translated by an AI translator.")
    return "\n".join(lines)


def _day(offset: int) -> str:
    return (dt.date(2024, 1, 1) + dt.timedelta(days=offset)).isoformat()


def build_corpus(docs: int, pairs: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    gen = Generator(rng, topics=max(1, docs // 40))
    originals = docs - pairs
    articles: list[Article] = []
    bodies: list[list[list[str]]] = []
    days: list[int] = []
    for i in range(originals):
        body = gen.article(rng.randrange(len(gen.topics)))
        bodies.append(body)
        days.append(rng.randrange(365))
        articles.append(Article(f"a{i}", render(body), _day(days[-1])))
    for k, i in enumerate(rng.sample(range(originals), pairs)):
        translated = k % 2 == 0
        text = render(gen.variant(bodies[i], translated), disclaimer=translated)
        published = _day(days[i] + rng.randint(0, 2))  # the copy appears 0-2 days later
        kind = "translated" if translated else "reworded"
        articles.append(Article(f"v{k}", text, published, translated, f"a{i}", kind))
    rng.shuffle(articles)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--pairs", type=int, default=1000, help="planted near-duplicate pairs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = build_corpus(args.docs, args.pairs, args.seed)
    t_gen = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in corpus)

    index = NearDuplicateIndex(DedupeConfig())
    t_print = 0.0
    t_link = 0.0
    cpu0 = time.process_time()
    for order, article in enumerate(corpus):
        info = DocInfo(article.id, article.published, article.machine_translated, order)
        s = time.perf_counter()
        fp = index.fingerprint(article.text)
        m = time.perf_counter()
        index.link(info, fp)
        index.add(info, fp)
        e = time.perf_counter()
        t_print += m - s
        t_link += e - m
    total = t_print + t_link
    cpu = time.process_time() - cpu0

    planted = {frozenset((a.id, a.original)) for a in corpus if a.original}
    truth_direction = {a.id: a.original for a in corpus if a.original}
    links = [(dup, orig) for dup, orig in index.duplicate_of.items()]
    # a link is judged on the pair it joins; chains are followed to the cluster root
    correct = [(d, o) for d, o in links if frozenset((d, o)) in planted]
    found_pairs = {frozenset(pair) for pair in correct}
    right_way = sum(1 for d, o in correct if truth_direction.get(d) == o)
    n = len(corpus)
    all_pairs = n * (n - 1) // 2
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"documents            {n:,} ({words:,} words; {len(planted):,} planted pairs, "
        "half reworded, half translated-like)"
    )
    print(f"corpus generation    {t_gen:.1f} s (not counted below)")
    print(
        f"index time           {total:.1f} s  (fingerprints {t_print:.1f} s, "
        f"search + verification {t_link:.1f} s)"
    )
    print(f"CPU time             {cpu:.1f} s (wall time above; the machine may be shared)")
    print(f"throughput           {n / total:,.0f} documents/s wall, {n / cpu:,.0f} per CPU second")
    print(f"all pairs            {all_pairs:,}")
    print(
        f"LSH candidate pairs  {index.stats.candidates:,} "
        f"({index.stats.candidates / all_pairs:.5%} of all pairs)"
    )
    print(f"pairs verified       {index.stats.verified:,} (sentence alignment)")
    print(f"links                {len(links):,}")
    print(f"precision            {len(correct) / max(1, len(links)):.4f}")
    print(f"recall               {len(found_pairs) / max(1, len(planted)):.4f}")
    for kind in ("reworded", "translated"):
        wanted = {frozenset((a.id, a.original)) for a in corpus if a.kind == kind}
        print(f"  {kind:<18} {len(wanted & found_pairs) / max(1, len(wanted)):.4f}")
    print(f"direction correct    {right_way / max(1, len(correct)):.4f} of correct links")
    print(f"peak memory          {rss_mb:,.0f} MB")


if __name__ == "__main__":
    main()
