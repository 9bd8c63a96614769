"""The Alembic migrations produce exactly the schema declared in `store/schema.py`."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from innercircle.store.repository import Repository
from innercircle.store.schema import metadata


def test_migrated_database_matches_declared_schema(store_url: str) -> None:
    repo = Repository.open(store_url)
    with repo.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    repo.close()
    assert diff == []


def test_opening_twice_is_idempotent(store_url: str) -> None:
    Repository.open(store_url).close()
    repo = Repository.open(store_url)
    assert repo.document_count() == 0
    repo.close()
