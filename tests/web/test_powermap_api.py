"""The power-map endpoints answer from `innercircle.powermap` on the seeded store: the killing
closes the commander's ties, the circle lists him as lost, changes and capacity report it."""

from __future__ import annotations

from web_support import SCRIPT, TestClient, Tokens


def test_graph_marks_the_killed_commander_and_his_closed_ties(
    client: TestClient, tokens: Tokens
) -> None:
    body = client.get(
        "/api/graph?at=2025-06-20&around=Ali Khamenei", headers=tokens.header("viewer")
    ).json()
    nodes = {n["data"]["id"]: n["data"] for n in body["elements"]["nodes"]}
    assert nodes["hossein-salami"]["status"] == "killed"
    assert nodes["mohammad-pakpour"]["status"] == "active"
    closed = [
        e["data"] for e in body["elements"]["edges"] if e["data"]["source"] == "hossein-salami"
    ]
    assert closed and all(e["state"] == "closed" for e in closed)
    assert body["data"]["lost_since"] == "2024-06-20"
    current_only = client.get(
        "/api/graph?at=2025-06-20&include_closed=false", headers=tokens.header("viewer")
    ).json()
    assert all(e["data"]["state"] == "current" for e in current_only["elements"]["edges"])


def test_graph_before_the_strike_has_no_loss(client: TestClient, tokens: Tokens) -> None:
    body = client.get("/api/graph?at=2025-06-12", headers=tokens.header("viewer")).json()
    statuses = {n["data"]["id"]: n["data"]["status"] for n in body["elements"]["nodes"]}
    assert statuses.get("hossein-salami") in ("active", "", None)


def test_entity_detail_has_posts_events_and_evidence(client: TestClient, tokens: Tokens) -> None:
    body = client.get(
        "/api/entities/hossein-salami?at=2025-06-20", headers=tokens.header("viewer")
    ).json()
    assert body["entity"]["name"] == "Hossein Salami"
    assert body["status"]["state"] == "killed" and body["status"]["date"] == "2025-06-13"
    assert [e["predicate"] for e in body["events"]] == ["killed"]
    evidence = body["events"][0]["evidence"][0]
    assert evidence["outlet"] == "Test Wire" and evidence["grade"] == "B"
    assert evidence["sentence"].startswith("Guard commander Hossein Salami was killed")
    assert body["events"][0]["corroboration"]["stories"] == 1
    assert body["posts"][0]["state"] == "closed"


def test_circle_changes_and_capacity_report_the_loss(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    circle = client.get("/api/circle/ali-khamenei?at=2025-06-20", headers=headers).json()
    presence = {m["entity"]["id"]: m["presence"] for m in circle["members"]}
    assert presence == {"hossein-salami": "lost", "mohammad-pakpour": "current"}
    changes = client.get(
        "/api/changes?from=2025-06-01&to=2025-06-30&around=ali-khamenei", headers=headers
    ).json()
    killed = [c for c in changes["changes"] if c["kind"] == "killed"]
    assert [c["subject"]["id"] for c in killed] == ["hossein-salami"]
    capacity = client.get(
        "/api/capacity/ali-khamenei?from=2025-06-01&to=2025-06-30", headers=headers
    ).json()
    military = next(d for d in capacity["domains"] if d["domain"] == "military")
    assert [m["id"] for m in military["lost"]] == ["hossein-salami"]
    backwards = client.get("/api/changes?from=2025-07-01&to=2025-06-01", headers=headers)
    assert backwards.status_code == 422


def test_timeline_succession_and_centrality(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    timeline = client.get("/api/entities/hossein-salami/timeline", headers=headers).json()
    dated = [(i["date"], i["predicate"]) for i in timeline["items"]]
    assert dated[0] == ("2025-05-01", "advises") and ("2025-06-13", "killed") in dated
    successors = client.get("/api/succession/ali-khamenei?at=2025-06-20", headers=headers).json()
    assert [c["entity"]["id"] for c in successors["candidates"]] == ["mohammad-pakpour"]
    assert successors["candidates"][0]["explanation"]
    central = client.get("/api/centrality?at=2025-06-20", headers=headers).json()
    assert central["centrality"][0]["degree"] >= central["centrality"][-1]["degree"]


def test_reports_are_sandboxed_and_escaped(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    html = client.get("/api/reports/ali-khamenei?at=2025-06-20&format=html", headers=headers)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["content-security-policy"].startswith("sandbox")
    assert "Hossein Salami" in html.text and SCRIPT not in html.text
    md = client.get("/api/reports/ali-khamenei?at=2025-06-20&format=md", headers=headers)
    assert md.headers["content-type"].startswith("text/markdown") and "killed" in md.text


def test_unknown_and_ambiguous_entities(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    missing = client.get("/api/circle/Nobody?at=2025-06-20", headers=headers)
    assert missing.status_code == 404 and "Nobody" in missing.json()["error"]["message"]
    ambiguous = client.get("/api/circle/m?at=2025-06-20", headers=headers)
    assert ambiguous.status_code == 409
    assert "ambiguous" in ambiguous.json()["error"]["message"]


def test_graph_around_someone_without_ties_yet_is_empty(client: TestClient, tokens: Tokens) -> None:
    response = client.get(
        "/api/graph?at=2024-01-01&around=ali-khamenei", headers=tokens.header("viewer")
    )
    assert response.status_code == 200
    body = response.json()
    assert body["elements"]["edges"] == []  # nothing to draw yet, and no error
