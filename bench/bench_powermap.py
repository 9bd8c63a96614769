"""Benchmark the power-map queries on a synthetic SQLite store.

Builds (or reuses) a store of 1,000,000 statements about 50,000 entities from 100,000
documents, with a leader whose circle looks like a real one (institutions, an inner-circle
group, 30 advisers reported 20 times each, some killed or arrested), hub organisations, and a
background of posts, ties and events spread over 2000–2025 (70% of events but only 20% of
ties carry a date of their own, as in extracted news: "X, the commander" has no start date).
Rows are inserted with SQLAlchemy Core bulk inserts into the migrated schema; the queries run
through the public powermap API.

    .venv/bin/python bench/bench_powermap.py                 # build in a temp dir, measure
    .venv/bin/python bench/bench_powermap.py --db /tmp/pm-bench.db --keep   # reuse next time

Targets (issue 5): circle and who at a date < 100 ms, changes over a year < 1 s. Each query
is timed to the flat records the CLI table shows (evidence and corroboration included), with a
fresh StoreView per run and a warm OS page cache; CPU time is printed beside wall time because
the machine may be shared.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from innercircle.powermap import queries
from innercircle.powermap.access import StoreView
from innercircle.store import schema
from innercircle.store.repository import Repository

PERSONS, ORGS, GROUPS = 40_000, 9_000, 1_000
DOCUMENTS = 100_000
OUTLETS = [f"Outlet {i}" for i in range(40)]
LEADER = "p0"
INSTITUTIONS = [f"o{i}" for i in range(8)]
CIRCLE_GROUP = "g0"
ADVISERS = [f"p{i}" for i in range(1, 31)]  # the 15-20 of a real circle, doubled
EVENT_MIX = [
    ("statement", 50),
    ("appointed", 20),
    ("dismissed", 6),
    ("arrested", 6),
    ("killed", 3),
    ("died", 2),
    ("resigned", 4),
    ("sanctioned", 5),
    ("wounded", 2),
    ("elected", 2),
]
TIE_MIX = [
    ("holds_position", 35),
    ("member_of", 15),
    ("affiliated_with", 12),
    ("close_to", 8),
    ("advises", 6),
    ("commands", 4),
    ("leads", 4),
    ("subordinate_to", 3),
    ("child_of", 2),
    ("located_in", 1),
]
EVENTS = {p for p, _w in EVENT_MIX}
BODY = (
    "Lorem ipsum dolor sit amet, officials said on the sidelines of a meeting in the capital, "
) * 18  # ~1.6 KB, the size of a short article


def _day(rng: random.Random, start: int = 2000, end: int = 2025) -> str:
    first = date(start, 1, 1).toordinal()
    last = date(end, 12, 31).toordinal()
    return date.fromordinal(rng.randint(first, last)).isoformat()


class Builder:
    """Generates rows and bulk-inserts them."""

    def __init__(self, repo: Repository, statements: int, seed: int = 7) -> None:
        self.repo = repo
        self.target = statements
        self.rng = random.Random(seed)
        self.doc_dates: list[str] = []
        self.count = 0
        self.now = datetime.now(UTC)
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(ORGS - 8)]
        self.org_pool = [f"o{i}" for i in range(8, ORGS)]
        self.org_cum = list(itertools.accumulate(weights))

    def run(self) -> None:
        started = time.perf_counter()
        self._entities()
        self._documents()
        with self.repo.engine.begin() as conn:
            batch: list[dict[str, Any]] = []
            for row in self._statements():
                batch.append(row)
                if len(batch) >= 20_000:
                    conn.execute(insert(schema.statements), batch)
                    batch = []
            if batch:
                conn.execute(insert(schema.statements), batch)
        print(f"built {self.count:,} statements in {time.perf_counter() - started:.1f} s")

    def _entities(self) -> None:
        rows, aliases = [], []
        for kind, prefix, n in (
            ("Person", "p", PERSONS),
            ("Organization", "o", ORGS),
            ("Group", "g", GROUPS),
        ):
            for i in range(n):
                eid = f"{prefix}{i}"
                name = f"{kind} {i}"
                rows.append(
                    {
                        "id": eid,
                        "type": kind,
                        "name": name,
                        "merged_into": None,
                        "origin": "extraction",
                        "created_at": self.now,
                        "properties": {},
                    }
                )
                aliases.append({"entity_id": eid, "alias": name, "key": name.casefold()})
        with self.repo.engine.begin() as conn:
            conn.execute(insert(schema.entities), rows)
            conn.execute(insert(schema.aliases), aliases)

    def _documents(self) -> None:
        rows = []
        for i in range(DOCUMENTS):
            published = _day(self.rng, 2000, 2025)
            self.doc_dates.append(published)
            duplicate = f"d{self.rng.randrange(i)}" if i > 10 and self.rng.random() < 0.05 else None
            rows.append(
                {
                    "id": f"d{i}",
                    "url": f"https://example.org/{i}",
                    "outlet": self.rng.choice(OUTLETS),
                    "title": f"Story {i}",
                    "language": "en",
                    "published": published,
                    "published_method": "manifest",
                    "published_text": None,
                    "body": BODY,
                    "source_path": None,
                    "removed": [],
                    "duplicate_of": duplicate,
                    "duplicate_score": 0.9 if duplicate else None,
                    "revision_of": None,
                    "ingested_at": self.now,
                    "metadata": {},
                    "extracted_at": self.now,
                    "extractor": "bench",
                }
            )
        with self.repo.engine.begin() as conn:
            for start in range(0, len(rows), 10_000):
                conn.execute(insert(schema.documents), rows[start : start + 10_000])

    def _row(
        self,
        subject: str,
        predicate: str,
        obj: str | None,
        *,
        role: str | None = None,
        when: str | None = None,
        known: bool | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        doc = rng.randrange(DOCUMENTS)
        if known is None:  # articles date events far more often than the start of a tie
            known = rng.random() < (0.7 if predicate in EVENTS else 0.2)
        valid_from = (when or _day(rng)) if known else None
        self.count += 1
        text = f"{subject} {predicate} {obj or ''} (sentence {self.count})."
        return {
            "subject_id": subject,
            "predicate": predicate,
            "object_id": obj,
            "value": None,
            "role": role,
            "qualifiers": {},
            "valid_from": valid_from,
            "valid_from_method": "explicit" if valid_from else "unknown",
            "valid_to": None,
            "valid_to_method": "unknown",
            "date_text": None,
            "reported_at": self.doc_dates[doc],
            "reported_method": "manifest",
            "recorded_at": self.now,
            "doc_id": f"d{doc}",
            "ev_start": 0,
            "ev_end": len(text),
            "ev_text": text,
            "zone": "body",
            "attribution": None,
            "extractor": "bench",
            "confidence": 0.8,
            "fingerprint": hashlib.sha1(str(self.count).encode()).hexdigest(),
        }

    def _statements(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        # the leader's world
        yield self._row(LEADER, "holds_position", "o8", role="supreme leader", when="1989-06-04")
        for inst in [*INSTITUTIONS, CIRCLE_GROUP]:
            for _ in range(20):
                yield self._row(inst, "subordinate_to", LEADER, known=False)
        for adviser in ADVISERS:
            for _ in range(20):
                yield self._row(adviser, "advises", LEADER, role="adviser")
            if int(adviser[1:]) <= 15:
                for _ in range(5):
                    yield self._row(adviser, "member_of", CIRCLE_GROUP, known=False)
            for _ in range(5):
                inst = rng.choice(INSTITUTIONS)
                yield self._row(adviser, "holds_position", inst, role="commander")
        for adviser in ADVISERS[:5]:
            for _ in range(5):
                yield self._row(adviser, "killed", None, when="2024-06-13")
        for adviser in ADVISERS[5:8]:
            for _ in range(3):
                yield self._row(adviser, "arrested", None, when="2024-09-01")
        for _ in range(1500):
            yield self._row(LEADER, "statement", None)
        for n, inst in enumerate(INSTITUTIONS):
            # ~150 officers reported 5 times each; six successive commanders, the earlier
            # ones with an end date; the first institution is a small office of 8 staff
            staff = 8 if n == 0 else 150
            for k in range(staff):
                person = f"p{100 + n * 150 + k}"
                for _ in range(5 if n else 20):
                    yield self._row(person, "holds_position", inst, role="officer")
            for k in range(6):
                person = f"p{1400 + n * 6 + k}"
                begin, finish = 2000 + 4 * k, 2000 + 4 * (k + 1)
                for _ in range(8):
                    row = self._row(
                        person,
                        "commands",
                        inst,
                        role="commander",
                        when=f"{begin}-03-01",
                        known=True,
                    )
                    if k < 5:
                        row["valid_to"], row["valid_to_method"] = f"{finish}-02-28", "explicit"
                    yield row
        # background
        ties = [p for p, _w in TIE_MIX]
        tie_w = [w for _p, w in TIE_MIX]
        events = [p for p, _w in EVENT_MIX]
        event_w = [w for _p, w in EVENT_MIX]
        while self.count < self.target:
            subject = f"p{rng.randrange(1, PERSONS)}"
            if rng.random() < 0.15:
                predicate = rng.choices(events, event_w)[0]
                agent = (
                    f"p{rng.randrange(PERSONS)}"
                    if predicate in {"appointed", "dismissed"}
                    else None
                )
                yield self._row(subject, predicate, agent)
                continue
            predicate = rng.choices(ties, tie_w)[0]
            if predicate in {"close_to", "advises", "child_of"}:
                obj = f"p{rng.randrange(1, PERSONS)}"
            elif predicate == "subordinate_to":
                subject = rng.choices(self.org_pool, cum_weights=self.org_cum)[0]
                obj = rng.choices(self.org_pool, cum_weights=self.org_cum)[0]
            elif predicate == "member_of" and rng.random() < 0.3:
                obj = f"g{rng.randrange(1, GROUPS)}"
            else:
                obj = rng.choices(self.org_pool, cum_weights=self.org_cum)[0]
            yield self._row(
                subject, predicate, obj, role="member" if predicate == "holds_position" else None
            )


def measure(label: str, func: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Median wall-clock and CPU time of `func` (after one warm-up run)."""
    func()
    walls, cpus = [], []
    result: Any = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return {
        "label": label,
        "median_ms": statistics.median(walls),
        "cpu_ms": statistics.median(cpus),
        "max_ms": max(walls),
        "result": result,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="SQLite file (built when missing)")
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.mkdtemp(prefix="pm-bench-")
        args.db = Path(tmp) / "bench.db"
    fresh = not args.db.exists()
    repo = Repository.open(str(args.db))
    if fresh:
        Builder(repo, args.statements).run()
    with repo.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with args.db.open("rb") as handle:  # measure with a warm OS page cache
        while handle.read(1 << 24):
            pass
    total = repo.statement_count()
    print(f"store {args.db}: {total:,} statements, {repo.document_count():,} documents")
    at = "2025-06-17"
    rng = random.Random(3)
    people = [f"p{rng.randrange(1500, PERSONS)}" for _ in range(args.repeat + 1)]
    cycle = iter(people * 4)
    results = [
        measure(
            "who(adviser, at)",
            lambda: len(queries.who(repo, "p10", at=at, view=StoreView(repo)).records()),
            args.repeat,
        ),
        measure(
            "who(random person, at)",
            lambda: len(queries.who(repo, next(cycle), at=at, view=StoreView(repo)).records()),
            args.repeat,
        ),
        measure(
            "circle(leader, at)",
            lambda: len(queries.circle(repo, LEADER, at=at, view=StoreView(repo)).records()),
            args.repeat,
        ),
        measure(
            "changes(2024, around leader)",
            lambda: len(
                queries.changes(
                    repo, "2024-01-01", "2024-12-31", around=LEADER, view=StoreView(repo)
                ).records()
            ),
            args.repeat,
        ),
        measure(
            "changes(2024, whole store)",
            lambda: len(
                queries.changes(repo, "2024-01-01", "2024-12-31", view=StoreView(repo)).records()
            ),
            max(1, args.repeat // 2),
        ),
    ]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'query':34} {'median ms':>10} {'cpu ms':>8} {'max ms':>8}  rows")
    for r in results:
        print(
            f"{r['label']:34} {r['median_ms']:10.1f} {r['cpu_ms']:8.1f} {r['max_ms']:8.1f}"
            f"  {r['result']}"
        )
    repo.close()
    if tmp and not args.keep:
        args.db.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
