"""The REST API on the seeded store: entities, search, pagination, evidence, errors, limits."""

from __future__ import annotations

from web_support import SCRIPT, TestClient, Tokens


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/graph",
        "/api/circle/{leader}",
        "/api/changes",
        "/api/judgements",
        "/api/documents",
        "/api/scenarios",
        "/api/reports/{leader}",
        "/api/tokens",
    ):
        assert path in schema["paths"], path
    assert "/login" not in schema["paths"]


def test_entities_list_filters_and_paginates(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    first = client.get("/api/entities?limit=3", headers=headers).json()
    assert first["total"] == 5 and len(first["items"]) == 3 and first["prev"] is None
    assert first["next"] is not None and "offset=3" in first["next"]
    second = client.get(first["next"], headers=headers).json()
    assert second["next"] is None and second["prev"] is not None
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert sorted(ids) == [
        "ali-khamenei",
        "hosein-salami",
        "hossein-salami",
        "irgc",
        "mohammad-pakpour",
    ]
    orgs = client.get("/api/entities?type=Organization", headers=headers).json()
    assert [e["id"] for e in orgs["items"]] == ["irgc"]


def test_search_finds_aliases(client: TestClient, tokens: Tokens) -> None:
    found = client.get("/api/entities?q=khamenei", headers=tokens.header("viewer")).json()
    assert [e["id"] for e in found["items"]] == ["ali-khamenei"]
    assert "Khamenei" in found["items"][0]["aliases"]


def test_statements_carry_evidence_outlet_and_grade(client: TestClient, tokens: Tokens) -> None:
    body = client.get(
        "/api/entities/hossein-salami/statements?kind=event", headers=tokens.header("viewer")
    ).json()
    assert body["total"] == 1
    killed = body["items"][0]
    assert killed["predicate"] == "killed" and killed["valid_from"] == "2025-06-13"
    assert killed["evidence_text"].startswith("Guard commander Hossein Salami was killed")
    assert killed["outlet"] == "Test Wire" and killed["source_grade"] == "B"
    assert killed["doc_id"] == "doc-xss"


def test_statements_filter_by_date_and_reject_unknown_predicates(
    client: TestClient, tokens: Tokens
) -> None:
    headers = tokens.header("viewer")
    before = client.get(
        "/api/entities/mohammad-pakpour/statements?until=2025-06-01", headers=headers
    ).json()
    assert before["total"] == 0
    bad = client.get("/api/entities/irgc/statements?predicate=ate_lunch", headers=headers)
    assert bad.status_code == 422 and "ate_lunch" in bad.json()["error"]["message"]


def test_entity_names_resolve_to_ids(client: TestClient, tokens: Tokens) -> None:
    body = client.get(
        "/api/entities/Hossein Salami/statements", headers=tokens.header("viewer")
    ).json()
    assert body["total"] >= 2


def test_errors_are_json_with_clear_messages(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("viewer")
    missing = client.get("/api/entities/nobody-at-all/statements", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": "no entity matches 'nobody-at-all'",
        "details": [],
    }
    bad_date = client.get("/api/graph?at=June", headers=headers)
    assert bad_date.status_code == 422
    error = bad_date.json()["error"]
    assert error["code"] == "invalid" and error["details"][0]["field"] == "at"
    bad_page = client.get("/api/entities?limit=0", headers=headers)
    assert bad_page.status_code == 422 and "limit" in bad_page.json()["error"]["message"]
    nowhere = client.get("/api/no/such/path", headers=headers)
    assert nowhere.status_code == 404 and nowhere.json()["error"]["code"] == "not_found"


def test_page_size_is_capped(client: TestClient, tokens: Tokens) -> None:
    body = client.get("/api/entities?limit=100000", headers=tokens.header("viewer")).json()
    assert body["limit"] == 500


def test_document_is_returned_as_data(client: TestClient, tokens: Tokens) -> None:
    doc = client.get("/api/documents/doc-xss", headers=tokens.header("viewer")).json()
    assert doc["outlet"] == "Test Wire" and doc["published"]["value"] == "2025-06-14"
    assert SCRIPT in doc["body"]  # JSON carries the text as it is; pages escape it


def test_oversized_bodies_are_refused_before_parsing(client: TestClient, tokens: Tokens) -> None:
    big = {"kind": "same", "subject": "a", "object": "b", "reason": "x" * 2_000_000}
    response = client.post("/api/judgements", json=big, headers=tokens.header("analyst"))
    assert response.status_code == 413
    assert "limit is 1,000,000 bytes" in response.json()["error"]["message"]


def test_quotes_of_a_speaker(client: TestClient, tokens: Tokens) -> None:
    body = client.get(
        "/api/entities/mohammad-pakpour/quotes", headers=tokens.header("viewer")
    ).json()
    assert [q["text"] for q in body["items"]] == ["We will respond,"]


def test_body_errors_say_what_is_wrong(client: TestClient, tokens: Tokens) -> None:
    headers = tokens.header("analyst")
    broken = client.post(
        "/api/judgements",
        content=b"{not json",
        headers={**headers, "content-type": "application/json"},
    )
    assert broken.status_code == 422
    assert "not valid JSON" in broken.json()["error"]["message"]
    wrong_type = client.post(
        "/api/judgements", content=b"hello", headers={**headers, "content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415 and "application/json" in wrong_type.text
    missing = client.post("/api/judgements", json={"kind": "same"}, headers=headers)
    assert missing.status_code == 422
    assert {d["field"] for d in missing.json()["error"]["details"]} == {"subject", "object"}
    method = client.put("/api/entities", headers=headers)
    assert method.status_code == 405
    assert method.json()["error"]["message"] == "method PUT is not allowed on /api/entities"
