"""The extraction backend interface and its default implementation (spaCy + country pack).

A backend turns documents into `Extraction`s. The default one parses with a spaCy model
(batched with `nlp.pipe`, optionally in several processes) and applies the rule families of
this package; another backend (an LLM, a bigger model) only has to implement
`ExtractionBackend`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from spacy.tokens import Doc

from innercircle.extract.analysis import analyse
from innercircle.extract.nlp import DEFAULT_MODEL, load_nlp
from innercircle.packs import load_pack
from innercircle.records import Document, Extraction

log = logging.getLogger(__name__)


@runtime_checkable
class ExtractionBackend(Protocol):
    """Anything that extracts documents in batches."""

    name: str

    def extract_many(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        """One Extraction per document, in input order."""
        ...


class SpacyBackend:
    """spaCy parsing + pack rulers + rule-based extraction. Loads the model once."""

    def __init__(self, model: str = DEFAULT_MODEL, pack: str = "iran") -> None:
        self.model = model
        self.pack_name = pack
        self.pack = load_pack(pack)
        self.nlp = load_nlp(model, pack)
        self.name = f"rules+spacy:{model}"
        self.chunk_chars: int | None = None  # parse texts this long in pieces (max_length)

    def extract_many(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        limit = self.chunk_chars or self.nlp.max_length
        buffer: list[Document] = []
        for document in docs:
            if len(document.body) < limit:
                buffer.append(document)
                continue
            yield from self._pipe(buffer, n_process, batch_size)
            buffer = []
            # a text over the model's max_length: parsed paragraph by paragraph, then joined
            parts = list(self.nlp.pipe(split_paragraphs(document.body, limit)))
            yield analyse(
                Doc.from_docs(parts, ensure_whitespace=False), document, self.pack, self.name
            )
        yield from self._pipe(buffer, n_process, batch_size)

    def _pipe(self, docs: list[Document], n_process: int, batch_size: int) -> Iterator[Extraction]:
        pairs = ((d.body, d) for d in docs)
        for parsed, document in self.nlp.pipe(
            pairs, as_tuples=True, n_process=n_process, batch_size=batch_size
        ):
            yield analyse(parsed, document, self.pack, self.name)


def split_paragraphs(text: str, limit: int) -> list[str]:
    """Consecutive pieces of `text` shorter than `limit`, cut after a newline where possible
    (after a space, else anywhere, for a paragraph longer than `limit`); joined they give
    `text` back."""
    pieces: list[str] = []
    start = 0
    while len(text) - start >= limit:
        cut = text.rfind("\n", start, start + limit)
        if cut < start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut >= start else start + limit - 1
        pieces.append(text[start:cut])
        start = cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces
