"""The ASGI entry point `innercircle serve` hands to uvicorn (one app per worker process).

Reads the store URL and settings from environment variables set by the CLI, opens the store and
builds the app. Nothing else: the app itself is in `app.py`.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

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
    return WebSettings(**data)


def app_from_env() -> FastAPI:
    """The app on the store named by INNERCIRCLE_WEB_DB (or the default store)."""
    repo = Repository.open(os.environ.get("INNERCIRCLE_WEB_DB"))
    return create_app(repo, settings_from_env())
