"""Near-duplicate documents: the same story reworded or machine-translated (pure, in memory).

Two steps, so that nothing compares all pairs:

1. **Candidates** — MinHash over the set of *content-word bigrams* (stop words dropped, words cut
   to five letters, so inflection and function-word changes of a translation matter less),
   indexed with LSH banding. With 192 permutations in 96 bands of 2 rows, a pair whose bigram
   Jaccard is 0.3 becomes a candidate with probability ≈ 0.9999, one at 0.15 with ≈ 0.89, one at
   0.1 with ≈ 0.62, and unrelated texts (Jaccard ≈ 0.01) with ≈ 0.01. (The machine translation
   and its English original in the development set have a bigram Jaccard of about 0.3.)
2. **Verification** — sentence alignment: each sentence of the shorter document is matched to
   its most similar sentence of the other (Dice over content words); the score is the share of
   the shorter document's content words that lie in sentences aligned with Dice ≥ 0.4. Stories
   about the same people but with different sentences score near 0; a translation of the same
   text scores high. A pair is linked at score ≥ 0.5 with at least 3 aligned sentences.

Direction (`choose_direction`): the derived copy points at the original. A document whose page
says it was machine-translated points at one that does not; otherwise the later-published one
points at the earlier; otherwise the later-ingested one points at the earlier. Links always go
to the root of an existing cluster, so `duplicate_of` never forms a cycle.

Documents are fingerprinted from their body only; the index is rebuilt from the store at the
start of an incremental ingest (see `ingest.py`). Nothing here touches files or a database.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from innercircle.corpus.clean import content_words
from innercircle.records import Document

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[^\W\d_])")

_BIGRAM_MIX = np.uint64(0x9E3779B97F4A7C15)

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class DedupeConfig:
    """Parameters of candidate search and verification."""

    num_perm: int = 192
    bands: int = 96
    threshold: float = 0.5  # alignment score needed to link two documents
    sentence_similarity: float = 0.4  # Dice for two sentences to count as aligned
    min_aligned: int = 3  # aligned sentences needed (or all of a shorter document)
    min_shingles: int = 5  # documents with fewer content bigrams are not indexed
    max_verify: int = 50  # candidates verified per query, most promising first
    seed: int = 20240521

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@dataclass(frozen=True)
class Fingerprint:
    """What the index keeps per document: MinHash signature and hashed sentence words."""

    signature: U32 | None  # None: too short to index
    words: U32  # content-word hashes, sentence after sentence (unique within a sentence)
    bounds: I32  # sentence i is words[bounds[i]:bounds[i+1]]

    def sentences(self) -> list[set[int]]:
        return [
            set(self.words[self.bounds[i] : self.bounds[i + 1]].tolist())
            for i in range(len(self.bounds) - 1)
        ]


@dataclass(frozen=True)
class DocInfo:
    """What direction needs to know about a document."""

    id: str
    published: str | None = None
    machine_translated: bool = False
    order: int = 0  # ingest order (smaller = earlier)

    @staticmethod
    def of(doc: Document, order: int) -> DocInfo:
        return DocInfo(
            doc.id,
            doc.published.value,
            bool(doc.metadata.get("machine_translated")),
            order,
        )


@dataclass(frozen=True)
class Link:
    """`duplicate` is a near-duplicate of `original` with this alignment score."""

    duplicate: str
    original: str
    score: float


def split_sentences(text: str) -> list[str]:
    """Sentences of a body: line breaks end a sentence; so does . ! ? before a capital."""
    found: list[str] = []
    for line in text.split("\n"):
        found.extend(s for s in _SENTENCE_SPLIT.split(line.strip()) if s)
    return found


@functools.lru_cache(maxsize=1 << 18)
def _hash(token: str) -> int:
    """A non-zero 32-bit hash of a word (0 marks sentence breaks)."""
    return zlib.crc32(token.encode("utf-8")) or 1


def _mix64(values: U64) -> U64:
    """splitmix64 finaliser: spreads structured shingle values before MinHash."""
    x = values ^ (values >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    out: U64 = x ^ (x >> np.uint64(31))
    return out


class MinHasher:
    """MinHash signatures by multiply-shift hashing of 32-bit token hashes."""

    def __init__(self, num_perm: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.a: U64 = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self.b: U64 = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, hashes: U64, chunk: int = 4096) -> U32:
        best = np.full(self.a.shape, np.iinfo(np.uint64).max, dtype=np.uint64)
        for start in range(0, len(hashes), chunk):
            part = hashes[start : start + chunk]
            mixed = self.a[:, None] * part[None, :] + self.b[:, None]  # wraps modulo 2**64
            np.minimum(best, mixed.min(axis=1), out=best)
        out: U32 = (best >> np.uint64(32)).astype(np.uint32)
        return out


def fingerprint(body: str, hasher: MinHasher, config: DedupeConfig) -> Fingerprint:
    """The fingerprint of one document body."""
    words: list[int] = []
    bounds = [0]
    sequence: list[int] = []  # word hashes in text order, 0 between sentences
    for sentence in split_sentences(body):
        hashes = [_hash(stem) for stem in content_words(sentence)]
        if not hashes:
            continue
        words.extend(dict.fromkeys(hashes))
        bounds.append(len(words))
        sequence.extend(hashes)
        sequence.append(0)
    seq = np.asarray(sequence, dtype=np.uint64)
    left, right = seq[:-1], seq[1:]
    keep = (left != 0) & (right != 0)  # bigrams do not cross sentences
    shingles = np.unique(_mix64(left[keep] * _BIGRAM_MIX + right[keep]))
    signature = None
    if len(shingles) >= config.min_shingles:
        signature = hasher.signature(shingles)
    return Fingerprint(
        signature, np.asarray(words, dtype=np.uint32), np.asarray(bounds, dtype=np.int32)
    )


def alignment_score(a: Fingerprint, b: Fingerprint, config: DedupeConfig) -> float:
    """Share of the shorter document's content words in sentences aligned with the other's."""
    left, right = a.sentences(), b.sentences()
    if sum(map(len, left)) > sum(map(len, right)):
        left, right = right, left
    left = [s for s in left if len(s) >= 3]
    if not left or not right:
        return 0.0
    where: defaultdict[int, list[int]] = defaultdict(list)
    for j, sentence in enumerate(right):
        for word in sentence:
            where[word].append(j)
    total = aligned_words = aligned = 0
    for sentence in left:
        total += len(sentence)
        overlap: Counter[int] = Counter()
        for word in sentence:
            overlap.update(where.get(word, ()))
        best = max(
            (2 * n / (len(sentence) + len(right[j])) for j, n in overlap.items()), default=0.0
        )
        if best >= config.sentence_similarity:
            aligned_words += len(sentence)
            aligned += 1
    if aligned < min(config.min_aligned, len(left)):
        return 0.0
    return aligned_words / total


def choose_direction(first: DocInfo, second: DocInfo) -> tuple[DocInfo, DocInfo]:
    """(duplicate, original) for two near-duplicate documents; see the module docstring."""
    if first.machine_translated != second.machine_translated:
        return (first, second) if first.machine_translated else (second, first)
    if first.published and second.published and first.published != second.published:
        return (first, second) if first.published > second.published else (second, first)
    return (first, second) if first.order > second.order else (second, first)


@dataclass
class IndexStats:
    """Work done by the index (for benchmarks and logs)."""

    queries: int = 0
    candidates: int = 0  # candidate pairs produced by LSH
    verified: int = 0  # pairs scored by sentence alignment


@dataclass
class NearDuplicateIndex:
    """MinHash/LSH index of documents plus duplicate links between them."""

    config: DedupeConfig = field(default_factory=DedupeConfig)
    stats: IndexStats = field(default_factory=IndexStats)

    def __post_init__(self) -> None:
        if self.config.num_perm % self.config.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.hasher = MinHasher(self.config.num_perm, self.config.seed)
        self._mix: U64 = np.random.default_rng(self.config.seed + 1).integers(
            1, 2**63, size=self.config.rows, dtype=np.uint64
        )
        # band key -> slot, or list of slots once a bucket has two members (saves memory)
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(self.config.bands)]
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._prints: list[Fingerprint] = []
        self._infos: list[DocInfo] = []
        self.duplicate_of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._slot

    def fingerprint(self, body: str) -> Fingerprint:
        return fingerprint(body, self.hasher, self.config)

    def _band_keys(self, signature: U32) -> list[int]:
        rows = signature.astype(np.uint64).reshape(self.config.bands, self.config.rows)
        keys: U64 = (rows * self._mix[None, :]).sum(axis=1, dtype=np.uint64)
        return [int(k) for k in keys.tolist()]

    def root(self, doc_id: str) -> str:
        """The original at the end of `doc_id`'s duplicate chain."""
        seen = {doc_id}
        while doc_id in self.duplicate_of and self.duplicate_of[doc_id] not in seen:
            doc_id = self.duplicate_of[doc_id]
            seen.add(doc_id)
        return doc_id

    def add(self, info: DocInfo, fp: Fingerprint, duplicate_of: str | None = None) -> None:
        """Index a document (and remember its existing duplicate link)."""
        if info.id in self._slot:
            return
        slot = len(self._ids)
        self._ids.append(info.id)
        self._slot[info.id] = slot
        self._prints.append(fp)
        self._infos.append(info)
        if duplicate_of:
            self.duplicate_of[info.id] = duplicate_of
        if fp.signature is None:
            return
        for band, key in enumerate(self._band_keys(fp.signature)):
            buckets = self._buckets[band]
            members = buckets.get(key)
            if members is None:
                buckets[key] = slot
            elif isinstance(members, int):
                buckets[key] = [members, slot]
            else:
                members.append(slot)

    def candidates(self, fp: Fingerprint) -> list[str]:
        """Indexed documents sharing at least one LSH band, most shared bands first."""
        if fp.signature is None:
            return []
        hits: list[int] = []
        for band, key in enumerate(self._band_keys(fp.signature)):
            members = self._buckets[band].get(key)
            if isinstance(members, int):
                hits.append(members)
            elif members:
                hits.extend(members)
        shared = Counter(hits)
        self.stats.queries += 1
        self.stats.candidates += len(shared)
        return [self._ids[slot] for slot, _ in shared.most_common()]

    def matches(self, fp: Fingerprint, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Verified near-duplicates of `fp` as (id, score), best first."""
        skip = set(exclude)
        found: list[tuple[str, float]] = []
        for doc_id in self.candidates(fp)[: self.config.max_verify]:
            if doc_id in skip:
                continue
            self.stats.verified += 1
            score = alignment_score(fp, self._prints[self._slot[doc_id]], self.config)
            if score >= self.config.threshold:
                found.append((doc_id, round(score, 3)))
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def link(self, info: DocInfo, fp: Fingerprint, exclude: Iterable[str] = ()) -> list[Link]:
        """Links created by adding a new document (not yet indexed; call `add` after).

        Either the new document becomes a duplicate of an existing cluster, or (when it is the
        better original) the existing document becomes a duplicate of the new one.
        """
        matches = self.matches(fp, exclude)
        if not matches:
            return []
        other_id, score = matches[0]
        other = self._infos[self._slot[other_id]]
        duplicate, _original = choose_direction(info, other)
        if duplicate.id == info.id or other_id in self.duplicate_of:
            target = self.root(other_id)
            self.duplicate_of[info.id] = target
            return [Link(info.id, target, score)]
        self.duplicate_of[other_id] = info.id
        return [Link(other_id, info.id, score)]
