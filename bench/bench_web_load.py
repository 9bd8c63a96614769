"""Load test of the web app: concurrent clients on loopback against the entity page and the
as-of graph, reporting requests/s and latency percentiles per endpoint, and every error.

Run:  .venv/bin/python bench/bench_web_load.py [--clients 50] [--duration 30] [--workers 2]
                                               [--db STORE --leader ID] [--people 40] [--docs 200]

Without --db a synthetic store is built in a temporary folder (seeded, invented names): one
leader, `--people` advisers and commanders tied to organisations, appointments and, in June
2025, killings — `--docs` articles with one sentence of evidence per statement. The server is
`innercircle serve` in its own process (so the load generator does not share its interpreter),
bound to 127.0.0.1 on a free port. Each client loops for `--duration` seconds, alternating
  entity page   GET /entities/{id}?at=DATE          (HTML: who, timeline, evidence in context)
  as-of graph   GET /api/graph?at=DATE&around=LEADER (Cytoscape JSON)
with a viewer token (revoked at the end), random entities and dates. The run is bounded
(duration + timeouts) and exits non-zero if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Source,
    Span,
    Statement,
    StoredEntity,
)
from innercircle.store.repository import Repository
from innercircle.web.auth_store import AuthStore, Role
from innercircle.web.server import free_port

SYLLABLES = ("ka", "ri", "mo", "tu", "sel", "an", "der", "vo", "li", "pa", "ne", "ost")
ROLES = ["commander", "deputy commander", "chief of staff", "minister", "adviser", "head"]
ORGS = [
    "Guard Corps",
    "Armed Forces",
    "Intelligence Ministry",
    "Foreign Ministry",
    "Judiciary",
    "Security Council",
    "Expediency Council",
    "Assembly of Experts",
    "Basij",
    "Quds Force",
    "Oil Ministry",
    "State Broadcaster",
    "Interior Ministry",
    "Defence Ministry",
    "Office",
]
OUTLETS = [
    ("Wire One", "B"),
    ("Daily Two", "C"),
    ("State News", "D"),
    ("Exile Voice", "E"),
    ("Review Three", "A"),
]


def invented_name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def build_store(url: str, people: int, docs: int, seed: int) -> tuple[str, list[str]]:
    """A synthetic store; returns the leader id and the person ids."""
    rng = random.Random(seed)
    repo = Repository.open(url)
    leader = StoredEntity("leader", EntityType.PERSON, invented_name(rng))
    persons = [StoredEntity(f"p{i}", EntityType.PERSON, invented_name(rng)) for i in range(people)]
    orgs = [StoredEntity(f"o{i}", EntityType.ORGANIZATION, n) for i, n in enumerate(ORGS)]
    for outlet, grade in OUTLETS:
        repo.upsert_source(Source(outlet, grade))
    everyone = {e.id: e for e in [leader, *persons, *orgs]}
    killed = set(rng.sample([p.id for p in persons], k=max(1, people // 10)))
    first = True
    for d in range(docs):
        year = rng.choice([2021, 2022, 2023, 2024, 2025, 2025])
        month = rng.randint(1, 12) if year < 2025 else rng.randint(1, 6)
        day = rng.randint(1, 28)
        published = f"{year}-{month:02d}-{day:02d}"
        sentences: list[str] = []
        plan: list[tuple[str, str, str | None, str | None, str | None]] = []
        for _ in range(rng.randint(4, 9)):
            person = rng.choice(persons)
            kind = rng.random()
            if kind < 0.45:
                org = rng.choice(orgs)
                role = rng.choice(ROLES)
                sentences.append(f"{person.name} serves as {role} of the {org.name}.")
                plan.append((person.id, "holds_position", org.id, role, None))
            elif kind < 0.75:
                sentences.append(f"{person.name} advises {leader.name} on security matters.")
                plan.append((person.id, "advises", leader.id, None, None))
            elif kind < 0.9:
                org = rng.choice(orgs)
                sentences.append(f"{leader.name} appointed {person.name} to the {org.name}.")
                plan.append((person.id, "appointed", leader.id, "member", published))
            elif person.id in killed and published >= "2025-06-13":
                sentences.append(f"{person.name} was killed in a strike on 13 June.")
                plan.append((person.id, "killed", None, None, "2025-06-13"))
            else:
                other = rng.choice(persons)
                sentences.append(f"{person.name} is close to {other.name}.")
                plan.append((person.id, "close_to", other.id, None, None))
        body = " ".join(sentences)
        doc_id = f"doc{d:05d}"
        outlet = rng.choice(OUTLETS)[0]
        keys: dict[str, str] = {}
        refs: list[EntityRef] = []
        for entity_id in [x for row in plan for x in (row[0], row[2]) if x]:
            if entity_id not in keys:
                keys[entity_id] = f"e{len(keys)}"
                ent = everyone[entity_id]
                refs.append(EntityRef(keys[entity_id], ent.type, ent.name))

        statements = []
        offset = 0
        for sentence, (subject, predicate, obj, role, date) in zip(sentences, plan, strict=True):
            start = body.index(sentence, offset)
            offset = start + len(sentence)
            statements.append(
                Statement(
                    keys[subject],
                    predicate,
                    Span(doc_id, start, offset, sentence),
                    object_key=keys[obj] if obj else None,
                    role=role,
                    valid_from=DateValue(date, DateMethod.EXPLICIT)
                    if date
                    else DateValue.unknown(),
                    extractor="bench",
                    confidence=0.8,
                )
            )
        doc = Document(
            id=doc_id,
            body=body,
            title=f"Report {d}",
            outlet=outlet,
            published=DateValue(published, DateMethod.MANIFEST),
        )
        extraction = Extraction(doc_id, entities=refs, statements=statements, extractor="bench")
        new = list(everyone.values()) if first else []
        first = False
        repo.save_document(doc, extraction, {v: k for k, v in keys.items()}, new)
    repo.close()
    return leader.id, [p.id for p in persons]


def start_server(
    db: str, port: int, workers: int, cache: float, threads: int
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from innercircle.cli import main; main()",
        "--db",
        db,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--cache-seconds",
        str(cache),
        "--threads",
        str(threads),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"the server exited: {err}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


async def client(
    base: str,
    token: str,
    leader: str,
    people: list[str],
    stop_at: float,
    seed: int,
    latencies: dict[str, list[float]],
    errors: list[str],
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        turn = seed % 2
        while time.monotonic() < stop_at:
            at = rng.choice(["2024-12-31", "2025-05-01", "2025-06-20", "2025-06-30"])
            if turn == 0:
                name, path = "entity page", f"/entities/{rng.choice(people)}?at={at}"
            else:
                name, path = "as-of graph", f"/api/graph?at={at}&around={leader}"
            turn = 1 - turn
            began = time.perf_counter()
            try:
                response = await http.get(path)
                elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    errors.append(f"{name} {path}: HTTP {response.status_code}")
                    continue
            except httpx.HTTPError as exc:
                errors.append(f"{name} {path}: {type(exc).__name__}: {exc}")
                continue
            latencies[name].append(elapsed)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (max 300)")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--db", help="an existing store (default: a synthetic one)")
    parser.add_argument("--leader", help="leader id for the graph (with --db)")
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=40, help="request threads per process")
    parser.add_argument(
        "--cache-seconds", type=float, default=30.0, help="server answer cache (0: off)"
    )
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), 300.0)

    with tempfile.TemporaryDirectory(prefix="ic-bench-web-") as folder:
        if args.db:
            db = args.db
            repo = Repository.open(db)
            people = [e.id for e in repo.entities(EntityType.PERSON)]
            leader = args.leader or people[0]
            repo.close()
        else:
            db = str(Path(folder) / "bench.db")
            began = time.perf_counter()
            leader, people = build_store(db, args.people, args.docs, args.seed)
            print(
                f"synthetic store: {args.docs} articles, {args.people + 1} persons, "
                f"{len(ORGS)} organisations ({time.perf_counter() - began:.1f} s)"
            )
        repo = Repository.open(db)
        token_info, token = AuthStore(repo.engine).create_token("load test", Role.VIEWER)
        statements = repo.statement_count() if hasattr(repo, "statement_count") else None
        repo.close()
        if statements is not None:
            print(f"statements in the store: {statements}")
        port = free_port()
        server = start_server(db, port, args.workers, args.cache_seconds, args.threads)
        try:
            base = f"http://127.0.0.1:{port}"
            latencies: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            stop_at = time.monotonic() + duration
            began = time.perf_counter()

            async def run() -> None:
                await asyncio.gather(
                    *(
                        client(base, token, leader, people, stop_at, i, latencies, errors)
                        for i in range(args.clients)
                    )
                )

            asyncio.run(run())
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            with Repository.open(db) as repo:  # the store keeps no usable bench token
                AuthStore(repo.engine).revoke_token(token_info.id)

    print(
        f"{args.clients} clients for {wall:.1f} s on loopback, {args.workers} server "
        f"process(es), {os.cpu_count()} CPU(s)"
    )
    print(f"{'endpoint':<14}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    total = 0
    for name in ("entity page", "as-of graph"):
        values = latencies.get(name, [])
        total += len(values)
        if not values:
            print(f"{name:<14}{0:>10}")
            continue
        print(
            f"{name:<14}{len(values):>10}{len(values) / wall:>9.1f}"
            f"{statistics.median(values) * 1000:>9.0f}{percentile(values, 0.95) * 1000:>9.0f}"
            f"{max(values) * 1000:>9.0f}"
        )
    print(f"{'all':<14}{total:>10}{total / wall:>9.1f}")
    print(f"errors: {len(errors)}")
    for line in errors[:10]:
        print("  " + line)
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
