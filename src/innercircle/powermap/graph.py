"""The as-of graph: persons, organisations and groups tied by statements valid at a date.

`as_of_graph(repo, at)` builds a networkx MultiDiGraph (one edge per tie fact; key
"predicate#statement id") whose node attributes carry the derived status and domain and whose
edge attributes carry role, state, dates and corroboration. A death or dismissal closes the
ties it ends; closed ties are left out unless `include_closed` (then kept with
state="closed" so a figure can show what was lost). `around` builds only the neighbourhood of
one entity (a few queries instead of the whole store). `cytoscape_json` serialises the graph
for Cytoscape.js. Metrics live in `analysis`, files in `export`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from innercircle.powermap import dates
from innercircle.powermap.access import (
    DOMAIN_PREDICATE_SET,
    RELATION_PREDICATE_SET,
    STATUS_PREDICATE_SET,
    StoreView,
    at_or_today,
)
from innercircle.powermap.facts import (
    RESTORING_EVENTS,
    STATUS_EVENTS,
    Fact,
    closing_events,
    derive_status,
    tie_state,
)
from innercircle.records import RELATION_PREDICATES, EntityType, StoredStatement
from innercircle.store.repository import Repository

DEFAULT_TYPES: frozenset[str] = frozenset(
    {
        EntityType.PERSON.value,
        EntityType.ORGANIZATION.value,
        EntityType.GROUP.value,
        EntityType.POSITION.value,
    }
)
"""Node types of the as-of graph; countries are left out by default (they tie to everything)."""


def _edge_attrs(fact: Fact, state: str, closing: Fact | None) -> dict[str, Any]:
    corr = fact.corroboration
    return {
        "predicate": fact.predicate,
        "role": fact.role or "",
        "roles": fact.roles,
        "state": state,
        "start": fact.start or "",
        "first_reported": fact.first_reported or "",
        "end": fact.end or "",
        "closed_by": f"{closing.predicate} {closing.when or ''}".strip() if closing else "",
        "statement_ids": fact.ids,
        "stories": corr.stories,
        "outlets": corr.outlets,
        "support": corr.support,
        "best_grade": corr.best_grade or "",
    }


def _add_node(graph: nx.MultiDiGraph, view: StoreView, entity_id: str, at: str) -> None:
    if entity_id in graph:
        return
    info = view.info(entity_id)
    attrs: dict[str, Any] = {"name": info.name, "type": info.type, "status": "", "status_date": ""}
    if info.type == EntityType.PERSON.value:
        status = view.status(entity_id, at)
        domains = view.domains(entity_id)
        attrs.update(
            status=status.state,
            status_date=status.date or "",
            domain=domains[0].domain if domains else "",
            domain_label=domains[0].label if domains else "",
        )
    graph.add_node(entity_id, **attrs)


def as_of_graph(
    repo: Repository,
    at: str | None = None,
    *,
    include_closed: bool = False,
    closed_since: str | None = None,
    around: str | None = None,
    depth: int = 2,
    types: Iterable[str] = DEFAULT_TYPES,
    predicates: Iterable[str] = RELATION_PREDICATES,
    view: StoreView | None = None,
) -> nx.MultiDiGraph:
    """The network valid at `at` (default today); see the module docstring. With
    `include_closed`, ties closed on or after `closed_since` (default: any) are kept."""
    v = view or StoreView(repo)
    day = at_or_today(at)
    allowed = set(types)
    wanted = set(predicates)
    graph = nx.MultiDiGraph(at=day, around=around or "")
    if around is not None:
        center = v.resolve(around).id
        frontier = {center}
        seen: set[str] = set()
        levels = max(1, depth)
        for level in range(levels):
            following: set[str] = set()
            _prefetch_level(v, frontier - seen, expand=level + 1 < levels)
            for node in sorted(frontier):
                seen.add(node)
                for fact in v.ties_of(node):
                    _maybe_add(graph, v, fact, day, allowed, wanted, include_closed, closed_since)
                if node not in graph:
                    continue  # no tie valid at the date
                for neighbour in list(graph.successors(node)) + list(graph.predecessors(node)):
                    if neighbour not in seen:
                        following.add(neighbour)
            frontier = following
        if center not in graph and v.entity_type(center) in allowed:
            _add_node(graph, v, center, day)
        graph.graph["center"] = center
        return graph
    _whole_store(graph, repo, v, day, allowed, wanted, include_closed, closed_since)
    return graph


def _prefetch_level(view: StoreView, nodes: Iterable[str], expand: bool) -> None:
    """Read what one level of the neighbourhood needs in a few batched queries: the nodes'
    ties, the names of the entities at their ends, the events that close those ties or set a
    status, the posts that give a person's domains (part of their ties when the next level
    will `expand` them), and the documents behind the ties."""
    nodes = list(nodes)
    view.prefetch(nodes, "any", RELATION_PREDICATE_SET)
    ties = [f for n in nodes for f in view.ties_of(n)]
    ends = {x for f in ties for x in (f.subject_id, f.object_id) if x}
    view.prefetch_entities(ends)
    view.prefetch(ends, "subject", STATUS_PREDICATE_SET)
    people = [e for e in ends if view.entity_type(e) == EntityType.PERSON.value]
    if expand:
        view.prefetch(ends, "any", RELATION_PREDICATE_SET)
    view.prefetch(people, "subject", DOMAIN_PREDICATE_SET)
    view.prefetch_entities(
        f.object_id
        for p in people
        for f in view.facts(p, "subject", DOMAIN_PREDICATE_SET)
        if f.object_id
    )
    view.prefetch_evidence(ties)


def _keep(state: str, closing: Fact | None, include_closed: bool, closed_since: str | None) -> bool:
    if state == "current":
        return True
    if not include_closed or state != "closed":
        return False
    if closed_since is None or closing is None:
        return True
    return not dates.before(closing.when, closed_since)


def _maybe_add(
    graph: nx.MultiDiGraph,
    view: StoreView,
    fact: Fact,
    day: str,
    allowed: set[str],
    wanted: set[str],
    include_closed: bool,
    closed_since: str | None = None,
) -> None:
    if fact.is_event or fact.object_id is None or fact.negated or fact.predicate not in wanted:
        return
    if view.entity_type(fact.subject_id) not in allowed:
        return
    if view.entity_type(fact.object_id) not in allowed:
        return
    key = f"{fact.predicate}#{fact.ids[0]}"
    if graph.has_edge(fact.subject_id, fact.object_id, key):
        return  # the same tie read from its other end
    state, closing = view.tie_state(fact, day)
    if not _keep(state, closing, include_closed, closed_since):
        return
    _add_node(graph, view, fact.subject_id, day)
    _add_node(graph, view, fact.object_id, day)
    graph.add_edge(fact.subject_id, fact.object_id, key=key, **_edge_attrs(fact, state, closing))


def _whole_store(
    graph: nx.MultiDiGraph,
    repo: Repository,
    view: StoreView,
    day: str,
    allowed: set[str],
    wanted: set[str],
    include_closed: bool,
    closed_since: str | None = None,
) -> None:
    """Every tie of the store at once: three bulk reads, then pure derivation."""
    view.preload_entities(repo.entities())
    events = view.make_facts(
        repo.statements(predicates=sorted(STATUS_EVENTS | RESTORING_EVENTS), until=day)
    )
    by_subject: dict[str, list[Fact]] = {}
    for fact in events:
        by_subject.setdefault(fact.subject_id, []).append(fact)
    closings = {s: closing_events(f, day) for s, f in by_subject.items()}
    ties = view.make_facts(repo.statements(predicates=sorted(wanted), at=day))
    for fact in ties:
        if fact.object_id is None or fact.negated:
            continue
        if view.entity_type(fact.subject_id) not in allowed:
            continue
        if view.entity_type(fact.object_id) not in allowed:
            continue
        state, closing = tie_state(
            fact, day, closings.get(fact.subject_id, ()), closings.get(fact.object_id, ())
        )
        if not _keep(state, closing, include_closed, closed_since):
            continue
        for node in (fact.subject_id, fact.object_id):
            if node not in graph:
                info = view.info(node)
                attrs: dict[str, Any] = {
                    "name": info.name,
                    "type": info.type,
                    "status": "",
                    "status_date": "",
                }
                if info.type == EntityType.PERSON.value:
                    status = derive_status(by_subject.get(node, []), day)
                    attrs.update(status=status.state, status_date=status.date or "")
                graph.add_node(node, **attrs)
        key = f"{fact.predicate}#{fact.ids[0]}"
        graph.add_edge(
            fact.subject_id, fact.object_id, key=key, **_edge_attrs(fact, state, closing)
        )
    own: dict[str, list[StoredStatement]] = {}
    for fact in ties:
        if fact.predicate in DOMAIN_PREDICATE_SET:
            own.setdefault(fact.subject_id, []).extend(fact.statements)
    for node, data in graph.nodes(data=True):
        if data.get("type") == EntityType.PERSON.value and "domain" not in data:
            view.seed(node, "subject", DOMAIN_PREDICATE_SET, own.get(node, []))
            domains = view.domains(node)
            data["domain"] = domains[0].domain if domains else ""
            data["domain_label"] = domains[0].label if domains else ""


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph of current ties (weight = number of tie facts)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, w, data in graph.edges(data=True):
        if data.get("state", "current") != "current" or u == w:
            continue
        if simple.has_edge(u, w):
            simple[u][w]["weight"] += 1
        else:
            simple.add_edge(u, w, weight=1)
    return simple


def cytoscape_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph in Cytoscape.js JSON ({"elements": {"nodes": [...], "edges": [...]}})."""
    nodes = [
        {"data": {"id": str(n), "label": str(d.get("name", n)), **_jsonable(d)}}
        for n, d in graph.nodes(data=True)
    ]
    edges = [
        {
            "data": {
                "id": f"{u}->{w}:{k}",
                "source": str(u),
                "target": str(w),
                "label": str(d.get("predicate", "")),
                **_jsonable(d),
            }
        }
        for u, w, k, d in graph.edges(keys=True, data=True)
    ]
    return {
        "data": {k: str(v) for k, v in graph.graph.items()},
        "elements": {"nodes": nodes, "edges": edges},
    }


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        elif isinstance(value, (list, tuple)):
            out[key] = [x if isinstance(x, (str, int, float, bool)) else str(x) for x in value]
        else:
            out[key] = str(value)
    return out


def active_people(graph: nx.MultiDiGraph) -> list[str]:
    """Person nodes whose derived status is active (or wounded)."""
    return [
        n
        for n, d in graph.nodes(data=True)
        if d.get("type") == EntityType.PERSON.value and d.get("status") in {"active", "wounded", ""}
    ]
