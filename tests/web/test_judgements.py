"""Judgements through the API and the review page: `innercircle.resolve` merges, forbids and
splits; every judgement is audited; the review queue offers the uncertain pair."""

from __future__ import annotations

from web_support import TestClient, Tokens, login

from innercircle.store.repository import Repository
from innercircle.web.auth_store import AuthStore


def test_review_queue_offers_the_variant_spelling(client: TestClient, tokens: Tokens) -> None:
    body = client.get("/api/review", headers=tokens.header("viewer")).json()
    pairs = [{item["left"]["id"], item["right"]["id"]} for item in body["items"]]
    assert {"hosein-salami", "hossein-salami"} in pairs
    assert "hosein~hossein" in body["items"][0]["explanation"]


def test_same_merges_and_undo_splits(client: TestClient, tokens: Tokens, repo: Repository) -> None:
    headers = tokens.header("analyst")
    merged = client.post(
        "/api/judgements",
        json={
            "kind": "same",
            "subject": "hossein-salami",
            "object": "Hosein Salami",
            "reason": "same commander, variant spelling",
        },
        headers=headers,
    )
    assert merged.status_code == 201, merged.text
    result = merged.json()
    assert result["judgement"]["author"] == "anna" and "merged into" in result["effect"]
    assert repo.canonical_id("hosein-salami") == "hossein-salami"
    statements = client.get(
        "/api/entities/hossein-salami/statements", headers=tokens.header("viewer")
    ).json()
    assert "Other Wire" in {s["outlet"] for s in statements["items"]}
    listed = client.get("/api/judgements", headers=headers).json()
    assert [j["kind"] for j in listed["items"]] == ["same"]

    judgement_id = result["judgement"]["id"]
    undone = client.post(f"/api/judgements/{judgement_id}/undo", headers=headers)
    assert undone.status_code == 200 and "split" in undone.json()["effect"]
    assert repo.canonical_id("hosein-salami") == "hosein-salami"
    again = client.post(f"/api/judgements/{judgement_id}/undo", headers=headers)
    assert again.status_code == 422 and "already undone" in again.json()["error"]["message"]
    missing = client.post("/api/judgements/9999/undo", headers=headers)
    assert missing.status_code == 404

    actions = [e.action for e in AuthStore(repo.engine).audit()[0]]
    assert actions[:2] == ["judgement.undo", "judgement.same"]


def test_different_forbids_a_later_merge(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("analyst")
    pair = {"subject": "hossein-salami", "object": "hosein-salami"}
    assert (
        client.post(
            "/api/judgements", json={"kind": "different", **pair}, headers=headers
        ).status_code
        == 201
    )
    refused = client.post("/api/judgements", json={"kind": "same", **pair}, headers=headers)
    assert refused.status_code == 422 and "judged different" in refused.json()["error"]["message"]
    queue = client.get("/api/review", headers=headers).json()["items"]
    assert all({i["left"]["id"], i["right"]["id"]} != set(pair.values()) for i in queue)


def test_review_page_buttons_record_a_judgement(
    client: TestClient, tokens: Tokens, repo: Repository
) -> None:
    csrf = login(client, tokens.analyst)
    page = client.get("/review").text
    assert "Hosein Salami" in page and "Same person" in page and "hosein~hossein" in page
    done = client.post(
        "/review",
        data={
            "csrf_token": csrf,
            "kind": "unsure",
            "subject": "hosein-salami",
            "object": "hossein-salami",
            "reason": "cannot tell",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/review?ok=judged"
    assert [j.kind for j in repo.judgements()] == ["unsure"]
    history = client.get("/judgements").text
    assert "unsure" in history and "cannot tell" in history and "Undo" in history
    viewer = TestClient(client.app)
    login(viewer, tokens.viewer)
    assert "Same person" not in viewer.get("/review").text
