"""Turn the user's `--db` value (a path or a URL) into a SQLAlchemy database URL."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "innercircle.db"


def database_url(value: str | None = None) -> str:
    """`None` → $INNERCIRCLE_DB or ./innercircle.db; a path → sqlite URL; a URL is kept.

    `postgresql://` URLs are given the psycopg (v3) driver, the one innercircle installs.
    """
    raw = value or os.environ.get("INNERCIRCLE_DB") or DEFAULT_DB
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw
