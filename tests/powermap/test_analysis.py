"""Centrality, brokers, capacity lost, succession and the sources file."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from innercircle.powermap import analysis
from innercircle.powermap.graph import as_of_graph
from innercircle.store.repository import Repository

from .conftest import World


def test_capacity_lost_shows_the_hollowed_out_domains(world: World, repo: Repository) -> None:
    result = analysis.capacity_lost(repo, "Karim Vastani", "2025-06-01", "2025-06-17")
    military = result.domain("military")
    security = result.domain("security")
    diplomatic = result.domain("diplomatic")
    political = result.domain("political")
    assert military and security and diplomatic and political
    assert {m.id for m in military.lost} == {"hamid-sarraf", "reza-tavan"}
    assert not military.remaining and military.verdict == "emptied"
    assert [m.id for m in security.lost] == ["nader-kowsar"]
    assert security.verdict == "hollowed out"
    assert {m.id for m in diplomatic.remaining} >= {"jafar-velani", "kamran-kharaz"}
    assert diplomatic.verdict == "intact" and political.verdict == "intact"
    assert all(m.evidence for m in military.lost)  # the death's and the ties' sentences
    assert [m.id for m in result.unassigned.remaining] == ["mehdi-vastani"]


def test_capacity_counts_later_losses_only_in_their_period(world: World, repo: Repository) -> None:
    june = analysis.capacity_lost(repo, "karim-vastani", "2025-06-18", "2025-06-30")
    economic = june.domain("economic")
    assert economic and [m.id for m in economic.lost] == ["farid-nouri"]
    military = june.domain("military")
    assert military and not military.lost  # the June 13 deaths are before the period


def test_centrality_ranks_the_hub_first(world: World, repo: Repository) -> None:
    rows = analysis.centrality(as_of_graph(repo, "2025-06-17"))
    assert rows[0].id == "karim-vastani"
    assert rows[0].betweenness > 0 and rows[0].degree > rows[-1].degree


def test_brokers_link_separate_groups() -> None:
    graph = nx.MultiDiGraph()
    for node in "abcdefgx":
        graph.add_node(node, name=node.upper(), type="Person", status="active")
    for u, w in [("a", "b"), ("b", "c"), ("a", "c"), ("e", "f"), ("f", "g"), ("e", "g")]:
        graph.add_edge(u, w, state="current")
    graph.add_edge("x", "a", state="current")
    graph.add_edge("x", "e", state="current")
    found = analysis.brokers(graph)
    assert found[0].id == "x" and found[0].cut_vertex
    assert len(found[0].communities) >= 2


def test_succession_ranks_with_explanations(world: World, repo: Repository) -> None:
    ranked = analysis.succession(repo, "Karim Vastani", at="2025-06-17")
    ids = [c.entity.id for c in ranked]
    assert not KILLED & set(ids)  # the dead are not candidates
    assert ids[0] == "mehdi-vastani"
    top = ranked[0]
    assert top.rank == 1 and top.score > ranked[-1].score
    assert "security ties" in top.explanation and "Revolutionary Guard" in top.explanation
    assert "family" in top.explanation
    parts = {c.name: c for c in top.components}
    assert parts["security ties"].evidence


KILLED = {"hamid-sarraf", "reza-tavan", "nader-kowsar"}


def test_sources_file_yaml_and_csv(tmp_path: Path, repo: Repository) -> None:
    yaml_file = tmp_path / "sources.yaml"
    yaml_file.write_text(
        "sources:\n"
        "  - {outlet: Global Wire, grade: b, affiliation: wire service}\n"
        "  - {outlet: State TV, grade: Z}\n"
        "  - {grade: C}\n",
        encoding="utf-8",
    )
    result = analysis.import_sources(repo, yaml_file)
    assert [s.outlet for s in result.sources] == ["Global Wire"]
    assert repo.sources()["Global Wire"].grade == "B"
    assert len(result.errors) == 2
    assert f"{yaml_file}:3" in result.errors[0] and "grade" in result.errors[0]
    assert f"{yaml_file}:4" in result.errors[1] and "outlet" in result.errors[1]
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text(
        "outlet,grade,affiliation\nDaily Echo,C,tabloid\nExile Voice,E,opposition\n",
        encoding="utf-8",
    )
    result = analysis.import_sources(repo, csv_file)
    assert not result.errors
    assert repo.sources()["Exile Voice"].affiliation == "opposition"
