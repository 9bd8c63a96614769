"""Benchmark: the expected-utility model with 100 actors over 1,000 Monte Carlo draws.

Run:  .venv/bin/python bench/bench_model.py [--actors 100] [--draws 1000] [--rounds 10]
          [--repeat 3] [--chunk ROWS]

Builds a random issue (seeded) whose every actor has uncertain position, salience and
capability, samples the draws, runs the model for the given number of rounds (no early stop)
and prints the times. Also times the other models on the same draws. Other processes on the
machine slow the wall-clock time; compare the process CPU time (best of --repeat runs).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from innercircle.model.expected_utility import EUOptions, expected_utility
from innercircle.model.issue import Actor, Issue, Uncertain
from innercircle.model.montecarlo import sample
from innercircle.model.registry import MODELS


def random_issue(n: int, seed: int) -> Issue:
    rng = np.random.default_rng(seed)
    actors = []
    for k in range(n):
        x = float(rng.uniform(0, 100))
        s = float(rng.uniform(10, 100))
        c = float(rng.uniform(1, 100))
        actors.append(
            Actor(
                f"actor {k}",
                x,
                s,
                c,
                position_dist=Uncertain("uniform", max(0.0, x - 10), min(100.0, x + 10)),
                salience_dist=Uncertain("normal", sd=10.0),
                capability_dist=Uncertain("triangular", 0.5 * c, 1.5 * c),
            )
        )
    return Issue("benchmark", tuple(actors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=EUOptions().chunk, help="rows at once")
    args = parser.parse_args()

    issue = random_issue(args.actors, seed=0)
    t0 = time.perf_counter()
    batch = sample(issue, args.draws, seed=0)
    t_sample = time.perf_counter() - t0

    opts = EUOptions(rounds=args.rounds, tol=-1.0, chunk=args.chunk)  # tol < 0: no early stop
    times, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        res = expected_utility(batch, opts)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"actors={args.actors} draws={args.draws} rounds={res.rounds_run}")
    print(f"sampling: {t_sample:.3f} s")
    print(
        f"expected utility: best {min(times):.2f} s, median {float(np.median(times)):.2f} s "
        f"of {args.repeat} runs ({min(times) / res.rounds_run * 1000:.0f} ms per round)"
    )
    print(
        f"  process CPU time: best {min(cpu):.2f} s, median {float(np.median(cpu)):.2f} s "
        f"({min(cpu) / res.rounds_run * 1000:.0f} ms per round; wall > CPU means other load)"
    )
    print(f"forecast: mean {np.mean(res.forecast):.2f}, sd {np.std(res.forecast):.2f}")
    default = EUOptions()
    t0 = time.perf_counter()
    res = expected_utility(batch, default)
    print(
        f"expected utility, default options (early stop): {time.perf_counter() - t0:.2f} s, "
        f"{res.rounds_run} rounds"
    )
    for name in ("compromise", "median", "nash", "leader"):
        t0 = time.perf_counter()
        MODELS[name].run(batch)
        print(f"{name}: {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
