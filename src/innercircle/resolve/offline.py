"""Cross-document resolution without a user's database, for `extract --format annotations`.

Runs exactly the resolution that `innercircle ingest` runs (`StoreResolver`, document by
document, originals before their near-duplicates) against a throwaway SQLite store, so the
annotation output and a real store agree on which mentions are the same entity.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from innercircle.records import Document, Extraction
from innercircle.resolve.store_resolver import StoreResolver
from innercircle.store.repository import Repository


def cluster_extractions(
    pairs: Sequence[tuple[Document, Extraction]],
) -> dict[tuple[str, str], str]:
    """Map (document id, local entity key) to a cross-document entity id."""
    ordered = sorted(pairs, key=lambda pair: pair[0].duplicate_of is not None)
    known = {doc.id for doc, _ in pairs}
    ids: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory(prefix="innercircle-") as folder:
        repo = Repository.open(str(Path(folder) / "resolve.db"))
        try:
            resolver = StoreResolver(repo)
            for doc, extraction in ordered:
                if doc.duplicate_of is not None and doc.duplicate_of not in known:
                    doc = replace(doc, duplicate_of=None)
                entity_ids, new_entities = resolver.assign(doc, extraction)
                repo.save_document(doc, extraction, entity_ids, new_entities)
                for key, entity_id in entity_ids.items():
                    ids[(doc.id, key)] = repo.canonical_id(entity_id)
        finally:
            repo.close()
    return ids
