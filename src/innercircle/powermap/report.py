"""Build a leader report: circle, changes, capacity lost, succession, figures, citations.

`build_report(repo, leader, at)` runs the queries and analyses once and draws the two figures;
`render_markdown` / `render_html` (module `render`) turn the `Report` into a self-contained
document (images embedded as data URIs) in which every claim carries numbered citations to the
sentences behind it. `write_report` does both and writes the file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from innercircle.powermap import dates
from innercircle.powermap.access import EntityInfo, StoreView, at_or_today
from innercircle.powermap.analysis import (
    CapacityResult,
    CentralityRow,
    SuccessionCandidate,
    capacity_lost,
    centrality,
    succession,
)
from innercircle.powermap.figures import network_png, timeline_png
from innercircle.powermap.graph import as_of_graph
from innercircle.powermap.queries import ChangesResult, CircleResult, changes, circle
from innercircle.powermap.render import render_html, render_markdown
from innercircle.records import EntityType, Source
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

DEFAULT_PERIOD_DAYS = 30
ACTIVE = frozenset({"active", "wounded", ""})
FORMATS = ("md", "html")


@dataclass
class Report:
    """Everything a leader report shows, computed once."""

    leader: EntityInfo
    at: str
    start: str
    end: str
    generated_at: str
    circle: CircleResult
    changes: ChangesResult
    capacity: CapacityResult
    succession: list[SuccessionCandidate]
    centrality: list[CentralityRow]
    network_png: bytes
    timeline_png: bytes
    sources: dict[str, Source]

    @property
    def title(self) -> str:
        return f"Power map: {self.leader.name} as of {self.at}"


def build_report(
    repo: Repository,
    leader: str,
    at: str | None = None,
    start: str | None = None,
    end: str | None = None,
    view: StoreView | None = None,
) -> Report:
    """Run every query the report needs (period default: the 30 days up to `at`)."""
    v = view or StoreView(repo)
    head = v.resolve(leader)
    day = at_or_today(at)
    last = dates.period_end(end) if end else day
    first = dates.period_start(start) if start else dates.shift(last, -DEFAULT_PERIOD_DAYS)
    circ = circle(repo, head.id, at=day, lost_since=first, view=v)
    period = changes(repo, first, last, around=head.id, view=v)
    capacity = capacity_lost(repo, head.id, first, last, view=v)
    candidates = succession(repo, head.id, at=day, limit=5, view=v)
    graph = as_of_graph(
        repo, day, around=head.id, depth=2, include_closed=True, closed_since=first, view=v
    )
    central = [
        r
        for r in centrality(graph)
        if r.type == EntityType.PERSON.value and r.id != head.id and r.status in ACTIVE
    ][:10]
    net = network_png(graph, center=head.id, title=f"Ties around {head.name} on {day}")
    line = timeline_png(period.changes, title=f"Changes around {head.name}, {first} to {last}")
    return Report(
        leader=v.info(head.id),
        at=day,
        start=first,
        end=last,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        circle=circ,
        changes=period,
        capacity=capacity,
        succession=candidates,
        centrality=central,
        network_png=net,
        timeline_png=line,
        sources=v.sources,
    )


def write_report(report: Report, fmt: str, out: Path | None = None) -> str:
    """Render `report` as `fmt` ("md" or "html"); write it to `out` when given."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    text = render_markdown(report) if fmt == "md" else render_html(report)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        log.info("wrote %s", out)
    return text
