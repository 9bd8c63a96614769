"""Ingest a batch of inputs into the store: one transaction per document.

For each built document: skip it if its content hash is already stored (re-ingest is a no-op),
link it to the last stored document with the same URL (`revision_of`), link near-duplicates
(the index is rebuilt from the store first, so incremental ingests see earlier documents),
run the optional analyser (extraction + resolution) and save everything with
`Repository.save_document`. A bad input or a failing analysis is a per-item error; the batch
goes on. An interrupt (Ctrl-C) stops after the current document's transaction rolled back.
This module holds no cleaning, dating or similarity logic of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from innercircle.corpus.collect import BatchItem, open_batch
from innercircle.corpus.dedupe import DedupeConfig, DocInfo, Link, NearDuplicateIndex
from innercircle.corpus.errors import ItemError
from innercircle.corpus.readers import DEFAULT_MAX_BYTES
from innercircle.records import Document, Extraction, StoredEntity
from innercircle.store.repository import Repository, now

log = logging.getLogger(__name__)


class DocumentAnalyser(Protocol):
    """Extraction + resolution of one document (see `innercircle.pipeline.Analyser`)."""

    def analyse(
        self, doc: Document
    ) -> tuple[Extraction | None, dict[str, str], list[StoredEntity]]: ...

    def saved(self, entity_ids: Mapping[str, str]) -> None:
        """Called once the document, its entities and its duplicate links are stored."""


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document of the batch."""

    id: str
    source: str
    status: str  # stored | unchanged
    title: str | None
    published: str | None
    published_method: str
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    revision_of: str | None = None
    extracted: bool = False

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    """The outcome of a batch."""

    documents: list[DocumentOutcome] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    relinked: list[Link] = field(default_factory=list)  # stored documents now marked duplicates
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def stored(self) -> int:
        return self.count("stored")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return len(self.errors)

    def summary(self) -> dict[str, object]:
        """A JSON-ready summary for scripts (documents show their final duplicate links)."""
        relinked = {link.duplicate: link for link in self.relinked}
        documents = []
        for doc in self.documents:
            row = doc.as_dict()
            link = relinked.get(doc.id)
            if link is not None:
                row["duplicate_of"], row["duplicate_score"] = link.original, link.score
            documents.append(row)
        return {
            "stored": self.stored,
            "unchanged": self.unchanged,
            "revisions": sum(1 for d in self.documents if d.revision_of),
            "duplicates": sum(1 for d in self.documents if d.duplicate_of) + len(self.relinked),
            "failed": self.failed,
            "interrupted": self.interrupted,
            "documents": documents,
            "relinked": [link.__dict__ for link in self.relinked],
            "errors": [e.as_dict() for e in self.errors],
        }


ProgressCallback = Callable[[BatchItem, DocumentOutcome | ItemError], None]


def load_index(repo: Repository, config: DedupeConfig | None = None) -> NearDuplicateIndex:
    """A near-duplicate index of every stored document, in ingest order."""
    index = NearDuplicateIndex(config or DedupeConfig())
    for order, doc in enumerate(repo.documents()):
        index.add(DocInfo.of(doc, order), index.fingerprint(doc.body), doc.duplicate_of)
    return index


def ingest_paths(
    repo: Repository,
    paths: Iterable[str],
    *,
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    analyser: DocumentAnalyser | None = None,
    stdin: BinaryIO | None = None,
    progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
    config: DedupeConfig | None = None,
) -> IngestReport:
    """Ingest `paths` into `repo`; see the module docstring. Raises ReadError for a bad
    `--manifest` file before anything is stored. `on_start` gets the batch size in bytes;
    `progress` is called after each item with the bytes it accounted for."""
    batch = open_batch(paths, manifest, max_bytes, stdin)
    index = load_index(repo, config)
    if on_start is not None:
        on_start(batch.total_bytes)
    report = IngestReport()
    try:
        for item in batch.items():
            result: DocumentOutcome | ItemError
            if item.error is not None:
                result = item.error
                report.errors.append(result)
            else:
                assert item.document is not None
                result = _ingest_one(repo, item.document, index, analyser, report)
            if progress is not None:
                progress(item, result)
    except KeyboardInterrupt:
        report.interrupted = True
        log.warning("interrupted: %d document(s) stored before the interrupt", report.stored)
    return report


def _ingest_one(
    repo: Repository,
    doc: Document,
    index: NearDuplicateIndex,
    analyser: DocumentAnalyser | None,
    report: IngestReport,
) -> DocumentOutcome | ItemError:
    source = doc.source_path or ""
    stored = repo.get_document(doc.id)
    if stored is not None:
        outcome = _outcome(stored, "unchanged")
        report.documents.append(outcome)
        return outcome
    if doc.url:
        previous = repo.latest_document_for_url(doc.url)
        if previous is not None and previous.id != doc.id:
            doc.revision_of = previous.id
    extraction: Extraction | None = None
    entity_ids: dict[str, str] = {}
    new_entities: list[StoredEntity] = []
    if analyser is not None:
        try:
            extraction, entity_ids, new_entities = analyser.analyse(doc)
        except Exception as exc:  # a bug or bad text in one document must not stop the batch
            log.exception("analysis of %s failed", source)
            error = ItemError(source, f"extraction failed: {type(exc).__name__}: {exc}")
            report.errors.append(error)
            return error
    info = DocInfo.of(doc, len(index))
    fp = index.fingerprint(doc.body)
    exclude = [doc.revision_of] if doc.revision_of else []
    links = index.link(info, fp, exclude)
    relinks = [link for link in links if link.duplicate != doc.id]
    for link in links:
        if link.duplicate == doc.id:
            doc.duplicate_of, doc.duplicate_score = link.original, link.score
    doc.ingested_at = now()
    repo.save_document(doc, extraction, entity_ids, new_entities)
    index.add(info, fp, doc.duplicate_of)
    for link in relinks:
        repo.set_duplicate(link.duplicate, link.original, link.score)
        report.relinked.append(link)
    if analyser is not None:
        analyser.saved(entity_ids)
    outcome = _outcome(doc, "stored", extracted=extraction is not None)
    report.documents.append(outcome)
    return outcome


def _outcome(doc: Document, status: str, extracted: bool = False) -> DocumentOutcome:
    return DocumentOutcome(
        id=doc.id,
        source=doc.source_path or "",
        status=status,
        title=doc.title,
        published=doc.published.value,
        published_method=doc.published.method.value,
        duplicate_of=doc.duplicate_of,
        duplicate_score=doc.duplicate_score,
        revision_of=doc.revision_of,
        extracted=extracted,
    )
