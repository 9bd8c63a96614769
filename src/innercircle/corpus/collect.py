"""Read, clean, date and de-duplicate a list of paths into Documents — without a database.

`open_batch` turns PATH arguments into a stream of built documents and per-item errors (used by
both this module and the store-backed `ingest.py`); `collect_documents` runs the whole corpus
stage in memory and fills `duplicate_of` / `duplicate_score` (e.g. for
`innercircle extract --format annotations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from innercircle.corpus.build import build_document
from innercircle.corpus.dedupe import DedupeConfig, DocInfo, NearDuplicateIndex
from innercircle.corpus.errors import ItemError, ReadError
from innercircle.corpus.manifest import Manifest, ManifestFinder
from innercircle.corpus.readers import DEFAULT_MAX_BYTES, RawArticle, read_input
from innercircle.corpus.sources import InputRef, expand_paths
from innercircle.records import Document


@dataclass(frozen=True)
class BatchItem:
    """One built document or one failure, with the input bytes it accounts for (progress)."""

    document: Document | None
    error: ItemError | None
    size: int


class Batch:
    """The inputs named by PATH arguments, read lazily one document at a time."""

    def __init__(
        self,
        paths: Iterable[str],
        manifest: str | Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        stdin: BinaryIO | None = None,
    ) -> None:
        explicit = Manifest.load(Path(manifest)) if manifest is not None else None
        self.refs, self.errors = expand_paths(paths)
        self.manifests = ManifestFinder(explicit)
        self.max_bytes = max_bytes
        self.stdin = stdin

    @property
    def total_bytes(self) -> int:
        """Size of all input files (stdin counts as 0)."""
        total = 0
        for ref in self.refs:
            if ref.path is not None:
                try:
                    total += ref.path.stat().st_size
                except OSError:
                    continue
        return total

    def items(self) -> Iterator[BatchItem]:
        """Path errors first, then each document or error in input order."""
        for error in self.errors:
            yield BatchItem(None, error, 0)
        for ref in self.refs:
            yield from self._items_of(ref)

    def _items_of(self, ref: InputRef) -> Iterator[BatchItem]:
        file_size = 0
        if ref.path is not None:
            try:
                file_size = ref.path.stat().st_size
            except OSError:
                file_size = 0
        row = self.manifests.lookup(ref.path)
        for path, exc in self.manifests.errors:
            yield BatchItem(None, ItemError(str(path), exc.message, exc.line), 0)
        self.manifests.errors.clear()
        first = True
        for found in read_input(ref, self.max_bytes, self.stdin):
            size = file_size if first else 0
            first = False
            if isinstance(found, ItemError):
                yield BatchItem(None, found, size)
                continue
            yield self._build(found, row, size)

    def _build(self, raw: RawArticle, row: dict[str, str], size: int) -> BatchItem:
        try:
            return BatchItem(build_document(raw, row), None, size)
        except ReadError as exc:
            line = raw.line if raw.line is not None else exc.line
            return BatchItem(None, ItemError(raw.source, exc.message, line), size)


def open_batch(
    paths: Iterable[str],
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Batch:
    """A batch over `paths`; ReadError if an explicitly named manifest cannot be read."""
    return Batch(paths, manifest, max_bytes, stdin)


@dataclass
class CollectResult:
    """Documents in input order (duplicate links filled) and the inputs that failed."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)  # sources whose text was already collected


def collect_documents(
    paths: Iterable[str],
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    config: DedupeConfig | None = None,
) -> CollectResult:
    """Read, clean, date and de-duplicate `paths` in memory (no database)."""
    result = CollectResult()
    index = NearDuplicateIndex(config or DedupeConfig())
    by_id: dict[str, Document] = {}
    for item in open_batch(paths, manifest, max_bytes, stdin).items():
        if item.error is not None:
            result.errors.append(item.error)
            continue
        doc = item.document
        assert doc is not None
        if doc.id in by_id:
            result.repeats.append(doc.source_path or "")
            continue
        info = DocInfo.of(doc, len(by_id))
        fp = index.fingerprint(doc.body)
        for link in index.link(info, fp):
            target = by_id.get(link.duplicate, doc)
            target.duplicate_of, target.duplicate_score = link.original, link.score
        index.add(info, fp)
        by_id[doc.id] = doc
        result.documents.append(doc)
    return result
