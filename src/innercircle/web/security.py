"""Who is calling and what they may do: token and session authentication, roles, CSRF, headers.

Two ways in: `Authorization: Bearer <token>` (scripts; no cookie, so no CSRF risk) and a browser
session cookie set by the login form (HttpOnly, SameSite=Strict) whose unsafe requests must carry
the session's CSRF token (form field or `X-CSRF-Token` header) and, when the browser sends one, a
same-origin `Origin`. Roles are checked per endpoint with `require(Role.X)`.
This module decides access; it does not store anything itself (see `auth_store.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from innercircle.web.auth_store import AuthStore, Role
from innercircle.web.errors import ApiError, LoginRequired
from innercircle.web.settings import WebSettings

SESSION_COOKIE = "ic_session"
PRELOGIN_COOKIE = "ic_prelogin"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""No inline script, no foreign origin: even text that slipped through escaping cannot run."""

REPORT_POLICY = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
)
"""For generated HTML reports: shown, never scripted."""


@dataclass(frozen=True)
class Principal:
    """The caller of a request."""

    name: str
    role: Role
    token_id: int | None
    via: Literal["bearer", "session", "anonymous"]
    session_secret: str | None = None

    @property
    def csrf_token(self) -> str | None:
        """The CSRF token of a browser session (derived from its secret, never stored)."""
        return csrf_for(self.session_secret) if self.session_secret else None


def csrf_for(secret: str) -> str:
    """A CSRF token bound to a session (or pre-login) secret."""
    return hmac.new(secret.encode("utf-8"), b"innercircle-csrf", hashlib.sha256).hexdigest()


def new_prelogin_secret() -> str:
    return secrets.token_urlsafe(24)


def _auth(request: Request) -> AuthStore:
    store: AuthStore = request.app.state.auth
    return store


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def authenticate(request: Request) -> Principal | None:
    """The caller, from the bearer token or the session cookie; None when anonymous.

    A malformed or unknown bearer token is an error (not a silent fallback to anonymous).
    """
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    principal: Principal | None = None
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise LoginRequired("the Authorization header must be 'Bearer <token>'")
        info = _auth(request).verify_token(value.strip())
        if info is None:
            raise LoginRequired("invalid or revoked API token")
        principal = Principal(info.name, info.role, info.id, "bearer")
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            info = _auth(request).session_token(cookie)
            if info is not None:
                principal = Principal(info.name, info.role, info.id, "session", cookie)
        if principal is None and _settings(request).anonymous_read:
            principal = Principal("anonymous", Role.VIEWER, None, "anonymous")
    request.state.principal = principal
    return principal


async def optional_principal(request: Request) -> Principal | None:
    """Dependency: the caller if authenticated, else None (never raises for anonymity)."""
    try:
        return await run_in_threadpool(authenticate, request)
    except LoginRequired:
        return None


def require(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency factory: the caller must have at least `role`; unsafe browser requests must
    also pass the CSRF check."""

    async def dependency(request: Request) -> Principal:
        principal = await run_in_threadpool(authenticate, request)
        if principal is None:
            raise LoginRequired()
        if not principal.role.allows(role):
            if request.method not in SAFE_METHODS and principal.token_id is not None:
                await run_in_threadpool(
                    _auth(request).record,
                    principal.name,
                    "denied",
                    request.url.path,
                    {"method": request.method, "needed": role.value},
                    token_id=principal.token_id,
                    role=principal.role.value,
                    remote=client_address(request),
                )
            raise ApiError(
                403,
                f"this needs the {role.value} role; your token {principal.name!r} has the "
                f"{principal.role.value} role",
            )
        if request.method not in SAFE_METHODS and principal.via == "session":
            await check_csrf(request, principal)
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


async def check_csrf(request: Request, principal: Principal) -> None:
    """Reject a cookie-authenticated unsafe request without the session's CSRF token or from
    another origin."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and not same_origin(origin, request):
        raise ApiError(403, "cross-origin request refused", "csrf")
    expected = principal.csrf_token
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise ApiError(403, "missing or wrong CSRF token: reload the page and try again", "csrf")


def same_origin(origin: str, request: Request) -> bool:
    """True when the `Origin` header names the host the request was sent to."""
    host = request.headers.get("host", "")
    scheme = request.url.scheme
    return origin.rstrip("/") == f"{scheme}://{host}"


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def record_write(
    request: Request,
    principal: Principal,
    action: str,
    target: str | None = None,
    detail: dict[str, object] | None = None,
) -> int:
    """Append a write to the audit log (call after the write succeeded)."""
    return _auth(request).record(
        principal.name,
        action,
        target,
        dict(detail or {}),
        token_id=principal.token_id,
        role=principal.role.value,
        remote=client_address(request),
    )


class SecurityHeadersMiddleware:
    """Adds CSP, no-sniff, no-referrer and no-framing headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                headers.extend(item for item in extra if item[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
