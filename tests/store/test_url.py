"""`--db` values: paths become SQLite URLs, PostgreSQL URLs get the installed driver."""

from __future__ import annotations

import pytest

from innercircle.store.url import database_url


def test_path_becomes_sqlite_url() -> None:
    assert database_url("data/x.db") == "sqlite:///data/x.db"


def test_postgres_url_gets_psycopg_driver() -> None:
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNERCIRCLE_DB", "env.db")
    assert database_url(None) == "sqlite:///env.db"
    monkeypatch.delenv("INNERCIRCLE_DB")
    assert database_url(None) == "sqlite:///innercircle.db"
