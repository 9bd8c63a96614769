"""Decision scenarios through the API and the page: the model stage runs them; an issue can
be built from the circle around a leader plus the analyst's positions."""

from __future__ import annotations

from typing import Any

from web_support import SCRIPT, TestClient, Tokens, login

ISSUE: dict[str, Any] = {
    "issue": "Respond to the strikes",
    "scale": {"low": "de-escalate", "high": "war", "min": 0, "max": 100},
    "leader": "Leader",
    "actors": [
        {"name": "Leader", "position": 40, "salience": 90, "capability": 100},
        {
            "name": "Commander",
            "position": 80,
            "salience": 90,
            "capability": 70,
            "position_range": [70, 90],
        },
        {"name": "Diplomat", "position": 20, "salience": 70, "capability": 40},
    ],
}
POSITIONS: dict[str, Any] = {
    "issue": "Respond to the strikes",
    "scale": {"low": "de-escalate", "high": "war", "min": 0, "max": 100},
    "leader": "Ali Khamenei",
    "actors": {
        "Ali Khamenei": {"position": 40, "salience": 90},
        "Hossein Salami": {"position": 85, "salience": 90, "range": [75, 95]},
        "Mohammad Pakpour": {"position": 70, "salience": 80},
    },
}


def test_models_are_listed(client: TestClient, tokens: Tokens) -> None:
    names = [
        m["name"]
        for m in client.get("/api/scenarios/models", headers=tokens.header("viewer")).json()[
            "items"
        ]
    ]
    assert {"compromise", "median", "leader"} <= set(names)


def test_scenario_without_an_actor_moves_the_compromise(client: TestClient, tokens: Tokens) -> None:
    response = client.post(
        "/api/scenarios",
        json={
            "issue": ISSUE,
            "model": "compromise",
            "without": ["Commander"],
            "draws": 500,
            "seed": 3,
        },
        headers=tokens.header("analyst"),
    )
    assert response.status_code == 200, response.text
    result = response.json()
    compromise = result["models"]["compromise"]
    # hand check: with all three, (40*9000 + 80*6300 + 20*2800) / 18100 = 50.8; without the
    # commander (40*9000 + 20*2800) / 11800 = 35.3
    assert round(compromise["baseline"], 1) == 50.8 and round(compromise["forecast"], 1) == 35.3
    assert sum(compromise["histogram"]["counts"]) == 500
    assert result["removed"] == ["Commander"]


def test_bad_issues_get_clear_errors(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("analyst")
    no_actors = client.post("/api/scenarios", json={"issue": {"scale": {}}}, headers=headers)
    assert no_actors.status_code == 422 and "actors" in no_actors.json()["error"]["message"]
    unknown = client.post(
        "/api/scenarios", json={"issue": ISSUE, "without": ["Nobody"]}, headers=headers
    )
    assert unknown.status_code == 422 and "Nobody" in unknown.json()["error"]["message"]
    too_many = client.post("/api/scenarios", json={"issue": ISSUE, "draws": 10**6}, headers=headers)
    assert too_many.status_code == 422


def test_issue_from_the_circle_removes_the_lost_commander(
    client: TestClient, tokens: Tokens
) -> None:
    response = client.post(
        "/api/scenarios/from-circle",
        json={
            "leader": "Ali Khamenei",
            "at": "2025-06-20",
            "positions": POSITIONS,
            "model": "compromise",
            "draws": 200,
        },
        headers=tokens.header("analyst"),
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["lost_members"] == ["Hossein Salami"]
    assert result["removed"] == ["Hossein Salami"]
    assert {a["name"] for a in result["actors"]} == {"Ali Khamenei", "Mohammad Pakpour"}
    compromise = result["models"]["compromise"]
    assert compromise["forecast"] < compromise["baseline"]  # the hawk is gone
    pakpour = next(a for a in result["actors"] if a["name"] == "Mohammad Pakpour")
    assert any("We will respond" in e for e in pakpour["evidence"])


def test_scenario_page_runs_and_shows_the_distribution(client: TestClient, tokens: Tokens) -> None:
    import yaml

    csrf = login(client, tokens.analyst)
    issue = dict(ISSUE, issue=f"Strikes {SCRIPT}")
    page = client.post(
        "/scenarios",
        data={
            "csrf_token": csrf,
            "mode": "issue",
            "issue": yaml.safe_dump(issue),
            "model": "all",
            "without": "Commander",
            "draws": "300",
        },
    )
    assert page.status_code == 200, page.text
    assert "Outcome distribution" in page.text and '<rect class="bar"' in page.text
    assert SCRIPT not in page.text
    circle = client.post(
        "/scenarios",
        data={
            "csrf_token": csrf,
            "mode": "circle",
            "leader": "ali-khamenei",
            "at": "2025-06-20",
            "positions": yaml.safe_dump(POSITIONS),
            "include_lost": "on",
            "model": "compromise",
            "draws": "100",
        },
    )
    assert circle.status_code == 200 and "Hossein Salami" in circle.text
    viewer = TestClient(client.app)
    login(viewer, tokens.viewer)
    assert "needs the analyst role" in viewer.get("/scenarios").text
