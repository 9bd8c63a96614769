"""resolve stage: one store-wide id per real-world entity.

`names` (name analysis and keys), `name_compare` (word-by-word name relations), `matching`
(candidates and explained pairwise decisions), `cluster` (blocking, constrained clustering,
stable ids); `store_resolver`, `judgements`, `review` and `watchlist` connect them to the store.
"""

from innercircle.resolve.cluster import cluster_extractions, resolve

__all__ = ["cluster_extractions", "resolve"]
