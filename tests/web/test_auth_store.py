"""Tokens are stored hashed, can be revoked, sessions die with their token; the audit log
keeps who, when and what."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from innercircle.store import schema
from innercircle.store.repository import Repository
from innercircle.web.auth_store import AuthStore, Role, hash_secret


def test_token_secret_is_never_stored_only_its_hash(repo: Repository) -> None:
    auth = AuthStore(repo.engine)
    info, secret = auth.create_token("ci bot", Role.ANALYST, created_by="adam")
    with repo.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(schema.web_tokens))]
    assert len(rows) == 1
    assert secret not in {str(v) for v in rows[0].values()}
    assert rows[0]["token_hash"] == hash_secret(secret)
    found = auth.verify_token(secret)
    assert found is not None and found.id == info.id and found.role is Role.ANALYST
    assert found.created_by == "adam"


def test_unknown_malformed_and_revoked_tokens_are_refused(repo: Repository) -> None:
    auth = AuthStore(repo.engine)
    info, secret = auth.create_token("temp", Role.VIEWER)
    assert auth.verify_token(secret + "x") is None
    assert auth.verify_token("not-a-token") is None
    assert auth.verify_token("") is None
    auth.revoke_token(info.id)
    assert auth.verify_token(secret) is None
    assert auth.tokens(include_revoked=False) == []
    assert auth.tokens()[0].revoked_at is not None


def test_sessions_end_with_revocation_and_expiry(repo: Repository) -> None:
    auth = AuthStore(repo.engine)
    info, _ = auth.create_token("browser", Role.ADMIN)
    live = auth.create_session(info.id, timedelta(hours=1))
    expired = auth.create_session(info.id, timedelta(seconds=-1))
    found = auth.session_token(live)
    assert found is not None and found.role is Role.ADMIN
    assert auth.session_token(expired) is None
    auth.end_session(live)
    assert auth.session_token(live) is None
    again = auth.create_session(info.id, timedelta(hours=1))
    auth.revoke_token(info.id)
    assert auth.session_token(again) is None


def test_audit_log_records_and_filters(repo: Repository) -> None:
    auth = AuthStore(repo.engine)
    auth.record(
        "anna",
        "judgement.same",
        "a ~ b",
        {"reason": "same post"},
        token_id=2,
        role="analyst",
        remote="127.0.0.1",
    )
    auth.record("adam", "token.create", "3", {"role": "viewer"})
    entries, total = auth.audit()
    assert total == 2
    assert [e.action for e in entries] == ["token.create", "judgement.same"]  # newest first
    assert entries[1].detail == {"reason": "same post"} and entries[1].at.tzinfo is not None
    only, count = auth.audit(action="judgement")
    assert count == 1 and only[0].actor == "anna" and only[0].remote == "127.0.0.1"


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.ANALYST) and Role.ANALYST.allows("viewer")
    assert not Role.VIEWER.allows(Role.ANALYST)
