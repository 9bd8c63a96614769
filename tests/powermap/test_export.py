"""Exports load back: GraphML and GEXF with networkx, CSV, Cytoscape JSON, FtM entities."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from innercircle.powermap.export import ftm_entities, write_ftm, write_graph
from innercircle.powermap.graph import as_of_graph
from innercircle.store.repository import Repository

from .conftest import World


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_load_back_with_networkx(
    fmt: str, world: World, repo: Repository, tmp_path: Path
) -> None:
    graph = as_of_graph(repo, "2025-06-17", include_closed=True)
    out = tmp_path / f"graph.{fmt}"
    write_graph(graph, fmt, out)
    loaded = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert set(loaded.nodes) == set(graph.nodes)
    assert loaded.number_of_edges() == graph.number_of_edges()
    sarraf = loaded.nodes["hamid-sarraf"]
    assert sarraf["status"] == "killed" and sarraf["name"] == "Hamid Sarraf"
    closed = [d for _u, _w, d in loaded.edges(data=True) if d.get("state") == "closed"]
    assert closed and all(d["closed_by"].startswith("killed") or d["closed_by"] for d in closed)


def test_csv_and_cytoscape(world: World, repo: Repository, tmp_path: Path) -> None:
    graph = as_of_graph(repo, "2025-06-17")
    nodes_csv, edges_csv = write_graph(graph, "csv", tmp_path / "csv")
    with nodes_csv.open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_csv.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert {n["id"] for n in nodes} == set(graph.nodes)
    assert len(edges) == graph.number_of_edges()
    assert all(e["statement_ids"] for e in edges)
    out = tmp_path / "graph.cyjs"
    write_graph(graph, "cytoscape", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["elements"]["nodes"]) == graph.number_of_nodes()


def test_ftm_entities_are_valid_followthemoney(
    world: World, repo: Repository, tmp_path: Path
) -> None:
    from followthemoney import model

    out = tmp_path / "entities.ftm.json"
    write_ftm(repo, out)
    raw = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    proxies = {r["id"]: model.get_proxy(r, cleaned=False) for r in raw}
    for proxy in proxies.values():
        data = proxy.to_dict()
        assert proxy.schema.validate(data) is None, (proxy.schema.name, data)
        for prop, values in proxy.properties.items():  # every reference resolves
            if proxy.schema.get(prop).type.name == "entity":
                assert all(v in proxies for v in values), (proxy.id, prop, values)
    by_schema: dict[str, list[object]] = {}
    for proxy in proxies.values():
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    assert {
        "Person",
        "Organization",
        "Position",
        "Occupancy",
        "Membership",
        "Family",
        "Associate",
        "Event",
    } <= set(by_schema)
    sarraf = proxies["ic-hamid-sarraf"]
    assert sarraf.get("deathDate") == ["2025-06-13"]
    family = by_schema["Family"][0]
    assert family.get("relationship") == ["child"]  # type: ignore[attr-defined]
    occupancies = [p for p in by_schema["Occupancy"] if p.get("holder") == ["ic-ali-dorani"]]  # type: ignore[attr-defined]
    assert occupancies and occupancies[0].get("sourceUrl")


def test_ftm_ids_are_stable(world: World, repo: Repository) -> None:
    assert sorted(e["id"] for e in ftm_entities(repo)) == sorted(
        e["id"] for e in ftm_entities(repo)
    )
