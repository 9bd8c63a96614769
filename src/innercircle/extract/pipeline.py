"""`Extractor`: the extraction stage's entry point (document in, Extraction out).

Wraps a backend (by default `SpacyBackend` with the configured spaCy model and country pack),
created on first use so that importing is cheap. It reads no files and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from innercircle.extract.backend import ExtractionBackend, SpacyBackend
from innercircle.extract.nlp import DEFAULT_MODEL
from innercircle.records import Document, Extraction


class Extractor:
    """Extract mentions, statements and quotes from documents."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        pack: str = "iran",
        backend: ExtractionBackend | None = None,
    ) -> None:
        self.model = model
        self.pack = pack
        self._backend = backend

    @property
    def backend(self) -> ExtractionBackend:
        """The backend, loaded once on first use."""
        if self._backend is None:
            self._backend = SpacyBackend(self.model, self.pack)
        return self._backend

    @property
    def name(self) -> str:
        return self.backend.name

    def extract(self, doc: Document) -> Extraction:
        """Extract one document."""
        return next(iter(self.backend.extract_many([doc])))

    def extract_many(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        """Extract documents in batches (`nlp.pipe`), in input order."""
        return self.backend.extract_many(docs, n_process=n_process, batch_size=batch_size)
