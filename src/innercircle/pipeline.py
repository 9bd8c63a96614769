"""The main job's glue: a stored document → extraction → store-wide entity ids.

`Analyser` is what `innercircle ingest` and `innercircle extract --rerun` call for each document;
it loads the NLP backend once and resolves each document's entities against the store. It does
not read files (that is `corpus`) nor write to the store (the caller does, in one transaction).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from innercircle.records import Document, Extraction, StoredEntity
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)


class DocumentExtractor(Protocol):
    """What the pipeline needs from an extraction backend."""

    def extract(self, doc: Document) -> Extraction: ...


class EntityAssigner(Protocol):
    """What the pipeline needs from resolution: store-wide ids for a document's entities."""

    def assign(
        self, doc: Document, extraction: Extraction
    ) -> tuple[dict[str, str], list[StoredEntity]]: ...


Analysis = tuple[Extraction | None, dict[str, str], list[StoredEntity]]
"""extraction, store-wide ids of its local entity keys, entities to create — ready for
`Repository.save_document(doc, *analysis)`."""


class Analyser:
    """Extracts and resolves documents one at a time against a store."""

    def __init__(
        self,
        extractor: DocumentExtractor | None,
        assigner: EntityAssigner | None,
        repo: Repository | None = None,
    ):
        self.extractor = extractor
        self.assigner = assigner
        self.repo = repo

    @classmethod
    def create(
        cls,
        repo: Repository,
        extract: bool = True,
        model: str | None = None,
        pack: str | None = None,
    ) -> Analyser:
        """An analyser with the default backend (spaCy + country pack) and the store's resolver.

        With `extract=False` documents are only stored (`analyse` returns no extraction).
        """
        if not extract:
            return cls(None, None)
        from innercircle.extract.nlp import DEFAULT_MODEL
        from innercircle.extract.pipeline import Extractor
        from innercircle.resolve.store_resolver import StoreResolver

        extractor = Extractor(model=model or DEFAULT_MODEL, pack=pack or "iran")
        return cls(extractor, StoreResolver(repo, pack=pack or "iran"), repo)

    def analyse(self, doc: Document) -> Analysis:
        """Extract `doc` and give its entities store-wide ids (nothing is written)."""
        if self.extractor is None or self.assigner is None:
            return None, {}, []
        extraction = self.extractor.extract(doc)
        entity_ids, new_entities = self.assigner.assign(doc, extraction)
        return extraction, entity_ids, new_entities

    def saved(self, entity_ids: Mapping[str, str]) -> None:
        """After a document and its entities were saved: persons it mentions are shown by
        their best-supported spelling (`resolve.naming`)."""
        if self.repo is None or not entity_ids:
            return
        from innercircle.resolve.naming import refresh_names

        refresh_names(self.repo, entity_ids.values())
