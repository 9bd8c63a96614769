"""resolve stage: one stable id per real-world entity across documents."""

from innercircle.resolve.offline import cluster_extractions

__all__ = ["cluster_extractions"]
