"""Shared fixtures: a fresh store on SQLite and (when available) on a real PostgreSQL server.

`INNERCIRCLE_TEST_PG_URL` names a server where test databases may be created; CI sets it and
`INNERCIRCLE_REQUIRE_PG=1`, which turns a missing server into a failure instead of a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# CLI output is checked as text: give rich a wide, fixed terminal so lines do not wrap.
os.environ.setdefault("COLUMNS", "200")

from innercircle.store.repository import Repository
from innercircle.store.url import database_url

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _postgres_server_url() -> str | None:
    url = os.environ.get("INNERCIRCLE_TEST_PG_URL")
    if not url:
        if os.environ.get("INNERCIRCLE_REQUIRE_PG"):
            pytest.fail("INNERCIRCLE_REQUIRE_PG is set but INNERCIRCLE_TEST_PG_URL is not")
        pytest.skip("no PostgreSQL server (set INNERCIRCLE_TEST_PG_URL)")
    return database_url(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL of a brand-new, empty PostgreSQL database, dropped after the test."""
    server = _postgres_server_url()
    assert server is not None
    name = f"ic_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each backend (the store tests run against both)."""
    if request.param == "sqlite":
        return database_url(str(tmp_path / "store.db"))
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def repo(store_url: str) -> Iterator[Repository]:
    """An opened, migrated repository on each backend."""
    repository = Repository.open(store_url)
    yield repository
    repository.close()


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder (development data); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED
