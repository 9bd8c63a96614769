"""Who matters and what was lost: centrality, brokers, capacity lost, succession candidates.

- `centrality(graph)`: degree, betweenness and eigenvector centrality on current ties.
- `brokers(graph)`: people whose ties span otherwise separate communities.
- `capacity_lost(repo, leader, start, end)`: per domain, the circle members lost in the period
  and those who remain (the "hollowed-out inner circle" question).
- `succession(repo, leader, at)`: candidates ranked by an explainable score (posts, ties to the
  security forces, centrality, ties to the leader, the pack's favoured domains, being named as
  a successor), each component shown with its evidence.

Source grading and corroboration are applied to every statement by `evidence`; the sources
file is read by `sources` (re-exported here).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from innercircle.powermap import dates
from innercircle.powermap.access import EntityInfo, StoreView, at_or_today
from innercircle.powermap.evidence import Evidence, unique_evidence
from innercircle.powermap.facts import POST_PREDICATES
from innercircle.powermap.graph import as_of_graph, undirected
from innercircle.powermap.queries import CircleMember, circle
from innercircle.powermap.sources import SourcesImport, import_sources, read_sources_file
from innercircle.powermap.views import tie_view
from innercircle.records import EntityType
from innercircle.store.repository import Repository

__all__ = [
    "Broker",
    "CapacityResult",
    "CentralityRow",
    "DomainCapacity",
    "SourcesImport",
    "SuccessionCandidate",
    "brokers",
    "capacity_lost",
    "centrality",
    "import_sources",
    "read_sources_file",
    "succession",
]

log = logging.getLogger(__name__)

SECONDARY_WEIGHT = 0.5
"""A member counts this much in a domain that is not their main one."""

DEFAULT_SUCCESSION_WEIGHTS: dict[str, float] = {
    "posts": 1.0,
    "security_ties": 1.0,
    "centrality": 2.0,
    "leader_ties": 1.0,
    "domain_bonus": 1.0,
    "named_successor": 2.0,
}


# ---------------------------------------------------------------------- centrality


@dataclass
class CentralityRow:
    """Centrality of one node in the as-of graph (current ties, undirected)."""

    id: str
    name: str
    type: str
    status: str
    degree: float
    betweenness: float
    eigenvector: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _eigenvector(simple: nx.Graph) -> dict[str, float]:
    if simple.number_of_edges() == 0:
        return {n: 0.0 for n in simple}
    try:
        return dict(nx.eigenvector_centrality(simple, max_iter=2000, tol=1e-8, weight="weight"))
    except (nx.PowerIterationFailedConvergence, nx.NetworkXError):
        log.warning("eigenvector centrality did not converge; using the numpy solver")
        return dict(nx.eigenvector_centrality_numpy(simple, weight="weight"))


def centrality(graph: nx.MultiDiGraph, types: set[str] | None = None) -> list[CentralityRow]:
    """Degree, betweenness and eigenvector centrality, most central first."""
    simple = undirected(graph)
    if simple.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    eigen = _eigenvector(simple)
    rows = [
        CentralityRow(
            id=str(n),
            name=str(d.get("name", n)),
            type=str(d.get("type", "")),
            status=str(d.get("status", "")),
            degree=round(degree.get(n, 0.0), 4),
            betweenness=round(betweenness.get(n, 0.0), 4),
            eigenvector=round(eigen.get(n, 0.0), 4),
        )
        for n, d in simple.nodes(data=True)
        if types is None or d.get("type") in types
    ]
    rows.sort(key=lambda r: (-r.eigenvector, -r.betweenness, r.name))
    return rows


# ---------------------------------------------------------------------- brokers


@dataclass
class Broker:
    """A node linking communities that would otherwise barely touch."""

    id: str
    name: str
    type: str
    betweenness: float
    communities: list[str]  # the communities it links, named by their best-connected node
    cut_vertex: bool  # removing it disconnects the network

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def brokers(graph: nx.MultiDiGraph, limit: int = 10, persons_only: bool = True) -> list[Broker]:
    """Nodes whose neighbours lie in two or more communities, by betweenness."""
    simple = undirected(graph)
    if simple.number_of_edges() == 0:
        return []
    communities = list(nx.community.greedy_modularity_communities(simple, weight="weight"))
    member_of: dict[str, int] = {}
    names: list[str] = []
    for i, community in enumerate(communities):
        hub = max(community, key=lambda n: (simple.degree(n), str(n)))
        names.append(str(simple.nodes[hub].get("name", hub)))
        for node in community:
            member_of[node] = i
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    cut = set(nx.articulation_points(simple))
    found: list[Broker] = []
    for node, data in simple.nodes(data=True):
        if persons_only and data.get("type") != EntityType.PERSON.value:
            continue
        linked = {member_of[n] for n in simple.neighbors(node)} | {member_of[node]}
        if len(linked) < 2 or betweenness.get(node, 0.0) <= 0.0:
            continue
        found.append(
            Broker(
                id=str(node),
                name=str(data.get("name", node)),
                type=str(data.get("type", "")),
                betweenness=round(betweenness[node], 4),
                communities=sorted(names[i] for i in linked),
                cut_vertex=node in cut,
            )
        )
    found.sort(key=lambda b: (-b.betweenness, b.name))
    return found[:limit]


# ---------------------------------------------------------------------- capacity lost


@dataclass
class MemberRef:
    """A circle member as counted in one domain."""

    id: str
    name: str
    status: str
    status_date: str | None
    presence: str
    kinds: list[str]
    primary: bool  # the domain is the member's main one
    sources: int
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


@dataclass
class DomainCapacity:
    """What the leader lost and kept in one domain."""

    domain: str
    label: str
    lost: list[MemberRef]
    remaining: list[MemberRef]
    joined: list[MemberRef]
    share_lost: float  # weighted (main domain 1, other domains 0.5)
    verdict: str  # hollowed out | emptied | weakened | intact | no members known

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "label": self.label,
            "lost": [m.to_dict() for m in self.lost],
            "remaining": [m.to_dict() for m in self.remaining],
            "joined": [m.to_dict() for m in self.joined],
            "share_lost": self.share_lost,
            "verdict": self.verdict,
        }

    def record(self) -> dict[str, Any]:
        return {
            "domain": self.label,
            "lost": len(self.lost),
            "remaining": len(self.remaining),
            "joined": len(self.joined),
            "share_lost": self.share_lost,
            "verdict": self.verdict,
            "lost_names": ", ".join(f"{m.name} ({m.status})" for m in self.lost),
            "remaining_names": ", ".join(m.name for m in self.remaining),
        }


@dataclass
class CapacityResult:
    """Capacity a leader lost between two dates, per domain."""

    leader: EntityInfo
    start: str
    end: str
    domains: list[DomainCapacity]
    unassigned: DomainCapacity

    def to_dict(self) -> dict[str, Any]:
        return {
            "leader": self.leader.to_dict(),
            "start": self.start,
            "end": self.end,
            "domains": [d.to_dict() for d in self.domains],
            "unassigned": self.unassigned.to_dict(),
        }

    def records(self) -> list[dict[str, Any]]:
        return [d.record() for d in [*self.domains, self.unassigned]]

    def domain(self, name: str) -> DomainCapacity | None:
        return next((d for d in self.domains if d.domain == name), None)


def _verdict(lost: float, remaining: float) -> tuple[float, str]:
    total = lost + remaining
    if total == 0:
        return 0.0, "no members known"
    share = round(lost / total, 2)
    if lost == 0:
        return share, "intact"
    if remaining == 0:
        return share, "emptied"
    if share >= 0.5:
        return share, "hollowed out"
    return share, "weakened"


def _ref(member: CircleMember, primary: bool) -> MemberRef:
    return MemberRef(
        id=member.entity.id,
        name=member.entity.name,
        status=member.status.state,
        status_date=member.status.date,
        presence=member.presence,
        kinds=member.kinds,
        primary=primary,
        sources=member.corroboration.stories,
        evidence=member.evidence
        + (unique_evidence(member.status.fact.evidence) if member.status.fact else []),
    )


def capacity_lost(
    repo: Repository,
    leader: str,
    start: str,
    end: str,
    view: StoreView | None = None,
) -> CapacityResult:
    """Per domain, the leader's circle members lost between `start` and `end` (killed,
    arrested, dismissed, or ties ended) and those remaining at `end`."""
    v = view or StoreView(repo)
    first, last = dates.period_start(start), dates.period_end(end)
    result = circle(repo, leader, at=last, lost_since=first, view=v)
    buckets: dict[str, dict[str, list[MemberRef]]] = {}
    weights: dict[str, list[float]] = {}
    order = [*v.rules.labels, "unassigned"]
    for name in order:
        buckets[name] = {"lost": [], "remaining": [], "joined": []}
        weights[name] = [0.0, 0.0]
    for member in result.members:
        names = [d.domain for d in member.domains] or ["unassigned"]
        joined = any(t.start_known and dates.in_range(t.start, first, last) for t in member.ties)
        for i, name in enumerate(names):
            bucket = buckets.setdefault(name, {"lost": [], "remaining": [], "joined": []})
            weight = 1.0 if i == 0 else SECONDARY_WEIGHT
            ref = _ref(member, primary=i == 0)
            pair = weights.setdefault(name, [0.0, 0.0])
            if member.presence == "current":
                bucket["remaining"].append(ref)
                pair[1] += weight
                if joined:
                    bucket["joined"].append(ref)
            else:
                bucket["lost"].append(ref)
                pair[0] += weight
    capacities: list[DomainCapacity] = []
    for name, bucket in buckets.items():
        share, verdict = _verdict(*weights[name])
        capacities.append(
            DomainCapacity(
                domain=name,
                label=v.rules.label(name) if name != "unassigned" else "unassigned",
                lost=bucket["lost"],
                remaining=bucket["remaining"],
                joined=bucket["joined"],
                share_lost=share,
                verdict=verdict,
            )
        )
    unassigned = next(c for c in capacities if c.domain == "unassigned")
    return CapacityResult(
        leader=result.leader,
        start=first,
        end=last,
        domains=[c for c in capacities if c.domain != "unassigned"],
        unassigned=unassigned,
    )


# ---------------------------------------------------------------------- succession


@dataclass
class ScoreComponent:
    """One part of a succession score, with the facts behind it."""

    name: str
    points: float  # before weighting
    weight: float
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def value(self) -> float:
        return round(self.points * self.weight, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "points": self.points,
            "weight": self.weight,
            "value": self.value,
            "explanation": self.explanation,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class SuccessionCandidate:
    """A ranked potential successor and why."""

    rank: int
    entity: EntityInfo
    score: float
    components: list[ScoreComponent]

    @property
    def explanation(self) -> str:
        parts = [f"{c.name} {c.value:g} ({c.explanation})" for c in self.components if c.value > 0]
        return "; ".join(parts) if parts else "no supporting facts"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "entity": self.entity.to_dict(),
            "score": self.score,
            "explanation": self.explanation,
            "components": [c.to_dict() for c in self.components],
        }

    def record(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "name": self.entity.name,
            "id": self.entity.id,
            "score": self.score,
            "explanation": self.explanation,
        }


def _successor_evidence(v: StoreView, person: str, words: tuple[str, ...]) -> list[Evidence]:
    """Evidence sentences about the person that call them a successor."""
    if not words:
        return []
    name = v.name(person).split()
    found: list[Evidence] = []
    for fact in v.facts_of(person):
        if fact.negated:
            continue
        for ev in fact.evidence:
            text = " ".join([ev.sentence or "", *fact.roles])
            if v.rules.has_word(text, words) and (
                fact.subject_id == person or any(part in text for part in name)
            ):
                found.append(ev)
    return unique_evidence(found)


def succession(
    repo: Repository,
    leader: str,
    at: str | None = None,
    limit: int = 10,
    view: StoreView | None = None,
) -> list[SuccessionCandidate]:
    """Potential successors of `leader` at `at`, ranked by an explainable score.

    Candidates are active persons in the leader's circle or within two ties of him. The score
    adds (each times its weight from the pack's `succession.weights`): current posts (head or
    command 1, other post 0.5, up to 3), ties to organisations of the security domains (up to
    3), centrality in the network without the leader (mean of normalised eigenvector and
    betweenness, 0–1), ties to the leader (adviser, inner circle, family, close: up to 2), a
    favoured domain (pack `bonus_domains`), and being called a successor in the evidence.
    """
    v = view or StoreView(repo)
    head = v.resolve(leader)
    day = at_or_today(at)
    weights = {**DEFAULT_SUCCESSION_WEIGHTS, **v.rules.succession_weights}
    circ = circle(repo, head.id, at=day, view=v)
    graph = as_of_graph(repo, day, around=head.id, depth=2, view=v)
    pool: dict[str, CircleMember | None] = {m.entity.id: m for m in circ.members if m.active}
    for node, data in graph.nodes(data=True):
        is_person = data.get("type") == EntityType.PERSON.value
        if node != head.id and is_person and data.get("status") in {"active", "wounded"}:
            pool.setdefault(node, None)
    without = graph.copy()
    if head.id in without:
        without.remove_node(head.id)
    rows = {r.id: r for r in centrality(without)}
    max_eig = max((rows[p].eigenvector for p in pool if p in rows), default=0.0) or 1.0
    max_btw = max((rows[p].betweenness for p in pool if p in rows), default=0.0) or 1.0
    candidates: list[SuccessionCandidate] = []
    for person, member in pool.items():
        comps: list[ScoreComponent] = []
        posts = [
            tie_view(v, f, person, day)
            for f in v.ties_of(person)
            if f.subject_id == person and f.predicate in POST_PREDICATES and not f.negated
        ]
        posts = [p for p in posts if p.state == "current"]
        post_points = min(3.0, sum(1.0 if p.predicate != "holds_position" else 0.5 for p in posts))
        comps.append(
            ScoreComponent(
                "posts",
                post_points,
                weights["posts"],
                "; ".join(p.describe() for p in posts) or "no current post",
                unique_evidence(e for p in posts for e in p.evidence[:1]),
            )
        )
        security_orgs: dict[str, list[Evidence]] = {}
        security_text: list[str] = []
        for fact in v.ties_of(person):
            if fact.negated or fact.is_event:
                continue
            other = fact.object_id if fact.subject_id == person else fact.subject_id
            if other is None or v.entity_type(other) not in {
                EntityType.ORGANIZATION.value,
                EntityType.GROUP.value,
            }:
                continue
            org_domains = v.org_domains(other)
            if not org_domains or org_domains[0].domain not in v.rules.security_domains:
                continue
            tv = tie_view(v, fact, person, day)
            if tv.state != "current":
                continue
            if other not in security_orgs:
                security_text.append(tv.describe())
            security_orgs.setdefault(other, []).extend(tv.evidence[:1])
        comps.append(
            ScoreComponent(
                "security ties",
                float(min(3, len(security_orgs))),
                weights["security_ties"],
                "; ".join(security_text) or "none",
                unique_evidence(e for evs in security_orgs.values() for e in evs),
            )
        )
        row = rows.get(person)
        cent = (
            round(((row.eigenvector / max_eig) + (row.betweenness / max_btw)) / 2, 3)
            if row
            else 0.0
        )
        comps.append(
            ScoreComponent(
                "centrality",
                cent,
                weights["centrality"],
                f"eigenvector {row.eigenvector:g}, betweenness {row.betweenness:g} "
                "without the leader"
                if row
                else "not in the network",
            )
        )
        kinds = [
            k
            for k in (member.kinds if member else [])
            if k in {"adviser", "inner circle", "family", "close"}
        ]
        comps.append(
            ScoreComponent(
                "leader ties",
                float(min(2, len(kinds))),
                weights["leader_ties"],
                ", ".join(kinds) or "none",
                member.evidence[:2] if member else [],
            )
        )
        domains = v.domains(person)
        bonus = [d.label for d in domains if d.domain in v.rules.bonus_domains]
        comps.append(
            ScoreComponent(
                "favoured domain",
                1.0 if bonus else 0.0,
                weights["domain_bonus"],
                ", ".join(bonus) or "none",
            )
        )
        named = _successor_evidence(v, person, v.rules.successor_words)
        comps.append(
            ScoreComponent(
                "named as successor",
                1.0 if named else 0.0,
                weights["named_successor"],
                f"in {len(named)} sentence(s)" if named else "no",
                named,
            )
        )
        score = round(sum(c.value for c in comps), 3)
        candidates.append(SuccessionCandidate(0, v.info(person), score, comps))
    candidates.sort(key=lambda c: (-c.score, c.entity.name))
    for rank, cand in enumerate(candidates, start=1):
        cand.rank = rank
    return candidates[:limit]
