"""Errors as data: one exception type for the app, JSON bodies for the API, the body-size limit.

Every error leaving `/api/` is `{"error": {"status", "code", "message", "details"}}`; browser pages
get the same message in an HTML page (see `ui.py`). This module does not render HTML itself.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ApiError(Exception):
    """An error with an HTTP status and a message meant for the user."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")
        self.details = details or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "status": self.status,
                "code": self.code,
                "message": self.message,
                "details": self.details,
            }
        }


class LoginRequired(ApiError):
    """No valid credentials: JSON 401 on the API, a redirect to the login form in the UI."""

    def __init__(
        self,
        message: str = "authentication required: send 'Authorization: Bearer "
        "<token>' (create one with `innercircle token create`)",
    ) -> None:
        super().__init__(401, message, "unauthenticated", headers={"WWW-Authenticate": "Bearer"})


_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    500: "internal",
    501: "not_available",
    503: "unavailable",
}


def code_for(status: int) -> str:
    return _CODES.get(status, "error")


def validation_details(errors: Any) -> list[dict[str, Any]]:
    """FastAPI/pydantic validation errors as `{"field", "message"}` pairs a person can read."""
    details = []
    for err in errors:
        if err.get("type") == "json_invalid":
            reason = (err.get("ctx") or {}).get("error", "")
            where = err.get("loc", ("body", None))[-1]
            details.append(
                {
                    "field": None,
                    "in": "body",
                    "message": f"the body is not valid JSON ({reason} at character {where})"
                    if reason
                    else "the body is not valid JSON",
                }
            )
            continue
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        details.append(
            {
                "field": ".".join(loc) or None,
                "in": str(err.get("loc", ("?",))[0]),
                "message": str(err.get("msg", "invalid value")),
            }
        )
    return details


class BodyTooLarge(Exception):
    """Raised inside `receive` when a body without (or with a lying) Content-Length grows past
    the limit."""


class BodyLimitMiddleware:
    """Rejects request bodies over a limit with 413, before the endpoint reads them.

    Paths starting with one of `upload_prefixes` get `upload_limit`, everything else `limit`.
    A declared Content-Length is checked up front; streamed bodies are counted as they arrive.
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        upload_limit: int,
        upload_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_prefixes = upload_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.upload_limit if path.startswith(self.upload_prefixes) else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_error(send, 400, "invalid Content-Length header")
                    return
                if declared > limit:
                    await _send_error(send, 413, _too_large(limit))
                    return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await _send_error(send, 413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"request body too large: the limit is {limit:,} bytes"


async def _send_error(send: Send, status: int, message: str) -> None:
    import json

    body = json.dumps(ApiError(status, message).body()).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
