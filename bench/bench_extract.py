"""Throughput of the extraction stage: full pipeline vs raw spaCy `nlp.pipe` on the same texts.

Usage:
  .venv/bin/python bench/bench_extract.py [--copies 20] [--processes 1 2] [--model NAME]

Each measurement is repeated (`--repeat`, interleaved) and the best time kept; with one process
the CPU time of this process is shown too (less sensitive to other load on a shared machine).
The texts are the development articles (../shared/data/articles, cleaned by the corpus stage)
or, without them, examples/articles, repeated `--copies` times. For each process count the
script times (a) raw `nlp.pipe` of the plain model and (b) `Extractor.extract_many` (model +
pack rulers + all extraction rules), in the same run, and prints articles/s, words/s and the
overhead of (b) over (a). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import spacy

from innercircle.corpus.collect import collect_documents
from innercircle.extract.nlp import DEFAULT_MODEL
from innercircle.extract.pipeline import Extractor
from innercircle.records import Document

ROOT = Path(__file__).resolve().parents[1]


def corpus(copies: int) -> list[Document]:
    shared = ROOT.parent / "shared" / "data" / "articles"
    source = shared if shared.is_dir() else ROOT / "examples" / "articles"
    docs = collect_documents([str(source)]).documents
    return [replace(d, id=f"{d.id}-{n}") for n in range(copies) for d in docs]


def timed(label: str, fn: object) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    assert callable(fn)
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement (best kept, interleaved)"
    )
    args = ap.parse_args()

    docs = corpus(args.copies)
    texts = [d.body for d in docs]
    words = sum(len(t.split()) for t in texts)
    raw_nlp = spacy.load(args.model)
    extractor = Extractor(model=args.model)
    # warm up both (model loading is not timed)
    list(raw_nlp.pipe(texts[:5]))
    list(extractor.extract_many(docs[:5]))

    print(f"{len(docs)} articles, {words} words, model {args.model}, batch {args.batch_size}")
    print(
        f"{'processes':>9} {'pipeline':>10} {'articles/s':>11} {'words/s':>9} {'overhead':>9} "
        f"{'cpu ovh.':>9}"
    )
    for n in args.processes:
        raws, fulls = [], []
        for _ in range(args.repeat):  # interleaved so that machine load hits both alike
            raws.append(
                timed(
                    "raw",
                    lambda n=n: list(raw_nlp.pipe(texts, n_process=n, batch_size=args.batch_size)),
                )
            )
            fulls.append(
                timed(
                    "full",
                    lambda n=n: list(
                        extractor.extract_many(docs, n_process=n, batch_size=args.batch_size)
                    ),
                )
            )
        raw, full = min(r[0] for r in raws), min(f[0] for f in fulls)
        raw_cpu, full_cpu = min(r[1] for r in raws), min(f[1] for f in fulls)
        for name, seconds in (("raw spaCy", raw), ("full", full)):
            overhead = cpu_overhead = ""
            if name == "full":
                overhead = f"{(full - raw) / raw * 100:+.0f}%"
                if n == 1:
                    cpu_overhead = f"{(full_cpu - raw_cpu) / raw_cpu * 100:+.0f}%"
            print(
                f"{n:>9} {name:>10} {len(docs) / seconds:>11.1f} {words / seconds:>9.0f} "
                f"{overhead:>9} {cpu_overhead:>9}"
            )


if __name__ == "__main__":
    main()
