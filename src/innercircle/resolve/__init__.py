"""resolve stage: one stable id per real-world entity across documents.

`names` (name analysis and keys), `name_compare` (word-by-word name relations), `matching`
(candidates and explained pairwise decisions), `cluster` (batch clustering with blocking,
judgements as constraints and stable ids); `store_resolver`, `offline`, `judgements`, `review`
and `watchlist` connect them to the store. `cluster_extractions` resolves extracted documents
exactly as `ingest` does (through `StoreResolver`).
"""

from innercircle.resolve.offline import cluster_extractions

__all__ = ["cluster_extractions"]
