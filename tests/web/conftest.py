"""Fixtures for the web tests: the seeded store, the real app on it, one token per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_support import TestClient, Tokens, seed

from innercircle.store.repository import Repository
from innercircle.web import WebSettings, create_app
from innercircle.web.auth_store import AuthStore, Role


@pytest.fixture
def seeded(repo: Repository) -> Repository:
    seed(repo)
    return repo


@pytest.fixture
def tokens(repo: Repository) -> Tokens:
    auth = AuthStore(repo.engine)
    return Tokens(
        viewer=auth.create_token("vera", Role.VIEWER)[1],
        analyst=auth.create_token("anna", Role.ANALYST)[1],
        admin=auth.create_token("adam", Role.ADMIN)[1],
    )


@pytest.fixture
def settings() -> WebSettings:
    return WebSettings(extract_uploads=False, default_leader="ali-khamenei")


@pytest.fixture
def client(seeded: Repository, settings: WebSettings) -> Iterator[TestClient]:
    with TestClient(create_app(seeded, settings), base_url="http://testserver") as test_client:
        yield test_client
