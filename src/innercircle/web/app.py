"""The web application factory: one FastAPI app serving the REST API (`/api/...`) and the UI.

`create_app(repo)` wires the store, the security data, the limits and the routers together; it
starts no server (that is `innercircle serve`, in `cli/web.py`) and holds no query logic (the
routers call the power-map, resolution, model and ingestion stages through `services.py`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from innercircle import __version__
from innercircle.store.repository import Repository
from innercircle.web import services
from innercircle.web.api import admin, entities, graph, ingest, judgements, scenarios
from innercircle.web.auth_store import AuthStore
from innercircle.web.errors import (
    ApiError,
    BodyLimitMiddleware,
    LoginRequired,
    code_for,
    validation_details,
)
from innercircle.web.security import SecurityHeadersMiddleware
from innercircle.web.settings import WebSettings
from innercircle.web.templating import make_templates
from innercircle.web.ui import pages

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
UPLOAD_PREFIXES = ("/api/documents", "/upload")
JSON_OR_FORM = frozenset(
    {"application/json", "multipart/form-data", "application/x-www-form-urlencoded"}
)


def create_app(repo: Repository, settings: WebSettings | None = None) -> FastAPI:
    """The innercircle web app on an opened (migrated) repository."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        # Request handlers are CPU-bound Python: a few threads per process serve more
        # requests per second than anyio's default 40, which mostly contend for the GIL.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        await anyio.to_thread.run_sync(started.state.services.warm_up)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="innercircle",
        version=__version__,
        description=(
            "Sourced, time-aware map of a regime's power structure. Authenticate with "
            "`Authorization: Bearer <token>` (create one with `innercircle token create --role "
            'viewer|analyst|admin`). Errors are `{"error": {status, code, message, details}}`.'
        ),
        docs_url=None,  # Swagger UI would load scripts from a CDN; the schema is at /openapi.json
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.repo = repo
    app.state.auth = AuthStore(repo.engine)
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.services = services.Services(repo, settings)

    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes,
        upload_prefixes=UPLOAD_PREFIXES,
    )
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(SecurityHeadersMiddleware)

    for router in (
        entities.router,
        graph.router,
        judgements.router,
        scenarios.router,
        ingest.router,
        admin.router,
    ):
        app.include_router(router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/api/health", tags=["meta"], summary="Liveness check (no authentication)")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    _install_error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error_response(request: Request, error: ApiError) -> Response:
    if _wants_json(request):
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)
    if isinstance(error, LoginRequired):
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return pages.error_page(request, error)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        body_errors = [e for e in exc.errors() if tuple(e.get("loc", ()))[:1] == ("body",)]
        if body_errors and content_type not in JSON_OR_FORM:
            return _error_response(
                request,
                ApiError(
                    415,
                    f"unsupported Content-Type {content_type or '(none)'!r}: send JSON "
                    "(Content-Type: application/json)",
                ),
            )
        details = validation_details(exc.errors())
        first = details[0] if details else {"field": None, "message": "invalid request"}
        where = f"{first['field']}: " if first.get("field") else ""
        return _error_response(
            request, ApiError(422, f"invalid request: {where}{first['message']}", details=details)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else code_for(exc.status_code)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        return _error_response(
            request, ApiError(exc.status_code, message, headers=dict(exc.headers or {}))
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(
            request,
            ApiError(500, f"internal error ({type(exc).__name__}); see the server log"),
        )
