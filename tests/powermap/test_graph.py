"""The as-of graph: ties valid at a date, closed by deaths, status on the nodes."""

from __future__ import annotations

from innercircle.powermap.graph import as_of_graph, cytoscape_json
from innercircle.store.repository import Repository

from .conftest import World


def edges(graph, node: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(d["predicate"], w) for _u, w, d in graph.out_edges(node, data=True)}


def test_a_death_removes_the_ties_of_the_dead(world: World, repo: Repository) -> None:
    before = as_of_graph(repo, "2025-06-12")
    after = as_of_graph(repo, "2025-06-17")
    assert "hamid-sarraf" not in before  # his ties are first reported on 17 June
    assert "hamid-sarraf" not in after  # ... when he is already dead: closed
    assert ("advises", "karim-vastani") in edges(after, "ali-dorani")
    assert after.nodes["ali-dorani"]["status"] == "active"
    assert after.nodes["ali-dorani"]["domain"] == "political"
    assert "norland" not in after  # countries are left out by default


def test_closed_ties_can_be_kept_for_figures(world: World, repo: Repository) -> None:
    graph = as_of_graph(repo, "2025-06-17", include_closed=True)
    assert graph.nodes["hamid-sarraf"]["status"] == "killed"
    states = {d["state"] for _u, _w, d in graph.out_edges("hamid-sarraf", data=True)}
    assert states == {"closed"}
    recent = as_of_graph(repo, "2025-06-17", include_closed=True, closed_since="2025-01-01")
    assert "bahram-esfandi" not in recent  # closed by his 2023 dismissal


def test_graph_around_an_entity_matches_the_whole_graph(world: World, repo: Repository) -> None:
    whole = as_of_graph(repo, "2025-06-20")
    local = as_of_graph(repo, "2025-06-20", around="Karim Vastani", depth=1)
    assert local.graph["center"] == "karim-vastani"
    assert set(local.nodes) == {
        "karim-vastani",
        *whole.predecessors("karim-vastani"),
        *whole.successors("karim-vastani"),
    }
    for u, w, key, data in local.edges(keys=True, data=True):
        assert whole.has_edge(u, w, key)
        assert whole.edges[u, w, key]["state"] == data["state"]


def test_edges_carry_evidence_counts(world: World, repo: Repository) -> None:
    graph = as_of_graph(repo, "2025-06-17")
    data = next(d for _u, w, d in graph.out_edges("mehdi-vastani", data=True) if w == "guard")
    assert data["predicate"] == "affiliated_with" and data["role"] == "close ties"
    assert data["stories"] == 1 and data["best_grade"] == "B" and data["statement_ids"]


def test_cytoscape_json_has_nodes_and_edges(world: World, repo: Repository) -> None:
    data = cytoscape_json(as_of_graph(repo, "2025-06-17"))
    nodes = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert "karim-vastani" in nodes
    for edge in data["elements"]["edges"]:
        assert edge["data"]["source"] in nodes and edge["data"]["target"] in nodes


def test_graph_around_someone_without_valid_ties_is_just_them(
    world: World, repo: Repository
) -> None:
    graph = as_of_graph(repo, "2019-06-01", around="Hamid Sarraf")
    assert list(graph.nodes) == ["hamid-sarraf"] and graph.number_of_edges() == 0
