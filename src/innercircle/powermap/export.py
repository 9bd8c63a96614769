"""Exports for the tools analysts already use: GraphML, GEXF, CSV, Cytoscape JSON, FtM.

Graph formats (GraphML and GEXF for Gephi/Cytoscape, CSV node and edge tables, Cytoscape.js
JSON) write an as-of graph from `graph.as_of_graph`; list attributes become "; "-joined text.
`ftm_entities` writes the store's ties and events as FollowTheMoney entities (Person,
Organization, PublicBody for states, Position + Occupancy for posts, Membership, Family,
Associate, UnknownLink, Event) with dates, source URLs and evidence sentences, one JSON object
per line, ready for Aleph or nomenklatura. Nothing here queries beyond the Repository API.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from innercircle.powermap.access import StoreView
from innercircle.powermap.facts import TERMINAL_EVENTS, Fact
from innercircle.powermap.graph import cytoscape_json
from innercircle.powermap.queries import CHANGE_EVENTS
from innercircle.records import EVENT_PREDICATES, RELATION_PREDICATES, EntityType
from innercircle.store.repository import Repository

GRAPH_FORMATS = ("graphml", "gexf", "csv", "cytoscape")
FORMATS = (*GRAPH_FORMATS, "ftm")

FTM_SCHEMA: dict[str, str] = {
    EntityType.PERSON.value: "Person",
    EntityType.ORGANIZATION.value: "Organization",
    EntityType.GROUP.value: "Organization",
    EntityType.COUNTRY.value: "PublicBody",
    EntityType.POSITION.value: "Position",
}
"""Our entity types as FtM schemata (FtM has no group or state: organisation / public body)."""

FAMILY_WORDS: dict[str, str] = {"child_of": "child", "spouse_of": "spouse", "sibling_of": "sibling"}
ASSOCIATE_WORDS: dict[str, str] = {"close_to": "close associate", "advises": "adviser"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def _flat(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars (GraphML and GEXF accept nothing else)."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        flat.add_node(str(node), **{k: _flat(v) for k, v in data.items()})
    for u, w, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(str(u), str(w), key=str(key), **{k: _flat(v) for k, v in data.items()})
    return flat


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write the graph as `fmt` to `out` (csv: `out` is a folder for nodes.csv + edges.csv)."""
    if fmt == "graphml":
        nx.write_graphml(flat_graph(graph), out)
        return [out]
    if fmt == "gexf":
        nx.write_gexf(flat_graph(graph), out)
        return [out]
    if fmt == "cytoscape":
        out.write_text(json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1), "utf-8")
        return [out]
    if fmt == "csv":
        return write_csv(graph, out)
    raise ValueError(f"format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")


def write_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """nodes.csv (id, name, type, status, ...) and edges.csv (source, target, predicate, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    node_keys = sorted({k for _n, d in graph.nodes(data=True) for k in d})
    with nodes_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *node_keys])
        for node, data in sorted(graph.nodes(data=True), key=lambda nd: str(nd[0])):
            writer.writerow([node, *(_flat(data.get(k)) for k in node_keys)])
    edge_keys = sorted({k for _u, _w, d in graph.edges(data=True) for k in d})
    with edges_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "key", *edge_keys])
        for u, w, key, data in graph.edges(keys=True, data=True):
            writer.writerow([u, w, key, *(_flat(data.get(k)) for k in edge_keys)])
    return [nodes_path, edges_path]


# ---------------------------------------------------------------------- FollowTheMoney


def ftm_id(*parts: str) -> str:
    """A FtM entity id: "ic-" + the store id when it is safe, else a hash of the parts."""
    if len(parts) == 1 and _SAFE_ID.match(parts[0]):
        return f"ic-{parts[0]}"
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"ic-{digest}"


class _FtmBuilder:
    """Accumulates FtM entities (dicts) keyed by id."""

    def __init__(self, view: StoreView) -> None:
        self.view = view
        self.entities: dict[str, dict[str, Any]] = {}

    def add(self, entity_id: str, schema: str, **props: Iterable[str] | str | None) -> str:
        entity = self.entities.setdefault(
            entity_id, {"id": entity_id, "schema": schema, "properties": {}}
        )
        for name, values in props.items():
            if values is None:
                continue
            listed = [values] if isinstance(values, str) else list(values)
            bucket: list[str] = entity["properties"].setdefault(name, [])
            for value in listed:
                if value and value not in bucket:
                    bucket.append(value)
        return entity_id

    def node(self, entity_id: str) -> str | None:
        entity = self.view.entity(entity_id)
        if entity is None:
            return None
        schema = FTM_SCHEMA.get(entity.type.value, "LegalEntity")
        return self.add(
            ftm_id(entity.id),
            schema,
            name=entity.name,
            alias=[a for a in entity.aliases if a != entity.name],
        )

    def provenance(self, fact: Fact) -> dict[str, list[str]]:
        evidence = fact.evidence
        return {
            "description": [e.sentence for e in evidence if e.sentence][:5],
            "sourceUrl": [e.url for e in evidence if e.url],
            "publisher": [e.outlet for e in evidence if e.outlet],
        }


def ftm_entities(repo: Repository, view: StoreView | None = None) -> list[dict[str, Any]]:
    """Every tie and change event of the store as FollowTheMoney entity dicts."""
    v = view or StoreView(repo)
    v.preload_entities(repo.entities())
    b = _FtmBuilder(v)
    ties = v.make_facts(repo.statements(predicates=sorted(RELATION_PREDICATES)))
    events = v.make_facts(repo.statements(predicates=sorted(EVENT_PREDICATES)))
    for fact in ties:
        if fact.negated or fact.object_id is None:
            continue
        _ftm_tie(b, v, fact)
    for fact in events:
        if fact.negated or fact.predicate not in CHANGE_EVENTS | {"attack"}:
            continue
        _ftm_event(b, v, fact)
    return list(b.entities.values())


def _dates(fact: Fact) -> dict[str, str | None]:
    return {"startDate": fact.start, "endDate": fact.end}


def _ftm_tie(b: _FtmBuilder, v: StoreView, fact: Fact) -> None:
    subject = v.entity(fact.subject_id)
    obj = v.entity(fact.object_id) if fact.object_id else None
    if subject is None or obj is None:
        return
    s_id, o_id = b.node(subject.id), b.node(obj.id)
    if s_id is None or o_id is None:
        return
    prov = b.provenance(fact)
    key = [str(i) for i in fact.ids]
    person = subject.type == EntityType.PERSON
    if fact.predicate in {"holds_position", "leads", "commands"} and person:
        role = fact.role or fact.predicate.replace("_", " ")
        post_name = f"{role}, {obj.name}"
        props: dict[str, Any] = {"name": post_name}
        if obj.type in {EntityType.ORGANIZATION, EntityType.GROUP}:
            props["organization"] = o_id
        post = b.add(ftm_id("position", role.casefold(), obj.id), "Position", **props)
        status = "ended" if fact.end or fact.former_since else None
        b.add(
            ftm_id("occupancy", *key),
            "Occupancy",
            holder=s_id,
            post=post,
            status=status,
            **_dates(fact),
            **prov,
        )
        return
    if fact.predicate == "member_of" and obj.type != EntityType.PERSON:
        b.add(
            ftm_id("membership", *key),
            "Membership",
            member=s_id,
            organization=o_id,
            role=fact.role,
            **_dates(fact),
            **prov,
        )
        return
    both_people = person and obj.type == EntityType.PERSON
    if fact.predicate in FAMILY_WORDS and both_people:
        # Family: `relative` is the `person`'s <relationship> ("child" of the person).
        b.add(
            ftm_id("family", *key),
            "Family",
            person=o_id,
            relative=s_id,
            relationship=FAMILY_WORDS[fact.predicate],
            **_dates(fact),
            **prov,
        )
        return
    if fact.predicate in ASSOCIATE_WORDS and both_people:
        b.add(
            ftm_id("associate", *key),
            "Associate",
            person=o_id,
            associate=s_id,
            relationship=fact.role or ASSOCIATE_WORDS[fact.predicate],
            **_dates(fact),
            **prov,
        )
        return
    b.add(
        ftm_id("link", *key),
        "UnknownLink",
        subject=s_id,
        object=o_id,
        role=fact.role or fact.predicate.replace("_", " "),
        **_dates(fact),
        **prov,
    )


def _ftm_event(b: _FtmBuilder, v: StoreView, fact: Fact) -> None:
    subject = v.entity(fact.subject_id)
    if subject is None:
        return
    s_id = b.node(subject.id)
    if s_id is None:
        return
    involved = [s_id] + [i for i in (b.node(a) for a in fact.agents) if i is not None]
    date = fact.start or fact.when
    name = f"{subject.name} {fact.predicate.replace('_', ' ')}"
    b.add(
        ftm_id("event", *[str(i) for i in fact.ids]),
        "Event",
        name=name,
        date=date,
        involved=involved,
        summary=fact.role,
        **b.provenance(fact),
    )
    if fact.predicate in TERMINAL_EVENTS and subject.type == EntityType.PERSON and fact.start:
        b.add(s_id, "Person", deathDate=fact.start)


def write_ftm(repo: Repository, out: Path, view: StoreView | None = None) -> list[Path]:
    """FtM entities as JSON lines (one entity per line)."""
    with out.open("w", encoding="utf-8") as handle:
        for entity in ftm_entities(repo, view):
            handle.write(json.dumps(entity, ensure_ascii=False) + "\n")
    return [out]
