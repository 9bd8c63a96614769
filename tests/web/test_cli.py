"""`innercircle token create|list|revoke` and `innercircle serve` (loopback by default)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.store.repository import Repository
from innercircle.web.auth_store import AuthStore, Role

runner = CliRunner()


def test_token_lifecycle(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    created = runner.invoke(
        app, ["--db", db, "token", "create", "--role", "analyst", "--name", "desk", "--json"]
    )
    assert created.exit_code == 0, created.output
    info = json.loads(created.stdout)
    assert info["role"] == "analyst" and info["token"].startswith("ic_")
    with Repository.open(db) as repo:
        auth = AuthStore(repo.engine)
        found = auth.verify_token(info["token"])
        assert found is not None and found.role is Role.ANALYST
        entries, _ = auth.audit(action="token.create")
        assert entries[0].actor.startswith("cli") and entries[0].target == str(info["id"])

    listed = runner.invoke(app, ["--db", db, "token", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [r["name"] for r in rows] == ["desk"] and "token" not in rows[0]
    plain = runner.invoke(app, ["--db", db, "token", "list"])
    assert "desk" in plain.stdout and info["token"] not in plain.stdout

    revoked = runner.invoke(app, ["--db", db, "token", "revoke", str(info["id"])])
    assert revoked.exit_code == 0 and "Revoked" in revoked.stdout
    assert json.loads(runner.invoke(app, ["--db", db, "token", "list", "--json"]).stdout) == []
    with Repository.open(db) as repo:
        assert AuthStore(repo.engine).verify_token(info["token"]) is None
    missing = runner.invoke(app, ["--db", db, "token", "revoke", "999"])
    assert missing.exit_code == 1


def test_token_create_needs_a_valid_role(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "t.db"), "token", "create", "--role", "x"])
    assert result.exit_code != 0


@pytest.fixture
def captured_run(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def fake_run(target: str, **kwargs: Any) -> None:
        seen["target"] = target
        seen.update(kwargs)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    for name in ("INNERCIRCLE_WEB_DB", "INNERCIRCLE_WEB_SETTINGS"):  # restored after the test
        monkeypatch.setenv(name, "")
    return seen


def test_serve_binds_loopback_by_default(tmp_path: Path, captured_run: dict[str, Any]) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert captured_run["host"] == "127.0.0.1" and captured_run["port"] == 8123
    assert captured_run["target"] == "innercircle.web.server:app_from_env"
    assert "token create" in result.output  # no token yet: the user is told how to make one


def test_serve_warns_when_exposed(tmp_path: Path, captured_run: dict[str, Any]) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "exposes the store" in result.output
    bad = runner.invoke(app, ["--db", str(tmp_path / "s.db"), "serve", "--at", "June"])
    assert bad.exit_code == 2
