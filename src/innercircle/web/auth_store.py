"""Persistence for the web app's security data: API tokens, browser sessions and the audit log.

Tokens and session ids are random secrets shown once; only their SHA-256 hash is stored, so a
leaked database does not leak usable credentials. Every write made through the web app (and every
token command) is appended to the audit log with who, when and what. This module knows the three
`web_*` tables and nothing about HTTP, roles' meaning or the rest of the store.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, Row, and_, delete, func, insert, select, update

from innercircle.store import schema

TOKEN_PREFIX = "ic_"
"""Every API token starts with this, so a leaked one is easy to recognise in logs and scans."""

LAST_USED_RESOLUTION = timedelta(minutes=1)
"""`last_used_at` is refreshed at most this often (a read must not always cost a write)."""


class Role(StrEnum):
    """What a token may do. Each role includes the rights of the roles before it."""

    VIEWER = "viewer"  # read everything
    ANALYST = "analyst"  # + ingest documents, record judgements, run scenarios
    ADMIN = "admin"  # + manage tokens, read the audit log

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role | str) -> bool:
        """True when this role has at least the rights of `needed`."""
        return self.rank >= Role(needed).rank


def hash_secret(secret: str) -> str:
    """The stored form of a token or session id (SHA-256, hex). The secrets are 256-bit random
    values, so a fast hash is enough: there is nothing to brute-force."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; the store writes UTC, so label them as such."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TokenInfo:
    """A stored token, without its secret."""

    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    created_by: str | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role.value,
            "prefix": self.prefix,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "active": self.active,
        }


@dataclass(frozen=True)
class AuditEntry:
    """One recorded write: who (actor, token, role), when, what (action, target, detail)."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str | None = None
    token_id: int | None = None
    role: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    remote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "token_id": self.token_id,
            "role": self.role,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
            "remote": self.remote,
        }


def _token_from_row(row: Row[Any]) -> TokenInfo:
    created = _aware(row.created_at)
    assert created is not None
    return TokenInfo(
        id=int(row.id),
        name=str(row.name),
        role=Role(row.role),
        prefix=str(row.prefix),
        created_at=created,
        created_by=row.created_by,
        last_used_at=_aware(row.last_used_at),
        revoked_at=_aware(row.revoked_at),
    )


def _audit_from_row(row: Row[Any]) -> AuditEntry:
    at = _aware(row.at)
    assert at is not None
    return AuditEntry(
        id=int(row.id),
        at=at,
        actor=str(row.actor),
        action=str(row.action),
        target=row.target,
        token_id=row.token_id,
        role=row.role,
        detail=dict(row.detail or {}),
        remote=row.remote,
    )


class AuthStore:
    """Tokens, sessions and the audit log on the store's engine (the store must be migrated)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ tokens

    def create_token(
        self, name: str, role: Role, created_by: str | None = None
    ) -> tuple[TokenInfo, str]:
        """A new token; returns its record and the secret (shown once, never stored)."""
        name = name.strip()
        if not name:
            raise ValueError("a token needs a name (who or what will use it)")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = _now()
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(schema.web_tokens).values(
                    name=name[:200],
                    role=role.value,
                    token_hash=hash_secret(secret),
                    prefix=secret[:10],
                    created_at=created,
                    created_by=created_by,
                )
            )
            key = result.inserted_primary_key
            token_id = int(key[0]) if key else 0
        return (
            TokenInfo(token_id, name[:200], role, secret[:10], created, created_by),
            secret,
        )

    def get_token(self, token_id: int) -> TokenInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.web_tokens).where(schema.web_tokens.c.id == token_id)
            ).first()
        return _token_from_row(row) if row is not None else None

    def tokens(self, include_revoked: bool = True) -> list[TokenInfo]:
        query = select(schema.web_tokens).order_by(schema.web_tokens.c.id)
        if not include_revoked:
            query = query.where(schema.web_tokens.c.revoked_at.is_(None))
        with self.engine.connect() as conn:
            return [_token_from_row(r) for r in conn.execute(query)]

    def revoke_token(self, token_id: int) -> TokenInfo:
        """Revoke a token and end its browser sessions; revoking twice is harmless."""
        t = schema.web_tokens
        with self.engine.begin() as conn:
            row = conn.execute(select(t).where(t.c.id == token_id)).first()
            if row is None:
                raise KeyError(f"no token {token_id}")
            if row.revoked_at is None:
                conn.execute(update(t).where(t.c.id == token_id).values(revoked_at=_now()))
            conn.execute(
                delete(schema.web_sessions).where(schema.web_sessions.c.token_id == token_id)
            )
            row = conn.execute(select(t).where(t.c.id == token_id)).one()
        return _token_from_row(row)

    def verify_token(self, secret: str) -> TokenInfo | None:
        """The active token with this secret, or None (unknown, malformed or revoked)."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        t = schema.web_tokens
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t).where(t.c.token_hash == hash_secret(secret), t.c.revoked_at.is_(None))
            ).first()
        if row is None:
            return None
        info = _token_from_row(row)
        self._touch(info)
        return info

    def _touch(self, info: TokenInfo) -> None:
        moment = _now()
        if info.last_used_at is not None and moment - info.last_used_at < LAST_USED_RESOLUTION:
            return
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.web_tokens)
                .where(schema.web_tokens.c.id == info.id)
                .values(last_used_at=moment)
            )

    # ------------------------------------------------------------------ sessions

    def create_session(self, token_id: int, ttl: timedelta) -> str:
        """A browser session bound to a token; returns the session secret for the cookie."""
        secret = secrets.token_urlsafe(32)
        created = _now()
        with self.engine.begin() as conn:
            conn.execute(
                delete(schema.web_sessions).where(schema.web_sessions.c.expires_at < created)
            )
            conn.execute(
                insert(schema.web_sessions).values(
                    session_hash=hash_secret(secret),
                    token_id=token_id,
                    created_at=created,
                    expires_at=created + ttl,
                )
            )
        return secret

    def session_token(self, session_secret: str) -> TokenInfo | None:
        """The active token behind a live session, or None (unknown, expired or revoked)."""
        if not session_secret or len(session_secret) > 200:
            return None
        s, t = schema.web_sessions, schema.web_tokens
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t, s.c.expires_at.label("session_expires_at"))
                .join(s, s.c.token_id == t.c.id)
                .where(
                    and_(
                        s.c.session_hash == hash_secret(session_secret),
                        t.c.revoked_at.is_(None),
                    )
                )
            ).first()
        if row is None:
            return None
        expires = _aware(row.session_expires_at)
        if expires is None or expires < _now():
            return None
        info = _token_from_row(row)
        self._touch(info)
        return info

    def end_session(self, session_secret: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(schema.web_sessions).where(
                    schema.web_sessions.c.session_hash == hash_secret(session_secret)
                )
            )

    # ------------------------------------------------------------------ audit log

    def record(
        self,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
        *,
        token_id: int | None = None,
        role: str | None = None,
        remote: str | None = None,
    ) -> int:
        """Append one entry to the audit log; returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(schema.web_audit).values(
                    at=_now(),
                    actor=actor[:200],
                    token_id=token_id,
                    role=role,
                    action=action[:80],
                    target=target,
                    detail=detail or {},
                    remote=(remote or None) and remote[:64],
                )
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def audit(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        actor: str | None = None,
        action: str | None = None,
    ) -> tuple[list[AuditEntry], int]:
        """Audit entries, newest first, with the total count for the same filters."""
        a = schema.web_audit
        conditions: list[Any] = []
        if actor:
            conditions.append(a.c.actor == actor)
        if action:
            conditions.append(a.c.action.like(f"{action}%"))
        where = and_(*conditions) if conditions else None
        query = select(a).order_by(a.c.id.desc()).limit(limit).offset(offset)
        count = select(func.count()).select_from(a)
        if where is not None:
            query = query.where(where)
            count = count.where(where)
        with self.engine.connect() as conn:
            rows = [_audit_from_row(r) for r in conn.execute(query)]
            total = int(conn.execute(count).scalar_one())
        return rows, total
