"""Authentication, roles, CSRF and security headers of the real app on the real store."""

from __future__ import annotations

import pytest
from web_support import TestClient, Tokens, login

from innercircle.store.repository import Repository
from innercircle.web import WebSettings, create_app
from innercircle.web.auth_store import AuthStore, Role


def test_api_without_token_is_401_json_with_a_hint(client: TestClient) -> None:
    response = client.get("/api/entities")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = response.json()["error"]
    assert error["code"] == "unauthenticated" and "token create" in error["message"]


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer ", "Bearer ic_wrong", "Token ic_x"]
)
def test_bad_credentials_are_refused(client: TestClient, tokens: Tokens, header: str) -> None:
    response = client.get("/api/entities", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["message"]


def test_revoked_token_stops_working_at_once(client: TestClient, repo: Repository) -> None:
    auth = AuthStore(repo.engine)
    info, secret = auth.create_token("leaver", Role.ANALYST)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/me", headers=headers).json()["role"] == "analyst"
    auth.revoke_token(info.id)
    assert client.get("/api/me", headers=headers).status_code == 401


# One row per role: what it may read and write. Writes that reach a stage which refuses the
# input (422) have passed the permission check; only 401/403 mean "not allowed".
MATRIX = [
    # method, path, json body, viewer, analyst, admin
    ("GET", "/api/entities", None, True, True, True),
    ("GET", "/api/entities/hossein-salami/statements", None, True, True, True),
    ("GET", "/api/documents/doc-xss", None, True, True, True),
    (
        "POST",
        "/api/judgements",
        {"kind": "bogus", "subject": "a", "object": "b"},
        False,
        True,
        True,
    ),
    ("POST", "/api/scenarios", {"issue": {}, "draws": -1}, False, True, True),
    ("GET", "/api/tokens", None, False, False, True),
    ("POST", "/api/tokens", {"name": "new", "role": "viewer"}, False, False, True),
    ("GET", "/api/audit", None, False, False, True),
]


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_permissions_per_role(client: TestClient, tokens: Tokens, role: str) -> None:
    column = {"viewer": 3, "analyst": 4, "admin": 5}[role]
    for row in MATRIX:
        method, path, body = row[0], row[1], row[2]
        allowed = row[column]
        response = client.request(method, path, json=body, headers=tokens.header(role))
        if allowed:
            assert response.status_code not in (401, 403), (role, method, path, response.text)
        else:
            assert response.status_code == 403, (role, method, path, response.text)
            assert "role" in response.json()["error"]["message"]


def test_viewer_upload_is_refused_and_the_attempt_audited(
    client: TestClient, tokens: Tokens, repo: Repository
) -> None:
    response = client.post(
        "/api/documents?extract=false",
        files={"files": ("a.txt", b"Some article text.", "text/plain")},
        headers=tokens.header("viewer"),
    )
    assert response.status_code == 403
    entries, _ = AuthStore(repo.engine).audit(action="denied")
    assert entries and entries[0].actor == "vera" and entries[0].target == "/api/documents"


def test_admin_creates_and_revokes_tokens_and_both_are_audited(
    client: TestClient, tokens: Tokens
) -> None:
    created = client.post(
        "/api/tokens",
        json={"name": "new analyst", "role": "analyst"},
        headers=tokens.header("admin"),
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    assert client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).json() == {
        "name": "new analyst",
        "role": "analyst",
        "token_id": created.json()["id"],
        "via": "bearer",
    }
    listed = client.get("/api/tokens", headers=tokens.header("admin")).json()["items"]
    assert all("token" not in t and "token_hash" not in t for t in listed)
    revoked = client.delete(f"/api/tokens/{created.json()['id']}", headers=tokens.header("admin"))
    assert revoked.json()["active"] is False
    audit = client.get("/api/audit", headers=tokens.header("admin")).json()
    actions = [(e["actor"], e["action"]) for e in audit["items"]]
    assert ("adam", "token.create") in actions and ("adam", "token.revoke") in actions


def test_pages_redirect_to_login_and_back(client: TestClient, tokens: Tokens) -> None:
    response = client.get("/entities?q=Salami", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fentities%3Fq%3DSalami"


def test_login_sets_a_strict_httponly_session_cookie(client: TestClient, tokens: Tokens) -> None:
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"token": tokens.viewer, "csrf_token": csrf, "next": "/entities"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/entities"
    cookie = response.headers["set-cookie"]
    assert "ic_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/entities").status_code == 200


def test_login_refuses_a_wrong_token_and_a_missing_form_token(
    client: TestClient, tokens: Tokens
) -> None:
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    wrong = client.post("/login", data={"token": "ic_nope", "csrf_token": csrf})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    forged = client.post(
        "/login", data={"token": tokens.admin, "csrf_token": "x"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert "ic_session" not in forged.headers.get("set-cookie", "")


def test_login_never_redirects_off_site(client: TestClient, tokens: Tokens) -> None:
    page = client.get("/login?next=//evil.example/x")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"token": tokens.viewer, "csrf_token": csrf, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_cookie_writes_need_the_csrf_token_and_same_origin(
    client: TestClient, tokens: Tokens, repo: Repository
) -> None:
    csrf = login(client, tokens.admin)
    assert csrf
    body = {"name": "via browser", "role": "viewer"}
    missing = client.post("/api/tokens", json=body)
    assert missing.status_code == 403 and missing.json()["error"]["code"] == "csrf"
    wrong = client.post("/api/tokens", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    foreign = client.post(
        "/api/tokens", json=body, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    ok = client.post(
        "/api/tokens", json=body, headers={"X-CSRF-Token": csrf, "Origin": "http://testserver"}
    )
    assert ok.status_code == 201
    form = client.post("/admin/tokens", data={"name": "form", "role": "viewer", "csrf_token": csrf})
    assert form.status_code == 200 and "not shown again" in form.text
    no_token_form = client.post("/admin/tokens", data={"name": "x", "role": "viewer"})
    assert no_token_form.status_code == 403
    names = [t.name for t in AuthStore(repo.engine).tokens()]
    assert "via browser" in names and "form" in names and "x" not in names


def test_logout_ends_the_session(client: TestClient, tokens: Tokens) -> None:
    csrf = login(client, tokens.viewer)
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    assert client.get("/entities", follow_redirects=False).status_code == 303


def test_security_headers_on_pages_and_api(client: TestClient, tokens: Tokens) -> None:
    for response in (client.get("/login"), client.get("/api/health")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_anonymous_read_is_off_by_default_and_never_writes(repo: Repository) -> None:
    app = create_app(repo, WebSettings(anonymous_read=True))
    with TestClient(app) as anonymous:
        assert anonymous.get("/api/entities").status_code == 200
        refused = anonymous.post(
            "/api/judgements", json={"kind": "same", "subject": "a", "object": "b"}
        )
        assert refused.status_code == 403


def test_loopback_server_refuses_foreign_host_names(repo: Repository) -> None:
    app = create_app(repo, WebSettings(allowed_hosts=("127.0.0.1", "localhost")))
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/health").status_code == 200
        rebound = local.get("/api/health", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400


def test_serve_settings_survive_the_trip_to_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from innercircle.cli.web import settings_to_env
    from innercircle.web.server import settings_from_env

    settings = WebSettings(anonymous_read=True, default_leader="x", allowed_hosts=("localhost",))
    monkeypatch.setenv("INNERCIRCLE_WEB_SETTINGS", settings_to_env(settings))
    assert settings_from_env() == settings
