"""The ASGI entry point `innercircle serve` hands to uvicorn (one app per worker process).

Reads the store URL and settings from environment variables set by the CLI, opens the store and
builds the app; `BackgroundServer` runs an app on a free loopback port in a thread (tests,
benchmarks). The app itself is in `app.py`.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from innercircle.store.repository import Repository
from innercircle.web.app import create_app
from innercircle.web.settings import WebSettings


def settings_from_env() -> WebSettings:
    raw = os.environ.get("INNERCIRCLE_WEB_SETTINGS")
    if not raw:
        return WebSettings()
    data = json.loads(raw)
    data["session_ttl"] = timedelta(seconds=float(data["session_ttl"]))
    data["allowed_hosts"] = tuple(data.get("allowed_hosts") or ())
    return WebSettings(**data)


def app_from_env() -> FastAPI:
    """The app on the store named by INNERCIRCLE_WEB_DB (or the default store)."""
    repo = Repository.open(os.environ.get("INNERCIRCLE_WEB_DB"))
    return create_app(repo, settings_from_env())


class BackgroundServer:
    """Serve an app on a free loopback port in a thread (for tests, benchmarks, notebooks).

    Use as a context manager: `with BackgroundServer(app) as url: ...`; the server stops on
    exit. Always binds to 127.0.0.1.
    """

    def __init__(self, app: FastAPI, port: int = 0, startup_timeout: float = 20.0) -> None:
        self.app = app
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> str:
        import uvicorn

        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web server did not start on port {self.port}")
            time.sleep(0.05)
        return self.url

    def __exit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
